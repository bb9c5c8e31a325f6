package io.zhian.mediation.internal;

import io.zhian.shared.DataScope;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mediation tables. Every list query is scoped with bind parameters. */
@Repository
class MediationStore {

    record DisputeRow(long id, long caseId, DisputeCategory category, RiskGrade riskGrade, boolean violence, boolean repeat,
                      boolean group, boolean vulnerable, int priority, long regionId, long townshipId, Long unitId, Long createdBy,
                      Instant createdAt) {

        List<RiskFlag> flags() {
            List<RiskFlag> f = new java.util.ArrayList<>();
            if (violence) f.add(RiskFlag.VIOLENCE);
            if (repeat) f.add(RiskFlag.REPEAT);
            if (group) f.add(RiskFlag.GROUP);
            if (vulnerable) f.add(RiskFlag.VULNERABLE);
            return f;
        }
    }

    /**
     * List filters; null means "any". {@code from}/{@code to} bound the registration time, except for
     * {@link Counted#RESOLVED} where they bound the resolution time. {@code regionIds} is a region subtree (already
     * expanded): a dispute is in it when its place or its handling township is. {@code counted} narrows the list to
     * the disputes a figure counts.
     */
    record Filter(DisputeCategory category, RiskGrade riskGrade, Boolean flagged, Long townshipId, Instant from, Instant to,
                  long[] regionIds, Counted counted) {

        Filter(DisputeCategory category, RiskGrade riskGrade, Boolean flagged, Long townshipId, Instant from, Instant to) {
            this(category, riskGrade, flagged, townshipId, from, to, null, Counted.REGISTERED);
        }

        Filter {
            counted = counted == null ? Counted.REGISTERED : counted;
        }

        static Filter none() {
            return new Filter(null, null, null, null, null, null);
        }

        /** Whether the list needs the cases' outcomes (from casework) to decide which disputes belong. */
        boolean needsCaseOutcome() {
            return counted == Counted.PREVENTED || counted == Counted.RESOLVED;
        }

        /** Whether a dispute passing the SQL part of this filter belongs, given its case. */
        boolean admits(io.zhian.casework.CaseSummary c) {
            return switch (counted) {
                case PREVENTED -> c != null && c.outcome() == io.zhian.casework.CaseOutcome.RESOLVED && !c.escalated();
                case RESOLVED -> c != null && c.outcome() == io.zhian.casework.CaseOutcome.RESOLVED && c.finishedAt() != null
                        && (from == null || !c.finishedAt().isBefore(from)) && (to == null || c.finishedAt().isBefore(to));
                default -> true;
            };
        }
    }

    /**
     * Which disputes a list shows, named after the figures they stand behind: every registered dispute (disputes, on-the-spot
     * rate), those whose mediation concluded (success rate), those with obligations assessed (performance rate), flagged ones
     * resolved without escalation (escalations prevented), and those resolved in the period by resolution date (resolved).
     */
    enum Counted {
        REGISTERED, MEDIATED, ASSESSED, PREVENTED, RESOLVED;

        String slug() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record SessionRow(long id, long disputeId, MediationKind kind, String mediator, LocalDate heldOn, String result, String notes,
                      String courtUnit, LocalDate courtDate, String courtRef) {}

    record AgreementRow(long id, long disputeId, String facts, LocalDate signedOn, LocalDate judicialAppliedOn, String judicialCourt,
                        String judicialResult, String judicialNote) {}

    record PartyRow(long id, String role, String name, String idNumber) {}

    record ObligationRow(long id, long agreementId, String obligor, String content, LocalDate dueOn, String performance,
                         LocalDate checkedOn) {}

    record FollowupRow(long id, LocalDate visitedOn, String visitor, String finding) {}

    record NotificationRow(long id, long disputeId, long caseId, long townshipId, String flags, Instant createdAt) {}

    private final JdbcClient jdbc;

    MediationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insertDispute(long caseId, DisputeCategory category, RiskGrade grade, List<RiskFlag> flags, int priority, long regionId,
                       long townshipId, Long unitId, Long createdBy) {
        return jdbc.sql("""
                        INSERT INTO mediation_dispute (case_id, category, risk_grade, flag_violence, flag_repeat, flag_group, flag_vulnerable,
                          priority, region_id, township_id, unit_id, created_by)
                        VALUES (:case, :category, :grade, :v, :r, :g, :w, :priority, :region, :township, :unit, :by) RETURNING id""")
                .param("case", caseId).param("category", category.name()).param("grade", grade.name())
                .param("v", flags.contains(RiskFlag.VIOLENCE)).param("r", flags.contains(RiskFlag.REPEAT))
                .param("g", flags.contains(RiskFlag.GROUP)).param("w", flags.contains(RiskFlag.VULNERABLE))
                .param("priority", priority).param("region", regionId).param("township", townshipId).param("unit", unitId)
                .param("by", createdBy).query(Long.class).single();
    }

    void updateGrading(long id, RiskGrade grade, List<RiskFlag> flags, int priority) {
        jdbc.sql("""
                        UPDATE mediation_dispute SET risk_grade = :grade, flag_violence = :v, flag_repeat = :r, flag_group = :g,
                          flag_vulnerable = :w, priority = :priority WHERE id = :id""")
                .param("grade", grade.name()).param("v", flags.contains(RiskFlag.VIOLENCE)).param("r", flags.contains(RiskFlag.REPEAT))
                .param("g", flags.contains(RiskFlag.GROUP)).param("w", flags.contains(RiskFlag.VULNERABLE)).param("priority", priority)
                .param("id", id).update();
    }

    void shiftCreated(long disputeId, java.time.Duration back) {
        jdbc.sql("UPDATE mediation_dispute SET created_at = created_at - CAST(:i AS INTERVAL) WHERE id = :id")
                .param("i", back.getSeconds() + " seconds").param("id", disputeId).update();
        jdbc.sql("UPDATE mediation_notification SET created_at = created_at - CAST(:i AS INTERVAL) WHERE dispute_id = :id")
                .param("i", back.getSeconds() + " seconds").param("id", disputeId).update();
    }

    Optional<DisputeRow> find(long id) {
        return jdbc.sql("SELECT * FROM mediation_dispute d WHERE d.id = :id").param("id", id).query(MediationStore::map).optional();
    }

    static boolean permits(DataScope scope, DisputeRow d) {
        return scope.permits(d.regionId(), d.unitId(), d.createdBy()) || scope.coversRegion(d.townshipId());
    }

    private static String scopeSql(DataScope scope) {
        return "(" + scope.where("d.region_id", "d.unit_id", "d.created_by") + " OR " + scope.where("d.township_id", null, null) + ")";
    }

    private static final String FILTER = """
             AND (CAST(:category AS VARCHAR) IS NULL OR d.category = :category)
             AND (CAST(:grade AS VARCHAR) IS NULL OR d.risk_grade = :grade)
             AND (CAST(:flagged AS BOOLEAN) IS NULL OR (d.flag_violence OR d.flag_repeat OR d.flag_group OR d.flag_vulnerable) = :flagged)
             AND (CAST(:township AS BIGINT) IS NULL OR d.township_id = :township)
             AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR d.created_at >= :from)
             AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR d.created_at < :to)
             AND (CAST(:regions AS BIGINT[]) IS NULL OR d.region_id = ANY(CAST(:regions AS BIGINT[]))
                  OR d.township_id = ANY(CAST(:regions AS BIGINT[])))
             AND (NOT :mediated OR EXISTS (SELECT 1 FROM mediation_session s WHERE s.dispute_id = d.id AND s.result <> 'ONGOING'))
             AND (NOT :assessed OR EXISTS (SELECT 1 FROM mediation_obligation o JOIN mediation_agreement a ON a.id = o.agreement_id
                  WHERE a.dispute_id = d.id AND o.performance <> 'PENDING'))""";

    private static Map<String, Object> filterParams(Filter f) {
        Map<String, Object> p = new HashMap<>();
        p.put("category", f.category() == null ? null : f.category().name());
        p.put("grade", f.riskGrade() == null ? null : f.riskGrade().name());
        // a prevented escalation is a flagged dispute; a dispute resolved in the period was registered before its end, at any time
        p.put("flagged", f.counted() == Counted.PREVENTED ? Boolean.TRUE : f.flagged());
        p.put("township", f.townshipId());
        p.put("from", f.from() == null || f.counted() == Counted.RESOLVED ? null : Timestamp.from(f.from()));
        p.put("to", f.to() == null ? null : Timestamp.from(f.to()));
        p.put("regions", f.regionIds() == null ? null : io.zhian.shared.SqlArrays.bigints(f.regionIds()));
        p.put("mediated", f.counted() == Counted.MEDIATED);
        p.put("assessed", f.counted() == Counted.ASSESSED);
        return p;
    }

    List<DisputeRow> list(DataScope scope, Filter f, int offset, int limit) {
        return jdbc.sql("SELECT * FROM mediation_dispute d WHERE " + scopeSql(scope) + FILTER
                        + " ORDER BY d.priority DESC, d.created_at DESC, d.id DESC OFFSET :offset LIMIT :limit")
                .params(scope.params()).params(filterParams(f)).param("offset", Math.max(0, offset))
                .param("limit", Math.min(Math.max(limit, 1), 10_000)).query(MediationStore::map).list();
    }

    long count(DataScope scope, Filter f) {
        return jdbc.sql("SELECT count(*) FROM mediation_dispute d WHERE " + scopeSql(scope) + FILTER)
                .params(scope.params()).params(filterParams(f)).query(Long.class).single();
    }

    // ---- notifications ----

    void notifyTownship(long disputeId, long townshipId, String flags) {
        jdbc.sql("INSERT INTO mediation_notification (dispute_id, township_id, flags) VALUES (:d, :t, :f)")
                .param("d", disputeId).param("t", townshipId).param("f", flags).update();
    }

    /** Notifications for townships the scope covers (a township officer sees their own township's). */
    List<NotificationRow> notifications(DataScope scope, int limit) {
        return jdbc.sql("SELECT n.*, d.case_id FROM mediation_notification n JOIN mediation_dispute d ON d.id = n.dispute_id WHERE "
                        + scope.where("n.township_id", null, null) + " ORDER BY n.created_at DESC, n.id DESC LIMIT :limit")
                .params(scope.params()).param("limit", limit)
                .query((rs, n) -> new NotificationRow(rs.getLong("id"), rs.getLong("dispute_id"), rs.getLong("case_id"),
                        rs.getLong("township_id"), rs.getString("flags"), rs.getTimestamp("created_at").toInstant())).list();
    }

    // ---- sessions ----

    long insertSession(long disputeId, MediationKind kind, String mediator, LocalDate heldOn, String result, String notes,
                       String courtUnit, LocalDate courtDate, String courtRef, Long by) {
        return jdbc.sql("""
                        INSERT INTO mediation_session (dispute_id, kind, mediator, held_on, result, notes, court_unit, court_date, court_ref, created_by)
                        VALUES (:d, :kind, :mediator, :held, :result, :notes, :cu, :cd, :cr, :by) RETURNING id""")
                .param("d", disputeId).param("kind", kind.name()).param("mediator", mediator).param("held", Date.valueOf(heldOn))
                .param("result", result).param("notes", notes).param("cu", courtUnit)
                .param("cd", courtDate == null ? null : Date.valueOf(courtDate)).param("cr", courtRef).param("by", by)
                .query(Long.class).single();
    }

    List<SessionRow> sessions(long disputeId) {
        return jdbc.sql("SELECT * FROM mediation_session WHERE dispute_id = :d ORDER BY held_on, id").param("d", disputeId)
                .query((rs, n) -> new SessionRow(rs.getLong("id"), rs.getLong("dispute_id"), MediationKind.valueOf(rs.getString("kind")),
                        rs.getString("mediator"), rs.getObject("held_on", LocalDate.class), rs.getString("result"), rs.getString("notes"),
                        rs.getString("court_unit"), rs.getObject("court_date", LocalDate.class), rs.getString("court_ref"))).list();
    }

    // ---- agreements ----

    long insertAgreement(long disputeId, String facts, LocalDate signedOn, Long by) {
        return jdbc.sql("INSERT INTO mediation_agreement (dispute_id, facts, signed_on, created_by) VALUES (:d, :f, :s, :by) RETURNING id")
                .param("d", disputeId).param("f", facts).param("s", Date.valueOf(signedOn)).param("by", by).query(Long.class).single();
    }

    void insertParty(long agreementId, String role, String name, String idNumber) {
        jdbc.sql("INSERT INTO mediation_agreement_party (agreement_id, role, name, id_number) VALUES (:a, :r, :n, :i)")
                .param("a", agreementId).param("r", role).param("n", name).param("i", idNumber).update();
    }

    void insertObligation(long agreementId, String obligor, String content, LocalDate dueOn) {
        jdbc.sql("INSERT INTO mediation_obligation (agreement_id, obligor, content, due_on) VALUES (:a, :o, :c, :d)")
                .param("a", agreementId).param("o", obligor).param("c", content).param("d", Date.valueOf(dueOn)).update();
    }

    Optional<AgreementRow> agreement(long disputeId) {
        return jdbc.sql("SELECT * FROM mediation_agreement WHERE dispute_id = :d").param("d", disputeId)
                .query((rs, n) -> new AgreementRow(rs.getLong("id"), rs.getLong("dispute_id"), rs.getString("facts"),
                        rs.getObject("signed_on", LocalDate.class), rs.getObject("judicial_applied_on", LocalDate.class),
                        rs.getString("judicial_court"), rs.getString("judicial_result"), rs.getString("judicial_note"))).optional();
    }

    List<PartyRow> parties(long agreementId) {
        return jdbc.sql("SELECT * FROM mediation_agreement_party WHERE agreement_id = :a ORDER BY id").param("a", agreementId)
                .query((rs, n) -> new PartyRow(rs.getLong("id"), rs.getString("role"), rs.getString("name"), rs.getString("id_number")))
                .list();
    }

    List<ObligationRow> obligations(long agreementId) {
        return jdbc.sql("SELECT * FROM mediation_obligation WHERE agreement_id = :a ORDER BY due_on, id").param("a", agreementId)
                .query(MediationStore::mapObligation).list();
    }

    Optional<ObligationRow> obligation(long id) {
        return jdbc.sql("SELECT * FROM mediation_obligation WHERE id = :id").param("id", id).query(MediationStore::mapObligation).optional();
    }

    void setPerformance(long obligationId, String performance, LocalDate checkedOn) {
        jdbc.sql("UPDATE mediation_obligation SET performance = :p, checked_on = :c WHERE id = :id").param("p", performance)
                .param("c", Date.valueOf(checkedOn)).param("id", obligationId).update();
    }

    void applyJudicial(long agreementId, LocalDate appliedOn, String court) {
        jdbc.sql("UPDATE mediation_agreement SET judicial_applied_on = :a, judicial_court = :c WHERE id = :id")
                .param("a", Date.valueOf(appliedOn)).param("c", court).param("id", agreementId).update();
    }

    void judicialResult(long agreementId, String result, String note) {
        jdbc.sql("UPDATE mediation_agreement SET judicial_result = :r, judicial_note = :n WHERE id = :id")
                .param("r", result).param("n", note).param("id", agreementId).update();
    }

    // ---- follow-ups ----

    void insertFollowup(long disputeId, LocalDate visitedOn, String visitor, String finding, Long by) {
        jdbc.sql("INSERT INTO mediation_followup (dispute_id, visited_on, visitor, finding, created_by) VALUES (:d, :v, :w, :f, :by)")
                .param("d", disputeId).param("v", Date.valueOf(visitedOn)).param("w", visitor).param("f", finding).param("by", by).update();
    }

    List<FollowupRow> followups(long disputeId) {
        return jdbc.sql("SELECT * FROM mediation_followup WHERE dispute_id = :d ORDER BY visited_on, id").param("d", disputeId)
                .query((rs, n) -> new FollowupRow(rs.getLong("id"), rs.getObject("visited_on", LocalDate.class), rs.getString("visitor"),
                        rs.getString("finding"))).list();
    }

    // ---- figures behind the statistics ----

    /** A dispute with the ids of every region above its place and above its handling township (both paths, root first). */
    record PlacedDispute(DisputeRow dispute, java.util.Set<Long> ancestry) {}

    /**
     * Every dispute registered before {@code before} whose place or handling township lies in the subtree of any of
     * {@code regionIds}, in one statement: the figures for many regions are then summed in memory. Reads the regions'
     * materialised paths (as a subtree query does) so that each dispute says which of the asked regions it falls under.
     */
    List<PlacedDispute> placedBefore(java.util.Collection<Long> regionIds, Instant before) {
        if (regionIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT d.*, r.path AS region_path, t.path AS township_path
                        FROM mediation_dispute d JOIN region r ON r.id = d.region_id LEFT JOIN region t ON t.id = d.township_id
                        WHERE d.created_at < :before AND EXISTS (SELECT 1 FROM region q WHERE q.id = ANY(CAST(:ids AS BIGINT[]))
                          AND (r.path LIKE q.path || '%' OR t.path LIKE q.path || '%'))
                        ORDER BY d.id""")
                .param("before", Timestamp.from(before)).param("ids", io.zhian.shared.SqlArrays.bigints(regionIds))
                .query((rs, n) -> {
                    java.util.Set<Long> ancestry = new java.util.HashSet<>();
                    for (String path : new String[] {rs.getString("region_path"), rs.getString("township_path")}) {
                        if (path != null) {
                            for (String id : path.split("/")) {
                                if (!id.isEmpty()) {
                                    ancestry.add(Long.parseLong(id));
                                }
                            }
                        }
                    }
                    return new PlacedDispute(map(rs, n), ancestry);
                }).list();
    }

    /** Per dispute id: [concluded mediations, successful mediations]. */
    Map<Long, long[]> sessionResults(List<Long> disputeIds) {
        Map<Long, long[]> map = new HashMap<>();
        if (disputeIds.isEmpty()) {
            return map;
        }
        jdbc.sql("""
                        SELECT dispute_id, count(*) FILTER (WHERE result <> 'ONGOING') AS concluded, count(*) FILTER (WHERE result = 'SUCCESS') AS success
                        FROM mediation_session WHERE dispute_id = ANY(CAST(:ids AS BIGINT[])) GROUP BY dispute_id""")
                .param("ids", io.zhian.shared.SqlArrays.bigints(disputeIds))
                .query((rs, n) -> map.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)})).list();
        return map;
    }

    /** Per dispute id: [obligations assessed (not pending), obligations performed in full]. */
    Map<Long, long[]> performance(List<Long> disputeIds) {
        Map<Long, long[]> map = new HashMap<>();
        if (disputeIds.isEmpty()) {
            return map;
        }
        jdbc.sql("""
                        SELECT a.dispute_id, count(*) FILTER (WHERE o.performance <> 'PENDING'), count(*) FILTER (WHERE o.performance = 'PERFORMED')
                        FROM mediation_obligation o JOIN mediation_agreement a ON a.id = o.agreement_id
                        WHERE a.dispute_id = ANY(CAST(:ids AS BIGINT[])) GROUP BY a.dispute_id""")
                .param("ids", io.zhian.shared.SqlArrays.bigints(disputeIds))
                .query((rs, n) -> map.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)})).list();
        return map;
    }

    // ---- mapping ----

    static DisputeRow map(ResultSet rs, int n) throws SQLException {
        return new DisputeRow(rs.getLong("id"), rs.getLong("case_id"), DisputeCategory.valueOf(rs.getString("category")),
                RiskGrade.valueOf(rs.getString("risk_grade")), rs.getBoolean("flag_violence"), rs.getBoolean("flag_repeat"),
                rs.getBoolean("flag_group"), rs.getBoolean("flag_vulnerable"), rs.getInt("priority"), rs.getLong("region_id"),
                rs.getLong("township_id"), rs.getObject("unit_id", Long.class), rs.getObject("created_by", Long.class),
                rs.getTimestamp("created_at").toInstant());
    }

    static ObligationRow mapObligation(ResultSet rs, int n) throws SQLException {
        return new ObligationRow(rs.getLong("id"), rs.getLong("agreement_id"), rs.getString("obligor"), rs.getString("content"),
                rs.getObject("due_on", LocalDate.class), rs.getString("performance"), rs.getObject("checked_on", LocalDate.class));
    }
}
