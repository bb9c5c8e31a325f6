package io.zhian.alarms.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The benchmark hook: for each new alarm, the time from its {@code AlarmRequested} (the event's
 * {@code at}, set by the publisher) to intake and to the board's SSE send. Keeps the last 10 000.
 */
@Component
class BoardLatency {

    record Sample(long alarmId, Instant raisedAt, Instant receivedAt, Instant sentAt, int boards) {
        long toBoardMillis() {
            return Duration.between(raisedAt, sentAt).toMillis();
        }

        long toIntakeMillis() {
            return Duration.between(raisedAt, receivedAt).toMillis();
        }
    }

    private static final int KEEP = 10_000;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final java.util.Set<Long> recorded = new java.util.HashSet<>();

    synchronized void record(long alarmId, Instant raisedAt, Instant receivedAt, Instant sentAt, int boards) {
        if (!recorded.add(alarmId)) {
            return; // the first send counts; later ones are updates of the same alarm
        }
        if (samples.size() == KEEP) {
            recorded.remove(samples.removeFirst().alarmId());
        }
        samples.addLast(new Sample(alarmId, raisedAt, receivedAt, sentAt, boards));
    }

    synchronized List<Sample> since(Instant from) {
        return samples.stream().filter(s -> !s.raisedAt().isBefore(from)).toList();
    }

    synchronized void clear() {
        samples.clear();
        recorded.clear();
    }

    /** count, p50/p99 (ms) from publication to intake and to the board send, over samples raised since {@code from}. */
    Map<String, Object> summary(Instant from) {
        List<Sample> list = since(from);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", list.size());
        m.put("withOpenBoard", list.stream().filter(s -> s.boards() > 0).count());
        List<Long> board = new ArrayList<>(list.stream().map(Sample::toBoardMillis).sorted().toList());
        List<Long> intake = new ArrayList<>(list.stream().map(Sample::toIntakeMillis).sorted().toList());
        m.put("toBoardP50Ms", percentile(board, 0.50));
        m.put("toBoardP99Ms", percentile(board, 0.99));
        m.put("toBoardMaxMs", board.isEmpty() ? null : board.get(board.size() - 1));
        m.put("toIntakeP50Ms", percentile(intake, 0.50));
        m.put("toIntakeP99Ms", percentile(intake, 0.99));
        return m;
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.min(Math.max(rank, 1), sorted.size()) - 1);
    }
}
