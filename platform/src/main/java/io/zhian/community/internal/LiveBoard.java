package io.zhian.community.internal;

import io.zhian.community.internal.CommunityViews.Door;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The compound live board (大屏): figures for today pushed to open boards as server-sent events. A
 * change marks the compound dirty; one thread sends at most one snapshot per compound every 250 ms,
 * and every board gets a refresh every 15 s (door online status, keep-alive).
 */
@Component
class LiveBoard {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Set<String> CLOSED_STAGES = Set.of("CLEARED", "CLOSED", "CANCELLED", "UNFOUNDED");
    private static final Logger log = LoggerFactory.getLogger(LiveBoard.class);

    private final JdbcClient jdbc;
    private final ObjectProvider<AccessControl> access;
    private final ObjectProvider<AccessIngest> ingest;
    private final Map<Long, List<SseEmitter>> boards = new ConcurrentHashMap<>();
    private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean malformedChanged = new AtomicBoolean();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "community-live-board");
        t.setDaemon(true);
        return t;
    });
    private long ticks;

    LiveBoard(JdbcClient jdbc, ObjectProvider<AccessControl> access, ObjectProvider<AccessIngest> ingest) {
        this.jdbc = jdbc;
        this.access = access;
        this.ingest = ingest;
        sender.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
        boards.values().forEach(list -> list.forEach(SseEmitter::complete));
    }

    /** Called after a commit that touched these compounds. */
    void changed(Set<Long> compounds, boolean malformed) {
        dirty.addAll(compounds);
        if (malformed) {
            malformedChanged.set(true);
        }
    }

    SseEmitter open(long compoundId) {
        SseEmitter emitter = new SseEmitter(30 * 60_000L);
        List<SseEmitter> list = boards.computeIfAbsent(compoundId, k -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        send(emitter, snapshot(compoundId));
        return emitter;
    }

    private void tick() {
        try {
            boolean all = ++ticks % 60 == 0 || malformedChanged.getAndSet(false);
            for (Long compoundId : boards.keySet()) {
                if ((all || dirty.remove(compoundId)) && !boards.get(compoundId).isEmpty()) {
                    Map<String, Object> s = snapshot(compoundId);
                    boards.get(compoundId).forEach(e -> send(e, s));
                }
            }
            dirty.removeIf(id -> !boards.containsKey(id)); // marks made meanwhile for open boards wait for the next tick
        } catch (RuntimeException e) {
            log.warn("Live board update failed: {}", e.getMessage());
        }
    }

    private static void send(SseEmitter emitter, Map<String, Object> snapshot) {
        try {
            emitter.send(SseEmitter.event().name("board").data(snapshot, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    /** Today's figures for one compound (the caller has checked the scope). */
    Map<String, Object> snapshot(long compoundId) {
        ZonedDateTime dayStart = LocalDate.now(ZONE).atStartOfDay(ZONE);
        Instant from = dayStart.toInstant();
        Instant to = dayStart.plusDays(1).toInstant();
        int[] in = new int[24];
        int[] out = new int[24];
        long[] denied = {0};
        jdbc.sql("""
                        SELECT extract(hour FROM occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS h, direction, result, count(*) AS n
                        FROM community_access_event WHERE compound_id = :c AND occurred_at >= :from AND occurred_at < :to
                        GROUP BY 1, 2, 3""")
                .param("c", compoundId).param("from", java.sql.Timestamp.from(from)).param("to", java.sql.Timestamp.from(to))
                .query((rs, n) -> {
                    int h = rs.getInt("h");
                    long count = rs.getLong("n");
                    if ("DENIED".equals(rs.getString("result"))) {
                        denied[0] += count;
                    } else if ("IN".equals(rs.getString("direction"))) {
                        in[h] += (int) count;
                    } else {
                        out[h] += (int) count;
                    }
                    return 1;
                }).list();
        long visitors = jdbc.sql("""
                        SELECT count(*) FROM community_visitor_pass WHERE compound_id = :c AND valid_from < :to AND valid_to > :from""")
                .param("c", compoundId).param("from", java.sql.Timestamp.from(from)).param("to", java.sql.Timestamp.from(to))
                .query(Long.class).single();
        List<Map<String, Object>> alarms = jdbc.sql("""
                        SELECT id, location, raised_at, stage FROM community_alarm WHERE compound_id = :c
                          AND stage NOT IN ('CLEARED', 'CLOSED', 'CANCELLED', 'UNFOUNDED') ORDER BY raised_at DESC LIMIT 20""")
                .param("c", compoundId).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("location", rs.getString("location"));
                    m.put("raisedAt", rs.getObject("raised_at", java.time.OffsetDateTime.class).toInstant().toString());
                    m.put("stage", rs.getString("stage"));
                    return m;
                }).list();
        List<Map<String, Object>> doors = new ArrayList<>();
        for (Door d : access.getObject().doors(compoundId)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("deviceId", d.deviceId());
            m.put("online", d.online());
            m.put("lastSeenAt", d.lastSeenAt() == null ? null : d.lastSeenAt().toString());
            doors.add(m);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("compoundId", compoundId);
        s.put("entriesToday", java.util.Arrays.stream(in).sum());
        s.put("exitsToday", java.util.Arrays.stream(out).sum());
        s.put("deniedToday", denied[0]);
        s.put("entriesByHour", in);
        s.put("exitsByHour", out);
        s.put("visitorsToday", visitors);
        s.put("openAlarms", alarms);
        s.put("doors", doors);
        s.put("doorsOnline", doors.stream().filter(d -> Boolean.TRUE.equals(d.get("online"))).count());
        s.put("malformed", ingest.getObject().malformedCount());
        s.put("sentAt", Instant.now().toString());
        return s;
    }
}
