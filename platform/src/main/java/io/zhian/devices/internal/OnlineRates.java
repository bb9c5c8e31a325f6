package io.zhian.devices.internal;

import io.zhian.devices.DeviceKind;
import io.zhian.devices.Devices;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import io.zhian.shared.SqlArrays;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Online rates. "Now" counts devices online at this moment. Over a period the rate is the share of observed
 * device-time spent online, from the status history: each transition opens an interval that lasts until the next
 * one (or now); a device counts from its first recorded transition on. Also the {@link FigureProvider} of this
 * module: {@code devices.online-rate} and {@code devices.online-rate.<kind>} in percent, per region subtree.
 */
@Component
public class OnlineRates implements FigureProvider {

    public static final String FIGURE = "devices.online-rate";

    /** Online now, per township and kind. */
    public record NowRow(Long townshipId, String townshipName, DeviceKind kind, long total, long online) {
        public double rate() {
            return total == 0 ? 0 : 100.0 * online / total;
        }
    }

    /** One day (or period) of history: online seconds / observed seconds, and devices observed. */
    public record PeriodRate(LocalDate day, double onlineSeconds, double observedSeconds, long devices) {
        public double rate() {
            return observedSeconds <= 0 ? 0 : 100.0 * onlineSeconds / observedSeconds;
        }
    }

    private final JdbcClient jdbc;
    private final Regions regions;
    private final DeviceStatusTracker tracker;

    OnlineRates(JdbcClient jdbc, Regions regions, DeviceStatusTracker tracker) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.tracker = tracker;
    }

    public List<NowRow> now(DataScope scope) {
        return jdbc.sql("""
                        SELECT d.township_id, t.name, d.kind, count(*) AS total, count(*) FILTER (WHERE d.online) AS online
                        FROM device d LEFT JOIN region t ON t.id = d.township_id WHERE """ + scope.where("d.region_id", "d.unit_id", null) + """
                         GROUP BY d.township_id, t.name, t.code, d.kind ORDER BY t.code, d.kind""")
                .params(scope.params())
                .query((rs, n) -> new NowRow(rs.getObject(1, Long.class), rs.getString(2), DeviceKind.valueOf(rs.getString(3)),
                        rs.getLong(4), rs.getLong(5))).list();
    }

    private static final String INTERVALS = """
            WITH iv AS (
              SELECT c.device_id, c.online, c.at AS s,
                     COALESCE(lead(c.at) OVER (PARTITION BY c.device_id ORDER BY c.at, c.id), CAST(:now AS TIMESTAMPTZ)) AS e
              FROM device_status_change c JOIN device d ON d.id = c.device_id
              WHERE %s AND (CAST(:kind AS VARCHAR) IS NULL OR d.kind = :kind)
                AND (CAST(:township AS BIGINT) IS NULL OR d.township_id = :township)
                AND (CAST(:regions AS BIGINT[]) IS NULL OR d.region_id = ANY(CAST(:regions AS BIGINT[])))
            )""";

    /** Daily online rates between {@code from} and {@code to} (inclusive, city days), for the caller's scope. */
    public List<PeriodRate> daily(DataScope scope, DeviceKind kind, Long townshipId, LocalDate from, LocalDate to) {
        Instant now = tracker.now();
        return jdbc.sql(INTERVALS.formatted(scope.where("d.region_id", "d.unit_id", null)) + """
                        , days AS (
                          SELECT CAST(g AS DATE) AS day, CAST(g AS TIMESTAMP) AT TIME ZONE 'Asia/Shanghai' AS ds,
                                 LEAST(CAST(g + INTERVAL '1 day' AS TIMESTAMP) AT TIME ZONE 'Asia/Shanghai', CAST(:now AS TIMESTAMPTZ)) AS de
                          FROM generate_series(CAST(:from AS DATE), CAST(:to AS DATE), INTERVAL '1 day') g)
                        SELECT days.day,
                          COALESCE(sum(EXTRACT(EPOCH FROM (LEAST(iv.e, days.de) - GREATEST(iv.s, days.ds)))) FILTER (WHERE iv.online), 0),
                          COALESCE(sum(EXTRACT(EPOCH FROM (LEAST(iv.e, days.de) - GREATEST(iv.s, days.ds)))), 0),
                          count(DISTINCT iv.device_id)
                        FROM days LEFT JOIN iv ON iv.s < days.de AND iv.e > days.ds
                        GROUP BY days.day ORDER BY days.day""")
                .params(scope.params()).param("now", Timestamp.from(now)).param("kind", kind == null ? null : kind.name())
                .param("township", townshipId).param("regions", null).param("from", from).param("to", to)
                .query((rs, n) -> new PeriodRate(rs.getDate(1).toLocalDate(), rs.getDouble(2), rs.getDouble(3), rs.getLong(4)))
                .list();
    }

    /** The rate over [from, to) for devices in the given regions (unscoped: for figures). */
    public PeriodRate period(long[] regionIds, DeviceKind kind, Instant from, Instant to) {
        Instant now = tracker.now();
        Instant end = to.isAfter(now) ? now : to;
        if (!end.isAfter(from)) {
            return new PeriodRate(null, 0, 0, 0);
        }
        return jdbc.sql(INTERVALS.formatted(DataScope.all().where("d.region_id", null, null)) + """
                        SELECT COALESCE(sum(EXTRACT(EPOCH FROM (LEAST(e, :to) - GREATEST(s, :from)))) FILTER (WHERE online), 0),
                               COALESCE(sum(EXTRACT(EPOCH FROM (LEAST(e, :to) - GREATEST(s, :from)))), 0),
                               count(DISTINCT device_id)
                        FROM iv WHERE s < :to AND e > :from""")
                .params(DataScope.all().params()).param("now", Timestamp.from(now)).param("kind", kind == null ? null : kind.name())
                .param("township", null).param("regions", SqlArrays.bigints(regionIds))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(end))
                .query((rs, n) -> new PeriodRate(null, rs.getDouble(1), rs.getDouble(2), rs.getLong(3))).single();
    }

    // ---- FigureProvider ----

    @Override
    public List<FigureDefinition> figures() {
        List<FigureDefinition> list = new ArrayList<>();
        list.add(new FigureDefinition(FIGURE, "设备在线率", "%", true));
        for (DeviceKind k : DeviceKind.values()) {
            list.add(new FigureDefinition(FIGURE + "." + k.slug(), k.chinese() + "在线率", "%", true));
        }
        return list;
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        return values(List.of(code), from, to, regionIds).get(code);
    }

    /**
     * All asked online-rate figures (overall and per kind) from one pass over the status history, summed per device
     * region and kind; each asked region then adds up its subtree in memory.
     */
    @Override
    public Map<String, Map<Long, FigureValue>> values(Collection<String> codes, YearMonth from, YearMonth to,
                                                      Collection<Long> regionIds) {
        Map<String, DeviceKind> kinds = new LinkedHashMap<>();
        for (String code : codes) {
            DeviceKind kind = null;
            if (!FIGURE.equals(code)) {
                if (code == null || !code.startsWith(FIGURE + ".")) {
                    throw new IllegalArgumentException("unknown figure " + code);
                }
                kind = DeviceKind.parse(code.substring(FIGURE.length() + 1));
                if (kind == null) {
                    throw new IllegalArgumentException("unknown figure " + code);
                }
            }
            kinds.put(code, kind);
        }
        Map<String, Map<Long, FigureValue>> out = new LinkedHashMap<>();
        kinds.keySet().forEach(c -> out.put(c, new LinkedHashMap<>()));
        Instant start = from.atDay(1).atStartOfDay(Devices.ZONE).toInstant();
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(Devices.ZONE).toInstant();
        Instant now = tracker.now();
        Instant until = end.isAfter(now) ? now : end;
        if (!until.isAfter(start) || regionIds.isEmpty() || kinds.isEmpty()) {
            return out;
        }
        // the only kind asked, or all kinds (grouped by kind below)
        java.util.Set<DeviceKind> asked = new java.util.HashSet<>(kinds.values());
        DeviceKind only = asked.size() == 1 && !asked.contains(null) ? asked.iterator().next() : null;
        Map<Long, Map<DeviceKind, double[]>> byRegion = new HashMap<>();
        jdbc.sql(INTERVALS.formatted(DataScope.all().where("d.region_id", null, null)).replace(
                        "SELECT c.device_id, c.online,", "SELECT c.device_id, d.region_id, d.kind, c.online,") + """
                        SELECT region_id, kind,
                               COALESCE(sum(EXTRACT(EPOCH FROM (LEAST(e, :to) - GREATEST(s, :from)))) FILTER (WHERE online), 0),
                               COALESCE(sum(EXTRACT(EPOCH FROM (LEAST(e, :to) - GREATEST(s, :from)))), 0),
                               count(DISTINCT device_id)
                        FROM iv WHERE s < :to AND e > :from GROUP BY region_id, kind""")
                .params(DataScope.all().params()).param("now", Timestamp.from(now)).param("kind", only == null ? null : only.name())
                .param("township", null).param("regions", null)
                .param("from", Timestamp.from(start)).param("to", Timestamp.from(until))
                .query((rs, n) -> byRegion.computeIfAbsent(rs.getLong(1), k -> new java.util.EnumMap<>(DeviceKind.class))
                        .put(DeviceKind.valueOf(rs.getString(2)), new double[] {rs.getDouble(3), rs.getDouble(4), rs.getLong(5)}))
                .list();
        Map<Long, long[]> subtrees = regions.subtrees(regionIds);
        for (Long regionId : regionIds) {
            long[] subtree = subtrees.getOrDefault(regionId, new long[0]);
            for (Map.Entry<String, DeviceKind> k : kinds.entrySet()) {
                double online = 0;
                double observed = 0;
                long devices = 0;
                for (long id : subtree) {
                    Map<DeviceKind, double[]> perKind = byRegion.get(id);
                    if (perKind == null) {
                        continue;
                    }
                    for (Map.Entry<DeviceKind, double[]> e : perKind.entrySet()) {
                        if (k.getValue() == null || k.getValue() == e.getKey()) {
                            online += e.getValue()[0];
                            observed += e.getValue()[1];
                            devices += (long) e.getValue()[2];
                        }
                    }
                }
                if (devices > 0 && observed > 0) {
                    out.get(k.getKey()).put(regionId, new FigureValue(100.0 * online / observed, devices));
                }
            }
        }
        return out;
    }

    /**
     * The registry narrowed to the region's subtree, the figure's kind (if any) and the months: exactly the devices observed
     * in those months, whose online time the rate is computed from.
     */
    @Override
    public Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        DeviceKind kind = null;
        if (!FIGURE.equals(code)) {
            kind = code != null && code.startsWith(FIGURE + ".") ? DeviceKind.parse(code.substring(FIGURE.length() + 1)) : null;
            if (kind == null) {
                return Optional.empty();
            }
        }
        return Optional.of("/devices?region=" + regionId + (kind == null ? "" : "&kind=" + kind.name()) + "&from=" + from + "&to=" + to);
    }
}
