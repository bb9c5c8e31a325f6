package io.zhian.bench;

import io.zhian.community.ingest.AccessEvent;
import io.zhian.community.ingest.AccessEventParser;
import io.zhian.community.ingest.AccessEventWriter;
import io.zhian.mqtt.MqttMessageIn;
import io.zhian.mqtt.internal.BenchMqtt;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Sustained, durable ingestion of door access events over MQTT into PostgreSQL.
 *
 * <p>Publishers (Paho, QoS 1, one event per message as a door controller sends them) connect to the platform's
 * own MQTT endpoint: {@code io.zhian.mqtt.internal.EmbeddedMqttServer} with its {@code Subscriptions}, compiled
 * into the bench from {@code platform/src/main/java} and started through {@link BenchMqtt} (the server wires the
 * same classes through Spring). Its subscription thread takes up to 1,000 messages (the platform's
 * {@code community-access} subscription on {@code zhian/community/+/access}), the handler parses them with the
 * platform's {@link AccessEventParser}, writes them with the platform's {@link AccessEventWriter} (one unnest
 * statement, ON CONFLICT DO NOTHING) and commits; the endpoint sends the PUBACKs only after the handler returned.
 * PostgreSQL runs with fsync and synchronous_commit on, so an acknowledged event is on disk. The baseline is the
 * same pipeline, through the same endpoint, with one autocommitted INSERT per event: only the writer differs.
 *
 * <p>Latency is measured from the publisher's clock reading (carried in the event's {@code at}) to the
 * handler's commit returning — the moment the platform hands the compound to the live board, which then
 * pushes within its 250 ms tick (not included).
 *
 * Throughput is measured saturated (publishers keep 5,000 messages in flight each); latency is measured
 * again at a paced rate below capacity ({@code -Dbench.rate}, default 2,000 events/s for 10 s), since a
 * saturated run only measures queueing.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.zhian.bench.CommunityIngestBench [events] [baselineEvents] [publishers]}
 * (defaults 300,000 / 20,000 / 4).
 */
public final class CommunityIngestBench {

    /** The platform's subscription for access events (see {@code CommunityMqtt}): name, filter, batch size. */
    private static final String SUBSCRIPTION = "community-access";
    private static final String ACCESS_TOPICS = "zhian/community/+/access";
    private static final int MAX_BATCH = 1000;
    /** Threads whose CPU time counts as server side: the subscription's handler thread and the endpoint's event loops. */
    private static final String[] SERVER_THREADS = {"mqtt-" + SUBSCRIPTION, "vert.x-eventloop"};
    private static final int INFLIGHT = 5000;
    /** Events per second for all publishers together; 0 = as fast as the window allows. */
    private static volatile int RATE;
    private static int PUBLISHERS = 1;

    interface Sink {
        /** Stores the events durably; returns normally only after the commit. */
        void store(List<AccessEvent> events) throws Exception;

        /** The PostgreSQL backend process serving this sink, for CPU accounting. */
        int backendPid();
    }

    /** CPU time (ns) of a PostgreSQL backend from /proc (Linux), or -1. */
    static long processCpuNanos(int pid) {
        try {
            String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll("^.*\\) ", "").split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (Exception e) {
            return -1;
        }
    }

    /** CPU time (ns) of this JVM's threads whose names start with one of the prefixes. */
    static long threadCpuNanos(String... prefixes) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && Arrays.stream(prefixes).anyMatch(t.getThreadName()::startsWith)) {
                total += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    static int pid(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int baselineEvents = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int publishers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        PUBLISHERS = publishers;
        System.out.printf("community ingest bench: %,d events (baseline %,d), %d MQTT publishers, QoS 1, cores=%d, java %s%n",
                events, baselineEvents, publishers, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Path dir = Files.createTempDirectory("zhian-ingest-bench");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on")
                .start()) {
            DataSource ds = pg.getPostgresDatabase();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (String ddl : accessEventDdl()) {
                    s.execute(ddl);
                }
                for (String ddl : migrationDdl("V1300__mqtt.sql", "mqtt_dead_letter")) {
                    s.execute(ddl); // the endpoint's dead-letter table
                }
                try (ResultSet rs = s.executeQuery("SHOW fsync")) {
                    rs.next();
                    System.out.println("PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + ", fsync=" + rs.getString(1)
                            + ", synchronous_commit=on");
                }
            }
            AccessEventParser parser = new AccessEventParser(code -> "BENCH".equals(code) ? 1L : null);

            // warm-up (JIT, connections), not measured
            run("warm-up", ds, parser, 20_000, publishers, batchSink(ds), "w");

            Result ours = run("OURS batch writer", ds, parser, events, publishers, batchSink(ds), "o");
            Result base = run("BASELINE one INSERT per event (autocommit)", ds, parser, baselineEvents, publishers, singleSink(ds), "b");
            int rate = Integer.getInteger("bench.rate", 2000);
            RATE = rate;
            Result paced = run("OURS paced at " + rate + " events/s (latency)", ds, parser, rate * 10, publishers, batchSink(ds), "p");
            RATE = Math.min(rate, 100);
            Result pacedBase = run("BASELINE paced at " + Math.min(rate, 100) + " events/s (latency)", ds, parser,
                    Math.min(rate, 100) * 10, publishers, singleSink(ds), "q");
            RATE = 0;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM community_access_event WHERE device_event_id NOT LIKE 'w%'")) {
                rs.next();
                System.out.printf("rows stored (measured runs): %,d of %,d published%n", rs.getLong(1),
                        (long) events + baselineEvents + rate * 10L + Math.min(rate, 100) * 10L);
            }
            System.out.printf("%nSUMMARY  throughput: ours %,.0f events/s, baseline %,.0f events/s, ratio %.1fx%n", ours.rate, base.rate,
                    ours.rate / base.rate);
            System.out.printf("SUMMARY  latency publish→commit (paced): ours p50 %.1f ms, p99 %.1f ms at %d/s; baseline p50 %.1f ms, p99 %.1f ms at %d/s%n",
                    paced.p50, paced.p99, rate, pacedBase.p50, pacedBase.p99, Math.min(rate, 100));
        }
    }

    record Result(double rate, double p50, double p99) {}

    /** The DDL of the access-event table, taken from the platform's own migration. */
    static List<String> accessEventDdl() throws Exception {
        return migrationDdl("V1000__community.sql", "community_access_event");
    }

    /** The statements of a platform migration that mention {@code table}. */
    static List<String> migrationDdl(String file, String table) throws Exception {
        Path migration = Path.of("platform/src/main/resources/db/migration/" + file);
        if (!Files.exists(migration)) {
            migration = Path.of("../platform/src/main/resources/db/migration/" + file);
        }
        String sql = Files.readString(migration).replaceAll("(?m)--.*$", "");
        return Arrays.stream(sql.split(";")).map(String::strip).filter(s -> s.contains(table)).toList();
    }

    static Sink batchSink(DataSource ds) throws Exception {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        int pid = pid(c);
        return new Sink() {
            @Override
            public void store(List<AccessEvent> events) throws Exception {
                try {
                    AccessEventWriter.write(c, events);
                    c.commit();
                } catch (Exception e) {
                    c.rollback(); // the endpoint retries the batch
                    throw e;
                }
            }

            @Override
            public int backendPid() {
                return pid;
            }
        };
    }

    static Sink singleSink(DataSource ds) throws Exception {
        Connection c = ds.getConnection();
        c.setAutoCommit(true);
        int pid = pid(c);
        PreparedStatement ps = c.prepareStatement("""
                INSERT INTO community_access_event (compound_id, device_id, device_event_id, occurred_at, direction, credential_type,
                  resident_id, visitor_pass_id, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (device_id, device_event_id) DO NOTHING""");
        return new Sink() {
            @Override
            public int backendPid() {
                return pid;
            }

            @Override
            public void store(List<AccessEvent> events) throws Exception {
            for (AccessEvent e : events) {
                ps.setLong(1, e.compoundId());
                ps.setString(2, e.deviceId());
                ps.setString(3, e.deviceEventId());
                ps.setTimestamp(4, Timestamp.from(e.at()));
                ps.setString(5, e.direction());
                ps.setString(6, e.credentialType());
                ps.setObject(7, e.residentId());
                ps.setObject(8, e.visitorPassId());
                ps.setString(9, e.result());
                ps.executeUpdate();
            }
            }
        };
    }

    static Result run(String label, DataSource ds, AccessEventParser parser, int events, int publishers, Sink sink, String prefix)
            throws Exception {
        BenchMqtt mqtt = BenchMqtt.start(ds);
        String url = mqtt.url();

        long[] latencies = new long[events];
        AtomicLong stored = new AtomicLong();
        mqtt.subscribe(SUBSCRIPTION, ACCESS_TOPICS, MAX_BATCH, batch -> handle(batch, parser, sink, latencies, stored));

        List<MqttAsyncClient> clients = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            MqttAsyncClient client = new MqttAsyncClient(url, "door-gateway-" + prefix + p, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(INFLIGHT);
            o.setCleanSession(true);
            client.connect(o).waitForCompletion(10_000);
            clients.add(client);
        }
        CountDownLatch acked = new CountDownLatch(events);
        long cpu0 = threadCpuNanos(SERVER_THREADS);
        long pg0 = processCpuNanos(sink.backendPid());
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            MqttAsyncClient client = clients.get(p);
            int from = (int) ((long) events * p / publishers);
            int to = (int) ((long) events * (p + 1) / publishers);
            int publisher = p;
            Thread t = new Thread(() -> publish(client, prefix, publisher, from, to, acked), "publisher-" + p);
            t.start();
            threads.add(t);
        }
        if (!acked.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException(label + ": not every event was acknowledged");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double jvmUs = (threadCpuNanos(SERVER_THREADS) - cpu0) / 1e3 / events;
        long pg1 = processCpuNanos(sink.backendPid());
        double pgUs = pg0 < 0 || pg1 < 0 ? Double.NaN : (pg1 - pg0) / 1e3 / events;
        for (MqttAsyncClient client : clients) {
            client.disconnect().waitForCompletion(5000);
            client.close();
        }
        if (mqtt.unroutedCount() > 0 || mqtt.deadLetterCount() > 0) {
            System.err.printf("%s: %d messages unrouted, %d dead-lettered%n", label, mqtt.unroutedCount(), mqtt.deadLetterCount());
        }
        mqtt.stop();
        long[] sorted = Arrays.copyOf(latencies, (int) Math.min(events, stored.get()));
        Arrays.sort(sorted);
        Result r = new Result(events / secs, sorted[(int) (sorted.length * 0.50)] / 1e6, sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1e6);
        System.out.printf("%-45s %,9d events acknowledged in %6.2f s = %,9.0f events/s; publish→commit latency p50 %.1f ms, p99 %.1f ms%n",
                label, events, secs, r.rate, r.p50, r.p99);
        System.out.printf("%-45s server-side CPU per event: %.1f µs endpoint+consumer (JVM) + %.1f µs PostgreSQL backend"
                + " (fsync waits excluded) → at most ≈ %,.0f events/s on 2 idle cores if the publishers ran elsewhere%n",
                "", jvmUs, pgUs, 2e6 / (jvmUs + (Double.isNaN(pgUs) ? 0 : pgUs)));
        return r;
    }

    /**
     * The subscription's batch handler, as the platform's {@code CommunityMqtt.access} (compound code from the topic):
     * parse, store and commit; returning lets the endpoint send the PUBACKs.
     */
    private static void handle(List<MqttMessageIn> batch, AccessEventParser parser, Sink sink, long[] latencies, AtomicLong stored)
            throws Exception {
        List<AccessEvent> events = new ArrayList<>(batch.size());
        for (MqttMessageIn m : batch) {
            events.addAll(parser.parse(m.payload(), m.topicLevels()[2]).events());
        }
        sink.store(events);
        Instant committed = Instant.now();
        for (AccessEvent e : events) {
            long i = stored.getAndIncrement();
            if (i < latencies.length) {
                latencies[(int) i] = java.time.Duration.between(e.at(), committed).toNanos();
            }
        }
    }

    private static void publish(MqttAsyncClient client, String prefix, int publisher, int from, int to, CountDownLatch acked) {
        Semaphore window = new Semaphore(INFLIGHT - 10);
        IMqttActionListener done = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
                acked.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
                System.err.println("publish failed: " + e);
            }
        };
        long start = System.nanoTime();
        double perPublisherRate = RATE > 0 ? RATE / (double) PUBLISHERS : 0;
        try {
            for (int i = from; i < to; i++) {
                if (perPublisherRate > 0) {
                    long due = start + (long) ((i - from) * 1e9 / perPublisherRate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                window.acquire();
                String json = "{\"deviceId\":\"BENCH-" + publisher + "\",\"eventId\":\"" + prefix + i + "\",\"at\":\"" + Instant.now()
                        + "\",\"direction\":\"" + (i % 2 == 0 ? "IN" : "OUT") + "\",\"credential\":\"CARD\",\"residentId\":" + (1000 + i % 5000)
                        + ",\"result\":\"GRANTED\"}";
                client.publish("zhian/community/BENCH/access", json.getBytes(StandardCharsets.UTF_8), 1, false, null, done);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
