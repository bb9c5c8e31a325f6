package io.zhian.bench;

import io.zhian.linking.CaseLinkIndex;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.LinkingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fast smoke test (20k cases: below ~15k the rarer injected hubs fall under their caps) of the generator, the metrics and the JGraphT baseline; no benchmark runs here. */
class BenchSmokeTest {

    @Test
    void generatorIsDeterministicAndLinkingMatchesGroundTruthAndJGraphT() {
        int n = 20_000;
        SyntheticCases gen = new SyntheticCases(7, n);
        List<CaseRecord> cases = gen.generate(0, n);
        List<CaseRecord> again = new SyntheticCases(7, n).generate(0, n);
        assertEquals(cases, again);
        long occ = cases.stream().mapToLong(c -> c.identifiers().size()).sum();
        assertTrue(occ > 4 * n && occ < 6 * n, "about 5 identifiers per case: " + occ);

        CaseLinkIndex index = CaseLinkIndex.build(LinkingConfig.defaults(), cases);
        int[] ours = new int[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            ours[i] = (int) index.seriesIdOf(SyntheticCases.key(i));
            truth[i] = gen.gangOf(i);
        }
        PairMetrics m = PairMetrics.of(ours, truth);
        assertTrue(m.precision() > 0.95 && m.recall() > 0.95, m.toString());
        assertTrue(PairMetrics.samePartition(ours, Baselines.jgrapht(LinkingConfig.defaults(), cases).labels()));
    }

    @Test
    void pairMetricsCountPairsExactly() {
        // predicted {0,1,2} {3}; truth {0,1} {2,3}
        PairMetrics m = PairMetrics.of(new int[]{5, 5, 5, 9}, new int[]{0, 0, 1, 1});
        assertEquals(3, m.predictedPairs);
        assertEquals(2, m.truePairs);
        assertEquals(1, m.correctPairs);
        assertTrue(PairMetrics.samePartition(new int[]{1, 1, 2}, new int[]{7, 7, 3}));
        assertTrue(!PairMetrics.samePartition(new int[]{1, 1, 2}, new int[]{7, 3, 3}));
    }
}
