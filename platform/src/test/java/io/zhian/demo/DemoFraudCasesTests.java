package io.zhian.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.antifraud.NewFraudCase;
import io.zhian.linking.AnalystDecision;
import io.zhian.linking.CaseAttributes;
import io.zhian.linking.CaseLinkIndex;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.LinkingConfig;
import io.zhian.linking.LinkingState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The demo's fraud cases have gangs and hubs, and the engine restores their series ids exactly. */
class DemoFraudCasesTests {

    @Test
    void gangsFormSeriesHubsDoNotAndARestoreKeepsEverySeriesId() {
        List<String> villages = IntStream.range(0, 50).mapToObj(i -> "990101001" + String.format("%03d", i + 1)).toList();
        List<NewFraudCase> cases = DemoFraudCases.generate(20261129L, villages, 1500, LocalDate.of(2026, 11, 29));
        List<CaseRecord> records = new ArrayList<>();
        for (NewFraudCase c : cases) {
            records.add(new CaseRecord(c.caseNo(), new CaseAttributes(c.fraudType().name(), c.occurredAt(), c.amountFen(), c.regionCode()), c.identifiers()));
        }
        CaseLinkIndex index = new CaseLinkIndex(LinkingConfig.defaults());
        for (CaseRecord r : records) {
            index.add(r);
        }
        assertThat(index.series(5)).hasSizeGreaterThan(10);
        assertThat(index.qualityReport().hubs()).extracting(h -> h.identifier().value()).contains("+8695588");
        assertThat(index.qualityReport().giantWarning()).isFalse();
        LinkingState state = index.exportState();
        CaseLinkIndex restored = CaseLinkIndex.restore(LinkingConfig.defaults(), state, records);
        for (CaseRecord r : records) {
            assertThat(restored.seriesIdOf(r.key())).as(r.key()).isEqualTo(index.seriesIdOf(r.key()));
        }
        // now with a cannot-link between the first two cases of a big series
        var big = index.series(5).get(0).caseKeys();
        index.cannotLink(big.get(0), big.get(1), "test");
        LinkingState state2 = index.exportState();
        CaseLinkIndex restored2 = CaseLinkIndex.restore(LinkingConfig.defaults(), state2, records);
        for (CaseRecord r : records) {
            assertThat(restored2.seriesIdOf(r.key())).as("after cannot-link " + r.key()).isEqualTo(index.seriesIdOf(r.key()));
        }
    }
}
