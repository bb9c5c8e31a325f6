package io.zhian.antifraud.internal;

import io.zhian.antifraud.FraudType;
import io.zhian.linking.AnalystDecision;
import io.zhian.linking.CaseAttributes;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.NormalizedIdentifier;
import io.zhian.linking.RawIdentifier;
import io.zhian.shared.DataScope;
import io.zhian.shared.SqlArrays;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The anti-fraud tables. */
@Repository
public class FraudCaseStore {

    public record CaseRow(long id, String caseNo, long regionId, FraudType fraudType, Instant occurredAt, long amountFen,
                          String victimName, String victimPhone, String summary, Long createdBy, Long seriesId, Long gangId) {}

    public record IdentifierRow(long id, IdentifierType type, String raw, String normalized, String rejectedReason,
                                Boolean luhnValid) {}

    public record Consultation(long id, long seriesId, Instant heldAt, String participants, String conclusion,
                               long recordedBy, Instant recordedAt) {}

    public record DecisionRow(long id, long caseA, long caseB, String kind, String note, long decidedBy, Instant decidedAt) {}

    /**
     * The list's filter. {@code regionId} is one exact region (the API's filter); {@code subtree}, when given, keeps
     * cases in those regions (a figure's region with everything below it); {@code linkingOnly} keeps only the case that
     * linked each series (see {@link #LINKING_CASES}).
     */
    public record Filter(String q, FraudType type, Long regionId, Instant from, Instant to, long[] subtree, boolean linkingOnly) {

        public Filter(String q, FraudType type, Long regionId, Instant from, Instant to) {
            this(q, type, regionId, from, to, null, false);
        }
    }

    /**
     * The case that linked each series: a series counts as linked once it holds two cases, so its linking case is its
     * second by time of occurrence (ties by id) in the engine's current assignment. One row per series of two or more.
     */
    static final String LINKING_CASES = """
            SELECT x.id FROM (SELECT lc.id, row_number() OVER (PARTITION BY lm.series_id ORDER BY lc.occurred_at, lc.id) AS rn
                              FROM fraud_case lc JOIN fraud_series_member lm ON lm.case_id = lc.id) x WHERE x.rn = 2""";

    static final String COLUMNS = "c.id, c.case_no, c.region_id, c.fraud_type, c.occurred_at, c.amount_fen, c.victim_name, "
            + "c.victim_phone, c.summary, c.created_by, m.series_id, m.gang_id";
    private static final String FROM = " FROM fraud_case c LEFT JOIN fraud_series_member m ON m.case_id = c.id ";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    FraudCaseStore(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    public long insert(String caseNo, long regionId, FraudType type, Instant occurredAt, long amountFen, String victimName,
                       String victimPhone, String summary, Long createdBy, List<NormalizedIdentifier> identifiers) {
        long id = jdbc.sql("""
                        INSERT INTO fraud_case (case_no, region_id, fraud_type, occurred_at, amount_fen, victim_name, victim_phone,
                          summary, created_by) VALUES (:no, :region, :type, :at, :amount, :vname, :vphone, :summary, :by) RETURNING id""")
                .param("no", caseNo).param("region", regionId).param("type", type.name()).param("at", Timestamp.from(occurredAt))
                .param("amount", amountFen).param("vname", victimName).param("vphone", victimPhone).param("summary", summary)
                .param("by", createdBy).query(Long.class).single();
        List<MapSqlParameterSource> batch = new ArrayList<>();
        for (NormalizedIdentifier n : identifiers) {
            batch.add(new MapSqlParameterSource().addValue("case", id).addValue("type", n.type().name())
                    .addValue("raw", n.raw() == null ? "" : cut(n.raw(), 200)).addValue("norm", n.value() == null ? null : cut(n.value(), 200))
                    .addValue("reason", n.reason() == null ? null : n.reason().name())
                    .addValue("luhn", n.type() == IdentifierType.BANK_CARD || n.type() == IdentifierType.DEVICE_ID ? n.luhnValid() : null));
        }
        if (!batch.isEmpty()) {
            named.batchUpdate("INSERT INTO fraud_case_identifier (case_id, type, raw_value, normalized, rejected_reason, luhn_valid) "
                    + "VALUES (:case, :type, :raw, :norm, :reason, :luhn)", batch.toArray(MapSqlParameterSource[]::new));
        }
        return id;
    }

    public boolean caseNoExists(String caseNo) {
        return jdbc.sql("SELECT count(*) FROM fraud_case WHERE case_no = :no").param("no", caseNo).query(Long.class).single() > 0;
    }

    public Optional<CaseRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + "WHERE c.id = :id").param("id", id).query(FraudCaseStore::map).optional();
    }

    public Optional<CaseRow> findByNo(String caseNo) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + "WHERE c.case_no = :no").param("no", caseNo).query(FraudCaseStore::map).optional();
    }

    public List<CaseRow> list(DataScope scope, Filter f, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + "WHERE " + scope.where("c.region_id", null, "c.created_by") + filterSql()
                        + " ORDER BY c.occurred_at DESC, c.id DESC OFFSET :offset LIMIT :limit")
                .params(scope.params()).params(filterParams(f)).param("offset", offset).param("limit", limit)
                .query(FraudCaseStore::map).list();
    }

    public long count(DataScope scope, Filter f) {
        return jdbc.sql("SELECT count(*)" + FROM + "WHERE " + scope.where("c.region_id", null, "c.created_by") + filterSql())
                .params(scope.params()).params(filterParams(f)).query(Long.class).single();
    }

    /** Cases of a series (or gang) that the scope covers, plus how many it hides. */
    public List<CaseRow> members(DataScope scope, String column, long id) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + "WHERE m." + (column.equals("gang") ? "gang_id" : "series_id") + " = :id AND "
                        + scope.where("c.region_id", null, "c.created_by") + " ORDER BY c.occurred_at")
                .param("id", id).params(scope.params()).query(FraudCaseStore::map).list();
    }

    public long memberCount(String column, long id) {
        return jdbc.sql("SELECT count(*) FROM fraud_series_member WHERE " + (column.equals("gang") ? "gang_id" : "series_id") + " = :id")
                .param("id", id).query(Long.class).single();
    }

    public List<IdentifierRow> identifiers(long caseId) {
        return jdbc.sql("SELECT * FROM fraud_case_identifier WHERE case_id = :id ORDER BY id").param("id", caseId)
                .query((rs, n) -> new IdentifierRow(rs.getLong("id"), IdentifierType.valueOf(rs.getString("type")),
                        rs.getString("raw_value"), rs.getString("normalized"), rs.getString("rejected_reason"),
                        rs.getObject("luhn_valid", Boolean.class))).list();
    }

    /** How many cases mention each identifier (by normalised value). */
    public Map<io.zhian.linking.Identifier, Long> caseCounts(Collection<io.zhian.linking.Identifier> identifiers) {
        Map<io.zhian.linking.Identifier, Long> counts = new HashMap<>();
        if (identifiers.isEmpty()) {
            return counts;
        }
        jdbc.sql("SELECT type, normalized, count(DISTINCT case_id) FROM fraud_case_identifier "
                        + "WHERE normalized = ANY(CAST(:values AS TEXT[])) GROUP BY type, normalized")
                .param("values", SqlArrays.texts(identifiers.stream().map(io.zhian.linking.Identifier::value).toList()))
                .query((rs, n) -> counts.put(new io.zhian.linking.Identifier(IdentifierType.valueOf(rs.getString(1)), rs.getString(2)),
                        rs.getLong(3))).list();
        return counts;
    }

    public Map<String, Long> caseIdsByNo(Collection<String> caseNos) {
        Map<String, Long> ids = new HashMap<>();
        if (caseNos.isEmpty()) {
            return ids;
        }
        jdbc.sql("SELECT id, case_no FROM fraud_case WHERE case_no = ANY(CAST(:nos AS TEXT[]))")
                .param("nos", SqlArrays.texts(caseNos)).query((rs, n) -> ids.put(rs.getString(2), rs.getLong(1))).list();
        return ids;
    }

    /** Everything the engine needs to rebuild itself. */
    public List<CaseRecord> engineCases() {
        Map<Long, List<RawIdentifier>> identifiers = new HashMap<>();
        jdbc.sql("SELECT case_id, type, raw_value FROM fraud_case_identifier ORDER BY id")
                .query((rs, n) -> identifiers.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new RawIdentifier(IdentifierType.valueOf(rs.getString(2)), rs.getString(3)))).list();
        return jdbc.sql("SELECT c.id, c.case_no, c.fraud_type, c.occurred_at, c.amount_fen, r.code FROM fraud_case c "
                        + "JOIN region r ON r.id = c.region_id ORDER BY c.id")
                .query((rs, n) -> new CaseRecord(rs.getString(2), new CaseAttributes(rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getString(6)),
                        identifiers.getOrDefault(rs.getLong(1), List.of()))).list();
    }

    public Map<String, long[]> memberships() {
        Map<String, long[]> map = new HashMap<>();
        jdbc.sql("SELECT c.case_no, m.series_id, m.gang_id FROM fraud_series_member m JOIN fraud_case c ON c.id = m.case_id")
                .query((rs, n) -> map.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)})).list();
        return map;
    }

    public long maxSeriesId() {
        return jdbc.sql("SELECT COALESCE(max(series_id), 0) FROM fraud_series_member").query(Long.class).single();
    }

    public long nextEventSequence() {
        return jdbc.sql("SELECT COALESCE(max(sequence), 0) + 1 FROM fraud_series_event").query(Long.class).single();
    }

    public void saveMemberships(Map<Long, long[]> byCaseId) {
        List<MapSqlParameterSource> batch = new ArrayList<>();
        byCaseId.forEach((caseId, sg) -> batch.add(new MapSqlParameterSource().addValue("case", caseId)
                .addValue("series", sg[0]).addValue("gang", sg[1])));
        for (int from = 0; from < batch.size(); from += 1000) {
            named.batchUpdate("""
                    INSERT INTO fraud_series_member (case_id, series_id, gang_id) VALUES (:case, :series, :gang)
                    ON CONFLICT (case_id) DO UPDATE SET series_id = EXCLUDED.series_id, gang_id = EXCLUDED.gang_id""",
                    batch.subList(from, Math.min(batch.size(), from + 1000)).toArray(MapSqlParameterSource[]::new));
        }
    }

    public void saveEvent(long sequence, String kind, long seriesId, List<Long> others, List<Integer> sizes, String cause) {
        jdbc.sql("""
                        INSERT INTO fraud_series_event (sequence, kind, series_id, other_ids, part_sizes, cause)
                        VALUES (:seq, :kind, :series, :others, :sizes, :cause) ON CONFLICT (sequence) DO NOTHING""")
                .param("seq", sequence).param("kind", kind).param("series", seriesId)
                .param("others", cut(others.toString(), 2000)).param("sizes", cut(sizes.toString(), 2000))
                .param("cause", cause == null ? null : cut(cause, 500)).update();
    }

    public List<Map<String, Object>> events(long seriesId) {
        return jdbc.sql("SELECT * FROM fraud_series_event WHERE series_id = :id OR other_ids LIKE :like ORDER BY sequence")
                .param("id", seriesId).param("like", "%" + seriesId + "%").query().listOfRows().stream()
                .filter(r -> ((Number) r.get("series_id")).longValue() == seriesId
                        || List.of(((String) r.get("other_ids")).replaceAll("[\\[\\] ]", "").split(",")).contains(String.valueOf(seriesId)))
                .toList();
    }

    public List<AnalystDecision> engineDecisions() {
        return jdbc.sql("SELECT d.kind, a.case_no, b.case_no, d.note FROM fraud_link_decision d JOIN fraud_case a ON a.id = d.case_a "
                        + "JOIN fraud_case b ON b.id = d.case_b ORDER BY d.id")
                .query((rs, n) -> new AnalystDecision(rs.getString(1).equals("MUST") ? AnalystDecision.Kind.MUST_LINK
                        : AnalystDecision.Kind.CANNOT_LINK, rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    public void saveDecision(long caseA, long caseB, String kind, String note, long by) {
        jdbc.sql("""
                        INSERT INTO fraud_link_decision (case_a, case_b, kind, note, decided_by) VALUES (:a, :b, :kind, :note, :by)
                        ON CONFLICT (case_a, case_b) DO UPDATE SET kind = EXCLUDED.kind, note = EXCLUDED.note,
                          decided_by = EXCLUDED.decided_by, decided_at = now()""")
                .param("a", Math.min(caseA, caseB)).param("b", Math.max(caseA, caseB)).param("kind", kind).param("note", note)
                .param("by", by).update();
    }

    public List<DecisionRow> decisionsFor(Collection<Long> caseIds) {
        if (caseIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM fraud_link_decision WHERE case_a = ANY(CAST(:ids AS BIGINT[])) OR case_b = ANY(CAST(:ids AS BIGINT[])) ORDER BY id")
                .param("ids", SqlArrays.bigints(caseIds))
                .query((rs, n) -> new DecisionRow(rs.getLong("id"), rs.getLong("case_a"), rs.getLong("case_b"), rs.getString("kind"),
                        rs.getString("note"), rs.getLong("decided_by"), rs.getTimestamp("decided_at").toInstant())).list();
    }

    public long saveConsultation(long seriesId, Instant heldAt, String participants, String conclusion, long by) {
        return jdbc.sql("""
                        INSERT INTO fraud_consultation (series_id, held_at, participants, conclusion, recorded_by)
                        VALUES (:s, :at, :p, :c, :by) RETURNING id""")
                .param("s", seriesId).param("at", Timestamp.from(heldAt)).param("p", participants).param("c", conclusion)
                .param("by", by).query(Long.class).single();
    }

    public List<Consultation> consultations(Collection<Long> seriesIds) {
        return jdbc.sql("SELECT * FROM fraud_consultation WHERE series_id = ANY(CAST(:ids AS BIGINT[])) ORDER BY held_at DESC")
                .param("ids", SqlArrays.bigints(seriesIds))
                .query((rs, n) -> new Consultation(rs.getLong("id"), rs.getLong("series_id"), rs.getTimestamp("held_at").toInstant(),
                        rs.getString("participants"), rs.getString("conclusion"), rs.getLong("recorded_by"),
                        rs.getTimestamp("recorded_at").toInstant())).list();
    }

    public void assign(long seriesId, long unitId, long by) {
        jdbc.sql("""
                        INSERT INTO fraud_series_assignment (series_id, unit_id, assigned_by) VALUES (:s, :u, :by)
                        ON CONFLICT (series_id) DO UPDATE SET unit_id = EXCLUDED.unit_id, assigned_by = EXCLUDED.assigned_by, assigned_at = now()""")
                .param("s", seriesId).param("u", unitId).param("by", by).update();
    }

    public Optional<Long> assignedUnit(long seriesId) {
        return jdbc.sql("SELECT unit_id FROM fraud_series_assignment WHERE series_id = :s").param("s", seriesId).query(Long.class).optional();
    }

    /** Case counts and amounts grouped by one dimension, within scope. */
    public List<Map<String, Object>> stats(DataScope scope, String dimension, Instant from, Instant to) {
        String key = switch (dimension) {
            case "type" -> "c.fraud_type";
            case "month" -> "to_char(c.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')";
            case "region" -> "c.region_id";
            default -> throw new IllegalArgumentException(dimension);
        };
        return jdbc.sql("SELECT " + key + " AS k, count(*) AS cases, COALESCE(sum(c.amount_fen), 0) AS amount_fen, "
                        + "count(DISTINCT m.series_id) FILTER (WHERE m.series_id IN (SELECT series_id FROM fraud_series_member "
                        + "GROUP BY series_id HAVING count(*) > 1)) AS linked_series "
                        + FROM + "WHERE " + scope.where("c.region_id", null, "c.created_by")
                        + " AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR c.occurred_at >= :from)"
                        + " AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR c.occurred_at < :to) GROUP BY 1 ORDER BY 1")
                .params(scope.params()).param("from", ts(from)).param("to", ts(to)).query().listOfRows();
    }

    /**
     * For the figures, unscoped, one statement for all asked regions: per asked region (over its whole subtree, joined
     * by the materialised region path) the cases that occurred in [from, to) and their losses in fen.
     */
    Map<Long, long[]> casesAndLossBySubtree(Collection<Long> asked, Instant from, Instant to) {
        Map<Long, long[]> out = new HashMap<>();
        if (asked.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT q.id, count(*), COALESCE(sum(c.amount_fen), 0)
                        FROM region q JOIN region r ON r.path LIKE q.path || '%' JOIN fraud_case c ON c.region_id = r.id
                        WHERE q.id = ANY(CAST(:asked AS BIGINT[])) AND c.occurred_at >= :from AND c.occurred_at < :to
                        GROUP BY q.id""")
                .param("asked", SqlArrays.bigints(asked)).param("from", ts(from)).param("to", ts(to))
                .query((rs, n) -> out.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)})).list();
        return out;
    }

    /** For the figures, as above: per asked region the series whose linking case occurred there in [from, to). */
    Map<Long, Long> seriesLinkedBySubtree(Collection<Long> asked, Instant from, Instant to) {
        Map<Long, Long> out = new HashMap<>();
        if (asked.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT q.id, count(*) FROM region q JOIN region r ON r.path LIKE q.path || '%' "
                        + "JOIN fraud_case c ON c.region_id = r.id WHERE q.id = ANY(CAST(:asked AS BIGINT[])) "
                        + "AND c.occurred_at >= :from AND c.occurred_at < :to AND c.id IN (" + LINKING_CASES + ") GROUP BY q.id")
                .param("asked", SqlArrays.bigints(asked)).param("from", ts(from)).param("to", ts(to))
                .query((rs, n) -> out.put(rs.getLong(1), rs.getLong(2))).list();
        return out;
    }

    private static String filterSql() {
        return " AND (:q = '' OR c.case_no LIKE :like) AND (CAST(:type AS VARCHAR) IS NULL OR c.fraud_type = :type)"
                + " AND (CAST(:region AS BIGINT) IS NULL OR c.region_id = :region)"
                + " AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR c.occurred_at >= :from)"
                + " AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR c.occurred_at < :to)"
                + " AND (CAST(:subtree AS BIGINT[]) IS NULL OR c.region_id = ANY(CAST(:subtree AS BIGINT[])))"
                + " AND (NOT :linking OR c.id IN (" + LINKING_CASES + "))";
    }

    private static Map<String, Object> filterParams(Filter f) {
        Map<String, Object> p = new LinkedHashMap<>();
        String q = f.q() == null ? "" : f.q().strip();
        p.put("q", q);
        p.put("like", "%" + q + "%");
        p.put("type", f.type() == null ? null : f.type().name());
        p.put("region", f.regionId());
        p.put("from", ts(f.from()));
        p.put("to", ts(f.to()));
        p.put("subtree", f.subtree() == null ? null : SqlArrays.bigints(f.subtree()));
        p.put("linking", f.linkingOnly());
        return p;
    }

    private static java.time.OffsetDateTime ts(Instant i) {
        return i == null ? null : java.time.OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
    }

    private static CaseRow map(ResultSet rs, int n) throws SQLException {
        return new CaseRow(rs.getLong("id"), rs.getString("case_no"), rs.getLong("region_id"), FraudType.valueOf(rs.getString("fraud_type")),
                rs.getTimestamp("occurred_at").toInstant(), rs.getLong("amount_fen"), rs.getString("victim_name"),
                rs.getString("victim_phone"), rs.getString("summary"), rs.getObject("created_by", Long.class),
                rs.getObject("series_id", Long.class), rs.getObject("gang_id", Long.class));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
