package io.zhian.assessment.internal;

import io.zhian.shared.DataScope;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The assessment tables. Lists are scoped with bind parameters; by-id reads are re-checked by the caller. */
@Repository
class AssessmentStore {

    record FigureRow(long id, long indicatorId, long regionId, Long unitId, LocalDate month, double value, Long sampleSize,
                     String sourceNote, String enteredByName, Instant enteredAt, int version) {}

    record PairingRow(long id, long unitId, long townshipId, LocalDate startedOn, String note) {}

    record TaskRow(long id, long pairingId, long unitId, long townshipId, String title, LocalDate dueOn, String status,
                   LocalDate completedOn, String completionNote, int version) {}

    record InspectionRow(long id, String team, long unitId, long regionId, LocalDate inspectedOn, String findings,
                         LocalDate rectifyBy, String followup, LocalDate followupOn, String followupNote, int version) {}

    record SanctionRow(long id, long unitId, long regionId, String kind, LocalDate issuedOn, String reason, String issuer,
                       Long inspectionId) {}

    record PublicityRow(long id, long regionId, String kind, int quantity, LocalDate doneOn, String note) {}

    private final JdbcClient jdbc;

    AssessmentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- indicators ----

    List<Indicator> indicators(boolean activeOnly) {
        return jdbc.sql("SELECT * FROM assessment_indicator WHERE (:all OR active) ORDER BY subject DESC, sort_order, id")
                .param("all", !activeOnly).query(AssessmentStore::indicator).list();
    }

    Optional<Indicator> indicator(long id) {
        return jdbc.sql("SELECT * FROM assessment_indicator WHERE id = :id").param("id", id).query(AssessmentStore::indicator).optional();
    }

    Optional<Indicator> indicatorByCode(String code) {
        return jdbc.sql("SELECT * FROM assessment_indicator WHERE code = :code").param("code", code)
                .query(AssessmentStore::indicator).optional();
    }

    long insertIndicator(Indicator i) {
        return jdbc.sql("""
                        INSERT INTO assessment_indicator (code, name, subject, source, figure_code, higher_is_better, aggregation, weight,
                          rule, floor_value, target_value, unit_label, active, sort_order)
                        VALUES (:code, :name, :subject, :source, :figure, :higher, :aggregation, :weight, :rule, :floor, :target, :unit,
                          :active, :sort) RETURNING id""")
                .params(indicatorParams(i)).query(Long.class).single();
    }

    int updateIndicator(Indicator i) {
        return jdbc.sql("""
                        UPDATE assessment_indicator SET name = :name, subject = :subject, source = :source, figure_code = :figure,
                          higher_is_better = :higher, aggregation = :aggregation, weight = :weight, rule = :rule, floor_value = :floor,
                          target_value = :target, unit_label = :unit, active = :active, sort_order = :sort, version = version + 1,
                          updated_at = now()
                        WHERE id = :id AND version = :version""")
                .params(indicatorParams(i)).param("id", i.id()).param("version", i.version()).update();
    }

    private static Map<String, Object> indicatorParams(Indicator i) {
        java.util.HashMap<String, Object> p = new java.util.HashMap<>();
        p.put("code", i.code());
        p.put("name", i.name());
        p.put("subject", i.subject().name());
        p.put("source", i.source().name());
        p.put("figure", i.figureCode());
        p.put("higher", i.higherIsBetter());
        p.put("aggregation", i.aggregation().name());
        p.put("weight", i.weight());
        p.put("rule", i.rule().name());
        p.put("floor", i.floor());
        p.put("target", i.target());
        p.put("unit", i.unitLabel());
        p.put("active", i.active());
        p.put("sort", i.sortOrder());
        return p;
    }

    private static Indicator indicator(ResultSet rs, int n) throws SQLException {
        return new Indicator(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                Indicator.Subject.valueOf(rs.getString("subject")), Indicator.Source.valueOf(rs.getString("source")),
                rs.getString("figure_code"), rs.getBoolean("higher_is_better"),
                Indicator.Aggregation.valueOf(rs.getString("aggregation")), rs.getDouble("weight"),
                Indicator.Rule.valueOf(rs.getString("rule")), nullableDouble(rs, "floor_value"), nullableDouble(rs, "target_value"),
                rs.getString("unit_label"), rs.getBoolean("active"), rs.getInt("sort_order"), rs.getInt("version"));
    }

    // ---- manual figures ----

    /** Manual figures of one indicator in a month range, for every subject (scoring needs all peers). */
    List<FigureRow> figuresFor(long indicatorId, LocalDate fromMonth, LocalDate toMonth) {
        return jdbc.sql("SELECT * FROM assessment_figure WHERE indicator_id = :ind AND month BETWEEN :from AND :to")
                .param("ind", indicatorId).param("from", fromMonth).param("to", toMonth).query(AssessmentStore::figure).list();
    }

    List<FigureRow> figures(DataScope scope, Long indicatorId, LocalDate month, Long regionId, int limit) {
        return jdbc.sql("SELECT * FROM assessment_figure f WHERE " + scope.where("f.region_id", "f.unit_id", null)
                        + " AND (CAST(:ind AS BIGINT) IS NULL OR f.indicator_id = :ind)"
                        + " AND (CAST(:month AS DATE) IS NULL OR f.month = :month)"
                        + " AND (CAST(:region AS BIGINT) IS NULL OR f.region_id = :region)"
                        + " ORDER BY f.month DESC, f.indicator_id, f.region_id, f.unit_id NULLS FIRST LIMIT :limit")
                .params(scope.params()).param("ind", indicatorId).param("month", month).param("region", regionId)
                .param("limit", limit).query(AssessmentStore::figure).list();
    }

    Optional<FigureRow> figure(long id) {
        return jdbc.sql("SELECT * FROM assessment_figure WHERE id = :id").param("id", id).query(AssessmentStore::figure).optional();
    }

    Optional<FigureRow> figureAt(long indicatorId, long regionId, Long unitId, LocalDate month) {
        return jdbc.sql("""
                        SELECT * FROM assessment_figure WHERE indicator_id = :ind AND region_id = :region
                          AND COALESCE(unit_id, 0) = COALESCE(CAST(:unit AS BIGINT), 0) AND month = :month""")
                .param("ind", indicatorId).param("region", regionId).param("unit", unitId).param("month", month)
                .query(AssessmentStore::figure).optional();
    }

    long insertFigure(long indicatorId, long regionId, Long unitId, LocalDate month, double value, Long sampleSize, String note,
                      Long userId, String userName) {
        return jdbc.sql("""
                        INSERT INTO assessment_figure (indicator_id, region_id, unit_id, month, value, sample_size, source_note,
                          entered_by, entered_by_name) VALUES (:ind, :region, :unit, :month, :value, :sample, :note, :by, :byName)
                        RETURNING id""")
                .param("ind", indicatorId).param("region", regionId).param("unit", unitId).param("month", month)
                .param("value", value).param("sample", sampleSize).param("note", note).param("by", userId).param("byName", userName)
                .query(Long.class).single();
    }

    int updateFigure(long id, double value, Long sampleSize, String note, Long userId, String userName, int version) {
        return jdbc.sql("""
                        UPDATE assessment_figure SET value = :value, sample_size = :sample, source_note = :note, entered_by = :by,
                          entered_by_name = :byName, entered_at = now(), version = version + 1 WHERE id = :id AND version = :version""")
                .param("value", value).param("sample", sampleSize).param("note", note).param("by", userId).param("byName", userName)
                .param("id", id).param("version", version).update();
    }

    void deleteFigure(long id) {
        jdbc.sql("DELETE FROM assessment_figure WHERE id = :id").param("id", id).update();
    }

    private static FigureRow figure(ResultSet rs, int n) throws SQLException {
        return new FigureRow(rs.getLong("id"), rs.getLong("indicator_id"), rs.getLong("region_id"), rs.getObject("unit_id", Long.class),
                rs.getObject("month", LocalDate.class), rs.getDouble("value"), rs.getObject("sample_size", Integer.class) == null ? null
                : rs.getLong("sample_size"), rs.getString("source_note"), rs.getString("entered_by_name"),
                rs.getTimestamp("entered_at").toInstant(), rs.getInt("version"));
    }

    // ---- pairings and tasks ----

    List<PairingRow> pairings(DataScope scope, Long unitId, Long townshipId) {
        return jdbc.sql("SELECT * FROM assessment_pairing p WHERE " + scope.where("p.township_id", "p.unit_id", null)
                        + " AND (CAST(:unit AS BIGINT) IS NULL OR p.unit_id = :unit)"
                        + " AND (CAST(:township AS BIGINT) IS NULL OR p.township_id = :township) ORDER BY p.unit_id, p.township_id")
                .params(scope.params()).param("unit", unitId).param("township", townshipId).query(AssessmentStore::pairing).list();
    }

    Optional<PairingRow> pairing(long id) {
        return jdbc.sql("SELECT * FROM assessment_pairing WHERE id = :id").param("id", id).query(AssessmentStore::pairing).optional();
    }

    boolean pairingExists(long unitId, long townshipId) {
        return jdbc.sql("SELECT count(*) FROM assessment_pairing WHERE unit_id = :u AND township_id = :t")
                .param("u", unitId).param("t", townshipId).query(Long.class).single() > 0;
    }

    long insertPairing(long unitId, long townshipId, LocalDate startedOn, String note) {
        return jdbc.sql("INSERT INTO assessment_pairing (unit_id, township_id, started_on, note) VALUES (:u, :t, :s, :n) RETURNING id")
                .param("u", unitId).param("t", townshipId).param("s", startedOn).param("n", note).query(Long.class).single();
    }

    private static PairingRow pairing(ResultSet rs, int n) throws SQLException {
        return new PairingRow(rs.getLong("id"), rs.getLong("unit_id"), rs.getLong("township_id"),
                rs.getObject("started_on", LocalDate.class), rs.getString("note"));
    }

    private static final String TASKS = "SELECT t.*, p.unit_id, p.township_id FROM assessment_task t JOIN assessment_pairing p ON p.id = t.pairing_id";

    List<TaskRow> tasks(DataScope scope, Long unitId, Long townshipId) {
        return jdbc.sql(TASKS + " WHERE " + scope.where("p.township_id", "p.unit_id", null)
                        + " AND (CAST(:unit AS BIGINT) IS NULL OR p.unit_id = :unit)"
                        + " AND (CAST(:township AS BIGINT) IS NULL OR p.township_id = :township) ORDER BY t.status DESC, t.due_on, t.id")
                .params(scope.params()).param("unit", unitId).param("township", townshipId).query(AssessmentStore::task).list();
    }

    Optional<TaskRow> task(long id) {
        return jdbc.sql(TASKS + " WHERE t.id = :id").param("id", id).query(AssessmentStore::task).optional();
    }

    long insertTask(long pairingId, String title, LocalDate dueOn) {
        return jdbc.sql("INSERT INTO assessment_task (pairing_id, title, due_on) VALUES (:p, :t, :d) RETURNING id")
                .param("p", pairingId).param("t", title).param("d", dueOn).query(Long.class).single();
    }

    int completeTask(long id, LocalDate completedOn, String note, int version) {
        return jdbc.sql("""
                        UPDATE assessment_task SET status = 'DONE', completed_on = :on, completion_note = :note, version = version + 1
                        WHERE id = :id AND version = :version AND status = 'OPEN'""")
                .param("on", completedOn).param("note", note).param("id", id).param("version", version).update();
    }

    private static TaskRow task(ResultSet rs, int n) throws SQLException {
        return new TaskRow(rs.getLong("id"), rs.getLong("pairing_id"), rs.getLong("unit_id"), rs.getLong("township_id"),
                rs.getString("title"), rs.getObject("due_on", LocalDate.class), rs.getString("status"),
                rs.getObject("completed_on", LocalDate.class), rs.getString("completion_note"), rs.getInt("version"));
    }

    // ---- inspections and sanctions ----

    List<InspectionRow> inspections(DataScope scope, Long unitId, Long regionId, int limit) {
        return jdbc.sql("SELECT * FROM assessment_inspection i WHERE " + scope.where("i.region_id", "i.unit_id", null)
                        + " AND (CAST(:unit AS BIGINT) IS NULL OR i.unit_id = :unit)"
                        + " AND (CAST(:region AS BIGINT) IS NULL OR i.region_id = :region) ORDER BY i.inspected_on DESC, i.id DESC LIMIT :limit")
                .params(scope.params()).param("unit", unitId).param("region", regionId).param("limit", limit)
                .query(AssessmentStore::inspection).list();
    }

    Optional<InspectionRow> inspection(long id) {
        return jdbc.sql("SELECT * FROM assessment_inspection WHERE id = :id").param("id", id).query(AssessmentStore::inspection).optional();
    }

    long insertInspection(String team, long unitId, long regionId, LocalDate on, String findings, LocalDate rectifyBy, Long by) {
        return jdbc.sql("""
                        INSERT INTO assessment_inspection (team, unit_id, region_id, inspected_on, findings, rectify_by, created_by)
                        VALUES (:team, :unit, :region, :on, :findings, :by_date, :by) RETURNING id""")
                .param("team", team).param("unit", unitId).param("region", regionId).param("on", on).param("findings", findings)
                .param("by_date", rectifyBy).param("by", by).query(Long.class).single();
    }

    int followUp(long id, String outcome, LocalDate on, String note, int version) {
        return jdbc.sql("""
                        UPDATE assessment_inspection SET followup = :outcome, followup_on = :on, followup_note = :note, version = version + 1
                        WHERE id = :id AND version = :version""")
                .param("outcome", outcome).param("on", on).param("note", note).param("id", id).param("version", version).update();
    }

    private static InspectionRow inspection(ResultSet rs, int n) throws SQLException {
        return new InspectionRow(rs.getLong("id"), rs.getString("team"), rs.getLong("unit_id"), rs.getLong("region_id"),
                rs.getObject("inspected_on", LocalDate.class), rs.getString("findings"), rs.getObject("rectify_by", LocalDate.class),
                rs.getString("followup"), rs.getObject("followup_on", LocalDate.class), rs.getString("followup_note"),
                rs.getInt("version"));
    }

    List<SanctionRow> sanctions(DataScope scope, Long unitId, Long regionId, int limit) {
        return jdbc.sql("SELECT * FROM assessment_sanction s WHERE " + scope.where("s.region_id", "s.unit_id", null)
                        + " AND (CAST(:unit AS BIGINT) IS NULL OR s.unit_id = :unit)"
                        + " AND (CAST(:region AS BIGINT) IS NULL OR s.region_id = :region) ORDER BY s.issued_on DESC, s.id DESC LIMIT :limit")
                .params(scope.params()).param("unit", unitId).param("region", regionId).param("limit", limit)
                .query(AssessmentStore::sanction).list();
    }

    long insertSanction(long unitId, long regionId, String kind, LocalDate on, String reason, String issuer, Long inspectionId,
                        Long by) {
        return jdbc.sql("""
                        INSERT INTO assessment_sanction (unit_id, region_id, kind, issued_on, reason, issuer, inspection_id, created_by)
                        VALUES (:unit, :region, :kind, :on, :reason, :issuer, :inspection, :by) RETURNING id""")
                .param("unit", unitId).param("region", regionId).param("kind", kind).param("on", on).param("reason", reason)
                .param("issuer", issuer).param("inspection", inspectionId).param("by", by).query(Long.class).single();
    }

    private static SanctionRow sanction(ResultSet rs, int n) throws SQLException {
        return new SanctionRow(rs.getLong("id"), rs.getLong("unit_id"), rs.getLong("region_id"), rs.getString("kind"),
                rs.getObject("issued_on", LocalDate.class), rs.getString("reason"), rs.getString("issuer"),
                rs.getObject("inspection_id", Long.class));
    }

    /** Units that are assessed: every unit with a pairing, an inspection or a manual unit figure. */
    List<Long> assessedUnitIds() {
        return jdbc.sql("""
                        SELECT unit_id FROM assessment_pairing UNION SELECT unit_id FROM assessment_inspection
                        UNION SELECT unit_id FROM assessment_figure WHERE unit_id IS NOT NULL ORDER BY 1""")
                .query(Long.class).list();
    }

    // ---- publicity ----

    List<PublicityRow> publicity(DataScope scope, Long regionId, LocalDate from, LocalDate to, int limit) {
        return jdbc.sql("SELECT * FROM assessment_publicity p WHERE " + scope.where("p.region_id", null, null)
                        + " AND (CAST(:region AS BIGINT) IS NULL OR p.region_id = :region) AND p.done_on BETWEEN :from AND :to"
                        + " ORDER BY p.done_on DESC, p.id DESC LIMIT :limit")
                .params(scope.params()).param("region", regionId).param("from", from).param("to", to).param("limit", limit)
                .query(AssessmentStore::publicity).list();
    }

    /** Quantities per township, month and kind within the scope. */
    List<Map<String, Object>> publicityCounts(DataScope scope, LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT p.region_id, CAST(date_trunc('month', p.done_on) AS DATE) AS month, p.kind, sum(p.quantity) AS quantity,"
                        + " count(*) AS entries FROM assessment_publicity p WHERE " + scope.where("p.region_id", null, null)
                        + " AND p.done_on BETWEEN :from AND :to GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
                .params(scope.params()).param("from", from).param("to", to).query().listOfRows();
    }

    long insertPublicity(long regionId, String kind, int quantity, LocalDate on, String note, Long by) {
        return jdbc.sql("""
                        INSERT INTO assessment_publicity (region_id, kind, quantity, done_on, note, created_by)
                        VALUES (:region, :kind, :quantity, :on, :note, :by) RETURNING id""")
                .param("region", regionId).param("kind", kind).param("quantity", quantity).param("on", on).param("note", note)
                .param("by", by).query(Long.class).single();
    }

    private static PublicityRow publicity(ResultSet rs, int n) throws SQLException {
        return new PublicityRow(rs.getLong("id"), rs.getLong("region_id"), rs.getString("kind"), rs.getInt("quantity"),
                rs.getObject("done_on", LocalDate.class), rs.getString("note"));
    }

    // ---- the records behind the module's figures, for a region subtree (already expanded) and a date range ----

    /** Publicity entries done in the range in the regions, within the scope: what the publicity figure sums. */
    List<PublicityRow> publicityIn(DataScope scope, long[] regionIds, LocalDate from, LocalDate to, int limit) {
        return jdbc.sql("SELECT * FROM assessment_publicity p WHERE " + scope.where("p.region_id", null, null)
                        + " AND (CAST(:regions AS BIGINT[]) IS NULL OR p.region_id = ANY(CAST(:regions AS BIGINT[]))) AND p.done_on BETWEEN :from AND :to"
                        + " ORDER BY p.done_on DESC, p.id DESC LIMIT :limit")
                .params(scope.params()).param("regions", regionIds == null ? null : io.zhian.shared.SqlArrays.bigints(regionIds)).param("from", from)
                .param("to", to).param("limit", limit).query(AssessmentStore::publicity).list();
    }

    /** Pairing tasks due in the range of pairings with townships in the regions, within the scope: the on-time rate's base. */
    List<TaskRow> tasksDueIn(DataScope scope, long[] regionIds, LocalDate from, LocalDate to, int limit) {
        return jdbc.sql(TASKS + " WHERE " + scope.where("p.township_id", "p.unit_id", null)
                        + " AND (CAST(:regions AS BIGINT[]) IS NULL OR p.township_id = ANY(CAST(:regions AS BIGINT[]))) AND t.due_on BETWEEN :from AND :to"
                        + " ORDER BY t.due_on, t.id LIMIT :limit")
                .params(scope.params()).param("regions", regionIds == null ? null : io.zhian.shared.SqlArrays.bigints(regionIds)).param("from", from)
                .param("to", to).param("limit", limit).query(AssessmentStore::task).list();
    }

    /** Inspections whose rectification fell due in the range in the regions, within the scope: the rectified rate's base. */
    List<InspectionRow> inspectionsDueIn(DataScope scope, long[] regionIds, LocalDate from, LocalDate to, int limit) {
        return jdbc.sql("SELECT * FROM assessment_inspection i WHERE " + scope.where("i.region_id", "i.unit_id", null)
                        + " AND (CAST(:regions AS BIGINT[]) IS NULL OR i.region_id = ANY(CAST(:regions AS BIGINT[]))) AND i.rectify_by BETWEEN :from AND :to"
                        + " ORDER BY i.rectify_by, i.id LIMIT :limit")
                .params(scope.params()).param("regions", regionIds == null ? null : io.zhian.shared.SqlArrays.bigints(regionIds)).param("from", from)
                .param("to", to).param("limit", limit).query(AssessmentStore::inspection).list();
    }

    // ---- the module's own live figures (region subtrees through the materialised path) ----

    /** Publicity quantity per requested region, over its subtree. */
    Map<Long, long[]> publicityTotals(List<Long> regionIds, LocalDate from, LocalDate to) {
        return pairsById("""
                        SELECT q.id, sum(p.quantity), count(*) FROM region q JOIN region r ON r.path LIKE q.path || '%'
                          JOIN assessment_publicity p ON p.region_id = r.id
                        WHERE q.id = ANY(CAST(:ids AS BIGINT[])) AND p.done_on BETWEEN :from AND :to GROUP BY q.id""", regionIds, from, to);
    }

    /** Pairing tasks due in the range per requested township subtree: {done on time, due}. */
    Map<Long, long[]> taskTotalsByRegion(List<Long> regionIds, LocalDate from, LocalDate to) {
        return pairsById("""
                        SELECT q.id, count(*) FILTER (WHERE t.status = 'DONE' AND t.completed_on <= t.due_on), count(*)
                        FROM region q JOIN region r ON r.path LIKE q.path || '%' JOIN assessment_pairing p ON p.township_id = r.id
                          JOIN assessment_task t ON t.pairing_id = p.id
                        WHERE q.id = ANY(CAST(:ids AS BIGINT[])) AND t.due_on BETWEEN :from AND :to GROUP BY q.id""", regionIds, from, to);
    }

    /** Pairing tasks due in the range per unit: {done on time, due}. */
    Map<Long, long[]> taskTotalsByUnit(List<Long> unitIds, LocalDate from, LocalDate to) {
        return pairsById("""
                        SELECT p.unit_id, count(*) FILTER (WHERE t.status = 'DONE' AND t.completed_on <= t.due_on), count(*)
                        FROM assessment_pairing p JOIN assessment_task t ON t.pairing_id = p.id
                        WHERE p.unit_id = ANY(CAST(:ids AS BIGINT[])) AND t.due_on BETWEEN :from AND :to GROUP BY p.unit_id""", unitIds, from, to);
    }

    /** Inspections whose rectification fell due in the range, per unit: {rectified, due}. */
    Map<Long, long[]> rectificationTotalsByUnit(List<Long> unitIds, LocalDate from, LocalDate to) {
        return pairsById("""
                        SELECT unit_id, count(*) FILTER (WHERE followup = 'RECTIFIED'), count(*) FROM assessment_inspection
                        WHERE unit_id = ANY(CAST(:ids AS BIGINT[])) AND rectify_by BETWEEN :from AND :to GROUP BY unit_id""", unitIds, from, to);
    }

    /** Runs a query answering (id, a, b) rows for the ids in [from, to] and keys {a, b} by id. */
    private Map<Long, long[]> pairsById(String sql, List<Long> ids, LocalDate from, LocalDate to) {
        Map<Long, long[]> out = new java.util.HashMap<>();
        jdbc.sql(sql).param("ids", io.zhian.shared.SqlArrays.bigints(ids)).param("from", from).param("to", to)
                .query((rs, n) -> out.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)})).list();
        return out;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }
}
