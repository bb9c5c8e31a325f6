package io.zhian.linking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.zhian.linking.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaseLinkIndexTest {

    private final CaseLinkIndex index = new CaseLinkIndex(LinkingConfig.defaults());

    @Test
    void differentSpellingsOfOnePhoneLinkCasesIntoOneSeries() {
        index.add(c("A", RawIdentifier.of(IdentifierType.PHONE, "138-0000-0001")));
        index.add(c("B", RawIdentifier.of(IdentifierType.PHONE, "+86 13800000001")));
        index.add(c("C", phone(2)));
        assertThat(index.seriesIdOf("A")).isEqualTo(index.seriesIdOf("B")).isNotEqualTo(index.seriesIdOf("C"));
        assertThat(index.seriesOf("A").caseKeys()).containsExactly("A", "B");
    }

    @Test
    void weakIdentifiersOnlyLinkWhenTheirWeightsAddUp() {
        index.add(c("A", ip(1), url(1)));
        index.add(c("B", ip(1), url(1))); // 4 + 6 = 10 -> series
        index.add(c("C", ip(2)));
        index.add(c("D", ip(2)));         // 4 -> nothing
        index.add(c("E", url(3)));
        index.add(c("F", url(3)));        // 6 -> gang only
        assertThat(index.seriesIdOf("A")).isEqualTo(index.seriesIdOf("B"));
        assertThat(index.seriesIdOf("C")).isNotEqualTo(index.seriesIdOf("D"));
        assertThat(index.gangOf("C").caseKeys()).containsExactly("C");
        assertThat(index.seriesIdOf("E")).isNotEqualTo(index.seriesIdOf("F"));
        assertThat(index.gangOf("E").caseKeys()).containsExactly("E", "F");
        assertThat(index.gangOf("E").seriesIds()).hasSize(2);
    }

    @Test
    void imAccountAloneIsAGangLinkButWithAnIpItIsASeries() {
        index.add(c("A", im(1), ip(9)));
        index.add(c("B", im(1)));
        index.add(c("C", im(1), ip(9)));
        assertThat(index.seriesOf("A").caseKeys()).containsExactly("A", "C");
        assertThat(index.gangOf("A").caseKeys()).containsExactly("A", "B", "C");
    }

    @Test
    void withoutHubPolicyAFewHotlinesMergeEverythingIntoOneGiantComponent() {
        List<CaseRecord> cases = hotlineWorld();
        CaseLinkIndex naive = CaseLinkIndex.build(LinkingConfig.defaults().withHubPolicy(HubPolicy.unlimited()), cases);
        QualityReport bad = naive.qualityReport();
        assertThat(bad.sizeMax()).isEqualTo(cases.size());
        assertThat(bad.seriesCount()).isEqualTo(1);
        assertThat(bad.giantWarning()).isTrue();
        assertThat(bad.hubs()).isEmpty();

        CaseLinkIndex capped = CaseLinkIndex.build(LinkingConfig.defaults(), cases);
        QualityReport good = capped.qualityReport();
        assertThat(good.seriesCount()).isEqualTo(20);   // the 20 real gangs
        assertThat(good.sizeMax()).isEqualTo(10);
        assertThat(good.giantWarning()).isFalse();
        assertThat(good.hubs()).extracting(h -> h.identifier().value())
                .containsExactlyInAnyOrder("+8695588", "+8695599", "+864000000001");
        assertThat(good.hubs().get(0).caseCount()).isEqualTo(200);
        assertThat(good.hubs().get(0).cap()).isEqualTo(50);
    }

    /** 200 cases in 20 gangs of 10 (each gang shares a card); every case also called one of 3 bank hotlines. */
    private static List<CaseRecord> hotlineWorld() {
        RawIdentifier[] hotlines = {RawIdentifier.of(IdentifierType.PHONE, "95588"),
                RawIdentifier.of(IdentifierType.PHONE, "95599"), RawIdentifier.of(IdentifierType.PHONE, "400-000-0001")};
        List<CaseRecord> cases = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<RawIdentifier> ids = new ArrayList<>();
            ids.add(card(i / 10));
            ids.add(hotlines[0]);
            if (i % 2 == 0) {
                ids.add(hotlines[1]);
            }
            if (i % 3 == 0) {
                ids.add(hotlines[2]);
            }
            cases.add(new CaseRecord("K" + i, CaseAttributes.NONE, ids));
        }
        return cases;
    }

    @Test
    void identifierCrossingItsCapStopsLinkingIncrementallyAndSplitsTheSeries() {
        CaseLinkIndex idx = new CaseLinkIndex(LinkingConfig.defaults()
                .withHubPolicy(HubPolicy.defaults().withCap(IdentifierType.PHONE, 4)));
        idx.add(c("A", phone(1), card(1)));
        idx.add(c("B", phone(1), card(1)));
        idx.add(c("C", phone(1)));
        idx.add(c("D", phone(1), card(2)));
        long id = idx.seriesIdOf("A");
        assertThat(idx.seriesOf("A").caseKeys()).containsExactly("A", "B", "C", "D");
        idx.add(c("E", phone(1), card(2))); // 5th case on phone 1: cap 4 exceeded
        assertThat(idx.seriesOf("A").caseKeys()).containsExactly("A", "B");
        assertThat(idx.seriesIdOf("A")).isEqualTo(id);
        assertThat(idx.seriesOf("D").caseKeys()).containsExactly("D", "E");
        assertThat(idx.seriesOf("C").caseKeys()).containsExactly("C");
        assertThat(idx.history()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(SeriesEvent.Kind.SPLIT);
            assertThat(e.seriesId()).isEqualTo(id);
            assertThat(e.partSizes()).containsExactly(2, 1, 1);
            assertThat(e.cause()).contains("hub cap exceeded").contains("+8613800000001");
        });
        assertThat(idx.qualityReport().hubs()).singleElement()
                .satisfies(h -> assertThat(h.caseCount()).isEqualTo(5));
        // removing one case brings the phone back under the cap: it links again
        idx.remove("E");
        assertThat(idx.seriesOf("A").caseKeys()).containsExactly("A", "B", "C", "D");
        assertThat(idx.seriesIdOf("D")).isEqualTo(id);
        assertThat(idx.qualityReport().hubs()).isEmpty();
    }

    @Test
    void allowListedIdentifiersNeverBecomeHubsAndDeniedOnesNeverLink() {
        Identifier p1 = new Identifier(IdentifierType.PHONE, "+8613800000001");
        Identifier p2 = new Identifier(IdentifierType.PHONE, "+8613800000002");
        HubPolicy policy = HubPolicy.defaults().withCap(IdentifierType.PHONE, 2).withAllowed(Set.of(p1)).withDenied(Set.of(p2));
        CaseLinkIndex idx = new CaseLinkIndex(LinkingConfig.defaults().withHubPolicy(policy));
        for (int i = 0; i < 5; i++) {
            idx.add(c("A" + i, phone(1)));
            idx.add(c("B" + i, phone(2)));
        }
        assertThat(idx.seriesOf("A0").size()).isEqualTo(5);
        assertThat(idx.seriesOf("B0").size()).isEqualTo(1);
        assertThat(idx.qualityReport().hubs()).isEmpty();
        assertThat(idx.evidence("B0", "B1").sameSeries()).isFalse();
    }

    @Test
    void evidenceIsTheShortestChainOfSharedIdentifiers() {
        index.add(c("A", phone(1)));
        index.add(c("B", phone(1), card(7)));
        index.add(c("C", card(7), ip(3), url(3)));
        index.add(c("D", ip(3), url(3)));
        index.add(c("X", phone(99)));
        LinkEvidence ev = index.evidence("A", "D");
        assertThat(ev.sameSeries()).isTrue();
        assertThat(ev.seriesId()).isEqualTo(index.seriesIdOf("A"));
        assertThat(ev.hops()).extracting(EvidenceHop::from, EvidenceHop::to, EvidenceHop::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", "B", 10),
                        org.assertj.core.groups.Tuple.tuple("B", "C", 12),
                        org.assertj.core.groups.Tuple.tuple("C", "D", 10));
        assertThat(ev.hops().get(0).shared()).containsExactly(
                new SharedIdentifier(new Identifier(IdentifierType.PHONE, "+8613800000001"), 10));
        assertThat(ev.hops().get(2).shared()).extracting(s -> s.identifier().type())
                .containsExactly(IdentifierType.URL, IdentifierType.IP);

        LinkEvidence none = index.evidence("A", "X");
        assertThat(none.sameSeries()).isFalse();
        assertThat(none.hops()).isEmpty();
        assertThat(none.explanation()).contains("not in the same series");
    }

    @Test
    void evidencePrefersFewerHopsAndBreaksTiesByInsertionOrder() {
        index.add(c("A", phone(1), phone(2)));
        index.add(c("M1", phone(1), phone(3)));
        index.add(c("M2", phone(2), phone(3)));
        index.add(c("Z", phone(3)));
        LinkEvidence ev = index.evidence("A", "Z");
        assertThat(ev.hops()).extracting(EvidenceHop::from).containsExactly("A", "M1");
        assertThat(index.evidence("Z", "A").hops()).extracting(EvidenceHop::to).containsExactly("M1", "A");
    }

    @Test
    void mustLinkJoinsAndShowsUpAsAHop() {
        index.add(c("A", phone(1)));
        index.add(c("B", phone(2)));
        index.mustLink("A", "B", "same suspect per interrogation");
        assertThat(index.seriesIdOf("A")).isEqualTo(index.seriesIdOf("B"));
        assertThat(index.gangOf("A").caseKeys()).containsExactly("A", "B");
        LinkEvidence ev = index.evidence("A", "B");
        assertThat(ev.hops()).singleElement().satisfies(h -> {
            assertThat(h.mustLink()).isTrue();
            assertThat(h.shared()).isEmpty();
        });
        // it survives later additions
        index.add(c("C", phone(2)));
        assertThat(index.seriesOf("A").caseKeys()).containsExactly("A", "B", "C");
    }

    @Test
    void cannotLinkCutsTheSeriesEvenThoughIdentifiersConnectIt() {
        index.add(c("A", phone(1)));
        index.add(c("B", phone(1), card(1)));
        index.add(c("C", card(1)));
        long id = index.seriesIdOf("A");
        assertThat(index.seriesOf("A").size()).isEqualTo(3);
        index.cannotLink("A", "C", "different victims' bank, checked");
        assertThat(index.seriesIdOf("A")).isNotEqualTo(index.seriesIdOf("C"));
        // deterministic cut: B links to A first (A is older), the B–C link is skipped
        assertThat(index.seriesOf("A").caseKeys()).containsExactly("A", "B");
        assertThat(index.seriesIdOf("A")).isEqualTo(id);
        assertThat(index.gangOf("A").caseKeys()).containsExactly("A", "B", "C");
        assertThat(index.evidence("A", "C").explanation()).contains("cannot-link");
        // later cases cannot bridge the cut either
        index.add(c("D", phone(1), card(1)));
        assertThat(index.seriesIdOf("A")).isNotEqualTo(index.seriesIdOf("C"));
        assertThat(index.seriesOf("A").caseKeys()).containsExactly("A", "B", "D");
    }

    @Test
    void contradictoryDecisionsAreRefusedAndNewerDecisionOnSamePairWins() {
        index.add(c("A", phone(1)));
        index.add(c("B", phone(2)));
        index.add(c("C", phone(3)));
        index.mustLink("A", "B", null);
        index.mustLink("B", "C", null);
        assertThatThrownBy(() -> index.cannotLink("A", "C", null)).isInstanceOf(IllegalArgumentException.class);
        index.cannotLink("A", "B", "revised"); // replaces the must-link on the same pair
        assertThat(index.seriesIdOf("A")).isNotEqualTo(index.seriesIdOf("B"));
        assertThat(index.seriesIdOf("B")).isEqualTo(index.seriesIdOf("C"));
        assertThat(index.decisions()).hasSize(2);
        assertThatThrownBy(() -> index.mustLink("A", "C", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.mustLink("A", "nope", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seriesKeepsItsIdWhenGrowingAndLowerIdSurvivesAMerge() {
        long a = index.add(c("A", phone(1)));
        long b = index.add(c("B", phone(2)));
        assertThat(index.add(c("A2", phone(1)))).isEqualTo(a);
        assertThat(index.add(c("B2", phone(2)))).isEqualTo(b);
        assertThat(index.history()).isEmpty();
        long merged = index.add(c("AB", phone(1), phone(2)));
        assertThat(merged).isEqualTo(Math.min(a, b));
        assertThat(index.history()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(SeriesEvent.Kind.MERGE);
            assertThat(e.seriesId()).isEqualTo(a);
            assertThat(e.otherIds()).containsExactly(b);
            assertThat(e.cause()).contains("AB");
        });
        long seq = index.history().get(0).sequence();
        assertThat(index.historySince(seq - 1)).isEqualTo(index.history());
        assertThat(index.historySince(seq)).isEmpty();
        index.add(c("C", phone(3)));
        index.add(c("AC", phone(1), phone(3)));
        assertThat(index.historySince(seq)).singleElement().satisfies(e -> assertThat(e.sequence()).isGreaterThan(seq));
    }

    @Test
    void removingTheBridgeCaseSplitsLargestPartKeepsId() {
        index.add(c("A1", phone(1)));
        index.add(c("A2", phone(1)));
        index.add(c("A3", phone(1)));
        index.add(c("BR", phone(1), phone(2)));
        index.add(c("B1", phone(2)));
        long id = index.seriesIdOf("A1");
        assertThat(index.seriesIdOf("B1")).isEqualTo(id);
        long counterBefore = index.exportState().nextSeriesId();
        assertThat(index.remove("BR")).isTrue();
        assertThat(index.remove("BR")).isFalse();
        assertThat(index.seriesIdOf("A1")).isEqualTo(id);
        assertThat(index.seriesIdOf("B1")).isEqualTo(counterBefore);
        assertThat(index.seriesIdOf("BR")).isEqualTo(-1);
        SeriesEvent split = index.history().get(index.history().size() - 1);
        assertThat(split.kind()).isEqualTo(SeriesEvent.Kind.SPLIT);
        assertThat(split.seriesId()).isEqualTo(id);
        assertThat(split.otherIds()).containsExactly(counterBefore);
        assertThat(split.partSizes()).containsExactly(3, 1);
        assertThat(split.cause()).isEqualTo("case BR removed");
    }

    @Test
    void exportAndRestoreKeepIdsCounterAndDecisions() {
        List<CaseRecord> cases = List.of(c("A", phone(1)), c("B", phone(1)), c("C", phone(2)), c("D", phone(2)),
                c("E", phone(3)));
        index.addAll(cases);
        index.cannotLink("A", "B", "checked");
        index.mustLink("C", "E", "confession");
        LinkingState state = index.exportState();

        CaseLinkIndex restored = CaseLinkIndex.restore(LinkingConfig.defaults(), state, cases);
        for (CaseRecord r : cases) {
            assertThat(restored.seriesIdOf(r.key())).as(r.key()).isEqualTo(index.seriesIdOf(r.key()));
        }
        assertThat(restored.decisions()).isEqualTo(index.decisions());
        assertThat(restored.history()).isEmpty();
        assertThat(restored.exportState()).isEqualTo(state);
        // the counter continues where it was
        assertThat(restored.add(c("F", phone(9)))).isEqualTo(state.nextSeriesId());
    }

    @Test
    void restoreWithChangedDataRecordsMergesAndSplits() {
        List<CaseRecord> before = List.of(c("A", phone(1)), c("B", phone(1), phone(2)), c("C", phone(2)),
                c("D", phone(5)), c("E", phone(6)));
        CaseLinkIndex first = CaseLinkIndex.build(LinkingConfig.defaults(), before);
        long abc = first.seriesIdOf("A");
        long d = first.seriesIdOf("D");
        long e = first.seriesIdOf("E");
        // B was corrected (no phone 2 any more), a new case joins D and E
        List<CaseRecord> after = List.of(c("A", phone(1)), c("B", phone(1)), c("C", phone(2)),
                c("D", phone(5)), c("E", phone(6)), c("F", phone(5), phone(6)));
        CaseLinkIndex second = CaseLinkIndex.restore(LinkingConfig.defaults(), first.exportState(), after);
        assertThat(second.seriesIdOf("A")).isEqualTo(abc);
        assertThat(second.seriesIdOf("C")).isEqualTo(first.exportState().nextSeriesId());
        assertThat(second.seriesIdOf("F")).isEqualTo(Math.min(d, e));
        assertThat(second.history()).extracting(SeriesEvent::kind)
                .containsExactlyInAnyOrder(SeriesEvent.Kind.SPLIT, SeriesEvent.Kind.MERGE);
    }

    @Test
    void hubPolicyChangeRebuildsWithStableIds() {
        for (int i = 0; i < 4; i++) {
            index.add(c("G" + i, card(1), phone(100 + i)));
        }
        long id = index.seriesIdOf("G0");
        index.setHubPolicy(HubPolicy.defaults().withCap(IdentifierType.BANK_CARD, 3));
        assertThat(index.seriesOf("G0").size()).isEqualTo(1);
        assertThat(index.seriesIdOf("G0")).isEqualTo(id);
        assertThat(index.history()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(SeriesEvent.Kind.SPLIT);
            assertThat(e.otherIds()).hasSize(3);
            assertThat(e.cause()).isEqualTo("hub policy changed");
        });
        index.setHubPolicy(HubPolicy.defaults());
        assertThat(index.seriesOf("G3").size()).isEqualTo(4);
        assertThat(index.seriesIdOf("G3")).isEqualTo(id);
    }

    @Test
    void qualityReportCountsPercentilesRejectionsAndBridges() {
        // series 1: A - B - C chained by phone 1 and card 1 (both bridges), series 2: D,E share phone 2 and card 2
        index.add(c("A", phone(1), RawIdentifier.of(IdentifierType.PHONE, "无")));
        index.add(c("B", phone(1), card(1), RawIdentifier.of(IdentifierType.BANK_CARD, "0000000000000000")));
        index.add(c("C", card(1), RawIdentifier.of(IdentifierType.IM_ACCOUNT, "unknown")));
        index.add(c("D", phone(2), card(2)));
        index.add(c("E", phone(2), card(2)));
        for (int i = 0; i < 5; i++) {
            index.add(c("S" + i, phone(50 + i)));
        }
        QualityReport r = index.qualityReport();
        assertThat(r.caseCount()).isEqualTo(10);
        assertThat(r.seriesCount()).isEqualTo(2);
        assertThat(r.singletonCount()).isEqualTo(5);
        assertThat(r.sizeP50()).isEqualTo(1);
        assertThat(r.sizeP90()).isEqualTo(3);
        assertThat(r.sizeMax()).isEqualTo(3);
        assertThat(r.giantWarning()).isTrue(); // 3 of 10 > 5 %
        assertThat(r.rejectedByReason()).containsEntry(RejectionReason.PLACEHOLDER, 2L)
                .containsEntry(RejectionReason.REPEATED_DIGITS, 1L);
        assertThat(r.bridges()).extracting(b -> b.identifier().value(), QualityReport.BridgeIdentifier::partSizes)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("+8613800000001", List.of(2, 1)),
                        org.assertj.core.groups.Tuple.tuple("6222020000000001", List.of(2, 1)));
        assertThat(r.bridges()).allSatisfy(b -> assertThat(b.seriesId()).isEqualTo(index.seriesIdOf("A")));
        index.remove("A");
        assertThat(index.qualityReport().rejectedByReason()).containsEntry(RejectionReason.PLACEHOLDER, 1L);
    }

    @Test
    void starShapedSeriesReportsTheHubAsBridgeWithAllParts() {
        for (int i = 0; i < 4; i++) {
            index.add(c("L" + i, phone(1), card(10 + i)));
            index.add(c("R" + i, card(10 + i)));
        }
        QualityReport r = index.qualityReport();
        assertThat(r.bridges()).filteredOn(b -> b.identifier().type() == IdentifierType.PHONE).singleElement()
                .satisfies(b -> assertThat(b.partSizes()).containsExactly(2, 2, 2, 2));
    }

    @Test
    void bridgeSearchHandlesLongChainsWithoutRecursion() {
        int n = 20_000;
        List<CaseRecord> chain = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chain.add(CaseRecord.of("C" + i, RawIdentifier.of(IdentifierType.IM_ACCOUNT, "chain" + i),
                    RawIdentifier.of(IdentifierType.IM_ACCOUNT, "chain" + (i + 1)), ip(0)));
        }
        CaseLinkIndex idx = CaseLinkIndex.build(LinkingConfig.defaults()
                .withHubPolicy(HubPolicy.defaults().withCap(IdentifierType.IP, Integer.MAX_VALUE - 1))
                .withWeight(IdentifierType.IP, 0), chain);
        // IM weight 9 < 10: gangs only; use a config where IM is strong instead
        assertThat(idx.qualityReport().seriesCount()).isZero();
        CaseLinkIndex strong = CaseLinkIndex.build(LinkingConfig.defaults().withWeight(IdentifierType.IM_ACCOUNT, 10), chain);
        QualityReport r = strong.qualityReport();
        assertThat(r.sizeMax()).isEqualTo(n);
        assertThat(r.bridges()).hasSize(n - 1);
        assertThat(r.bridges()).anySatisfy(b -> assertThat(b.partSizes()).containsExactly(n / 2, n / 2));
        assertThat(r.hubs()).extracting(h -> h.identifier().type()).containsExactly(IdentifierType.IP);
    }

    @Test
    void duplicateKeysAreRefused() {
        index.add(c("A", phone(1)));
        assertThatThrownBy(() -> index.add(c("A", phone(2)))).isInstanceOf(IllegalArgumentException.class);
        index.remove("A");
        index.add(c("A", phone(2))); // a removed key may come back
        assertThat(index.identifiersOf("A")).extracting(Identifier::value).containsExactly("+8613800000002");
    }

    @Test
    void attributesTravelWithTheCase() {
        CaseAttributes attrs = new CaseAttributes("刷单返利", java.time.Instant.parse("2025-03-01T10:00:00Z"),
                CaseAttributes.yuanToFen(new java.math.BigDecimal("12345.67")), "330100");
        index.add(new CaseRecord("A", attrs, List.of(phone(1))));
        assertThat(index.attributesOf("A").amountFen()).isEqualTo(1_234_567L);
        assertThat(index.attributesOf("A").amountYuan()).isEqualByComparingTo("12345.67");
    }

    @Test
    void removingACaseRevivesAnExHubForUnrelatedCases() {
        CaseLinkIndex idx = new CaseLinkIndex(LinkingConfig.defaults()
                .withHubPolicy(HubPolicy.defaults().withCap(IdentifierType.PHONE, 2)));
        idx.add(c("A", phone(1)));
        idx.add(c("B", phone(1)));
        idx.add(c("C", phone(1), card(5)));
        assertThat(idx.seriesOf("A").caseKeys()).containsExactly("A");
        idx.remove("C");
        assertThat(idx.seriesOf("A").caseKeys()).containsExactly("A", "B");
    }

    @Test
    void weakIdentifiersThatAddUpOnTheirOwnKeepAStrongIdentifierFromBeingABridge() {
        index.add(c("A", phone(1), ip(1), url(1)));
        index.add(c("B", phone(1), ip(1), url(1), card(1)));
        index.add(c("C", card(1)));
        assertThat(index.qualityReport().bridges()).singleElement().satisfies(b -> {
            assertThat(b.identifier().type()).isEqualTo(IdentifierType.BANK_CARD);
            assertThat(b.partSizes()).containsExactly(2, 1);
        });
    }
}
