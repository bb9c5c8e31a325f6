package io.zhian.simulator;

import io.zhian.gb28181.DevicePasswords;
import io.zhian.gb28181.DeviceRegistration;
import io.zhian.gb28181.GbDeviceId;
import io.zhian.gb28181.GbSignallingListener;
import io.zhian.gb28181.Keepalive;
import io.zhian.gb28181.OfflineReason;
import io.zhian.gb28181.SipServerConfig;
import io.zhian.gb28181.SipSignallingServer;
import io.zhian.gb28181.sim.SimulatedGbFleet;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One GB/T 28181 server node keeps {@code N} simulated cameras registered and reports their status; then its
 * keepalive handling throughput is measured against a bare JAIN-SIP echo server in the same run.
 *
 * <p>Phase 1 (status): N cameras register (digest), keep alive every {@code K} seconds (shortened from 60 s so the
 * offline check fits the run; offline after 3 × K); the online count must reach N; 100 cameras go silent and must
 * be reported offline after 3 missed keepalives while the rest stay online. The listener coalesces last-seen times in
 * memory as the platform does. Phase 2 (cost): the same client sends M keepalives as fast as answered (window W) to
 * our server and to the echo baseline; prints keepalives/s of each, the ratio, and process CPU per keepalive. Between
 * the phases, 200 alarms (20/s) are sent under the full keepalive load and the time from the device's send to the
 * server's alarm callback (where the platform publishes {@code AlarmRequested}) is printed as p50/p99.
 *
 * <p>Usage: {@code java -cp simulator/target/simulator.jar io.zhian.simulator.SipKeepaliveBench [N] [K] [M] [W]}
 * (defaults 20000, 10, 200000, 400).
 */
public final class SipKeepaliveBench {

    public static void main(String[] args) throws Exception {
        // per-message INFO logging (JAIN-SIP, registrations) would measure the console, not the server
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("bench.log", "warn"));
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long m = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
        int w = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        int silent = Math.min(100, n / 2);
        System.out.printf("GB/T 28181 keepalive bench: N=%,d cameras, keepalive every %d s (production 60 s; shortened), M=%,d timed keepalives,"
                + " window %d, cores=%d, java %s%n", n, k, m, w, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        GbDeviceId serverId = GbDeviceId.parse("41138100002000000001");
        Map<GbDeviceId, String> passwords = new HashMap<>();
        List<SimulatedGbFleet.Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GbDeviceId id = GbDeviceId.parse("41138100001320" + String.format("%06d", i + 1));
            passwords.put(id, "pw" + i);
            members.add(new SimulatedGbFleet.Member(id, "pw" + i, null));
        }
        ConcurrentHashMap<String, Instant> lastSeen = new ConcurrentHashMap<>();
        AtomicLong online = new AtomicLong();
        AtomicLong offline = new AtomicLong();
        AtomicLong keepalives = new AtomicLong();
        java.util.Set<String> wentOffline = ConcurrentHashMap.newKeySet();
        ConcurrentHashMap<String, Long> alarmSentAt = new ConcurrentHashMap<>();
        java.util.concurrent.ConcurrentLinkedQueue<Long> alarmLatencies = new java.util.concurrent.ConcurrentLinkedQueue<>();
        GbSignallingListener listener = new GbSignallingListener() {
            @Override
            public void alarmReceived(io.zhian.gb28181.AlarmNotification alarm) {
                Long sent = alarmSentAt.remove(alarm.reportingDeviceId().value());
                if (sent != null) {
                    alarmLatencies.add(System.nanoTime() - sent);
                }
            }

            @Override
            public void deviceRegistered(DeviceRegistration r) {
                lastSeen.put(r.deviceId().value(), r.registeredAt());
                if (!r.refresh()) {
                    online.incrementAndGet();
                }
            }

            @Override
            public void deviceOffline(GbDeviceId id, OfflineReason reason) {
                online.decrementAndGet();
                offline.incrementAndGet();
                wentOffline.add(id.value());
            }

            @Override
            public void keepaliveReceived(Keepalive keepalive) {
                lastSeen.put(keepalive.deviceId().value(), keepalive.receivedAt());
                keepalives.incrementAndGet();
            }
        };
        SipServerConfig config = SipServerConfig.builder(serverId, DevicePasswords.of(passwords)).host("127.0.0.1").udpPort(0).tcpPort(0)
                .keepaliveInterval(Duration.ofSeconds(k)).maxMissedKeepalives(3).statusCheckInterval(Duration.ofSeconds(1))
                .maxOutstandingNonces(Math.max(100_000, 2 * n)).build();
        double oursRate;
        double oursCpu;
        try (SipSignallingServer server = SipSignallingServer.start(config, listener);
             SimulatedGbFleet fleet = SimulatedGbFleet.builder("127.0.0.1", server.udpPort(), serverId).members(members).start()) {
            fleet.startKeepalives(Duration.ofSeconds(k)); // each camera keeps alive from its registration on
            long t0 = System.nanoTime();
            int registered = fleet.registerAll(Duration.ofHours(1), 200);
            double wave = (System.nanoTime() - t0) / 1e9;
            waitFor(() -> online.get() >= registered, Duration.ofSeconds(30));
            System.out.printf("registration wave: %,d of %,d registered in %.1f s (%.0f/s); server online %,d, listener online %,d%n",
                    registered, n, wave, registered / wave, server.onlineDevices().size(), online.get());
            Thread.sleep(4_000L * k);
            waitFor(() -> server.onlineDevices().size() == n, Duration.ofSeconds(3L * k));
            System.out.printf("after %d keepalive rounds: server online %,d (expected %,d), keepalives handled %,d, offline events %d, %s%n",
                    4, server.onlineDevices().size(), n, keepalives.get(), offline.get(), fleet.stats());
            check(server.onlineDevices().size() == n, "all cameras online (transient drop-outs re-register on the 403 to their next keepalive)");
            // alarms under the keepalive load of all N cameras: device send -> the server's alarm callback (where the
            // platform publishes AlarmRequested); 20 alarms/s from distinct cameras for 10 s
            int alarms = 200;
            for (int a = 0; a < alarms; a++) {
                int camera = (a * 97 + 13) % n;
                alarmSentAt.put(members.get(camera).id().value(), System.nanoTime());
                fleet.alarm(camera, "基准测试报警 " + a);
                Thread.sleep(50);
            }
            waitFor(() -> alarmLatencies.size() >= alarms, Duration.ofSeconds(10));
            long[] lat = alarmLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("ALARMS under %,d-camera keepalive load: %d of %d received; device send -> server alarm callback p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    n, lat.length, alarms, percentile(lat, 0.50) / 1e6, percentile(lat, 0.99) / 1e6, lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
            long offlineBefore = offline.get();
            wentOffline.clear();
            java.util.Set<String> silenced = new java.util.HashSet<>();
            for (int i = 0; i < silent; i++) {
                fleet.silence(i * (n / silent), true);
                silenced.add(members.get(i * (n / silent)).id().value());
            }
            long silencedAt = System.nanoTime();
            waitFor(() -> wentOffline.containsAll(silenced), Duration.ofSeconds(3L * k + 30));
            double detect = (System.nanoTime() - silencedAt) / 1e9;
            Thread.sleep(3000L * k / 2); // let transient drop-outs re-register
            java.util.Set<String> nowOnline = new java.util.HashSet<>();
            server.onlineDevices().forEach(r -> nowOnline.add(r.deviceId().value()));
            long silencedOnline = silenced.stream().filter(nowOnline::contains).count();
            System.out.printf("%d cameras silenced: all offline after %.1f s (allowed 3 × %d s + check interval); %d transient offline events of other"
                            + " cameras (keepalives lost under load; they re-registered); server online %,d (expected %,d), silenced still online %d%n",
                    silent, detect, k, offline.get() - offlineBefore - silent, nowOnline.size(), n - silent, silencedOnline);
            check(wentOffline.containsAll(silenced) && silencedOnline == 0 && nowOnline.size() == n - silent,
                    "exactly the silenced cameras offline, all others online");
            fleet.stopKeepalives();
            fleet.blast(Math.min(m / 4, 50_000), w); // warm-up (JIT)
            long cpu0 = processCpuNanos();
            SimulatedGbFleet.BlastResult ours = fleet.blast(m, w);
            oursCpu = (processCpuNanos() - cpu0) / (double) Math.max(1, ours.answered());
            oursRate = ours.perSecond();
            System.out.printf("OURS  (GB/T 28181 server: MANSCDP XML parse, source check, liveness, listener): %,.0f keepalives/s, %,d answered, %,d failed, %.1f µs process CPU each%n",
                    oursRate, ours.answered(), ours.failed(), oursCpu / 1000);
        }
        double echoRate;
        double echoCpu;
        try (EchoSipServer echo = new EchoSipServer("127.0.0.1", freePort());
             SimulatedGbFleet fleet = SimulatedGbFleet.builder("127.0.0.1", echo.port(), serverId)
                     .members(members.subList(0, Math.min(n, 2000))).start()) {
            fleet.registerAll(Duration.ofHours(1), 200);
            fleet.blast(Math.min(m / 4, 50_000), w);
            long cpu0 = processCpuNanos();
            SimulatedGbFleet.BlastResult base = fleet.blast(m, w);
            echoCpu = (processCpuNanos() - cpu0) / (double) Math.max(1, base.answered());
            echoRate = base.perSecond();
            System.out.printf("BASE  (bare JAIN-SIP listener answering 200 OK to every MESSAGE): %,.0f keepalives/s, %,d answered, %,d failed, %.1f µs process CPU each%n",
                    echoRate, base.answered(), base.failed(), echoCpu / 1000);
        }
        System.out.println("== SUMMARY ==");
        System.out.printf("keepalive throughput ours/baseline = %.2f (ours %,.0f/s vs %,.0f/s); CPU per keepalive ours/baseline = %.2f"
                + " (client CPU included in both); 20,000 cameras at 60 s need %,.0f/s = %.1f%% of our measured maximum%n",
                oursRate / echoRate, oursRate, echoRate, oursCpu / echoCpu, 20_000 / 60.0, 100 * (20_000 / 60.0) / oursRate);
        // JAIN-SIP leaves non-daemon timer threads behind after its stacks stop
        System.exit(0);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void check(boolean ok, String what) {
        System.out.println((ok ? "CHECK OK: " : "CHECK FAILED: ") + what);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }
}
