package io.zhian.community.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.community.internal.CommunityViews.AccessRecord;
import io.zhian.community.internal.CommunityViews.Compound;
import io.zhian.community.internal.CommunityViews.PoliceRequest;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Police data requests: an officer asks for ONE resident's access records in ONE compound, naming a
 * case number, a purpose and a time window; an approver decides; an approved request can be read by
 * its requester until it expires, and every read is audited. The resident is found by ID number
 * inside the named compound only: there is no search across compounds.
 */
@Service
class PoliceRequests {

    static final Duration MAX_WINDOW = Duration.ofDays(31);

    private final JdbcClient jdbc;
    private final Compounds compounds;
    private final OrgUnits units;
    private final AuditTrail audit;
    private final CommunitySettings settings;

    PoliceRequests(JdbcClient jdbc, Compounds compounds, OrgUnits units, AuditTrail audit, CommunitySettings settings) {
        this.jdbc = jdbc;
        this.compounds = compounds;
        this.units = units;
        this.audit = audit;
        this.settings = settings;
    }

    boolean mayRequest(Actor actor) {
        if (actor.has(Role.POLICE_DISPATCHER)) {
            return true;
        }
        return units.find(actor.unitId()).map(u -> u.kind() == OrgUnitKind.POLICE_STATION || u.kind() == OrgUnitKind.PUBLIC_SECURITY_BUREAU)
                .orElse(false);
    }

    boolean mayDecide(Actor actor) {
        return actor.has(settings.policeApproverRole);
    }

    @Transactional
    PoliceRequest request(Actor actor, long compoundId, String idNumber, String caseNo, String purpose, Instant from, Instant to) {
        if (!mayRequest(actor)) {
            throw new ForbiddenException("only police dispatchers and police unit users may request access records");
        }
        Compound c = compounds.get(actor, compoundId);
        List<FieldProblem> problems = new ArrayList<>();
        Long resident = compounds.findInCompound(compoundId, idNumber);
        if (resident == null) {
            problems.add(new FieldProblem("idNumber", "no resident with this ID number is registered in this compound"));
        }
        if (caseNo == null || caseNo.isBlank() || caseNo.strip().length() > 50) {
            problems.add(new FieldProblem("caseNo", "the case number is required"));
        }
        if (purpose == null || purpose.strip().length() < 4 || purpose.strip().length() > 500) {
            problems.add(new FieldProblem("purpose", "state the purpose (4 to 500 characters)"));
        }
        if (from == null || to == null || !to.isAfter(from)) {
            problems.add(new FieldProblem("windowTo", "the time window needs a start and an end after it"));
        } else if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            problems.add(new FieldProblem("windowTo", "the time window may be at most 31 days"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = jdbc.sql("""
                        INSERT INTO community_police_request (compound_id, resident_id, case_no, purpose, window_from, window_to, requested_by, state)
                        VALUES (:c, :r, :n, :p, :f, :t, :by, 'REQUESTED') RETURNING id""")
                .param("c", c.id()).param("r", resident).param("n", caseNo.strip()).param("p", purpose.strip())
                .param("f", java.sql.Timestamp.from(from)).param("t", java.sql.Timestamp.from(to)).param("by", actor.userId())
                .query(Long.class).single();
        audit.record("POLICE_REQUEST_CREATE", "police_request", id, "case=" + caseNo.strip() + " compound=" + c.code());
        return find(id);
    }

    @Transactional
    PoliceRequest decide(Actor actor, long id, boolean approve, String note) {
        if (!mayDecide(actor)) {
            throw new ForbiddenException("only " + settings.policeApproverRole + " may decide police data requests");
        }
        PoliceRequest r = get(actor, id);
        if (r.requestedBy() == actor.userId()) {
            throw new ForbiddenException("a request cannot be approved by its requester");
        }
        if (!r.state().equals("REQUESTED")) {
            throw new ConflictException("state", "the request is already " + r.state());
        }
        if (!approve && (note == null || note.isBlank())) {
            throw new InvalidInputException("note", "give the reason for refusing");
        }
        jdbc.sql("""
                        UPDATE community_police_request SET state = :s, decided_by = :by, decided_at = now(), decision_note = :n,
                          expires_at = CASE WHEN :s = 'APPROVED' THEN now() + make_interval(days => :days) END
                        WHERE id = :id AND state = 'REQUESTED'""")
                .param("s", approve ? "APPROVED" : "REFUSED").param("by", actor.userId())
                .param("n", note == null || note.isBlank() ? null : note.strip()).param("days", settings.policeAccessDays)
                .param("id", id).update();
        audit.record(approve ? "POLICE_REQUEST_APPROVE" : "POLICE_REQUEST_REFUSE", "police_request", id, note);
        return find(id);
    }

    PoliceRequest get(Actor actor, long id) {
        PoliceRequest r = find(id);
        if (r.requestedBy() != actor.userId() && !mayDecide(actor)) {
            throw NotFoundException.outOfScope("police_request", id);
        }
        compounds.get(actor, r.compoundId());
        return r;
    }

    List<PoliceRequest> list(Actor actor) {
        boolean all = mayDecide(actor);
        if (!all && !mayRequest(actor)) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE (:all OR q.requested_by = :me) ORDER BY q.requested_at DESC LIMIT 200")
                .param("all", all).param("me", actor.userId()).query(this::map).list();
    }

    /** The approved, unexpired request's records, for its requester only; every read is audited. */
    List<AccessRecord> records(Actor actor, long id) {
        PoliceRequest r = find(id);
        if (r.requestedBy() != actor.userId()) {
            throw NotFoundException.outOfScope("police_request", id);
        }
        if (!r.state().equals("APPROVED")) {
            throw new ForbiddenException("the request has not been approved");
        }
        if (!r.usable()) {
            throw new ForbiddenException("the approved access expired at " + r.expiresAt());
        }
        List<AccessRecord> records = jdbc.sql("""
                        SELECT e.id, e.device_id, d.name, e.occurred_at, e.direction, e.credential_type, e.resident_id, e.visitor_pass_id, e.result
                        FROM community_access_event e LEFT JOIN community_door d ON d.device_id = e.device_id
                        WHERE e.compound_id = :c AND e.resident_id = :r AND e.occurred_at >= :f AND e.occurred_at < :t
                        ORDER BY e.occurred_at""")
                .param("c", r.compoundId()).param("r", r.residentId()).param("f", java.sql.Timestamp.from(r.windowFrom()))
                .param("t", java.sql.Timestamp.from(r.windowTo())).query(PoliceRequests::record).list();
        audit.recordPersonalDataRead("police_request", id, "access records of resident " + r.residentId(),
                "case " + r.caseNo() + ": " + r.purpose());
        return records;
    }

    private PoliceRequest find(long id) {
        return jdbc.sql(SELECT + " WHERE q.id = :id").param("id", id).query(this::map).optional()
                .orElseThrow(() -> new NotFoundException("police_request", id));
    }

    private static final String SELECT = """
            SELECT q.*, c.name AS compound_name FROM community_police_request q JOIN community_compound c ON c.id = q.compound_id""";

    private PoliceRequest map(ResultSet rs, int n) throws SQLException {
        Instant expires = instant(rs, "expires_at");
        String state = rs.getString("state");
        return new PoliceRequest(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("compound_name"), rs.getLong("resident_id"),
                compounds.maskedName(rs.getLong("resident_id")), rs.getString("case_no"), rs.getString("purpose"),
                instant(rs, "window_from"), instant(rs, "window_to"), rs.getLong("requested_by"), instant(rs, "requested_at"), state,
                rs.getObject("decided_by", Long.class), instant(rs, "decided_at"), rs.getString("decision_note"), expires,
                state.equals("APPROVED") && expires != null && expires.isAfter(Instant.now()));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static AccessRecord record(ResultSet rs, int n) throws SQLException {
        return new AccessRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                rs.getString(5), rs.getString(6), rs.getObject(7, Long.class), rs.getObject(8, Long.class), rs.getString(9));
    }
}
