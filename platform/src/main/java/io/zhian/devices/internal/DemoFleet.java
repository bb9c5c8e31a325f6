package io.zhian.devices.internal;

import io.zhian.devices.Devices;
import io.zhian.gb28181.GbDeviceId;
import io.zhian.gb28181.SipSignallingServer;
import io.zhian.gb28181.sim.SimulatedGbFleet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Demo only: brings the demo device network to life in-process. Up to {@code zhian.devices.demo-fleet.size} demo
 * cameras/NVRs register with the platform's own SIP server over loopback UDP (digest, keepalives, catalog answers),
 * and the MQTT devices send heartbeats through the device intake every minute. About 2 % stay silent so the offline
 * list and tickets have something to show. Off with size 0 (tests).
 */
@Component
@Profile("demo")
class DemoFleet {

    private static final Logger log = LoggerFactory.getLogger(DemoFleet.class);

    private final GbSignalling signalling;
    private final Devices devices;
    private final DeviceMessages messages;
    private final JdbcClient jdbc;
    private final int size;
    private final Duration keepalive;
    private volatile SimulatedGbFleet fleet;
    private volatile ScheduledExecutorService heartbeats;

    DemoFleet(GbSignalling signalling, Devices devices, DeviceMessages messages, JdbcClient jdbc,
              @Value("${zhian.devices.demo-fleet.size:3000}") int size,
              @Value("${zhian.devices.sip.keepalive-interval:PT60S}") Duration keepalive) {
        this.signalling = signalling;
        this.devices = devices;
        this.messages = messages;
        this.jdbc = jdbc;
        this.size = size;
        this.keepalive = keepalive;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (size <= 0 || signalling.server().isEmpty()) {
            return;
        }
        Thread t = new Thread(this::run, "demo-fleet");
        t.setDaemon(true);
        t.start();
    }

    private void run() {
        try {
            SipSignallingServer server = signalling.server().orElseThrow();
            List<Map<String, Object>> rows = jdbc.sql("SELECT gb_id, name FROM device WHERE protocol = 'GB28181' ORDER BY id LIMIT :n")
                    .param("n", size).query().listOfRows();
            Random random = new Random(7);
            List<SimulatedGbFleet.Member> members = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                String gb = ((String) row.get("gb_id")).strip();
                devices.sipPassword(gb).ifPresent(p -> members.add(new SimulatedGbFleet.Member(GbDeviceId.parse(gb), p, (String) row.get("name"))));
            }
            fleet = SimulatedGbFleet.builder(server.config().host(), server.udpPort(), signalling.serverId()).members(members).start();
            for (int i = 0; i < members.size(); i++) {
                if (random.nextInt(50) == 0) {
                    fleet.silence(i, true);
                }
            }
            fleet.startKeepalives(keepalive);
            int ok = fleet.registerAll(Duration.ofHours(1), 50);
            log.info("Demo fleet: {} of {} simulated GB/T 28181 cameras registered with the SIP server on udp {}", ok, members.size(),
                    server.udpPort());
            List<String> codes = jdbc.sql("SELECT code FROM device WHERE protocol = 'MQTT' AND code NOT LIKE 'T-%' ORDER BY id")
                    .query(String.class).list().stream().filter(c -> random.nextInt(50) != 0).toList();
            heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread h = new Thread(r, "demo-mqtt-heartbeats");
                h.setDaemon(true);
                return h;
            });
            heartbeats.scheduleAtFixedRate(() -> {
                for (String code : codes) {
                    messages.accept("zhian/devices/" + code + "/heartbeat", "{}".getBytes(StandardCharsets.UTF_8), Instant.now());
                }
            }, 0, 60, TimeUnit.SECONDS);
            log.info("Demo fleet: {} MQTT devices send heartbeats", codes.size());
        } catch (Exception e) {
            log.warn("demo fleet did not start: {}", e.toString());
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        if (fleet != null) {
            fleet.close();
        }
    }
}
