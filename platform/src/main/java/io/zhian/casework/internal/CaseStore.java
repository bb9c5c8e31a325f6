package io.zhian.casework.internal;

import io.zhian.casework.CaseOutcome;
import io.zhian.casework.CaseState;
import io.zhian.casework.CaseType;
import io.zhian.casework.Channel;
import io.zhian.casework.WorkingCalendar;
import io.zhian.shared.DataScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The casework tables. Every list query is scoped with bind parameters. */
@Repository
public class CaseStore {

    public record CaseRow(long id, String caseNo, String typeCode, String title, String description, long regionId,
                          long handlingRegionId, Channel channel, CaseState state, CaseOutcome outcome, String outcomeReason,
                          Long assigneeUnitId, Long assigneeUserId, String assigneeName, Long previousUnitId,
                          Long previousUserId, String previousName, Long returnedToUserId, boolean escalated, int reopenCount,
                          Instant dueAt, Double lat, Double lon, String address, boolean publicIntake, Long createdBy,
                          Instant createdAt, Instant updatedAt, Instant finishedAt, int version) {}

    public record PartyRow(long id, long caseId, String role, String name, String phone) {}

    public record EventRow(long id, long caseId, Instant at, Long actorId, String actorName, String action, String fromState,
                           String toState, Long unitId, String note) {}

    /** Work queues a person lives in. */
    public enum Queue { ALL, MINE, UNASSIGNED, DUE_SOON, OVERDUE, RETURNED }

    public record Filter(Queue queue, String typeCode, CaseState state, String q) {}

    /** Everything an update writes; unchanged fields are copied from the row read. */
    public record Change(CaseState state, CaseOutcome outcome, String outcomeReason, Long assigneeUnitId, Long assigneeUserId,
                         String assigneeName, Long previousUnitId, Long previousUserId, String previousName,
                         Long returnedToUserId, long handlingRegionId, boolean escalated, int reopenCount, Instant dueAt,
                         Instant finishedAt) {

        public static Change of(CaseRow r) {
            return new Change(r.state(), r.outcome(), r.outcomeReason(), r.assigneeUnitId(), r.assigneeUserId(), r.assigneeName(),
                    r.previousUnitId(), r.previousUserId(), r.previousName(), r.returnedToUserId(), r.handlingRegionId(),
                    r.escalated(), r.reopenCount(), r.dueAt(), r.finishedAt());
        }
    }

    private final JdbcClient jdbc;

    CaseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- registry and calendar ----

    public List<CaseType> types() {
        return jdbc.sql("SELECT * FROM casework_type ORDER BY sort_order, code").query(CaseStore::mapType).list();
    }

    public Optional<CaseType> type(String code) {
        return jdbc.sql("SELECT * FROM casework_type WHERE code = :code").param("code", code == null ? "" : code.strip())
                .query(CaseStore::mapType).optional();
    }

    public WorkingCalendar calendar() {
        Set<LocalDate> off = new HashSet<>();
        Set<LocalDate> worked = new HashSet<>();
        jdbc.sql("SELECT day, working FROM casework_holiday").query((rs, n) -> {
            (rs.getBoolean("working") ? worked : off).add(rs.getObject("day", LocalDate.class));
            return 1;
        }).list();
        return new WorkingCalendar(off, worked);
    }

    public void putHoliday(LocalDate day, boolean working, String name) {
        jdbc.sql("INSERT INTO casework_holiday (day, working, name) VALUES (:day, :working, :name) "
                        + "ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, name = EXCLUDED.name")
                .param("day", day).param("working", working).param("name", name).update();
    }

    public List<Map<String, Object>> holidays(int year) {
        return jdbc.sql("SELECT day, working, name FROM casework_holiday WHERE EXTRACT(YEAR FROM day) = :year ORDER BY day")
                .param("year", year).query().listOfRows();
    }

    // ---- cases ----

    public String nextCaseNo(int year) {
        long n = jdbc.sql("SELECT nextval('casework_case_no_seq')").query(Long.class).single();
        return String.format("CW%d-%06d", year, n);
    }

    public long insert(String caseNo, String typeCode, String title, String description, long regionId, long handlingRegionId,
                       Channel channel, Long unitId, Instant dueAt, Double lat, Double lon, String address, boolean publicIntake,
                       Long createdBy) {
        return jdbc.sql("""
                        INSERT INTO casework_case (case_no, type_code, title, description, region_id, handling_region_id, channel, state,
                          assignee_unit_id, due_at, lat, lon, address, public_intake, created_by)
                        VALUES (:no, :type, :title, :description, :region, :handling, :channel, 'REGISTERED', :unit, :due, :lat, :lon,
                          :address, :public, :by) RETURNING id""")
                .param("no", caseNo).param("type", typeCode).param("title", title).param("description", description)
                .param("region", regionId).param("handling", handlingRegionId).param("channel", channel.name())
                .param("unit", unitId).param("due", Timestamp.from(dueAt)).param("lat", lat).param("lon", lon)
                .param("address", address).param("public", publicIntake).param("by", createdBy)
                .query(Long.class).single();
    }

    /** Outcome per case id (absent while a case is open). */
    public Map<Long, String> outcomes(java.util.Collection<Long> ids) {
        Map<Long, String> map = new HashMap<>();
        if (ids.isEmpty()) {
            return map;
        }
        jdbc.sql("SELECT id, outcome FROM casework_case WHERE id = ANY(CAST(:ids AS BIGINT[])) AND outcome IS NOT NULL")
                .param("ids", io.zhian.shared.SqlArrays.bigints(ids))
                .query((rs, n) -> map.put(rs.getLong(1), rs.getString(2))).list();
        return map;
    }

    public Map<Long, io.zhian.casework.CaseSummary> summaries(java.util.Collection<Long> ids) {
        Map<Long, io.zhian.casework.CaseSummary> map = new HashMap<>();
        if (ids.isEmpty()) {
            return map;
        }
        jdbc.sql("""
                        SELECT c.id, c.case_no, c.title, c.state, c.outcome, c.escalated, c.created_at, c.finished_at, c.region_id,
                          c.handling_region_id, c.assignee_unit_id,
                          EXISTS (SELECT 1 FROM casework_event e WHERE e.case_id = c.id AND e.action IN ('TRANSFER', 'ESCALATE')) AS handed_on
                        FROM casework_case c WHERE c.id = ANY(CAST(:ids AS BIGINT[]))""")
                .param("ids", io.zhian.shared.SqlArrays.bigints(ids))
                .query((rs, n) -> map.put(rs.getLong("id"), new io.zhian.casework.CaseSummary(rs.getLong("id"), rs.getString("case_no"), rs.getString("title"),
                        CaseState.valueOf(rs.getString("state")),
                        rs.getString("outcome") == null ? null : CaseOutcome.valueOf(rs.getString("outcome")),
                        rs.getBoolean("escalated"), rs.getBoolean("handed_on"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(), rs.getLong("region_id"),
                        rs.getLong("handling_region_id"), rs.getObject("assignee_unit_id", Long.class)))).list();
        return map;
    }

    public void shiftTimeline(long caseId, java.time.Duration back, java.time.Duration openFor) {
        String b = back.getSeconds() + " seconds";
        String c = back.plus(openFor).getSeconds() + " seconds";
        jdbc.sql("""
                        UPDATE casework_case SET created_at = created_at - CAST(:c AS INTERVAL), due_at = due_at - CAST(:c AS INTERVAL),
                          updated_at = updated_at - CAST(:b AS INTERVAL), finished_at = finished_at - CAST(:b AS INTERVAL) WHERE id = :id""")
                .param("b", b).param("c", c).param("id", caseId).update();
        jdbc.sql("""
                        UPDATE casework_event SET at = at - CAST(CASE WHEN action = 'CREATE' THEN :c ELSE :b END AS INTERVAL)
                        WHERE case_id = :id""").param("b", b).param("c", c).param("id", caseId).update();
    }

    public Optional<CaseRow> find(long id) {
        return jdbc.sql("SELECT * FROM casework_case c WHERE c.id = :id").param("id", id).query(CaseStore::map).optional();
    }

    public Optional<CaseRow> findByNo(String caseNo) {
        return jdbc.sql("SELECT * FROM casework_case c WHERE c.case_no = :no").param("no", caseNo).query(CaseStore::map).optional();
    }

    /** A case is in scope by where it happened, the handling unit, its creator, the handling region or its assignee. */
    public static boolean permits(DataScope scope, CaseRow r) {
        return scope.permits(r.regionId(), r.assigneeUnitId(), r.createdBy())
                || scope.permits(r.handlingRegionId(), null, r.assigneeUserId());
    }

    private static String scopeSql(DataScope scope) {
        return "(" + scope.where("c.region_id", "c.assignee_unit_id", "c.created_by") + " OR "
                + scope.where("c.handling_region_id", null, "c.assignee_user_id") + ")";
    }

    public List<CaseRow> list(DataScope scope, long userId, long unitId, Filter f, Instant now, Instant soonLimit, int offset, int limit) {
        return jdbc.sql("SELECT * FROM casework_case c WHERE " + scopeSql(scope) + filterSql()
                        + " ORDER BY " + (f.queue() == Queue.DUE_SOON || f.queue() == Queue.OVERDUE ? "c.due_at, c.id" : "c.created_at DESC, c.id DESC")
                        + " OFFSET :offset LIMIT :limit")
                .params(scope.params()).params(filterParams(f, userId, unitId, now, soonLimit))
                .param("offset", Math.max(offset, 0)).param("limit", Math.min(Math.max(limit, 1), 500))
                .query(CaseStore::map).list();
    }

    public long count(DataScope scope, long userId, long unitId, Filter f, Instant now, Instant soonLimit) {
        return jdbc.sql("SELECT count(*) FROM casework_case c WHERE " + scopeSql(scope) + filterSql())
                .params(scope.params()).params(filterParams(f, userId, unitId, now, soonLimit)).query(Long.class).single();
    }

    private static String filterSql() {
        return """
                 AND (CAST(:type AS VARCHAR) IS NULL OR c.type_code = :type)
                 AND (CAST(:state AS VARCHAR) IS NULL OR c.state = :state)
                 AND (:q = '' OR c.case_no LIKE :like OR c.title LIKE :like)
                 AND (:queue = 'ALL'
                   OR (:queue = 'MINE' AND c.assignee_user_id = :me AND c.finished_at IS NULL)
                   OR (:queue = 'UNASSIGNED' AND c.assignee_unit_id = :myUnit AND c.assignee_user_id IS NULL AND c.finished_at IS NULL)
                   OR (:queue = 'DUE_SOON' AND c.finished_at IS NULL AND c.due_at >= :now AND c.due_at <= :soon)
                   OR (:queue = 'OVERDUE' AND c.finished_at IS NULL AND c.due_at < :now)
                   OR (:queue = 'RETURNED' AND c.returned_to_user_id = :me AND c.finished_at IS NULL))""";
    }

    private static Map<String, Object> filterParams(Filter f, long userId, long unitId, Instant now, Instant soonLimit) {
        String q = f.q() == null ? "" : f.q().strip();
        Map<String, Object> p = new HashMap<>();
        p.put("type", f.typeCode() == null || f.typeCode().isBlank() ? null : f.typeCode().strip());
        p.put("state", f.state() == null ? null : f.state().name());
        p.put("q", q);
        p.put("like", "%" + q + "%");
        p.put("queue", (f.queue() == null ? Queue.ALL : f.queue()).name());
        p.put("me", userId);
        p.put("myUnit", unitId);
        p.put("now", Timestamp.from(now));
        p.put("soon", Timestamp.from(soonLimit));
        return p;
    }

    /** Writes a change if nobody moved the case meanwhile (same version); false otherwise. */
    public boolean update(CaseRow before, Change c) {
        return jdbc.sql("""
                        UPDATE casework_case SET state = :state, outcome = :outcome, outcome_reason = :reason,
                          assignee_unit_id = :unit, assignee_user_id = :user, assignee_name = :userName,
                          previous_unit_id = :prevUnit, previous_user_id = :prevUser, previous_name = :prevName,
                          returned_to_user_id = :returned, handling_region_id = :handling, escalated = :escalated,
                          reopen_count = :reopen, due_at = :due, finished_at = :finished, updated_at = now(), version = version + 1
                        WHERE id = :id AND version = :version""")
                .param("state", c.state().name()).param("outcome", c.outcome() == null ? null : c.outcome().name())
                .param("reason", c.outcomeReason()).param("unit", c.assigneeUnitId()).param("user", c.assigneeUserId())
                .param("userName", c.assigneeName()).param("prevUnit", c.previousUnitId()).param("prevUser", c.previousUserId())
                .param("prevName", c.previousName()).param("returned", c.returnedToUserId()).param("handling", c.handlingRegionId())
                .param("escalated", c.escalated()).param("reopen", c.reopenCount()).param("due", Timestamp.from(c.dueAt()))
                .param("finished", c.finishedAt() == null ? null : Timestamp.from(c.finishedAt()))
                .param("id", before.id()).param("version", before.version()).update() == 1;
    }

    /** Open cases past their due time that have not been escalated yet. */
    public List<CaseRow> overdueNotEscalated(Instant now) {
        return jdbc.sql("SELECT * FROM casework_case c WHERE c.finished_at IS NULL AND c.due_at < :now AND NOT c.escalated ORDER BY c.id")
                .param("now", Timestamp.from(now)).query(CaseStore::map).list();
    }

    // ---- parties and timeline ----

    public void insertParty(long caseId, String role, String name, String phone) {
        jdbc.sql("INSERT INTO casework_party (case_id, role, name, phone) VALUES (:case, :role, :name, :phone)")
                .param("case", caseId).param("role", role).param("name", name).param("phone", phone).update();
    }

    public List<PartyRow> parties(long caseId) {
        return jdbc.sql("SELECT * FROM casework_party WHERE case_id = :id ORDER BY id").param("id", caseId)
                .query((rs, n) -> new PartyRow(rs.getLong("id"), rs.getLong("case_id"), rs.getString("role"), rs.getString("name"),
                        rs.getString("phone"))).list();
    }

    public void event(long caseId, Long actorId, String actorName, String action, CaseState from, CaseState to, Long unitId, String note) {
        jdbc.sql("""
                        INSERT INTO casework_event (case_id, actor_id, actor_name, action, from_state, to_state, unit_id, note)
                        VALUES (:case, :actor, :name, :action, :from, :to, :unit, :note)""")
                .param("case", caseId).param("actor", actorId).param("name", actorName).param("action", action)
                .param("from", from == null ? null : from.name()).param("to", to.name()).param("unit", unitId).param("note", note)
                .update();
    }

    public List<EventRow> timeline(long caseId) {
        return jdbc.sql("SELECT * FROM casework_event WHERE case_id = :id ORDER BY id").param("id", caseId)
                .query((rs, n) -> new EventRow(rs.getLong("id"), rs.getLong("case_id"), rs.getTimestamp("at").toInstant(),
                        rs.getObject("actor_id", Long.class), rs.getString("actor_name"), rs.getString("action"),
                        rs.getString("from_state"), rs.getString("to_state"), rs.getObject("unit_id", Long.class), rs.getString("note")))
                .list();
    }

    // ---- statistics ----

    /** Counts per incident region and creation month (Asia/Shanghai), in scope; the caller rolls regions up. */
    public List<Map<String, Object>> statistics(DataScope scope, String typeCode, Instant now) {
        return jdbc.sql("""
                        SELECT c.region_id, to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
                          count(*) AS cases,
                          count(*) FILTER (WHERE c.outcome = 'RESOLVED') AS resolved,
                          count(*) FILTER (WHERE c.outcome = 'CLOSED_UNRESOLVED') AS closed_unresolved,
                          count(*) FILTER (WHERE c.outcome = 'WITHDRAWN') AS withdrawn,
                          count(*) FILTER (WHERE c.outcome = 'TRANSFERRED') AS transferred,
                          count(*) FILTER (WHERE c.outcome = 'REFERRED_TO_COURT') AS referred_to_court,
                          count(*) FILTER (WHERE c.finished_at IS NULL) AS open,
                          coalesce(sum(EXTRACT(EPOCH FROM (c.finished_at - c.created_at)) / 86400.0) FILTER (WHERE c.outcome = 'RESOLVED'), 0)
                            AS resolve_days_sum,
                          count(*) FILTER (WHERE (c.finished_at IS NULL AND c.due_at < :now) OR c.finished_at > c.due_at) AS overdue
                        FROM casework_case c WHERE """ + scopeSql(scope) + """
                         AND (CAST(:type AS VARCHAR) IS NULL OR c.type_code = :type)
                        GROUP BY c.region_id, month""")
                .params(scope.params()).param("type", typeCode == null || typeCode.isBlank() ? null : typeCode)
                .param("now", Timestamp.from(now)).query().listOfRows();
    }

    // ---- mapping ----

    static CaseType mapType(ResultSet rs, int n) throws SQLException {
        return new CaseType(rs.getString("code"), rs.getString("name_zh"), rs.getString("name_en"), rs.getString("description"),
                rs.getInt("due_working_days"), rs.getBoolean("open311_public"), rs.getString("open311_group"), rs.getString("keywords"));
    }

    static CaseRow map(ResultSet rs, int n) throws SQLException {
        String outcome = rs.getString("outcome");
        return new CaseRow(rs.getLong("id"), rs.getString("case_no"), rs.getString("type_code"), rs.getString("title"),
                rs.getString("description"), rs.getLong("region_id"), rs.getLong("handling_region_id"),
                Channel.valueOf(rs.getString("channel")), CaseState.valueOf(rs.getString("state")),
                outcome == null ? null : CaseOutcome.valueOf(outcome), rs.getString("outcome_reason"),
                rs.getObject("assignee_unit_id", Long.class), rs.getObject("assignee_user_id", Long.class), rs.getString("assignee_name"),
                rs.getObject("previous_unit_id", Long.class), rs.getObject("previous_user_id", Long.class), rs.getString("previous_name"),
                rs.getObject("returned_to_user_id", Long.class), rs.getBoolean("escalated"), rs.getInt("reopen_count"),
                rs.getTimestamp("due_at").toInstant(), rs.getObject("lat", Double.class), rs.getObject("lon", Double.class),
                rs.getString("address"), rs.getBoolean("public_intake"), rs.getObject("created_by", Long.class),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(), rs.getInt("version"));
    }
}
