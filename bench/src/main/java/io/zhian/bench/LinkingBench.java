package io.zhian.bench;

import io.zhian.linking.CaseLinkIndex;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.LinkingConfig;
import io.zhian.linking.QualityReport;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;

/**
 * One run, same data for every contender: gang-first synthetic cases with ground truth ({@link SyntheticCases});
 * OURS full build (timed after a JIT warm-up build) and pairwise precision/recall against the ground truth;
 * OURS incremental adds; baseline (a) JGraphT connected components and (b) PostgreSQL COPY + SQL label
 * propagation over the same normalised postings, hub policy and threshold ({@link Baselines}), each checked to
 * give our partition; the naive incremental baseline ({@link NaiveLinker}); a summary with ratios.
 *
 * <p>Usage: {@code java -Xms8g -Xmx8g -cp bench/target/benchmarks.jar io.zhian.bench.LinkingBench [N] [M] [seed] [W]}
 * (defaults 1,000,000 / 10,000 / 42 / 5,000); {@code -Dbench.pg=<jdbc url>|off}, {@code -Dbench.warmup=<cases>}.
 */
public final class LinkingBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int w = args.length > 3 ? Integer.parseInt(args[3]) : 5_000; // unmeasured warm-up adds (JIT), same for both
        String pgUrl = System.getProperty("bench.pg", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        boolean sql = !"off".equals(pgUrl);
        int warmN = Math.min(n, Integer.getInteger("bench.warmup", 200_000));
        LinkingConfig config = LinkingConfig.defaults();
        System.out.printf("zhian-linking bench: N=%,d base cases, W=%,d warm-up adds, M=%,d timed adds, seed=%d, cores=%d, maxHeap=%,d MB, java %s%n",
                n, w, m, seed, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));

        long t0 = System.nanoTime();
        SyntheticCases gen = new SyntheticCases(seed, n + w + m);
        List<CaseRecord> base = gen.generate(0, n);
        List<CaseRecord> warm = gen.generate(n, w);
        List<CaseRecord> extra = gen.generate(n + w, m);
        long occurrences = 0;
        int gangCases = 0;
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            occurrences += base.get(i).identifiers().size();
            truth[i] = gen.gangOf(i);
            gangCases += truth[i] >= 0 ? 1 : 0;
        }
        System.out.printf("generated %,d + %,d + %,d cases in %.1f s: base has %,d identifier occurrences (%.2f per case), %,d gang cases in %,d gangs, %,d singletons%n",
                n, w, m, secs(t0), occurrences, occurrences / (double) n, gangCases, gen.gangCount(), n - gangCases);

        // ---------------------------------------------------------------- OURS: full build
        t0 = System.nanoTime();
        CaseLinkIndex.build(config, base.subList(0, warmN)); // JIT warm-up, discarded
        System.out.printf("OURS JIT warm-up: build of the first %,d cases %.2f s (cold JVM)%n", warmN, secs(t0));
        resetPeaks();
        t0 = System.nanoTime();
        CaseLinkIndex index = CaseLinkIndex.build(config, base);
        double buildSecs = secs(t0);
        System.out.printf("OURS full build of %,d cases (normalisation, hub policy, series, gangs, series ids): %.2f s%n", n, buildSecs);
        int[] ours = new int[n];
        for (int i = 0; i < n; i++) {
            ours[i] = (int) index.seriesIdOf(SyntheticCases.key(i));
        }
        PairMetrics pm = PairMetrics.of(ours, truth);
        System.out.printf("OURS series vs ground truth (pairwise, default threshold %d): %s%n", config.seriesThreshold(), pm);

        for (CaseRecord r : warm) {
            index.add(r);
        }
        long[] addNanos = new long[m];
        for (int i = 0; i < m; i++) {
            long s = System.nanoTime();
            index.add(extra.get(i));
            addNanos[i] = System.nanoTime() - s;
        }
        long peakOurs = peakHeap();
        long retainedOurs = retainedHeap();
        t0 = System.nanoTime();
        QualityReport q = index.qualityReport();
        double reportSecs = secs(t0);
        System.out.printf("OURS incremental add: median %s, p99 %s, max %s, mean %s (over %,d adds)%n",
                us(pct(addNanos, 0.5)), us(pct(addNanos, 0.99)), us(pct(addNanos, 1.0)), us(mean(addNanos)), m);
        System.out.printf("OURS heap: peak %,d MB (sum of heap pool peaks, incl. input records), retained after GC %,d MB%n",
                peakOurs >> 20, retainedOurs >> 20);
        System.out.printf("quality report (%.2f s): cases=%,d series=%,d singletons=%,d gangs=%,d size p50/p90/p99/max=%d/%d/%d/%d giant=%s hubs=%d bridges=%,d rejected=%s%n",
                reportSecs, q.caseCount(), q.seriesCount(), q.singletonCount(), q.gangCount(), q.sizeP50(), q.sizeP90(),
                q.sizeP99(), q.sizeMax(), q.giantWarning(), q.hubs().size(), q.bridges().size(), q.rejectedByReason());
        q.hubs().stream().limit(5).forEach(h -> System.out.printf("  hub %-40s cases=%,d cap=%d%n", h.identifier(), h.caseCount(), h.cap()));
        index = null;
        q = null;
        retainedHeap();

        // ---------------------------------------------------------------- BASELINE (a): JGraphT
        t0 = System.nanoTime();
        Baselines.jgrapht(config, base.subList(0, warmN)); // same JIT warm-up as ours
        System.out.printf("JGRAPHT JIT warm-up on the first %,d cases: %.2f s%n", warmN, secs(t0));
        Baselines.Result jg = Baselines.jgrapht(config, base);
        boolean jgSame = PairMetrics.samePartition(ours, jg.labels());
        System.out.printf("JGRAPHT pipeline %s; %s%n", fmt(jg.seconds()), jg.note());
        System.out.printf("JGRAPHT components == OURS series: %s%n", jgSame);
        jg = new Baselines.Result(null, jg.seconds(), jg.note());
        retainedHeap();

        // ---------------------------------------------------------------- BASELINE (b): PostgreSQL
        Baselines.Result pg = null;
        if (sql) {
            try {
                pg = Baselines.postgres(config, base, pgUrl);
                System.out.printf("SQL (PostgreSQL) pipeline %s; %s%n", fmt(pg.seconds()), pg.note());
                System.out.printf("SQL components == OURS series: %s%n", PairMetrics.samePartition(ours, pg.labels()));
            } catch (java.sql.SQLException e) {
                System.out.printf("SQL baseline skipped: %s%n", e.getMessage());
            }
        }

        // ---------------------------------------------------------------- incremental baseline (NaiveLinker)
        NaiveLinker naive = new NaiveLinker(config);
        t0 = System.nanoTime();
        for (CaseRecord r : base) {
            naive.load(r);
        }
        System.out.printf("NAIVE load of %,d cases into HashMap<String,List<Integer>>: %.2f s%n", n, secs(t0));
        for (CaseRecord r : warm) {
            naive.add(r);
        }
        long[] theirs = new long[m];
        for (int i = 0; i < m; i++) {
            long s = System.nanoTime();
            naive.add(extra.get(i));
            theirs[i] = System.nanoTime() - s;
        }
        System.out.printf("NAIVE add (HashMap index + BFS recompute of the new case's series): median %s, p99 %s, max %s, mean %s%n",
                us(pct(theirs, 0.5)), us(pct(theirs, 0.99)), us(pct(theirs, 1.0)), us(mean(theirs)));

        // ---------------------------------------------------------------- summary
        System.out.println("== SUMMARY ==");
        System.out.printf("full linking of %,d cases: OURS %.2f s%n", n, buildSecs);
        double jgTotal = jg.seconds().get("total");
        System.out.printf("  vs JGRAPHT whole pipeline %.2f s -> ours %.1fx faster (ours/baseline time %.3f); components step alone %.2f s (%.1fx our whole build)%n",
                jgTotal, jgTotal / buildSecs, buildSecs / jgTotal, jg.seconds().get("components"), jg.seconds().get("components") / buildSecs);
        if (pg != null) {
            double pgTotal = pg.seconds().get("total");
            System.out.printf("  vs SQL whole pipeline %.2f s -> ours %.1fx faster (ours/baseline time %.4f)%n",
                    pgTotal, pgTotal / buildSecs, buildSecs / pgTotal);
        }
        System.out.printf("  partition check: JGRAPHT %s, SQL %s%n", jgSame ? "identical" : "DIFFERENT",
                pg == null ? "not run" : PairMetrics.samePartition(ours, pg.labels()) ? "identical" : "DIFFERENT");
        System.out.printf("precision %.4f recall %.4f (target >= 0.98 both)%n", pm.precision(), pm.recall());
        System.out.printf("incremental add OURS median %s p99 %s | NAIVE median %s p99 %s (naive/ours: median %.2fx, p99 %.2fx, mean %.2fx)%n",
                us(pct(addNanos, 0.5)), us(pct(addNanos, 0.99)), us(pct(theirs, 0.5)), us(pct(theirs, 0.99)),
                (double) pct(theirs, 0.5) / pct(addNanos, 0.5), (double) pct(theirs, 0.99) / pct(addNanos, 0.99),
                mean(theirs) / mean(addNanos));
    }

    private static String fmt(java.util.Map<String, Double> secs) {
        StringBuilder b = new StringBuilder();
        secs.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%.2f s", v)));
        return b.toString();
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long pct(long[] v, double q) {
        long[] s = v.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(q * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    private static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static String us(double nanos) {
        return String.format("%.1f µs", nanos / 1000.0);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
