package io.zhian.alarms.internal;

import io.zhian.alarms.AlarmRequested;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionKind;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.DemoDataContributor;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Profile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo alarms: a year of closed alarms with realistic timings in every township (so statistics show
 * figures on the first start), a few open ones for the board, a duty officer of the first police
 * station for the unit inbox, and a trickle of new alarms every one to three minutes that move on
 * by themselves, so the board is alive. All generated, deterministic from the seed (the trickle aside).
 */
@Component
@Profile("demo")
class DemoAlarms implements DemoDataContributor {

    static final String TRICKLE = "demo-trickle:";
    private static final Logger log = LoggerFactory.getLogger(DemoAlarms.class);
    private static final String[][] TOPICS = {
            {"PUBLIC_ORDER", "有人在店内酒后滋事"}, {"PUBLIC_ORDER", "深夜噪音扰民"}, {"CRIMINAL", "电动车被盗"},
            {"CRIMINAL", "家中被撬门入室"}, {"TRAFFIC", "两车刮擦，双方争执"}, {"TRAFFIC", "路口车辆占道堵塞"},
            {"FIRE", "楼道内有烟味"}, {"HELP", "老人走失，家属求助"}, {"HELP", "儿童被反锁在车内"},
            {"DISPUTE", "邻里因停车发生争吵"}, {"DISPUTE", "工地讨要工资"}, {"OTHER", "路面井盖缺失"}};
    private static final String[] SOURCES = {"MANUAL", "MANUAL", "MANUAL", "MANUAL", "MANUAL", "MANUAL", "COMPOUND", "COMPOUND",
            "DEVICE", "LIGHT_BOX"};

    private final JdbcClient jdbc;
    private final Regions regions;
    private final OrgUnits units;
    private final ResponseTargets targets;
    private final AlarmDesk desk;
    private final AlarmStore store;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    /** zhian.demo.scale: 1 is a small city (about 9,000 alarms a year), 10 a full-size county (about 90,000). */
    private final double scale;
    private volatile Instant nextTrickle = Instant.now().plusSeconds(60);

    DemoAlarms(JdbcClient jdbc, Regions regions, OrgUnits units, ResponseTargets targets,
               AlarmDesk desk, AlarmStore store, ApplicationEventPublisher events,
               PlatformTransactionManager transactions, @Value("${zhian.demo.scale:1}") double scale) {
        this.scale = scale;
        this.jdbc = jdbc;
        this.regions = regions;
        this.units = units;
        this.targets = targets;
        this.desk = desk;
        this.store = store;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public int demoOrder() {
        return 500;
    }

    private record Township(Region region, List<Region> villages, OrgUnit station, int dispatchTarget, int arrivalTarget,
                            boolean urban) {}

    @Override
    public String contributeDemoData(long seed) {
        long started = System.nanoTime();
        Random random = new Random(seed ^ 0x110L);
        List<Township> townships = townships();
        LocalDate today = LocalDate.now(AlarmDesk.ZONE);
        List<Object[]> batch = new ArrayList<>();
        // some townships respond faster than others, so rankings have something to show
        double[] speed = new double[townships.size()];
        for (int i = 0; i < speed.length; i++) {
            speed[i] = 0.8 + 0.5 * random.nextDouble();
        }
        long generated = System.nanoTime();
        for (int day = 365; day >= 1; day--) {
            LocalDate date = today.minusDays(day);
            for (Township t : townships) {
                double mean = (t.urban() ? 2.2 : 0.7) * scale;
                double pace = speed[townships.indexOf(t)];
                int n = poisson(random, mean);
                for (int i = 0; i < n; i++) {
                    batch.add(historical(random, t, pace, date.atStartOfDay(AlarmDesk.ZONE).toInstant()
                            .plusSeconds(random.nextInt(86_400))));
                }
            }
        }
        // one statement per chunk, its columns as array parameters: far fewer round trips than row by row
        for (int from = 0; from < batch.size(); from += 3000) {
            List<Object[]> chunk = batch.subList(from, Math.min(from + 3000, batch.size()));
            var insert = jdbc.sql("""
                    INSERT INTO alarm (alarm_no, source_kind, source_ref, region_id, township_id, lon, lat, address, category,
                      description, caller_phone, stage, outcome_reason, unit_id, dispatch_target_min, arrival_target_min, raised_at,
                      received_at, dispatched_at, en_route_at, on_scene_at, cleared_at, finished_at, stage_at)
                    SELECT 'JJ' || to_char(r AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('alarm_no_seq')::text, 7, '0'),
                      sk, ref, region, township, lon, lat, address, category, description, phone, stage, reason, unit, dt, at, r, r,
                      dispatched, en_route, on_scene, cleared, finished, finished
                    FROM unnest(CAST(:c0 AS TIMESTAMPTZ[]), CAST(:c1 AS TEXT[]), CAST(:c2 AS TEXT[]), CAST(:c3 AS BIGINT[]),
                      CAST(:c4 AS BIGINT[]), CAST(:c5 AS DOUBLE PRECISION[]), CAST(:c6 AS DOUBLE PRECISION[]), CAST(:c7 AS TEXT[]),
                      CAST(:c8 AS TEXT[]), CAST(:c9 AS TEXT[]), CAST(:c10 AS TEXT[]), CAST(:c11 AS TEXT[]), CAST(:c12 AS TEXT[]),
                      CAST(:c13 AS BIGINT[]), CAST(:c14 AS INT[]), CAST(:c15 AS INT[]), CAST(:c18 AS TIMESTAMPTZ[]),
                      CAST(:c19 AS TIMESTAMPTZ[]), CAST(:c20 AS TIMESTAMPTZ[]), CAST(:c21 AS TIMESTAMPTZ[]), CAST(:c22 AS TIMESTAMPTZ[]))
                      AS t(r, sk, ref, region, township, lon, lat, address, category, description, phone, stage, reason, unit, dt, at,
                        dispatched, en_route, on_scene, cleared, finished)""");
            for (int column : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22}) {
                insert = insert.param("c" + column, arrayLiteral(chunk, column));
            }
            insert.update();
        }
        long inserted = System.nanoTime();
        // the history of each demo alarm, from its stage timestamps
        jdbc.sql("""
                INSERT INTO alarm_event (alarm_id, at, actor_name, action, from_stage, to_stage, unit_id, note)
                SELECT id, received_at, '接警调度员（演示）', 'RECEIVE', NULL, 'RECEIVED', NULL, source_kind FROM alarm WHERE source_ref LIKE 'demo:%'
                UNION ALL SELECT id, dispatched_at, '接警调度员（演示）', 'DISPATCH', 'RECEIVED', 'DISPATCHED', unit_id, NULL
                  FROM alarm WHERE source_ref LIKE 'demo:%' AND dispatched_at IS NOT NULL
                UNION ALL SELECT id, en_route_at, '处警民警（演示）', 'DEPART', 'DISPATCHED', 'EN_ROUTE', unit_id, NULL
                  FROM alarm WHERE source_ref LIKE 'demo:%' AND en_route_at IS NOT NULL
                UNION ALL SELECT id, on_scene_at, '处警民警（演示）', 'ARRIVE', 'EN_ROUTE', 'ON_SCENE', unit_id, NULL
                  FROM alarm WHERE source_ref LIKE 'demo:%' AND on_scene_at IS NOT NULL
                UNION ALL SELECT id, cleared_at, '处警民警（演示）', 'CLEAR', 'ON_SCENE', 'CLEARED', unit_id, NULL
                  FROM alarm WHERE source_ref LIKE 'demo:%' AND cleared_at IS NOT NULL
                UNION ALL SELECT id, finished_at, '接警调度员（演示）', CASE stage WHEN 'CLOSED' THEN 'CLOSE' WHEN 'CANCELLED' THEN 'CANCEL' ELSE 'UNFOUNDED' END,
                  CASE WHEN cleared_at IS NOT NULL THEN 'CLEARED' WHEN on_scene_at IS NOT NULL THEN 'ON_SCENE' WHEN en_route_at IS NOT NULL THEN 'EN_ROUTE'
                    WHEN dispatched_at IS NOT NULL THEN 'DISPATCHED' ELSE 'RECEIVED' END, stage, unit_id, outcome_reason
                  FROM alarm WHERE source_ref LIKE 'demo:%' AND finished_at IS NOT NULL""").update();
        // a few open ones for the board
        for (int i = 0; i < 4; i++) {
            Township t = townships.get(random.nextInt(Math.min(6, townships.size())));
            raise(random, t, TRICKLE + "seed-" + i);
        }
        return batch.size() + " alarms over the last year, 4 open on the board, duty officer paichusuo01 (PS-001), in "
                + (System.nanoTime() - started) / 1_000_000 + " ms (generate " + (generated - started) / 1_000_000 + ", insert "
                + (inserted - generated) / 1_000_000 + ", rest " + (System.nanoTime() - inserted) / 1_000_000 + ")";
    }

    private List<Township> townships() {
        List<Township> out = new ArrayList<>();
        for (Region t : regions.byLevel(RegionLevel.TOWNSHIP)) {
            List<Region> villages = regions.children(DataScope.all(), t.id());
            OrgUnit station = units.list(DataScope.all(), null, OrgUnitKind.POLICE_STATION, t.id(), 0, 1).stream().findFirst().orElse(null);
            if (villages.isEmpty() || station == null) {
                continue;
            }
            int[] target = targets.forTownship(t);
            out.add(new Township(t, villages, station, target[0], target[1], t.kind() == RegionKind.STREET));
        }
        return out;
    }

    private Object[] historical(Random random, Township t, double pace, Instant received) {
        Region village = t.villages().get(random.nextInt(t.villages().size()));
        String[] topic = TOPICS[random.nextInt(TOPICS.length)];
        String source = SOURCES[random.nextInt(SOURCES.length)];
        double roll = random.nextDouble();
        String stage = roll < 0.03 ? "CANCELLED" : roll < 0.08 ? "UNFOUNDED" : "CLOSED";
        // minutes: dispatch usually within two, travel longer in the countryside, a long tail for both
        double toDispatch = lognormal(random, 1.0, 0.5);
        double travel = lognormal(random, (t.urban() ? 2.2 : 4.8) * pace, 0.35);
        Instant dispatched = received.plusSeconds(Math.round(toDispatch * 60));
        Instant enRoute = dispatched.plusSeconds(20 + random.nextInt(60));
        Instant onScene = dispatched.plusSeconds(Math.round(travel * 60));
        if (!onScene.isAfter(enRoute)) {
            onScene = enRoute.plusSeconds(30);
        }
        Instant cleared = onScene.plusSeconds(600 + random.nextInt(3000));
        Instant finished = cleared.plusSeconds(120 + random.nextInt(900));
        String reason = null;
        if (stage.equals("CANCELLED")) {
            // called off before arrival
            onScene = null;
            cleared = null;
            finished = enRoute.plusSeconds(60 + random.nextInt(300));
            reason = "报警人来电称已自行解决";
        } else if (stage.equals("UNFOUNDED")) {
            cleared = null;
            finished = onScene.plusSeconds(300 + random.nextInt(600));
            reason = "到场核实无警情";
        }
        Double lon = null;
        Double lat = null;
        if (!source.equals("MANUAL") && village.centreLon() != null) {
            lon = village.centreLon() + (random.nextDouble() - 0.5) * 0.004;
            lat = village.centreLat() + (random.nextDouble() - 0.5) * 0.004;
        }
        String phone = source.equals("MANUAL") ? String.format("1390000%04d", random.nextInt(10000)) : null;
        Timestamp r = Timestamp.from(received);
        return new Object[] {r, source, "demo:" + source.toLowerCase(), village.id(), t.region().id(), lon, lat,
                village.name() + (1 + random.nextInt(12)) + "组", topic[0], topic[1] + "（演示数据）", phone, stage, reason,
                t.station().id(), t.dispatchTarget(), t.arrivalTarget(), r, r, Timestamp.from(dispatched), Timestamp.from(enRoute),
                onScene == null ? null : Timestamp.from(onScene), cleared == null ? null : Timestamp.from(cleared),
                Timestamp.from(finished), Timestamp.from(finished)};
    }

    /** A new alarm through the real path: an AlarmRequested event, as a compound or device would raise it. */
    private void raise(Random random, Township t, String ref) {
        Region village = t.villages().get(random.nextInt(t.villages().size()));
        String[] topic = TOPICS[random.nextInt(TOPICS.length)];
        String kind = new String[] {"COMPOUND", "DEVICE", "LIGHT_BOX"}[random.nextInt(3)];
        Double lon = village.centreLon() == null ? null : village.centreLon() + (random.nextDouble() - 0.5) * 0.004;
        Double lat = village.centreLat() == null ? null : village.centreLat() + (random.nextDouble() - 0.5) * 0.004;
        events.publishEvent(new AlarmRequested(kind, ref, ref, village.id(), lon, lat, village.name() + (1 + random.nextInt(12)) + "组",
                topic[1] + "（演示数据）", Instant.now()));
    }

    /** Every 30 s: maybe a new alarm (one every one to three minutes), and demo alarms move on by themselves. */
    @Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
    void trickle() {
        try {
            Instant now = Instant.now();
            if (now.isAfter(nextTrickle)) {
                nextTrickle = now.plusSeconds(60 + ThreadLocalRandom.current().nextInt(121));
                List<Township> townships = townships();
                if (!townships.isEmpty()) {
                    Random random = new Random();
                    tx.executeWithoutResult(s -> raise(random, townships.get(random.nextInt(townships.size())),
                            TRICKLE + now.toEpochMilli()));
                }
            }
            advanceTrickle(now);
        } catch (RuntimeException e) {
            log.warn("Demo alarm trickle: {}", e.toString());
        }
    }

    private void advanceTrickle(Instant now) {
        List<Long> open = jdbc.sql("SELECT id FROM alarm WHERE source_ref LIKE :p AND finished_at IS NULL AND stage_at < :before")
                .param("p", TRICKLE + "%").param("before", Timestamp.from(now.minus(Duration.ofSeconds(90)))).query(Long.class).list();
        for (Long id : open) {
            tx.executeWithoutResult(s -> store.find(id).ifPresent(row -> {
                AlarmAction next = switch (row.stage()) {
                    case RECEIVED -> AlarmAction.DISPATCH;
                    case DISPATCHED -> AlarmAction.DEPART;
                    case EN_ROUTE -> AlarmAction.ARRIVE;
                    case ON_SCENE -> AlarmAction.CLEAR;
                    case CLEARED -> AlarmAction.CLOSE;
                    default -> null;
                };
                if (next == null || ThreadLocalRandom.current().nextInt(3) != 0) {
                    return; // not every tick: stages take a while
                }
                String unit = next == AlarmAction.DISPATCH ? stationCode(row.townshipId()) : null;
                if (next == AlarmAction.DISPATCH && unit == null) {
                    return;
                }
                desk.move(row, next, unit, null, null, "演示自动处置", Instant.now());
            }));
        }
    }

    private String stationCode(Long townshipId) {
        if (townshipId == null) {
            return null;
        }
        return units.list(DataScope.all(), null, OrgUnitKind.POLICE_STATION, townshipId, 0, 1).stream().findFirst()
                .map(OrgUnit::code).orElse(null);
    }

    /** A PostgreSQL array literal of one column: every value quoted, NULL for null, instants in ISO form. */
    private static String arrayLiteral(List<Object[]> rows, int column) {
        StringBuilder sb = new StringBuilder("{");
        for (Object[] row : rows) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            Object v = row[column];
            if (v == null) {
                sb.append("NULL");
            } else {
                String text = v instanceof Timestamp t ? t.toInstant().toString() : v.toString();
                sb.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }

    private static int poisson(Random random, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** A log-normal value with the given median and shape. */
    private static double lognormal(Random random, double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }
}
