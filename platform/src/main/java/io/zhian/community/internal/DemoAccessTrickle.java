package io.zhian.community.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Under the demo profile, a few door events per second through the real ingestion path (the same JSON
 * the webhook and MQTT carry), so the live boards move while the demo runs.
 */
@Component
@Profile("demo")
class DemoAccessTrickle {

    private final JdbcClient jdbc;
    private final AccessIngest ingest;
    private final int perSecond;
    private final Random random = new Random();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis());
    private volatile List<Map<String, Object>> doors;

    DemoAccessTrickle(JdbcClient jdbc, AccessIngest ingest, @Value("${zhian.demo.community.events-per-second:3}") int perSecond) {
        this.jdbc = jdbc;
        this.ingest = ingest;
        this.perSecond = perSecond;
    }

    @Scheduled(initialDelayString = "PT5S", fixedRateString = "PT1S")
    void trickle() {
        if (perSecond <= 0) {
            return;
        }
        if (doors == null || doors.isEmpty()) {
            doors = jdbc.sql("""
                            SELECT c.code, d.device_id, (SELECT min(id) FROM community_resident r WHERE r.compound_id = c.id) AS lo,
                              (SELECT max(id) FROM community_resident r WHERE r.compound_id = c.id) AS hi
                            FROM community_door d JOIN community_compound c ON c.id = d.compound_id WHERE c.code LIKE 'XQ%'""")
                    .query().listOfRows();
            if (doors.isEmpty()) {
                return;
            }
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < perSecond; i++) {
            Map<String, Object> d = doors.get(random.nextInt(doors.size()));
            Long lo = d.get("lo") == null ? null : ((Number) d.get("lo")).longValue();
            Long hi = d.get("hi") == null ? null : ((Number) d.get("hi")).longValue();
            Long resident = lo == null ? null : lo + (long) (random.nextDouble() * (hi - lo + 1));
            boolean denied = random.nextInt(50) == 0;
            json.append(i == 0 ? "" : ",").append("{\"compound\":\"").append(d.get("code")).append("\",\"deviceId\":\"")
                    .append(d.get("device_id")).append("\",\"eventId\":\"demo-").append(sequence.incrementAndGet())
                    .append("\",\"at\":\"").append(Instant.now()).append("\",\"direction\":\"").append(random.nextBoolean() ? "IN" : "OUT")
                    .append("\",\"credential\":\"CARD\",\"residentId\":").append(resident).append(",\"result\":\"")
                    .append(denied ? "DENIED" : "GRANTED").append("\"}");
        }
        ingest.ingest(json.append(']').toString().getBytes(StandardCharsets.UTF_8), null, id -> true);
    }
}
