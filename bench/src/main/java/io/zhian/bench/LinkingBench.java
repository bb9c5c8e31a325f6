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
 * Builds an index of N synthetic cases, then adds M more one at a time and times every add; then does
 * the same M adds with the naive baseline ({@link NaiveLinker}) loaded with the same N cases.
 *
 * <p>Usage: {@code java -Xmx4g -cp bench/target/benchmarks.jar io.zhian.bench.LinkingBench [N] [M] [seed] [W]}
 * (defaults 1,000,000 / 10,000 / 42 / 5,000). Both sides first do the same W unmeasured warm-up adds.
 */
public final class LinkingBench {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int w = args.length > 3 ? Integer.parseInt(args[3]) : 5_000; // unmeasured warm-up adds (JIT), same for both
        LinkingConfig config = LinkingConfig.defaults();
        System.out.printf("zhian-linking bench: N=%,d base cases, W=%,d warm-up adds, M=%,d timed adds, seed=%d, cores=%d, maxHeap=%,d MB, java %s%n",
                n, w, m, seed, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));

        long t0 = System.nanoTime();
        SyntheticCases gen = new SyntheticCases(seed, n + w + m);
        List<CaseRecord> base = gen.generate(0, n);
        List<CaseRecord> warm = gen.generate(n, w);
        List<CaseRecord> extra = gen.generate(n + w, m);
        System.out.printf("generated %,d + %,d cases (%,d gangs) in %.1f s%n", n, m, gen.gangCount(), secs(t0));

        resetPeaks();
        t0 = System.nanoTime();
        CaseLinkIndex index = CaseLinkIndex.build(config, base);
        double buildSecs = secs(t0);
        System.out.printf("OURS full build of %,d cases: %.2f s%n", n, buildSecs);

        for (CaseRecord r : warm) {
            index.add(r);
        }
        long[] ours = new long[m];
        for (int i = 0; i < m; i++) {
            long s = System.nanoTime();
            index.add(extra.get(i));
            ours[i] = System.nanoTime() - s;
        }
        long peakOurs = peakHeap();
        long retainedOurs = retainedHeap();
        t0 = System.nanoTime();
        QualityReport q = index.qualityReport();
        double reportSecs = secs(t0);
        System.out.printf("OURS incremental add: median %s, p99 %s, max %s, mean %s (over %,d adds)%n",
                us(pct(ours, 0.5)), us(pct(ours, 0.99)), us(pct(ours, 1.0)), us(mean(ours)), m);
        System.out.printf("OURS heap: peak %,d MB (sum of heap pool peaks, incl. input records), retained after GC %,d MB%n",
                peakOurs >> 20, retainedOurs >> 20);
        System.out.printf("quality report (%.2f s): cases=%,d series=%,d singletons=%,d gangs=%,d size p50/p90/p99/max=%d/%d/%d/%d giant=%s hubs=%d bridges=%,d rejected=%s%n",
                reportSecs, q.caseCount(), q.seriesCount(), q.singletonCount(), q.gangCount(), q.sizeP50(), q.sizeP90(),
                q.sizeP99(), q.sizeMax(), q.giantWarning(), q.hubs().size(), q.bridges().size(), q.rejectedByReason());
        q.hubs().stream().limit(5).forEach(h -> System.out.printf("  hub %-40s cases=%,d cap=%d%n", h.identifier(), h.caseCount(), h.cap()));
        index = null;
        q = null;
        retainedHeap();

        NaiveLinker naive = new NaiveLinker(config);
        t0 = System.nanoTime();
        for (CaseRecord r : base) {
            naive.load(r);
        }
        System.out.printf("BASELINE load of %,d cases into HashMap<String,List<Integer>>: %.2f s%n", n, secs(t0));
        for (CaseRecord r : warm) {
            naive.add(r);
        }
        long[] theirs = new long[m];
        for (int i = 0; i < m; i++) {
            long s = System.nanoTime();
            naive.add(extra.get(i));
            theirs[i] = System.nanoTime() - s;
        }
        System.out.printf("BASELINE add (HashMap index + BFS recompute of the new case's series): median %s, p99 %s, max %s, mean %s%n",
                us(pct(theirs, 0.5)), us(pct(theirs, 0.99)), us(pct(theirs, 1.0)), us(mean(theirs)));
        System.out.printf("RATIO baseline/ours: median %.2fx, p99 %.2fx, mean %.2fx%n",
                (double) pct(theirs, 0.5) / pct(ours, 0.5), (double) pct(theirs, 0.99) / pct(ours, 0.99),
                mean(theirs) / mean(ours));
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
