package io.zhian.simulator;

import io.zhian.gb28181.GbDeviceId;
import io.zhian.gb28181.sim.SimulatedGbFleet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A command-line fleet of simulated devices: GB/T 28181 cameras registering with the platform's SIP server and MQTT
 * devices (light boxes, alarm pillars …) publishing heartbeats and alarms on {@code zhian/devices/{code}/…}.
 * See README "Simulator" for the options; {@code --help} prints them.
 */
public final class Simulator {

    static final String USAGE = """
            java -jar simulator/target/simulator.jar [options]
              --gb-cameras N        simulated GB/T 28181 cameras (default 100)
              --server HOST:PORT    the platform's SIP server, UDP (default 127.0.0.1:15060)
              --server-id ID        the SIP server id (default 41138100002000000001)
              --gb-prefix P         first 14 digits of camera ids (default 41138100001320 = the demo data's cameras)
              --gb-first N          serial of the first camera (default 1)
              --password P          digest password for every camera; 'demo' (default) = Demo#Sip + 6-digit serial as in the demo data
              --keepalive S         keepalive interval in seconds (default 60)
              --mqtt URL            MQTT broker (default tcp://127.0.0.1:18830); devices publish only with --mqtt-devices > 0
              --mqtt-devices N      simulated MQTT devices (default 0)
              --mqtt-codes A,B,...  their device codes (default SIM-00001 …); must be registered in the platform
              --heartbeat S         MQTT heartbeat interval in seconds (default 60)
              --alarm-rate R        alarms per device per hour, GB and MQTT (default 0.01)
              --silent-share F      share of devices that never keep alive (default 0)
              --duration S          stop after S seconds (default: run until Ctrl-C)
            """;

    public static void main(String[] argv) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.gov.nist.javax.sip", "warn");
        Args args = new Args(argv);
        if (args.has("help")) {
            System.out.print(USAGE);
            return;
        }
        int cameras = args.integer("gb-cameras", 100);
        String[] server = args.text("server", "127.0.0.1:15060").split(":");
        GbDeviceId serverId = GbDeviceId.parse(args.text("server-id", "41138100002000000001"));
        String prefix = args.text("gb-prefix", "41138100001320");
        int first = args.integer("gb-first", 1);
        String password = args.text("password", "demo");
        Duration keepalive = Duration.ofSeconds(args.integer("keepalive", 60));
        int mqttDevices = args.integer("mqtt-devices", 0);
        String mqttUrl = args.text("mqtt", "tcp://127.0.0.1:18830");
        Duration heartbeat = Duration.ofSeconds(args.integer("heartbeat", 60));
        double alarmRate = args.decimal("alarm-rate", 0.01);
        double silentShare = args.decimal("silent-share", 0);
        int duration = args.integer("duration", 0);
        Random random = new Random(42);

        List<SimulatedGbFleet.Member> members = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            String serial = String.format("%06d", first + i);
            GbDeviceId id = GbDeviceId.parse(prefix + serial);
            members.add(new SimulatedGbFleet.Member(id, "demo".equals(password) ? "Demo#Sip" + serial : password, "模拟摄像机" + serial));
        }
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicLong mqttSent = new AtomicLong();
        AtomicLong mqttAlarms = new AtomicLong();
        SimulatedGbFleet fleet = null;
        MqttAsyncClient mqtt = null;
        try {
            if (cameras > 0) {
                fleet = SimulatedGbFleet.builder(server[0], Integer.parseInt(server[1]), serverId).members(members).start();
                fleet.startKeepalives(keepalive);
                long t0 = System.nanoTime();
                int ok = fleet.registerAll(Duration.ofHours(1), 200);
                System.out.printf("GB/T 28181: %d of %d cameras registered in %.1f s%n", ok, cameras, (System.nanoTime() - t0) / 1e9);
                for (int i = 0; i < cameras; i++) {
                    if (random.nextDouble() < silentShare) {
                        fleet.silence(i, true);
                    }
                }
                if (alarmRate > 0) {
                    SimulatedGbFleet f = fleet;
                    timer.scheduleAtFixedRate(() -> {
                        // expected alarms per second = devices × rate / 3600, drawn per second
                        double expected = cameras * alarmRate / 3600.0;
                        int n = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
                        for (int k = 0; k < n; k++) {
                            int i = random.nextInt(cameras);
                            if (f.isRegistered(i)) {
                                f.alarm(i, "模拟报警：周界入侵");
                            }
                        }
                    }, 1, 1, TimeUnit.SECONDS);
                }
            }
            if (mqttDevices > 0) {
                List<String> codes = args.has("mqtt-codes") ? Arrays.asList(args.text("mqtt-codes", "").split(","))
                        : new ArrayList<>();
                for (int i = codes.size(); i < mqttDevices; i++) {
                    codes.add(String.format("SIM-%05d", i + 1));
                }
                List<String> devices = codes.subList(0, mqttDevices);
                mqtt = new MqttAsyncClient(mqttUrl, "zhian-simulator-" + System.nanoTime(), new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMaxInflight(10_000);
                options.setAutomaticReconnect(true);
                mqtt.connect(options).waitForCompletion(10_000);
                MqttAsyncClient client = mqtt;
                long period = Math.max(1, heartbeat.toMillis() / Math.max(1, devices.size()));
                AtomicLong next = new AtomicLong();
                timer.scheduleAtFixedRate(() -> {
                    int i = (int) (next.getAndIncrement() % devices.size());
                    publish(client, "zhian/devices/" + devices.get(i) + "/heartbeat", "{\"seq\":" + next.get() + "}", mqttSent);
                    if (random.nextDouble() < alarmRate * heartbeat.toSeconds() / 3600.0) {
                        publish(client, "zhian/devices/" + devices.get(i) + "/alarm", "{\"eventId\":\"sim-" + System.nanoTime()
                                + "\",\"type\":\"ONE_KEY\",\"description\":\"模拟一键报警\",\"at\":\"" + Instant.now() + "\"}", mqttAlarms);
                    }
                }, 0, period, TimeUnit.MILLISECONDS);
                System.out.printf("MQTT: %d devices publishing to %s every %d s%n", devices.size(), mqttUrl, heartbeat.toSeconds());
            }
            long end = duration > 0 ? System.nanoTime() + duration * 1_000_000_000L : Long.MAX_VALUE;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                if (fleet != null) {
                    SimulatedGbFleet.Stats s = fleet.stats();
                    System.out.printf("GB: registered %d, keepalives %d sent / %d answered, alarms %d, catalogs %d, failures %d, timeouts %d%n",
                            s.registered(), s.keepalivesSent(), s.keepalivesAnswered(), s.alarmsSent(), s.catalogsAnswered(), s.failures(),
                            s.timeouts());
                }
                if (mqtt != null) {
                    System.out.printf("MQTT: %d heartbeats, %d alarms published%n", mqttSent.get(), mqttAlarms.get());
                }
            }
        } finally {
            timer.shutdownNow();
            if (fleet != null) {
                fleet.close();
            }
            if (mqtt != null && mqtt.isConnected()) {
                mqtt.disconnect().waitForCompletion(5000);
            }
        }
        System.exit(0); // Paho and JAIN-SIP leave non-daemon threads behind
    }

    private static void publish(MqttAsyncClient client, String topic, String json, AtomicLong counter) {
        try {
            client.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, false);
            counter.incrementAndGet();
        } catch (Exception e) {
            // broker busy or reconnecting: the next heartbeat follows
        }
    }
}
