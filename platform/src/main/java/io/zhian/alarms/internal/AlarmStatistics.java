package io.zhian.alarms.internal;

import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.SqlArrays;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Response statistics per township and month: P50/P90 of minutes to dispatch and to arrival
 * (PostgreSQL {@code percentile_cont}, continuous, so a P50 of an even count interpolates), and
 * compliance: the share of arrived alarms that arrived within the target in force when they came in.
 */
@Service
class AlarmStatistics {

    record Row(Long townshipId, String townshipName, String month, long alarms, long dispatched, long arrived,
               Double dispatchP50, Double dispatchP90, Double arrivalP50, Double arrivalP90, long arrivedWithinTarget,
               Double compliancePercent, long cancelled, long unfounded) {}

    /** Aggregates of some alarms (no grouping), for figures. */
    record Totals(long alarms, long dispatched, Double dispatchP90, long arrived, Double arrivalP90, long arrivedWithinTarget) {}

    private static final String AGGREGATES = """
            count(*) AS alarms, count(a.dispatched_at) AS dispatched, count(a.on_scene_at) AS arrived,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.dispatched_at - a.received_at)) AS d50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.dispatched_at - a.received_at)) AS d90,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.on_scene_at - a.received_at)) AS a50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.on_scene_at - a.received_at)) AS a90,
            count(*) FILTER (WHERE a.on_scene_at - a.received_at <= make_interval(mins => a.arrival_target_min)) AS in_target,
            count(*) FILTER (WHERE a.stage = 'CANCELLED') AS cancelled,
            count(*) FILTER (WHERE a.stage = 'UNFOUNDED') AS unfounded""";

    private final JdbcClient jdbc;
    private final Regions regions;

    AlarmStatistics(JdbcClient jdbc, Regions regions) {
        this.jdbc = jdbc;
        this.regions = regions;
    }

    static YearMonth month(String field, String value, YearMonth fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be a month like 2026-03");
        }
    }

    List<Row> byTownshipAndMonth(Actor actor, YearMonth from, YearMonth to) {
        if (!AlarmDesk.mayRead(actor)) {
            throw new ForbiddenException("your roles do not work with alarms");
        }
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "must not be before 'from'");
        }
        if (from.plusMonths(60).isBefore(to)) {
            throw new InvalidInputException("to", "at most five years at once");
        }
        DataScope scope = actor.scope();
        List<Row> rows = jdbc.sql("SELECT a.township_id, to_char(a.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, "
                        + AGGREGATES + " FROM alarm a WHERE " + scope.where("a.region_id", "a.unit_id", null)
                        + " AND a.received_at >= :from AND a.received_at < :to GROUP BY 1, 2 ORDER BY 2, 1")
                .params(scope.params()).param("from", start(from)).param("to", start(to.plusMonths(1)))
                .query((rs, n) -> {
                    long arrived = rs.getLong("arrived");
                    long inTarget = rs.getLong("in_target");
                    return new Row(rs.getObject("township_id", Long.class), null, rs.getString("month"), rs.getLong("alarms"),
                            rs.getLong("dispatched"), arrived, minutes(rs.getObject("d50")), minutes(rs.getObject("d90")),
                            minutes(rs.getObject("a50")), minutes(rs.getObject("a90")), inTarget,
                            arrived == 0 ? null : Math.round(1000.0 * inTarget / arrived) / 10.0, rs.getLong("cancelled"),
                            rs.getLong("unfounded"));
                }).list();
        Set<Long> ids = new HashSet<>();
        rows.forEach(r -> {
            if (r.townshipId() != null) {
                ids.add(r.townshipId());
            }
        });
        Map<Long, String> names = regions.names(ids);
        return rows.stream().map(r -> new Row(r.townshipId(), r.townshipId() == null ? "市本级" : names.get(r.townshipId()), r.month(),
                r.alarms(), r.dispatched(), r.arrived(), r.dispatchP50(), r.dispatchP90(), r.arrivalP50(), r.arrivalP90(),
                r.arrivedWithinTarget(), r.compliancePercent(), r.cancelled(), r.unfounded())).toList();
    }

    /**
     * Unscoped totals over the alarms received in the months, for each asked region over its whole subtree: one
     * statement (the asked regions joined to their descendants by the materialised path, as
     * {@code Regions.subtreeIds} reads it). Regions without alarms are absent. For the figures.
     */
    Map<Long, Totals> totalsBySubtree(Collection<Long> regionIds, YearMonth from, YearMonth to) {
        Map<Long, Totals> out = new HashMap<>();
        if (regionIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT q.id AS asked, " + AGGREGATES + """
                         FROM region q JOIN region r ON r.path LIKE q.path || '%' JOIN alarm a ON a.region_id = r.id
                        WHERE q.id = ANY(CAST(:asked AS BIGINT[])) AND a.received_at >= :from AND a.received_at < :to
                        GROUP BY q.id""")
                .param("asked", SqlArrays.bigints(regionIds)).param("from", start(from)).param("to", start(to.plusMonths(1)))
                .query((rs, n) -> out.put(rs.getLong("asked"), new Totals(rs.getLong("alarms"), rs.getLong("dispatched"),
                        minutes(rs.getObject("d90")), rs.getLong("arrived"), minutes(rs.getObject("a90")), rs.getLong("in_target"))))
                .list();
        return out;
    }

    private static Timestamp start(YearMonth month) {
        return Timestamp.from(month.atDay(1).atStartOfDay(AlarmDesk.ZONE).toInstant());
    }

    private static Double minutes(Object seconds) {
        return seconds == null ? null : Math.round(((Number) seconds).doubleValue() / 6.0) / 10.0;
    }
}
