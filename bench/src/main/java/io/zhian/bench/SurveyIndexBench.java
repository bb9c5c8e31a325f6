package io.zhian.bench;

import io.zhian.surveyindex.IndexCalculator;
import io.zhian.surveyindex.IndexCalculator.Dimension;
import io.zhian.surveyindex.IndexCalculator.Figure;
import io.zhian.surveyindex.IndexCalculator.IndexSpec;
import io.zhian.surveyindex.IndexCalculator.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Survey indices (安全感率, 满意率 per agency and overall, security index score) with 95% intervals for every
 * village, township, month and agency, from N synthetic responses (default 300,000; 626 villages in 28
 * townships, 12 months, five scale questions).
 *
 * <p>OURS: {@link IndexCalculator}, one pass of counter increments, then the formulas per group. BASELINE, same
 * run, same data: the straightforward approach — response objects with their answers as text, grouped with
 * {@code Collectors.groupingBy} per dimension, each group's answers re-read and parsed per index. Both are
 * checked to give the same figures. Times are the median of 5 timed runs after 3 warm-up runs.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.zhian.bench.SurveyIndexBench [N] [seed]}
 */
public final class SurveyIndexBench {

    static final int VILLAGES = 626;
    static final int TOWNSHIPS = 28;
    static final int MONTHS = 12;
    static final String[] QUESTIONS = {"security", "sat_police", "sat_court", "sat_procuratorate", "sat_justice"};
    static final boolean[] TOP3 = {true, true, true, false, false};
    static final double[] WEIGHTS = {100, 80, 60, 30, 0};

    /** A response as a straightforward program holds it: ids and answers as text ("1".."5", "6" = 不了解). */
    record Response(int village, int township, int month, Map<String, String> answers) {}

    static List<IndexSpec> specs() {
        return List.of(
                new IndexSpec("security-rate", Kind.RATE, new int[] {0}, TOP3, WEIGHTS),
                new IndexSpec("security-index", Kind.SCORE, new int[] {0}, TOP3, WEIGHTS),
                new IndexSpec("satisfaction-rate", Kind.RATE, new int[] {1, 2, 3, 4}, TOP3, WEIGHTS),
                new IndexSpec("satisfaction-police", Kind.RATE, new int[] {1}, TOP3, WEIGHTS),
                new IndexSpec("satisfaction-court", Kind.RATE, new int[] {2}, TOP3, WEIGHTS),
                new IndexSpec("satisfaction-procuratorate", Kind.RATE, new int[] {3}, TOP3, WEIGHTS),
                new IndexSpec("satisfaction-justice", Kind.RATE, new int[] {4}, TOP3, WEIGHTS));
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        System.out.printf("survey index bench: N=%,d responses, %d villages, %d townships, %d months, %d indices, seed=%d, cores=%d, java %s%n",
                n, VILLAGES, TOWNSHIPS, MONTHS, specs().size(), seed, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        long t0 = System.nanoTime();
        Random rnd = new Random(seed);
        int[] townshipOf = new int[VILLAGES];
        double[] lean = new double[TOWNSHIPS];
        for (int t = 0; t < TOWNSHIPS; t++) {
            lean[t] = 0.78 + 0.19 * rnd.nextDouble();
        }
        for (int v = 0; v < VILLAGES; v++) {
            townshipOf[v] = v * TOWNSHIPS / VILLAGES;
        }
        int[] village = new int[n];
        int[] township = new int[n];
        int[] month = new int[n];
        byte[][] levels = new byte[n][QUESTIONS.length];
        List<Response> objects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            village[i] = rnd.nextInt(VILLAGES);
            township[i] = townshipOf[village[i]];
            month[i] = rnd.nextInt(MONTHS);
            Map<String, String> answers = new HashMap<>();
            for (int q = 0; q < QUESTIONS.length; q++) {
                int level = rnd.nextDouble() < 0.04 ? 6 : rnd.nextDouble() < lean[township[i]] ? 1 + rnd.nextInt(3) : 4 + rnd.nextInt(2);
                levels[i][q] = (byte) (level == 6 ? 0 : level);
                answers.put(QUESTIONS[q], String.valueOf(level));
            }
            objects.add(new Response(village[i], township[i], month[i], answers));
        }
        System.out.printf("generated in %.2f s%n", (System.nanoTime() - t0) / 1e9);

        double[][] ours = null;
        double[][] baseline = null;
        long[] oursNanos = new long[5];
        long[] baseNanos = new long[5];
        for (int run = -3; run < 5; run++) {
            long s = System.nanoTime();
            ours = ours(village, township, month, levels);
            long e = System.nanoTime();
            baseline = baseline(objects);
            long b = System.nanoTime();
            if (run >= 0) {
                oursNanos[run] = e - s;
                baseNanos[run] = b - e;
            }
        }
        double diff = 0;
        int figures = 0;
        for (int d = 0; d < ours.length; d++) {
            for (int k = 0; k < ours[d].length; k++) {
                double a = ours[d][k];
                double c = baseline[d][k];
                if (Double.isNaN(a) != Double.isNaN(c)) {
                    throw new IllegalStateException("OURS and BASELINE disagree on an empty group at " + d + "/" + k);
                }
                if (!Double.isNaN(a)) {
                    diff = Math.max(diff, Math.abs(a - c));
                    figures++;
                }
            }
        }
        if (diff > 1e-9) {
            throw new IllegalStateException("OURS and BASELINE differ by " + diff);
        }
        double oursMs = median(oursNanos) / 1e6;
        double baseMs = median(baseNanos) / 1e6;
        System.out.printf("checked: %,d numbers (value, low, high of %d indices × (village, township, month, city/agency)) agree, max |diff| %.1e%n",
                figures, specs().size(), diff);
        System.out.printf("OURS     IndexCalculator, all levels: %8.1f ms (median of 5)%n", oursMs);
        System.out.printf("BASELINE groupingBy over response objects: %8.1f ms (median of 5)%n", baseMs);
        System.out.printf("ratio BASELINE / OURS: %.1f×   target: OURS under 2,000 ms for %,d responses -> %s%n", baseMs / oursMs, n,
                oursMs < 2000 ? "met" : "NOT met");
    }

    /** Figures laid out [dimension][(group * indices + index) * 3 + (value, low, high)]. */
    static double[][] ours(int[] village, int[] township, int[] month, byte[][] levels) {
        List<IndexSpec> specs = specs();
        IndexCalculator calc = new IndexCalculator(specs, QUESTIONS.length, VILLAGES, TOWNSHIPS, MONTHS);
        for (int i = 0; i < village.length; i++) {
            calc.addResponse(village[i], township[i], month[i], levels[i]);
        }
        Dimension[] dims = {Dimension.VILLAGE, Dimension.TOWNSHIP, Dimension.MONTH, Dimension.CITY};
        int[] groups = {VILLAGES, TOWNSHIPS, MONTHS, 1};
        double[][] out = new double[dims.length][];
        for (int d = 0; d < dims.length; d++) {
            out[d] = new double[groups[d] * specs.size() * 3];
            for (int g = 0; g < groups[d]; g++) {
                for (int x = 0; x < specs.size(); x++) {
                    Figure f = calc.figure(dims[d], g, x);
                    int at = (g * specs.size() + x) * 3;
                    out[d][at] = f.value();
                    out[d][at + 1] = f.low();
                    out[d][at + 2] = f.high();
                }
            }
        }
        return out;
    }

    static double[][] baseline(List<Response> responses) {
        List<IndexSpec> specs = specs();
        List<java.util.function.ToIntFunction<Response>> keys = List.of(Response::village, Response::township, Response::month, r -> 0);
        int[] groups = {VILLAGES, TOWNSHIPS, MONTHS, 1};
        double[][] out = new double[keys.size()][];
        for (int d = 0; d < keys.size(); d++) {
            var key = keys.get(d);
            Map<Integer, List<Response>> byGroup = responses.stream().collect(Collectors.groupingBy(key::applyAsInt));
            out[d] = new double[groups[d] * specs.size() * 3];
            Arrays.fill(out[d], Double.NaN);
            for (Map.Entry<Integer, List<Response>> group : byGroup.entrySet()) {
                for (int x = 0; x < specs.size(); x++) {
                    IndexSpec spec = specs.get(x);
                    long[] perLevel = new long[5];
                    for (Response r : group.getValue()) {
                        for (int q : spec.questions()) {
                            int level = Integer.parseInt(r.answers().get(QUESTIONS[q]));
                            if (level >= 1 && level <= 5) {
                                perLevel[level - 1]++;
                            }
                        }
                    }
                    Figure f = IndexCalculator.evaluate(spec, perLevel);
                    int at = (group.getKey() * specs.size() + x) * 3;
                    out[d][at] = f.value();
                    out[d][at + 1] = f.low();
                    out[d][at + 2] = f.high();
                }
            }
        }
        return out;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
