package io.zhian.antifraud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.ZhianTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** A restarted server rebuilds the index from PostgreSQL and keeps every series id. */
@ZhianTest
class LinkingRestartTests {

    @Autowired FraudCaseStore store;
    @Autowired TransactionTemplate tx;

    @Test
    void aFreshEngineAgreesWithTheStoredSeries() {
        Map<String, long[]> stored = store.memberships();
        assertThat(stored).hasSizeGreaterThan(1000);
        LinkingEngine restarted = new LinkingEngine(store);
        tx.executeWithoutResult(s -> restarted.ensureLoaded());
        restarted.read(idx -> {
            stored.forEach((caseNo, sg) -> assertThat(idx.seriesIdOf(caseNo)).as(caseNo).isEqualTo(sg[0]));
            return null;
        });
        assertThat(store.memberships()).allSatisfy((k, v) -> assertThat(v).isEqualTo(stored.get(k)));
    }
}
