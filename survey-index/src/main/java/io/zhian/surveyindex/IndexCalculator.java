package io.zhian.surveyindex;

import java.util.ArrayList;
import java.util.List;

/**
 * Survey indices (安全感率, 满意率, weighted index scores) for every village, township, month and the whole
 * city in one pass over the answers. Plain Java, no Spring, so the platform and the benchmark run the same
 * code.
 *
 * <p>An answer to a five-level scale question is a level 1..5 (1 = best, e.g. 很安全) or 0 (not valid:
 * 不了解, blank). Each index reads one or more questions (an overall satisfaction rate pools the four
 * agency questions); which levels count in a rate's numerator and the weight of each level in a score are
 * configuration ({@link IndexSpec}), not code.
 *
 * <p>Counting is separate from evaluating: {@link #add} only increments counters (level × index × group),
 * so callers may feed one row per answer or pre-aggregated counts (the platform lets PostgreSQL group
 * first). {@link #figure} turns a group's counters into value, sample size and a 95% interval.
 */
public final class IndexCalculator {

    public static final int LEVELS = 5;
    private static final int SLOTS = LEVELS + 1; // slot 0 = not valid
    private static final double Z = 1.959963984540054;

    /** The groupings computed in one pass. CITY has one group (0). */
    public enum Dimension { VILLAGE, TOWNSHIP, MONTH, CITY }

    /** RATE: share of valid answers at a counted level (in %). SCORE: mean weight of valid answers. */
    public enum Kind { RATE, SCORE }

    /**
     * One configured index.
     *
     * @param questions indexes of the questions it reads (answers of all of them are pooled)
     * @param counts    for levels 1..5 (array index 0..4): counted in the rate's numerator
     * @param weights   for levels 1..5: the score of an answer at that level
     */
    public record IndexSpec(String code, Kind kind, int[] questions, boolean[] counts, double[] weights) {
        public IndexSpec {
            if (counts.length != LEVELS || weights.length != LEVELS) {
                throw new IllegalArgumentException("counts and weights need one entry per level (" + LEVELS + ")");
            }
        }
    }

    /**
     * An index's value for a group: {@code value} in % for a rate, in weight units for a score; {@code n} the
     * valid answers behind it; {@code low}..{@code high} the 95% interval (Wilson score interval for a rate,
     * normal interval of the mean for a score). Value and bounds are NaN when n = 0.
     */
    public record Figure(long n, double value, double low, double high) {
        public boolean isEmpty() {
            return n == 0;
        }
    }

    private final List<IndexSpec> specs;
    private final int[][] indexesOfQuestion;
    private final int indexCount;
    private final long[][] counters; // [dimension][(group * indexCount + index) * SLOTS + level]

    /**
     * @param questionCount number of distinct questions (question indexes are 0..questionCount-1)
     * @param villages      number of village groups (indexes 0..villages-1), likewise townships and months
     */
    public IndexCalculator(List<IndexSpec> specs, int questionCount, int villages, int townships, int months) {
        this.specs = List.copyOf(specs);
        this.indexCount = specs.size();
        List<List<Integer>> byQuestion = new ArrayList<>();
        for (int q = 0; q < questionCount; q++) {
            byQuestion.add(new ArrayList<>());
        }
        for (int i = 0; i < indexCount; i++) {
            for (int q : specs.get(i).questions()) {
                byQuestion.get(q).add(i);
            }
        }
        indexesOfQuestion = new int[questionCount][];
        for (int q = 0; q < questionCount; q++) {
            indexesOfQuestion[q] = byQuestion.get(q).stream().mapToInt(Integer::intValue).toArray();
        }
        int[] groups = {villages, townships, months, 1};
        counters = new long[groups.length][];
        for (int d = 0; d < groups.length; d++) {
            counters[d] = new long[Math.max(groups[d], 0) * indexCount * SLOTS];
        }
    }

    public List<IndexSpec> specs() {
        return specs;
    }

    /**
     * Counts {@code count} answers at {@code level} (0 = not valid, 1..5) to question {@code question} from
     * the given village, township and month. A negative group index leaves that dimension out.
     */
    public void add(int village, int township, int month, int question, int level, long count) {
        int slot = level >= 1 && level <= LEVELS ? level : 0;
        for (int index : indexesOfQuestion[question]) {
            int offset = index * SLOTS + slot;
            if (village >= 0) {
                counters[0][village * indexCount * SLOTS + offset] += count;
            }
            if (township >= 0) {
                counters[1][township * indexCount * SLOTS + offset] += count;
            }
            if (month >= 0) {
                counters[2][month * indexCount * SLOTS + offset] += count;
            }
            counters[3][offset] += count;
        }
    }

    /** One response: {@code levels[q]} is the level of its answer to question q (0 = none or not valid). */
    public void addResponse(int village, int township, int month, byte[] levels) {
        for (int q = 0; q < levels.length; q++) {
            add(village, township, month, q, levels[q], 1);
        }
    }

    /** Valid answers per level (array index 0..4 = level 1..5) behind a group's index. */
    public long[] levelCounts(Dimension dimension, int group, int index) {
        long[] c = counters[dimension.ordinal()];
        int base = (group * indexCount + index) * SLOTS;
        long[] out = new long[LEVELS];
        System.arraycopy(c, base + 1, out, 0, LEVELS);
        return out;
    }

    public int groups(Dimension dimension) {
        return counters[dimension.ordinal()].length / Math.max(1, indexCount * SLOTS);
    }

    public Figure figure(Dimension dimension, int group, int index) {
        return evaluate(specs.get(index), levelCounts(dimension, group, index));
    }

    /** The index's figure for the given counts per level (1..5): the formulas, usable on their own. */
    public static Figure evaluate(IndexSpec spec, long[] perLevel) {
        long n = 0;
        for (long c : perLevel) {
            n += c;
        }
        if (n == 0) {
            return new Figure(0, Double.NaN, Double.NaN, Double.NaN);
        }
        if (spec.kind() == Kind.RATE) {
            long hits = 0;
            for (int l = 0; l < LEVELS; l++) {
                if (spec.counts()[l]) {
                    hits += perLevel[l];
                }
            }
            double[] ci = wilson(hits, n);
            return new Figure(n, 100.0 * hits / n, 100.0 * ci[0], 100.0 * ci[1]);
        }
        double sum = 0;
        double sumSq = 0;
        for (int l = 0; l < LEVELS; l++) {
            double w = spec.weights()[l];
            sum += w * perLevel[l];
            sumSq += w * w * perLevel[l];
        }
        double mean = sum / n;
        double variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
        double half = Z * Math.sqrt(variance / n);
        return new Figure(n, mean, mean - half, mean + half);
    }

    /** Wilson score interval (95%) for {@code hits} successes in {@code n} trials, as proportions. */
    public static double[] wilson(long hits, long n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double p = (double) hits / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
