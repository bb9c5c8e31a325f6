package io.zhian.devices.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.shared.SqlArrays;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Device liveness without one UPDATE per keepalive: keepalives and heartbeats only note "last seen" in memory
 * (coalesced per device), and status transitions are queued; {@link #flush()} writes both in a few batched
 * statements every {@code zhian.devices.flush-interval} (2 s by default). 20 000 cameras at one keepalive a
 * minute are ~333 notes a second but one statement every two seconds.
 *
 * <p>GB/T 28181 devices are online from REGISTER until the SIP server reports them offline (unregister, expiry or
 * missed keepalives). MQTT devices are online from a heartbeat until {@code mqtt-max-missed × mqtt-heartbeat-interval}
 * passes without one, checked here.
 */
@Component
public class DeviceStatusTracker {

    private static final Logger log = LoggerFactory.getLogger(DeviceStatusTracker.class);

    /** A queued transition of the device with GB id or code {@code key}. */
    record Transition(boolean gb, String key, boolean online, Instant at, String reason) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Duration mqttTimeout;
    private volatile Clock clock = Clock.systemUTC();
    private final ConcurrentHashMap<String, Instant> gbSeen = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> mqttSeen = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Transition> transitions = new ConcurrentLinkedQueue<>();
    private final AtomicLong notes = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();

    DeviceStatusTracker(JdbcClient jdbc, PlatformTransactionManager txm, AuditTrail audit,
                        @Value("${zhian.devices.mqtt.heartbeat-interval:PT60S}") Duration heartbeatInterval,
                        @Value("${zhian.devices.mqtt.max-missed-heartbeats:3}") int maxMissed) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txm);
        this.audit = audit;
        this.mqttTimeout = heartbeatInterval.multipliedBy(maxMissed);
    }

    /** For tests: the time source of MQTT liveness. */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public Duration mqttTimeout() {
        return mqttTimeout;
    }

    public void gbSeen(String gbId, Instant at) {
        gbSeen.merge(gbId, at, (a, b) -> a.isAfter(b) ? a : b);
        notes.incrementAndGet();
    }

    /** A heartbeat (or any message) from an MQTT device: last seen, and online if it was not. */
    public void mqttSeen(String code, Instant at) {
        mqttSeen.merge(code, at, (a, b) -> a.isAfter(b) ? a : b);
        notes.incrementAndGet();
    }

    public void gbTransition(String gbId, boolean online, Instant at, String reason) {
        transitions.add(new Transition(true, gbId, online, at, reason));
    }

    public long notesReceived() {
        return notes.get();
    }

    public long flushCount() {
        return flushes.get();
    }

    /**
     * GB/T 28181 registrations live in the SIP server's memory. After a start, devices re-register when their keepalive
     * is refused; those not heard from since {@code startedAt} (called once the keepalive timeout has passed) are
     * marked offline, so a restart does not make the whole network flap.
     */
    public int markGbDevicesOfflineNotSeenSince(Instant startedAt) {
        flush();
        Instant now = clock.instant();
        Integer n = tx.execute(s -> {
            List<Long> ids = jdbc.sql("""
                            UPDATE device SET online = FALSE, status_since = :at
                            WHERE protocol = 'GB28181' AND online AND (last_seen_at IS NULL OR last_seen_at < :started) RETURNING id""")
                    .param("at", Timestamp.from(now)).param("started", Timestamp.from(startedAt)).query(Long.class).list();
            insertHistory(ids, false, now, "NOT_REREGISTERED");
            return ids.size();
        });
        return n == null ? 0 : n;
    }

    @Scheduled(initialDelayString = "${zhian.devices.flush-interval:PT2S}", fixedDelayString = "${zhian.devices.flush-interval:PT2S}")
    void scheduledFlush() {
        try {
            flush();
            checkMqttLiveness(clock.instant());
        } catch (RuntimeException e) {
            log.warn("device status flush failed: {}", e.toString());
        }
    }

    /** Writes the coalesced last-seen times and the queued transitions; returns the number of transitions applied. */
    public synchronized int flush() {
        Map<String, Instant> gb = drain(gbSeen);
        Map<String, Instant> mqtt = drain(mqttSeen);
        List<Transition> queued = new ArrayList<>();
        for (Transition t; (t = transitions.poll()) != null; ) {
            queued.add(t);
        }
        if (gb.isEmpty() && mqtt.isEmpty() && queued.isEmpty()) {
            return 0;
        }
        int[] counts = new int[2];
        tx.executeWithoutResult(s -> {
            // transitions first, so a keepalive noted after a REGISTER lands on an online device
            for (List<Transition> round : rounds(queued)) {
                List<Object[]> changed = jdbc.sql("""
                                WITH t(key, online, at, reason) AS (
                                  SELECT * FROM unnest(CAST(:keys AS TEXT[]), CAST(:online AS BOOLEAN[]), CAST(:at AS TIMESTAMPTZ[]), CAST(:reason AS TEXT[])))
                                UPDATE device d SET online = t.online, status_since = t.at FROM t
                                WHERE d.gb_id = t.key AND d.online <> t.online RETURNING d.id, t.online, t.at, t.reason""")
                        .param("keys", SqlArrays.texts(round.stream().map(Transition::key).toList()))
                        .param("online", booleans(round)).param("at", SqlArrays.texts(round.stream().map(t -> t.at().toString()).toList()))
                        .param("reason", SqlArrays.texts(round.stream().map(Transition::reason).toList()))
                        .query((rs, n) -> new Object[] {rs.getLong(1), rs.getBoolean(2), rs.getTimestamp(3), rs.getString(4)}).list();
                for (Object[] c : changed) {
                    jdbc.sql("INSERT INTO device_status_change (device_id, online, at, reason) VALUES (:d, :o, :at, :r)")
                            .param("d", c[0]).param("o", c[1]).param("at", c[2]).param("r", c[3]).update();
                    counts[(Boolean) c[1] ? 0 : 1]++;
                }
            }
            if (!gb.isEmpty()) {
                jdbc.sql("""
                                UPDATE device d SET last_seen_at = GREATEST(d.last_seen_at, v.t)
                                FROM unnest(CAST(:keys AS TEXT[]), CAST(:ts AS TIMESTAMPTZ[])) AS v(k, t) WHERE d.gb_id = v.k""")
                        .param("keys", SqlArrays.texts(gb.keySet())).param("ts", SqlArrays.texts(gb.values().stream().map(Instant::toString).toList()))
                        .update();
            }
            if (!mqtt.isEmpty()) {
                List<Object[]> cameOnline = jdbc.sql("""
                                WITH v(k, t) AS (SELECT * FROM unnest(CAST(:keys AS TEXT[]), CAST(:ts AS TIMESTAMPTZ[]))),
                                old AS (SELECT d.id, d.online FROM device d JOIN v ON v.k = d.code WHERE d.protocol = 'MQTT' FOR UPDATE OF d)
                                UPDATE device d SET last_seen_at = GREATEST(d.last_seen_at, v.t), online = TRUE,
                                  status_since = CASE WHEN old.online THEN d.status_since ELSE v.t END
                                FROM v, old WHERE d.code = v.k AND old.id = d.id RETURNING d.id, old.online, v.t""")
                        .param("keys", SqlArrays.texts(mqtt.keySet())).param("ts", SqlArrays.texts(mqtt.values().stream().map(Instant::toString).toList()))
                        .query((rs, n) -> new Object[] {rs.getLong(1), rs.getBoolean(2), rs.getTimestamp(3)}).list();
                for (Object[] c : cameOnline) {
                    if (!(Boolean) c[1]) {
                        jdbc.sql("INSERT INTO device_status_change (device_id, online, at, reason) VALUES (:d, TRUE, :at, 'HEARTBEAT')")
                                .param("d", c[0]).param("at", c[2]).update();
                        counts[0]++;
                    }
                }
            }
            if (counts[0] + counts[1] > 0) {
                audit.record("DEVICE_STATUS", "device", null, "online +" + counts[0] + ", offline +" + counts[1]);
            }
        });
        flushes.incrementAndGet();
        return counts[0] + counts[1];
    }

    /** MQTT devices silent for longer than the timeout go offline. Returns how many did. */
    public int checkMqttLiveness(Instant now) {
        Instant limit = now.minus(mqttTimeout);
        Integer n = tx.execute(s -> {
            List<Long> ids = jdbc.sql("""
                            UPDATE device SET online = FALSE, status_since = :now
                            WHERE protocol = 'MQTT' AND online AND (last_seen_at IS NULL OR last_seen_at < :limit) RETURNING id""")
                    .param("now", Timestamp.from(now)).param("limit", Timestamp.from(limit)).query(Long.class).list();
            insertHistory(ids, false, now, "HEARTBEAT_TIMEOUT");
            if (!ids.isEmpty()) {
                audit.record("DEVICE_STATUS", "device", null, "online +0, offline +" + ids.size() + " (missed heartbeats)");
            }
            return ids.size();
        });
        return n == null ? 0 : n;
    }

    private void insertHistory(List<Long> ids, boolean online, Instant at, String reason) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("INSERT INTO device_status_change (device_id, online, at, reason) SELECT unnest(CAST(:ids AS BIGINT[])), :online, :at, :reason")
                .param("ids", SqlArrays.bigints(ids)).param("online", online).param("at", Timestamp.from(at)).param("reason", reason).update();
    }

    private static Map<String, Instant> drain(ConcurrentHashMap<String, Instant> map) {
        Map<String, Instant> out = new HashMap<>();
        for (String k : map.keySet()) {
            Instant v = map.remove(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** Splits transitions so that each device appears at most once per batched statement, keeping their order. */
    private static List<List<Transition>> rounds(List<Transition> queued) {
        List<List<Transition>> rounds = new ArrayList<>();
        Map<String, Integer> next = new LinkedHashMap<>();
        for (Transition t : queued) {
            int r = next.merge(t.key(), 1, Integer::sum) - 1;
            while (rounds.size() <= r) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(r).add(t);
        }
        return rounds;
    }

    private static String booleans(List<Transition> round) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < round.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(round.get(i).online() ? "t" : "f");
        }
        return sb.append('}').toString();
    }
}
