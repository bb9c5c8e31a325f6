package io.zhian.community.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.community.internal.CommunityViews.AccessRecord;
import io.zhian.community.internal.CommunityViews.Compound;
import io.zhian.community.internal.CommunityViews.Door;
import io.zhian.community.internal.CommunityViews.VisitorPass;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.SqlArrays;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Visitor passes: issued by the property desk (for a host resident or none), valid for a time window
 * and named doors, shown to the door as a signed QR code; an expired pass or another door is refused.
 */
@Service
class VisitorPasses {

    static final Duration MAX_VALIDITY = Duration.ofDays(7);

    /** What the door is told. */
    record Verdict(boolean granted, String reason, Long passId, Long residentId) {}

    private final JdbcClient jdbc;
    private final Compounds compounds;
    private final AccessControl access;
    private final AuditTrail audit;

    VisitorPasses(JdbcClient jdbc, Compounds compounds, AccessControl access, AuditTrail audit) {
        this.jdbc = jdbc;
        this.compounds = compounds;
        this.access = access;
        this.audit = audit;
    }

    @Transactional
    VisitorPass issue(Actor actor, long compoundId, String visitorLabel, Long hostResidentId, Instant from, Instant to,
                      List<Long> doorIds) {
        Compound c = compounds.get(actor, compoundId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "issue visitor passes");
        List<FieldProblem> problems = new ArrayList<>();
        if (visitorLabel == null || visitorLabel.isBlank() || visitorLabel.strip().length() > 50) {
            problems.add(new FieldProblem("visitorLabel", "is required (at most 50 characters), e.g. 访客 or 快递"));
        }
        if (from == null || to == null || !to.isAfter(from)) {
            problems.add(new FieldProblem("validTo", "the pass needs a start and an end after it"));
        } else if (Duration.between(from, to).compareTo(MAX_VALIDITY) > 0) {
            problems.add(new FieldProblem("validTo", "a visitor pass is valid for at most 7 days"));
        }
        Set<Long> compoundDoors = access.doors(compoundId).stream().map(Door::id).collect(Collectors.toSet());
        if (doorIds == null || doorIds.isEmpty()) {
            problems.add(new FieldProblem("doorIds", "name at least one door"));
        } else if (!compoundDoors.containsAll(doorIds)) {
            problems.add(new FieldProblem("doorIds", "every door must belong to this compound"));
        }
        if (hostResidentId != null && compounds.residentCompound(hostResidentId) != compoundId) {
            problems.add(new FieldProblem("hostResidentId", "the host must live in this compound"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = jdbc.sql("""
                        INSERT INTO community_visitor_pass (compound_id, host_resident_id, visitor_label, valid_from, valid_to, door_ids, issued_by)
                        VALUES (:c, :h, :l, :f, :t, CAST(:d AS BIGINT[]), :by) RETURNING id""")
                .param("c", c.id()).param("h", hostResidentId).param("l", visitorLabel.strip())
                .param("f", java.sql.Timestamp.from(from)).param("t", java.sql.Timestamp.from(to))
                .param("d", SqlArrays.bigints(doorIds)).param("by", actor.userId()).query(Long.class).single();
        audit.record("VISITOR_PASS_ISSUE", "visitor_pass", id, c.code() + " " + from + ".." + to + " doors=" + doorIds);
        return get(actor, id);
    }

    VisitorPass get(Actor actor, long id) {
        VisitorPass p = jdbc.sql(SELECT + " WHERE p.id = :id").param("id", id).query(this::map).optional()
                .orElseThrow(() -> new NotFoundException("visitor_pass", id));
        compounds.get(actor, p.compoundId());
        return p;
    }

    List<VisitorPass> list(Actor actor, long compoundId) {
        compounds.get(actor, compoundId);
        return jdbc.sql(SELECT + " WHERE p.compound_id = :c ORDER BY p.valid_from DESC LIMIT 100").param("c", compoundId)
                .query(this::map).list();
    }

    /** The access events that used the pass. */
    List<AccessRecord> uses(Actor actor, long passId) {
        get(actor, passId);
        return jdbc.sql("""
                        SELECT e.id, e.device_id, d.name, e.occurred_at, e.direction, e.credential_type, e.resident_id, e.visitor_pass_id, e.result
                        FROM community_access_event e LEFT JOIN community_door d ON d.device_id = e.device_id
                        WHERE e.visitor_pass_id = :p ORDER BY e.occurred_at""")
                .param("p", passId).query(PoliceRequests::record).list();
    }

    /**
     * A door asks whether a scanned code opens it: residents' QR codes (signed, short-lived, with an
     * enabled QR credential) and visitor passes (signed, inside the window, this door).
     */
    Verdict verify(Actor actor, String deviceId, String token, Instant now) {
        Long doorId = jdbc.sql("SELECT id FROM community_door WHERE device_id = :d").param("d", deviceId == null ? "" : deviceId.strip())
                .query(Long.class).optional().orElseThrow(() -> new InvalidInputException("deviceId", "unknown door controller"));
        Door door = access.door(actor, doorId);
        String[] parsed = access.verify(token, now);
        if (parsed == null) {
            return new Verdict(false, "invalid or expired code", null, null);
        }
        long id = Long.parseLong(parsed[1]);
        if (parsed[0].equals("R")) {
            Long compound = jdbc.sql("SELECT compound_id FROM community_resident WHERE id = :id").param("id", id).query(Long.class)
                    .optional().orElse(null);
            boolean qr = jdbc.sql("SELECT count(*) FROM community_credential WHERE resident_id = :r AND kind = 'QR' AND enabled")
                    .param("r", id).query(Long.class).single() > 0;
            if (compound == null || compound != door.compoundId() || !qr) {
                return new Verdict(false, "code not valid for this compound", null, null);
            }
            return new Verdict(true, "resident", null, id);
        }
        VisitorPass p = jdbc.sql(SELECT + " WHERE p.id = :id").param("id", id).query(this::map).optional().orElse(null);
        if (p == null || p.compoundId() != door.compoundId() || !p.doorIds().contains(door.id())) {
            return new Verdict(false, "pass not valid for this door", id, null);
        }
        if (now.isBefore(p.validFrom()) || !now.isBefore(p.validTo())) {
            return new Verdict(false, "pass expired or not yet valid", id, null);
        }
        return new Verdict(true, "visitor", id, null);
    }

    private static final String SELECT = """
            SELECT p.id, p.compound_id, p.visitor_label, p.valid_from, p.valid_to, p.door_ids,
              (SELECT count(*) FROM community_access_event e WHERE e.visitor_pass_id = p.id) AS uses
            FROM community_visitor_pass p""";

    private VisitorPass map(ResultSet rs, int n) throws SQLException {
        Array a = rs.getArray("door_ids");
        List<Long> doors = Arrays.stream((Long[]) a.getArray()).toList();
        Instant to = rs.getObject("valid_to", java.time.OffsetDateTime.class).toInstant();
        long id = rs.getLong("id");
        return new VisitorPass(id, rs.getLong("compound_id"), rs.getString("visitor_label"),
                rs.getObject("valid_from", java.time.OffsetDateTime.class).toInstant(), to, doors,
                access.sign("V", id, to.getEpochSecond()), rs.getLong("uses"));
    }
}
