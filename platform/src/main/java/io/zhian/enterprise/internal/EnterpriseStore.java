package io.zhian.enterprise.internal;

import io.zhian.shared.DataScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for enterprises, pairings, visits, problem links and practical deeds. */
@Repository
public class EnterpriseStore {

    public record EnterpriseRow(long id, String name, String creditCode, long regionId, boolean aboveSize, String contactName,
                         String contactPhone, Long createdBy, Long createdUnitId) {}

    public record PairingRow(long id, long userId, String username, String displayName) {}

    public record VisitRow(long id, LocalDate visitedOn, long userId, String officerName, String notes) {}

    public record ProblemRow(long id, long enterpriseId, long caseId) {}

    public record DeedRow(long id, long userId, String doerName, long unitId, long regionId, String beneficiaryKind,
                   String beneficiaryName, String what, LocalDate doneOn, boolean hasPhoto) {}

    /** A deed's photo: bytes as uploaded, content type as detected from them. */
    public record PhotoRow(long deedId, String contentType, byte[] bytes, int size, String sha256, long uploadedBy,
                    java.time.OffsetDateTime uploadedAt) {}

    private final JdbcClient jdbc;

    EnterpriseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The scope of enterprise rows: region, creating unit, creator — or a pairing with the acting user. */
    static String enterpriseScope(DataScope scope) {
        return "(" + scope.where("e.region_id", "e.created_unit_id", "e.created_by")
                + " OR e.id IN (SELECT enterprise_id FROM enterprise_pairing WHERE user_id = :me))";
    }

    private static Map<String, Object> params(DataScope scope, long me) {
        Map<String, Object> p = new LinkedHashMap<>(scope.params());
        p.put("me", me);
        return p;
    }

    long insertEnterprise(String name, String creditCode, long regionId, boolean aboveSize, String contactName,
                          String contactPhone, long createdBy, long createdUnitId) {
        return jdbc.sql("""
                INSERT INTO enterprise (name, credit_code, region_id, above_size, contact_name, contact_phone, created_by, created_unit_id)
                VALUES (:name, :code, :region, :above, :cname, :cphone, :by, :unit) RETURNING id""")
                .param("name", name).param("code", creditCode).param("region", regionId).param("above", aboveSize)
                .param("cname", contactName).param("cphone", contactPhone).param("by", createdBy).param("unit", createdUnitId)
                .query(Long.class).single();
    }

    boolean creditCodeTaken(String code) {
        return jdbc.sql("SELECT count(*) FROM enterprise WHERE credit_code = :c").param("c", code).query(Long.class).single() > 0;
    }

    Optional<EnterpriseRow> find(long id) {
        return jdbc.sql("SELECT * FROM enterprise WHERE id = :id").param("id", id).query(EnterpriseStore::enterprise).optional();
    }

    boolean paired(long enterpriseId, long userId) {
        return jdbc.sql("SELECT count(*) FROM enterprise_pairing WHERE enterprise_id = :e AND user_id = :u")
                .param("e", enterpriseId).param("u", userId).query(Long.class).single() > 0;
    }

    List<EnterpriseRow> list(DataScope scope, long me, String q, int offset, int limit) {
        return jdbc.sql("SELECT e.* FROM enterprise e WHERE " + enterpriseScope(scope)
                        + " AND (:q = '' OR e.name ILIKE '%' || :q || '%' OR e.credit_code = UPPER(:q))"
                        + " ORDER BY e.name, e.id OFFSET :offset LIMIT :limit")
                .params(params(scope, me)).param("q", q == null ? "" : q.strip()).param("offset", offset).param("limit", limit)
                .query(EnterpriseStore::enterprise).list();
    }

    long count(DataScope scope, long me, String q) {
        return jdbc.sql("SELECT count(*) FROM enterprise e WHERE " + enterpriseScope(scope)
                        + " AND (:q = '' OR e.name ILIKE '%' || :q || '%' OR e.credit_code = UPPER(:q))")
                .params(params(scope, me)).param("q", q == null ? "" : q.strip()).query(Long.class).single();
    }

    /**
     * Live figures per enterprise region: enterprises, above-size enterprises and the casework case ids of
     * the problems raised (the caller asks the casework module for their outcomes).
     */
    List<Map<String, Object>> figures(DataScope scope, long me) {
        return jdbc.sql("""
                SELECT e.region_id, count(DISTINCT e.id) AS enterprises,
                       count(DISTINCT e.id) FILTER (WHERE e.above_size) AS above_size,
                       array_remove(array_agg(p.case_id), NULL) AS case_ids
                FROM enterprise e
                LEFT JOIN enterprise_problem p ON p.enterprise_id = e.id
                WHERE """ + " " + enterpriseScope(scope) + " GROUP BY e.region_id ORDER BY e.region_id")
                .params(params(scope, me))
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("regionId", rs.getLong("region_id"));
                    m.put("enterprises", rs.getLong("enterprises"));
                    m.put("aboveSize", rs.getLong("above_size"));
                    Long[] ids = (Long[]) rs.getArray("case_ids").getArray();
                    m.put("caseIds", java.util.Arrays.asList(ids));
                    return m;
                }).list();
    }

    void insertPairing(long enterpriseId, long userId, String username, String displayName) {
        jdbc.sql("INSERT INTO enterprise_pairing (enterprise_id, user_id, username, display_name) VALUES (:e, :u, :n, :d)")
                .param("e", enterpriseId).param("u", userId).param("n", username).param("d", displayName).update();
    }

    List<PairingRow> pairings(long enterpriseId) {
        return jdbc.sql("SELECT * FROM enterprise_pairing WHERE enterprise_id = :e ORDER BY id").param("e", enterpriseId)
                .query((rs, n) -> new PairingRow(rs.getLong("id"), rs.getLong("user_id"), rs.getString("username"),
                        rs.getString("display_name"))).list();
    }

    long insertVisit(long enterpriseId, LocalDate on, long userId, String officerName, String notes) {
        return jdbc.sql("""
                INSERT INTO enterprise_visit (enterprise_id, visited_on, user_id, officer_name, notes)
                VALUES (:e, :on, :u, :name, :notes) RETURNING id""")
                .param("e", enterpriseId).param("on", on).param("u", userId).param("name", officerName).param("notes", notes)
                .query(Long.class).single();
    }

    List<VisitRow> visits(long enterpriseId) {
        return jdbc.sql("SELECT * FROM enterprise_visit WHERE enterprise_id = :e ORDER BY visited_on DESC, id DESC")
                .param("e", enterpriseId)
                .query((rs, n) -> new VisitRow(rs.getLong("id"), rs.getObject("visited_on", LocalDate.class), rs.getLong("user_id"),
                        rs.getString("officer_name"), rs.getString("notes"))).list();
    }

    long insertProblem(long enterpriseId, long caseId, long createdBy) {
        return jdbc.sql("INSERT INTO enterprise_problem (enterprise_id, case_id, created_by) VALUES (:e, :c, :u) RETURNING id")
                .param("e", enterpriseId).param("c", caseId).param("u", createdBy).query(Long.class).single();
    }

    List<ProblemRow> problems(long enterpriseId) {
        return jdbc.sql("SELECT * FROM enterprise_problem WHERE enterprise_id = :e ORDER BY id DESC").param("e", enterpriseId)
                .query((rs, n) -> new ProblemRow(rs.getLong("id"), rs.getLong("enterprise_id"), rs.getLong("case_id"))).list();
    }

    long insertDeed(long userId, String doerName, long unitId, long regionId, String kind, String beneficiary, String what,
                    LocalDate doneOn) {
        return jdbc.sql("""
                INSERT INTO practical_deed (user_id, doer_name, unit_id, region_id, beneficiary_kind, beneficiary_name, what, done_on)
                VALUES (:u, :doer, :unit, :region, :kind, :who, :what, :on) RETURNING id""")
                .param("u", userId).param("doer", doerName).param("unit", unitId).param("region", regionId).param("kind", kind)
                .param("who", beneficiary).param("what", what).param("on", doneOn).query(Long.class).single();
    }

    private static String deedScope(DataScope scope) {
        return scope.where("d.region_id", "d.unit_id", "d.user_id");
    }

    private static final String DEED_COLUMNS =
            "d.*, EXISTS (SELECT 1 FROM deed_photo p WHERE p.deed_id = d.id) AS has_photo";

    List<DeedRow> deeds(DataScope scope, int offset, int limit) {
        return deeds(scope, EnterpriseListFilter.NONE, offset, limit);
    }

    List<DeedRow> deeds(DataScope scope, EnterpriseListFilter f, int offset, int limit) {
        return jdbc.sql("SELECT " + DEED_COLUMNS + " FROM practical_deed d WHERE " + deedScope(scope) + DEED_FILTER
                        + " ORDER BY d.done_on DESC, d.id DESC OFFSET :offset LIMIT :limit")
                .params(scope.params()).params(deedFilterParams(f)).param("offset", offset).param("limit", limit)
                .query(EnterpriseStore::deed).list();
    }

    // a figure's filter: the region's subtree and the months of the day done
    private static final String DEED_FILTER = " AND (CAST(:subtree AS BIGINT[]) IS NULL OR d.region_id = ANY(CAST(:subtree AS BIGINT[])))"
            + " AND (CAST(:first AS DATE) IS NULL OR d.done_on >= :first) AND (CAST(:last AS DATE) IS NULL OR d.done_on <= :last)";

    private static Map<String, Object> deedFilterParams(EnterpriseListFilter f) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("subtree", f.range().subtreeParam());
        p.put("first", f.range().firstDay());
        p.put("last", f.range().lastDay());
        return p;
    }

    Optional<DeedRow> findDeed(long id) {
        return jdbc.sql("SELECT " + DEED_COLUMNS + " FROM practical_deed d WHERE d.id = :id").param("id", id)
                .query(EnterpriseStore::deed).optional();
    }

    private static DeedRow deed(ResultSet rs, int n) throws SQLException {
        return new DeedRow(rs.getLong("id"), rs.getLong("user_id"), rs.getString("doer_name"),
                rs.getLong("unit_id"), rs.getLong("region_id"), rs.getString("beneficiary_kind"),
                rs.getString("beneficiary_name"), rs.getString("what"), rs.getObject("done_on", LocalDate.class),
                rs.getBoolean("has_photo"));
    }

    /** Inserts or replaces the deed's photo; true when one was replaced. */
    boolean putPhoto(long deedId, String contentType, byte[] bytes, String sha256, long uploadedBy) {
        boolean replaced = jdbc.sql("SELECT count(*) FROM deed_photo WHERE deed_id = :d").param("d", deedId)
                .query(Long.class).single() > 0;
        jdbc.sql("""
                INSERT INTO deed_photo (deed_id, content_type, bytes, size, sha256, uploaded_by)
                VALUES (:d, :type, :bytes, :size, :sha, :by)
                ON CONFLICT (deed_id) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
                  size = EXCLUDED.size, sha256 = EXCLUDED.sha256, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = now()""")
                .param("d", deedId).param("type", contentType).param("bytes", bytes).param("size", bytes.length)
                .param("sha", sha256).param("by", uploadedBy).update();
        return replaced;
    }

    boolean removePhoto(long deedId) {
        return jdbc.sql("DELETE FROM deed_photo WHERE deed_id = :d").param("d", deedId).update() > 0;
    }

    Optional<PhotoRow> photo(long deedId) {
        return jdbc.sql("SELECT * FROM deed_photo WHERE deed_id = :d").param("d", deedId)
                .query((rs, n) -> new PhotoRow(rs.getLong("deed_id"), rs.getString("content_type"), rs.getBytes("bytes"),
                        rs.getInt("size"), rs.getString("sha256"), rs.getLong("uploaded_by"),
                        rs.getObject("uploaded_at", java.time.OffsetDateTime.class))).optional();
    }

    long countDeeds(DataScope scope, EnterpriseListFilter f) {
        return jdbc.sql("SELECT count(*) FROM practical_deed d WHERE " + deedScope(scope) + DEED_FILTER).params(scope.params())
                .params(deedFilterParams(f)).query(Long.class).single();
    }

    /** Deeds per doing unit and month (YYYY-MM of the day done). */
    List<Map<String, Object>> deedCounts(DataScope scope, EnterpriseListFilter f) {
        return jdbc.sql("SELECT d.unit_id, to_char(d.done_on, 'YYYY-MM') AS month, count(*) AS deeds FROM practical_deed d WHERE "
                        + deedScope(scope) + DEED_FILTER + " GROUP BY d.unit_id, month ORDER BY month DESC, d.unit_id")
                .params(scope.params()).params(deedFilterParams(f))
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("unitId", rs.getLong("unit_id"));
                    m.put("month", rs.getString("month"));
                    m.put("deeds", rs.getLong("deeds"));
                    return m;
                }).list();
    }

    /** A problem raised by an enterprise the caller may see, for the problem list; the outcome lives in casework. */
    record ProblemLink(long id, long enterpriseId, String enterpriseName, long regionId, long caseId, java.time.Instant raisedAt) {}

    /** Problems of enterprises in the caller's enterprise scope (and in the subtree, when given), newest first. */
    List<ProblemLink> problemLinks(DataScope scope, long me, long[] subtree) {
        return jdbc.sql("SELECT p.id, p.enterprise_id, e.name, e.region_id, p.case_id, p.created_at FROM enterprise_problem p "
                        + "JOIN enterprise e ON e.id = p.enterprise_id WHERE " + enterpriseScope(scope)
                        + " AND (CAST(:subtree AS BIGINT[]) IS NULL OR e.region_id = ANY(CAST(:subtree AS BIGINT[])))"
                        + " ORDER BY p.created_at DESC, p.id DESC")
                .params(params(scope, me)).param("subtree", subtree == null ? null : io.zhian.shared.SqlArrays.bigints(subtree))
                .query((rs, n) -> new ProblemLink(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getTimestamp(6).toInstant())).list();
    }

    // ---- figures: unscoped, one statement for all asked regions, each over its subtree (joined by the region path) ----

    /** Deeds done between the two days (inclusive) per asked region. */
    Map<Long, Long> deedsBySubtree(java.util.Collection<Long> asked, LocalDate first, LocalDate last) {
        Map<Long, Long> out = new java.util.HashMap<>();
        if (asked.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT q.id, count(*) FROM region q JOIN region r ON r.path LIKE q.path || '%'
                        JOIN practical_deed d ON d.region_id = r.id
                        WHERE q.id = ANY(CAST(:asked AS BIGINT[])) AND d.done_on >= :first AND d.done_on <= :last GROUP BY q.id""")
                .param("asked", io.zhian.shared.SqlArrays.bigints(asked)).param("first", first).param("last", last)
                .query((rs, n) -> out.put(rs.getLong(1), rs.getLong(2))).list();
        return out;
    }

    /** The casework case ids of the problems raised by enterprises in each asked region's subtree. */
    Map<Long, List<Long>> problemCasesBySubtree(java.util.Collection<Long> asked) {
        Map<Long, List<Long>> out = new java.util.HashMap<>();
        if (asked.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT q.id, p.case_id FROM region q JOIN region r ON r.path LIKE q.path || '%'
                        JOIN enterprise e ON e.region_id = r.id JOIN enterprise_problem p ON p.enterprise_id = e.id
                        WHERE q.id = ANY(CAST(:asked AS BIGINT[]))""")
                .param("asked", io.zhian.shared.SqlArrays.bigints(asked))
                .query((rs, n) -> out.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(rs.getLong(2))).list();
        return out;
    }

    /** Demo data only: moves a problem link's creation back, in step with its casework case. */
    void shiftProblemCreated(long caseId, java.time.Duration back) {
        jdbc.sql("UPDATE enterprise_problem SET created_at = created_at - CAST(:b AS INTERVAL) WHERE case_id = :c")
                .param("b", back.toSeconds() + " seconds").param("c", caseId).update();
    }

    private static EnterpriseRow enterprise(ResultSet rs, int n) throws SQLException {
        return new EnterpriseRow(rs.getLong("id"), rs.getString("name"), rs.getString("credit_code"), rs.getLong("region_id"),
                rs.getBoolean("above_size"), rs.getString("contact_name"), rs.getString("contact_phone"),
                (Long) rs.getObject("created_by"), (Long) rs.getObject("created_unit_id"));
    }
}
