package io.zhian.linking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk build path ({@code build}/{@code restore}) normalises and interns on several cores above a size
 * threshold and links without pairwise weights when there are no cannot-links. The property tests use small
 * worlds (sequential path); this checks a world large enough for the parallel path against one-by-one adds.
 */
class BulkBuildTest {

    private static final LinkingConfig CONFIG = LinkingConfig.defaults().withHubPolicy(HubPolicy.defaults()
            .withCap(IdentifierType.PHONE, 20).withCap(IdentifierType.IP, 6)
            .withAllowed(Set.of(new Identifier(IdentifierType.PHONE, "+8613900000007")))
            .withDenied(Set.of(new Identifier(IdentifierType.BANK_CARD, "6222020000000011"))));

    private static List<CaseRecord> world(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<CaseRecord> out = new ArrayList<>(n);
        String[] phoneSpelling = {"", "+86 ", "0086", "86"};
        for (int i = 0; i < n; i++) {
            List<RawIdentifier> ids = new ArrayList<>();
            int k = r.nextInt(6);
            for (int j = 0; j < k; j++) {
                switch (r.nextInt(9)) {
                    case 0, 1 -> ids.add(RawIdentifier.of(IdentifierType.PHONE,
                            phoneSpelling[r.nextInt(4)] + String.format("139%08d", r.nextInt(n / 3))));
                    case 2 -> ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, String.format("6222 0200 %08d", r.nextInt(n / 2))));
                    case 3 -> ids.add(RawIdentifier.of(IdentifierType.IP, "10.1." + r.nextInt(40) + "." + r.nextInt(256)));
                    case 4 -> ids.add(RawIdentifier.of(IdentifierType.URL, "https://www.s" + r.nextInt(n) + ".com.cn/x"));
                    case 5 -> ids.add(RawIdentifier.of(IdentifierType.IM_ACCOUNT, (r.nextBoolean() ? "WX_" : "wx_") + r.nextInt(n)));
                    case 6 -> ids.add(RawIdentifier.of(IdentifierType.APP_NAME, "app " + r.nextInt(500)));
                    case 7 -> ids.add(RawIdentifier.of(IdentifierType.DEVICE_ID, String.format("35%013d", r.nextInt(n / 3))));
                    default -> ids.add(RawIdentifier.of(IdentifierType.values()[r.nextInt(4)],
                            new String[]{"无", "000000", "13900000007", "95588", "6222020000000011", "abc"}[r.nextInt(6)]));
                }
            }
            out.add(new CaseRecord("C" + i, CaseAttributes.NONE, ids));
        }
        return out;
    }

    @Test
    void parallelBulkBuildEqualsOneByOneAdds() {
        List<CaseRecord> cases = world(24_000, 7);
        CaseLinkIndex bulk = CaseLinkIndex.build(CONFIG, cases);
        CaseLinkIndex oneByOne = new CaseLinkIndex(CONFIG);
        oneByOne.addAll(cases);

        assertThat(Fixtures.partition(bulk.series(1))).isEqualTo(Fixtures.partition(oneByOne.series(1)));
        Map<String, List<String>> gangBulk = new HashMap<>();
        for (CaseRecord c : cases) {
            assertThat(bulk.identifiersOf(c.key())).isEqualTo(oneByOne.identifiersOf(c.key()));
            if (!gangBulk.containsKey(c.key())) {
                List<String> g = bulk.gangOf(c.key()).caseKeys();
                assertThat(oneByOne.gangOf(c.key()).caseKeys()).isEqualTo(g);
                for (String m : g) {
                    gangBulk.put(m, g);
                }
            }
        }
        QualityReport a = bulk.qualityReport();
        QualityReport b = oneByOne.qualityReport();
        assertThat(a.seriesCount()).isEqualTo(b.seriesCount());
        assertThat(a.gangCount()).isEqualTo(b.gangCount());
        assertThat(a.hubs()).isEqualTo(b.hubs());
        assertThat(a.rejectedByReason()).isEqualTo(b.rejectedByReason());
        assertThat(a.bridges().size()).isEqualTo(b.bridges().size());
        assertThat(a.caseCount()).isEqualTo(24_000);

        // restoring the one-by-one state reproduces every id; the bulk index keeps working incrementally
        LinkingState state = oneByOne.exportState();
        CaseLinkIndex restored = CaseLinkIndex.restore(CONFIG, state, cases);
        assertThat(restored.exportState().seriesByCase()).isEqualTo(state.seriesByCase());
        assertThat(restored.history()).isEmpty();
        for (CaseLinkIndex idx : List.of(bulk, oneByOne)) {
            idx.add(CaseRecord.of("NEW", RawIdentifier.of(IdentifierType.PHONE, "+86 139 0000 0001"),
                    RawIdentifier.of(IdentifierType.URL, "s1.com.cn")));
            idx.remove("C5");
        }
        assertThat(Fixtures.partition(bulk.series(1))).isEqualTo(Fixtures.partition(oneByOne.series(1)));
    }

    @Test
    void duplicateKeyInBulkBuildIsRefusedLikeOneByOne() {
        List<CaseRecord> cases = new ArrayList<>(world(25_000, 11));
        cases.add(cases.get(12_345));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CaseLinkIndex.build(CONFIG, cases))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("case C12345 already indexed");
    }
}
