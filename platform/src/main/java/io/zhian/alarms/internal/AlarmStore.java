package io.zhian.alarms.internal;

import io.zhian.shared.DataScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The alarm tables. Scoped reads take a {@link DataScope}; a row is in scope by its region or its dispatched unit. */
@Repository
class AlarmStore {

    static final String COLUMNS = "a.id, a.alarm_no, a.source_kind, a.source_ref, a.region_id, a.township_id, a.lon, a.lat, a.address,"
            + " a.category, a.description, a.caller_phone, a.stage, a.outcome_reason, a.unit_id, a.dispatch_target_min,"
            + " a.arrival_target_min, a.raised_at, a.received_at, a.dispatched_at, a.en_route_at, a.on_scene_at, a.cleared_at,"
            + " a.finished_at, a.stage_at, a.version";

    record AlarmRow(long id, String alarmNo, String sourceKind, String sourceRef, long regionId, Long townshipId, Double lon,
                    Double lat, String address, String category, String description, String callerPhone, AlarmStage stage,
                    String outcomeReason, Long unitId, int dispatchTargetMin, int arrivalTargetMin, Instant raisedAt,
                    Instant receivedAt, Instant dispatchedAt, Instant enRouteAt, Instant onSceneAt, Instant clearedAt,
                    Instant finishedAt, Instant stageAt, int version) {}

    record NewAlarmRow(String sourceKind, String sourceRef, String dedupKey, long regionId, Long townshipId, Double lon,
                       Double lat, String address, String category, String description, String callerPhone,
                       int dispatchTargetMin, int arrivalTargetMin, Instant raisedAt, Instant receivedAt, Long createdBy) {}

    record EventRow(Instant at, String actorName, String action, String fromStage, String toStage, Long unitId, String note) {}

    record MessageRow(long id, Long alarmId, long unitId, String body, String sentByName, Instant sentAt, Instant deliveredAt,
                      Instant acknowledgedAt, String acknowledgedByName) {}

    private final JdbcClient jdbc;

    AlarmStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts unless the dedup key is known already; empty when it was a duplicate. */
    Optional<Long> insert(NewAlarmRow a) {
        String no = "JJ" + a.receivedAt().atZone(AlarmDesk.ZONE).getYear() + "-"
                + String.format("%07d", jdbc.sql("SELECT nextval('alarm_no_seq')").query(Long.class).single());
        return jdbc.sql("""
                        INSERT INTO alarm (alarm_no, source_kind, source_ref, dedup_key, region_id, township_id, lon, lat, address,
                          category, description, caller_phone, stage, dispatch_target_min, arrival_target_min, raised_at,
                          received_at, stage_at, created_by)
                        VALUES (:no, :kind, :ref, :dedup, :region, :township, :lon, :lat, :address, :category, :description,
                          :phone, 'RECEIVED', :dt, :at, :raised, :received, :received, :by)
                        ON CONFLICT (dedup_key) DO NOTHING RETURNING id""")
                .param("no", no).param("kind", a.sourceKind()).param("ref", a.sourceRef()).param("dedup", a.dedupKey())
                .param("region", a.regionId()).param("township", a.townshipId()).param("lon", a.lon()).param("lat", a.lat())
                .param("address", a.address()).param("category", a.category()).param("description", a.description())
                .param("phone", a.callerPhone()).param("dt", a.dispatchTargetMin()).param("at", a.arrivalTargetMin())
                .param("raised", ts(a.raisedAt())).param("received", ts(a.receivedAt())).param("by", a.createdBy())
                .query(Long.class).optional();
    }

    Optional<AlarmRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alarm a WHERE a.id = :id").param("id", id).query(AlarmStore::map).optional();
    }

    Optional<Long> idByDedupKey(String key) {
        return jdbc.sql("SELECT id FROM alarm WHERE dedup_key = :k").param("k", key).query(Long.class).optional();
    }

    /** Open alarms (and those finished in the last {@code recentMinutes}) for the board. */
    List<AlarmRow> board(DataScope scope, Instant finishedSince) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alarm a WHERE " + scope.where("a.region_id", "a.unit_id", null)
                        + " AND (a.finished_at IS NULL OR a.finished_at >= :since) ORDER BY a.received_at DESC LIMIT 200")
                .params(scope.params()).param("since", ts(finishedSince)).query(AlarmStore::map).list();
    }

    List<AlarmRow> list(DataScope scope, String stage, String q, AlarmListFilter f, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alarm a WHERE " + scope.where("a.region_id", "a.unit_id", null) + FILTER
                        + " ORDER BY a.received_at DESC OFFSET :offset LIMIT :limit")
                .params(scope.params()).param("stage", stage).param("q", q).param("like", "%" + q + "%")
                .param("subtree", f.range().subtreeParam()).param("from", f.fromParam()).param("to", f.toParam()).param("has", f.has())
                .param("offset", offset).param("limit", limit).query(AlarmStore::map).list();
    }

    long count(DataScope scope, String stage, String q, AlarmListFilter f) {
        return jdbc.sql("SELECT count(*) FROM alarm a WHERE " + scope.where("a.region_id", "a.unit_id", null) + FILTER)
                .params(scope.params()).param("stage", stage).param("q", q).param("like", "%" + q + "%")
                .param("subtree", f.range().subtreeParam()).param("from", f.fromParam()).param("to", f.toParam()).param("has", f.has())
                .query(Long.class).single();
    }

    // the figure filter: region subtree, months of receipt (as the statistics count them), reached dispatch / arrival
    private static final String FILTER = " AND (CAST(:stage AS VARCHAR) IS NULL OR a.stage = :stage)"
            + " AND (:q = '' OR a.alarm_no LIKE :like OR a.address LIKE :like OR a.description LIKE :like)"
            + " AND (CAST(:subtree AS BIGINT[]) IS NULL OR a.region_id = ANY(CAST(:subtree AS BIGINT[])))"
            + " AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR a.received_at >= :from)"
            + " AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR a.received_at < :to)"
            + " AND (CAST(:has AS VARCHAR) IS NULL OR (:has = 'dispatched' AND a.dispatched_at IS NOT NULL)"
            + " OR (:has = 'arrived' AND a.on_scene_at IS NOT NULL))";

    /** Moves the alarm on if nobody else did meanwhile; the stage's own timestamp is set once. */
    boolean move(AlarmRow row, AlarmStage to, Long unitId, String reason, Instant at) {
        String stampColumn = switch (to) {
            case DISPATCHED -> "dispatched_at";
            case EN_ROUTE -> "en_route_at";
            case ON_SCENE -> "on_scene_at";
            case CLEARED -> "cleared_at";
            default -> "finished_at";
        };
        // a constant chosen above, never input
        return jdbc.sql("UPDATE alarm SET stage = :to, unit_id = :unit, outcome_reason = :reason, stage_at = :at, "
                        + stampColumn + " = COALESCE(" + stampColumn + ", :at), version = version + 1 "
                        + "WHERE id = :id AND version = :version")
                .param("to", to.name()).param("unit", unitId).param("reason", reason).param("at", ts(at))
                .param("id", row.id()).param("version", row.version()).update() == 1;
    }

    void event(long alarmId, Instant at, Long userId, String actorName, String action, AlarmStage from, AlarmStage to,
               Long unitId, String note) {
        jdbc.sql("""
                        INSERT INTO alarm_event (alarm_id, at, user_id, actor_name, action, from_stage, to_stage, unit_id, note)
                        VALUES (:alarm, :at, :user, :name, :action, :from, :to, :unit, :note)""")
                .param("alarm", alarmId).param("at", ts(at)).param("user", userId).param("name", actorName).param("action", action)
                .param("from", from == null ? null : from.name()).param("to", to.name()).param("unit", unitId).param("note", note)
                .update();
    }

    List<EventRow> timeline(long alarmId) {
        return jdbc.sql("SELECT at, actor_name, action, from_stage, to_stage, unit_id, note FROM alarm_event WHERE alarm_id = :id"
                        + " ORDER BY at, id")
                .param("id", alarmId)
                .query((rs, n) -> new EventRow(instant(rs, "at"), rs.getString("actor_name"), rs.getString("action"),
                        rs.getString("from_stage"), rs.getString("to_stage"), rs.getObject("unit_id", Long.class), rs.getString("note")))
                .list();
    }

    // ---- dispatch messages ----

    long insertMessage(Long alarmId, long unitId, String body, Long sentBy, String sentByName, Instant at) {
        return jdbc.sql("""
                        INSERT INTO alarm_message (alarm_id, unit_id, body, sent_by, sent_by_name, sent_at)
                        VALUES (:alarm, :unit, :body, :by, :name, :at) RETURNING id""")
                .param("alarm", alarmId).param("unit", unitId).param("body", body).param("by", sentBy).param("name", sentByName)
                .param("at", ts(at)).query(Long.class).single();
    }

    Optional<MessageRow> message(long id) {
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS + " FROM alarm_message WHERE id = :id").param("id", id)
                .query(AlarmStore::mapMessage).optional();
    }

    List<MessageRow> messagesOfAlarm(long alarmId) {
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS + " FROM alarm_message WHERE alarm_id = :id ORDER BY sent_at, id")
                .param("id", alarmId).query(AlarmStore::mapMessage).list();
    }

    List<MessageRow> messagesOfAlarms(List<Long> alarmIds) {
        if (alarmIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS + " FROM alarm_message WHERE alarm_id = ANY(CAST(:ids AS BIGINT[]))"
                        + " ORDER BY sent_at, id")
                .param("ids", io.zhian.shared.SqlArrays.bigints(alarmIds)).query(AlarmStore::mapMessage).list();
    }

    List<MessageRow> inbox(long unitId, int limit) {
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS + " FROM alarm_message WHERE unit_id = :unit ORDER BY sent_at DESC, id DESC"
                        + " LIMIT :limit")
                .param("unit", unitId).param("limit", limit).query(AlarmStore::mapMessage).list();
    }

    /** Marks messages delivered (first time only); returns the ids that changed. */
    List<Long> markDelivered(List<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("UPDATE alarm_message SET delivered_at = :at WHERE id = ANY(CAST(:ids AS BIGINT[])) AND delivered_at IS NULL"
                        + " RETURNING id")
                .param("at", ts(at)).param("ids", io.zhian.shared.SqlArrays.bigints(ids)).query(Long.class).list();
    }

    boolean acknowledge(long id, Long userId, String userName, Instant at) {
        return jdbc.sql("""
                        UPDATE alarm_message SET acknowledged_at = :at, acknowledged_by = :user, acknowledged_by_name = :name,
                          delivered_at = COALESCE(delivered_at, :at)
                        WHERE id = :id AND acknowledged_at IS NULL""")
                .param("at", ts(at)).param("user", userId).param("name", userName).param("id", id).update() == 1;
    }

    private static final String MESSAGE_COLUMNS = "id, alarm_id, unit_id, body, sent_by_name, sent_at, delivered_at,"
            + " acknowledged_at, acknowledged_by_name";

    private static MessageRow mapMessage(ResultSet rs, int n) throws SQLException {
        return new MessageRow(rs.getLong("id"), rs.getObject("alarm_id", Long.class), rs.getLong("unit_id"), rs.getString("body"),
                rs.getString("sent_by_name"), instant(rs, "sent_at"), instant(rs, "delivered_at"), instant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by_name"));
    }

    static AlarmRow map(ResultSet rs, int n) throws SQLException {
        return new AlarmRow(rs.getLong("id"), rs.getString("alarm_no"), rs.getString("source_kind"), rs.getString("source_ref"),
                rs.getLong("region_id"), rs.getObject("township_id", Long.class), rs.getObject("lon", Double.class),
                rs.getObject("lat", Double.class), rs.getString("address"), rs.getString("category"), rs.getString("description"),
                rs.getString("caller_phone"), AlarmStage.valueOf(rs.getString("stage")), rs.getString("outcome_reason"),
                rs.getObject("unit_id", Long.class), rs.getInt("dispatch_target_min"), rs.getInt("arrival_target_min"),
                instant(rs, "raised_at"), instant(rs, "received_at"), instant(rs, "dispatched_at"), instant(rs, "en_route_at"),
                instant(rs, "on_scene_at"), instant(rs, "cleared_at"), instant(rs, "finished_at"), instant(rs, "stage_at"),
                rs.getInt("version"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
