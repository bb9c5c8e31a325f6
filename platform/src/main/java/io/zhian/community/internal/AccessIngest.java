package io.zhian.community.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zhian.community.ingest.AccessEvent;
import io.zhian.community.ingest.AccessEventParser;
import io.zhian.community.ingest.AccessEventWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Access events from the HTTP webhook and MQTT: parse (bad events are counted, never thrown), write in
 * one batch and one transaction ({@link AccessEventWriter}, duplicates skipped), mark the doors seen,
 * and wake the live boards. Events older than the retention period are purged in batches.
 */
@Service
class AccessIngest {

    private static final Logger log = LoggerFactory.getLogger(AccessIngest.class);
    private static final int PURGE_BATCH = 10_000;

    record Result(int accepted, int duplicates, List<AccessEventParser.Rejected> rejected) {}

    private final JdbcClient jdbc;
    private final AccessEventWriter writer;
    private final AccessEventParser parser;
    private final LiveBoard board;
    private final CommunitySettings settings;
    private final Counter malformed;
    private final Counter accepted;
    private final AtomicLong malformedTotal = new AtomicLong();
    private final Map<String, Long> compoundIds = new ConcurrentHashMap<>();

    AccessIngest(JdbcClient jdbc, DataSource dataSource, LiveBoard board, CommunitySettings settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.writer = new AccessEventWriter(dataSource);
        this.parser = new AccessEventParser(this::compoundId);
        this.board = board;
        this.settings = settings;
        this.malformed = Counter.builder("zhian.community.access.malformed")
                .description("access events or payloads rejected as malformed").register(meters);
        this.accepted = Counter.builder("zhian.community.access.accepted").description("new access events stored").register(meters);
    }

    private Long compoundId(String code) {
        Long id = compoundIds.get(code);
        if (id == null) {
            id = jdbc.sql("SELECT id FROM community_compound WHERE code = :c").param("c", code).query(Long.class).optional().orElse(null);
            if (id != null) {
                compoundIds.put(code, id);
            }
        }
        return id;
    }

    /** Messages refused before parsing (e.g. a malformed panel alarm). */
    void countMalformed(int n) {
        malformed.increment(n);
        malformedTotal.addAndGet(n);
        board.changed(java.util.Set.of(), true);
    }

    long malformedCount() {
        return malformedTotal.get();
    }

    /**
     * Parses and stores one payload. {@code allowed} decides per compound whether the sender may report
     * for it (the webhook caller's scope; MQTT accepts the topic's compound). Returns after the commit.
     */
    Result ingest(byte[] payload, String topicCompound, LongPredicate allowed) {
        AccessEventParser.Parsed parsed = parser.parse(payload, topicCompound);
        List<AccessEventParser.Rejected> rejected = new ArrayList<>(parsed.rejected());
        List<AccessEvent> events = new ArrayList<>(parsed.events().size());
        for (int i = 0; i < parsed.events().size(); i++) {
            AccessEvent e = parsed.events().get(i);
            if (allowed.test(e.compoundId())) {
                events.add(e);
            } else {
                rejected.add(new AccessEventParser.Rejected(-1, "compound of device " + e.deviceId() + " is outside your scope"));
            }
        }
        Result r = write(events, rejected);
        return r;
    }

    /** Many MQTT payloads in one transaction: the batch the MQTT consumer hands over. */
    Result ingestAll(List<byte[]> payloads, List<String> topicCompounds) {
        List<AccessEvent> events = new ArrayList<>();
        List<AccessEventParser.Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            AccessEventParser.Parsed p = parser.parse(payloads.get(i), topicCompounds.get(i));
            events.addAll(p.events());
            rejected.addAll(p.rejected());
        }
        return write(events, rejected);
    }

    private Result write(List<AccessEvent> events, List<AccessEventParser.Rejected> rejected) {
        if (!rejected.isEmpty()) {
            malformed.increment(rejected.size());
            malformedTotal.addAndGet(rejected.size());
            log.debug("Rejected {} malformed access events: {}", rejected.size(), rejected.get(0).reason());
        }
        AccessEventWriter.Written w;
        try {
            w = writer.write(events);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store access events: " + e.getMessage(), e);
        }
        accepted.increment(w.inserted());
        if (!events.isEmpty()) {
            String[] devices = events.stream().map(AccessEvent::deviceId).distinct().toArray(String[]::new);
            jdbc.sql("UPDATE community_door SET last_seen_at = now() WHERE device_id = ANY(CAST(:d AS VARCHAR[]))")
                    .param("d", io.zhian.shared.SqlArrays.texts(java.util.Arrays.asList(devices))).update();
        }
        if (!w.compounds().isEmpty() || !rejected.isEmpty()) {
            board.changed(w.compounds(), !rejected.isEmpty());
        }
        return new Result(w.inserted(), w.duplicates(), rejected);
    }

    /** Deletes events older than the retention period, in batches so no long lock is held. */
    @Scheduled(initialDelayString = "PT2M", fixedDelayString = "PT1H")
    void purgeExpired() {
        long n = purgeOlderThan(Instant.now().minus(Duration.ofDays(settings.accessRetentionDays)));
        if (n > 0) {
            log.info("Purged {} access events older than {} days", n, settings.accessRetentionDays);
        }
    }

    long purgeOlderThan(Instant cutoff) {
        long total = 0;
        int n;
        do {
            n = jdbc.sql("""
                            DELETE FROM community_access_event WHERE id IN
                              (SELECT id FROM community_access_event WHERE occurred_at < :cutoff LIMIT :batch)""")
                    .param("cutoff", java.sql.Timestamp.from(cutoff)).param("batch", PURGE_BATCH).update();
            total += n;
        } while (n == PURGE_BATCH);
        return total;
    }
}
