package io.zhian.linking;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random small worlds checked against a deliberately naive re-implementation of the rules
 * (pairwise weights, BFS components, set-based cannot-link cut).
 *
 * <p>Each property runs the generator's edge cases, then {@code TRIES} seeded random inputs
 * (see {@link PropertyCheck}; a failure prints the seed, the input and a shrunk input).
 */
class LinkingPropertiesTest {

    /** Small caps so random worlds cross them; small pools so identifiers collide. */
    private static final LinkingConfig CONFIG = LinkingConfig.defaults().withHubPolicy(HubPolicy.defaults()
            .withCap(IdentifierType.PHONE, 3).withCap(IdentifierType.BANK_CARD, 3).withCap(IdentifierType.IP, 5)
            .withCap(IdentifierType.URL, 5).withCap(IdentifierType.IM_ACCOUNT, 3).withCap(IdentifierType.APP_NAME, 8)
            .withAllowed(Set.of(new Identifier(IdentifierType.PHONE, "+8613800000000")))
            .withDenied(Set.of(new Identifier(IdentifierType.BANK_CARD, "6222020000000000"))));

    /**
     * Random tries per property (edge cases come on top). The former library ran 150-200 random-seeded tries per
     * build; these seeds are fixed, so more tries make up for not seeing new inputs on every build. The whole class
     * takes a few seconds.
     */
    private static final int TRIES = 5_000;

    // ------------------------------------------------------------------ generators

    /**
     * One raw identifier from small pools: phones 0..3 in three spellings (weight 3), cards 0..3 (2), IPs 0..2 (1),
     * URLs 0..2 (1), IM accounts 0..3 (2), app names 0..2 (1), and junk (1): a placeholder phone, a placeholder IP,
     * the allow-listed phone and the deny-listed card.
     */
    static Arb<RawIdentifier> identifiers() {
        return Arb.frequencyOf(
                Arb.weighted(3, Arb.combine(Arb.integers(0, 3), Arb.of("", "+86 ", "0086-"),
                        (i, p) -> RawIdentifier.of(IdentifierType.PHONE, p + String.format("138-0000-%04d", i)))),
                Arb.weighted(2, Arb.integers(0, 3).map(Fixtures::card)),
                Arb.weighted(1, Arb.integers(0, 2).map(Fixtures::ip)),
                Arb.weighted(1, Arb.integers(0, 2).map(Fixtures::url)),
                Arb.weighted(2, Arb.integers(0, 3).map(Fixtures::im)),
                Arb.weighted(1, Arb.integers(0, 2).map(Fixtures::app)),
                Arb.weighted(1, Arb.of(RawIdentifier.of(IdentifierType.PHONE, "无"), RawIdentifier.of(IdentifierType.IP, "n/a"),
                        RawIdentifier.of(IdentifierType.PHONE, "13800000000"), RawIdentifier.of(IdentifierType.BANK_CARD, "6222020000000000"))));
    }

    /** Worlds of 1..30 cases K0, K1, ... with 0..3 identifiers each. */
    static Arb<List<CaseRecord>> worlds() {
        return identifiers().list(0, 3).list(1, 30).map(lists -> {
            List<CaseRecord> cases = new ArrayList<>();
            for (int i = 0; i < lists.size(); i++) {
                cases.add(new CaseRecord("K" + i, CaseAttributes.NONE, lists.get(i)));
            }
            return List.copyOf(cases);
        });
    }

    /** Operations: 0 = add next case, 1 = remove, 2 = must-link, 3 = cannot-link (with two random picks). */
    static Arb<List<int[]>> ops() {
        return Arb.combine(parts -> {
                    int k = (Integer) parts.get(0);
                    return new int[]{k < 6 ? 0 : k < 7 ? 1 : k < 8 ? 2 : 3, (Integer) parts.get(1), (Integer) parts.get(2)};
                }, Arb.integers(0, 9), Arb.integers(0, 1000), Arb.integers(0, 1000))
                .list(5, 60);
    }

    /** Input of the incremental property: the cases to add (in order) and the operations to apply. */
    record Scenario(List<CaseRecord> cases, List<int[]> ops) {
    }

    // ------------------------------------------------------------------ properties

    @Test
    void seriesAndGangsEqualBruteForceComponents() {
        PropertyCheck.forAll(TRIES, 200, worlds(), LinkingPropertiesTest::shrinkWorld, LinkingPropertiesTest::show, cases -> {
            CaseLinkIndex index = CaseLinkIndex.build(CONFIG, cases);
            Oracle oracle = new Oracle(cases, List.of());
            assertThat(Fixtures.partition(index.series(1))).isEqualTo(oracle.series());
            assertThat(gangPartition(index, cases)).isEqualTo(oracle.gangs());
        });
    }

    @Test
    void incrementalOperationsEqualFullRebuildAndOracle() {
        PropertyCheck.forAll(TRIES, 200, Arb.combine(worlds(), ops(), Scenario::new),
                LinkingPropertiesTest::shrinkScenario, LinkingPropertiesTest::show,
                scenario -> incrementalOperationsEqualFullRebuildAndOracle(scenario.cases(), scenario.ops()));
    }

    private static void incrementalOperationsEqualFullRebuildAndOracle(List<CaseRecord> cases, List<int[]> ops) {
        CaseLinkIndex index = new CaseLinkIndex(CONFIG);
        List<CaseRecord> live = new ArrayList<>();
        int next = 0;
        for (int[] op : ops) {
            if (op[0] == 0 || live.size() < 2) {
                if (next < cases.size()) {
                    index.add(cases.get(next));
                    live.add(cases.get(next++));
                    assertInvariants(index, live);
                }
                continue;
            }
            String a = live.get(op[1] % live.size()).key();
            String b = live.get(op[2] % live.size()).key();
            switch (op[0]) {
                case 1 -> {
                    index.remove(a);
                    live.removeIf(r -> r.key().equals(a));
                }
                case 2, 3 -> {
                    if (a.equals(b)) {
                        continue;
                    }
                    try {
                        if (op[0] == 2) {
                            index.mustLink(a, b, null);
                        } else {
                            index.cannotLink(a, b, null);
                        }
                    } catch (IllegalArgumentException contradiction) {
                        // refused; state must be unchanged, which the comparisons below check
                    }
                }
                default -> throw new IllegalStateException();
            }
            assertInvariants(index, live);
        }
        assertInvariants(index, live);
    }

    private static void assertInvariants(CaseLinkIndex index, List<CaseRecord> live) {
        LinkingState state = index.exportState();
        CaseLinkIndex full = CaseLinkIndex.restore(CONFIG, state, live);
        assertThat(Fixtures.partition(index.series(1))).isEqualTo(Fixtures.partition(full.series(1)));
        // restoring from the exported assignment reproduces every id exactly and records no history
        assertThat(full.exportState().seriesByCase()).isEqualTo(state.seriesByCase());
        assertThat(full.history()).isEmpty();
        Oracle oracle = new Oracle(live, index.decisions());
        assertThat(Fixtures.partition(index.series(1))).isEqualTo(oracle.series());
        assertThat(gangPartition(index, live)).isEqualTo(oracle.gangs());
        // series ids are unique per series
        Set<Long> ids = new HashSet<>();
        for (CaseSeries s : index.series(1)) {
            assertThat(ids.add(s.seriesId())).isTrue();
        }
        for (AnalystDecision d : index.decisions()) {
            boolean same = index.seriesIdOf(d.caseA()) == index.seriesIdOf(d.caseB());
            assertThat(same).isEqualTo(d.kind() == AnalystDecision.Kind.MUST_LINK);
        }
    }

    @Test
    void evidenceChainsAreValidAndShortest() {
        PropertyCheck.forAll(TRIES, 150, worlds(), LinkingPropertiesTest::shrinkWorld, LinkingPropertiesTest::show,
                LinkingPropertiesTest::evidenceChainsAreValidAndShortest);
    }

    private static void evidenceChainsAreValidAndShortest(List<CaseRecord> cases) {
        CaseLinkIndex index = CaseLinkIndex.build(CONFIG, cases);
        Oracle oracle = new Oracle(cases, List.of());
        for (CaseRecord a : cases) {
            for (CaseRecord b : cases) {
                LinkEvidence ev = index.evidence(a.key(), b.key());
                assertThat(ev.sameSeries()).isEqualTo(index.seriesIdOf(a.key()) == index.seriesIdOf(b.key()));
                if (!ev.sameSeries() || a == b) {
                    continue;
                }
                assertThat(ev.hops().size()).isEqualTo(oracle.hopDistance(a.key(), b.key()));
                String at = a.key();
                for (EvidenceHop h : ev.hops()) {
                    assertThat(h.from()).isEqualTo(at);
                    assertThat(h.weight()).isEqualTo(oracle.weight(h.from(), h.to())).isGreaterThanOrEqualTo(10);
                    at = h.to();
                }
                assertThat(at).isEqualTo(b.key());
            }
        }
    }

    @Test
    void bridgesAreExactlyTheStrongIdentifiersWhoseRemovalSplitsASeries() {
        PropertyCheck.forAll(TRIES, 150, worlds(), LinkingPropertiesTest::shrinkWorld, LinkingPropertiesTest::show,
                LinkingPropertiesTest::bridgesAreExactlyTheStrongIdentifiersWhoseRemovalSplitsASeries);
    }

    private static void bridgesAreExactlyTheStrongIdentifiersWhoseRemovalSplitsASeries(List<CaseRecord> cases) {
        CaseLinkIndex index = CaseLinkIndex.build(CONFIG, cases);
        Oracle oracle = new Oracle(cases, List.of());
        Map<String, List<Integer>> expected = new HashMap<>();
        for (List<String> series : oracle.series()) {
            if (series.size() < 2) {
                continue;
            }
            Set<Identifier> strong = new TreeSet<>();
            for (String k : series) {
                for (Identifier x : oracle.ids.get(k)) {
                    if (oracle.links(x) && CONFIG.weight(x.type()) >= 10) {
                        strong.add(x);
                    }
                }
            }
            for (Identifier x : strong) {
                List<Integer> parts = oracle.componentSizesWithout(series, x);
                if (parts.size() > 1) {
                    expected.put(x.toString(), parts);
                }
            }
        }
        Map<String, List<Integer>> actual = new HashMap<>();
        for (QualityReport.BridgeIdentifier b : index.qualityReport().bridges()) {
            actual.put(b.identifier().toString(), b.partSizes());
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static List<List<String>> gangPartition(CaseLinkIndex index, List<CaseRecord> cases) {
        Set<List<String>> out = new HashSet<>();
        for (CaseRecord r : cases) {
            List<String> k = new ArrayList<>(index.gangOf(r.key()).caseKeys());
            k.sort(null);
            out.add(k);
        }
        List<List<String>> l = new ArrayList<>(out);
        l.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return l;
    }

    // ------------------------------------------------------------------ shrinking and printing

    /** Smaller worlds: without one case, or without one identifier of one case (case keys are kept). */
    static List<List<CaseRecord>> shrinkWorld(List<CaseRecord> cases) {
        List<List<CaseRecord>> out = new ArrayList<>();
        if (cases.size() > 1) {
            for (int i = cases.size() - 1; i >= 0; i--) {
                List<CaseRecord> l = new ArrayList<>(cases);
                l.remove(i);
                out.add(List.copyOf(l));
            }
        }
        for (int i = 0; i < cases.size(); i++) {
            CaseRecord c = cases.get(i);
            for (int j = 0; j < c.identifiers().size(); j++) {
                List<RawIdentifier> ids = new ArrayList<>(c.identifiers());
                ids.remove(j);
                List<CaseRecord> l = new ArrayList<>(cases);
                l.set(i, new CaseRecord(c.key(), c.attributes(), ids));
                out.add(List.copyOf(l));
            }
        }
        return out;
    }

    /** Smaller scenarios: without one operation, or with a smaller world. */
    static List<Scenario> shrinkScenario(Scenario s) {
        List<Scenario> out = new ArrayList<>();
        for (int i = s.ops().size() - 1; i >= 0; i--) {
            List<int[]> l = new ArrayList<>(s.ops());
            l.remove(i);
            out.add(new Scenario(s.cases(), List.copyOf(l)));
        }
        for (List<CaseRecord> w : shrinkWorld(s.cases())) {
            out.add(new Scenario(w, s.ops()));
        }
        return out;
    }

    static String show(List<CaseRecord> cases) {
        return cases.size() + " cases: " + cases.stream()
                .map(c -> c.key() + c.identifiers().stream()
                        .map(r -> r.type() + " " + PropertyCheck.quote(r.raw()))
                        .collect(Collectors.joining(", ", "[", "]")))
                .collect(Collectors.joining(" "));
    }

    static String show(Scenario s) {
        return show(s.cases()) + "; " + s.ops().size() + " ops: " + s.ops().stream()
                .map(op -> switch (op[0]) {
                    case 0 -> "add";
                    case 1 -> "remove(" + op[1] + ")";
                    case 2 -> "mustLink(" + op[1] + "," + op[2] + ")";
                    default -> "cannotLink(" + op[1] + "," + op[2] + ")";
                })
                .collect(Collectors.joining(" "))
                + " (picks are indexes modulo the number of live cases; with < 2 live cases every op adds)";
    }

    // ------------------------------------------------------------------ naive oracle

    static final class Oracle {
        final List<String> keys = new ArrayList<>();
        final Map<String, Set<Identifier>> ids = new LinkedHashMap<>();
        final Map<Identifier, Integer> count = new HashMap<>();
        final List<AnalystDecision> decisions;

        Oracle(List<CaseRecord> cases, List<AnalystDecision> decisions) {
            this.decisions = decisions;
            for (CaseRecord r : cases) {
                keys.add(r.key());
                Set<Identifier> s = new HashSet<>();
                for (RawIdentifier raw : r.identifiers()) {
                    IdentifierNormalizer.normalize(raw.type(), raw.raw()).identifier().ifPresent(s::add);
                }
                ids.put(r.key(), s);
                for (Identifier x : s) {
                    count.merge(x, 1, Integer::sum);
                }
            }
        }

        boolean links(Identifier x) {
            HubPolicy p = CONFIG.hubPolicy();
            return !p.deny().contains(x) && !p.isHub(x, count.get(x)) && CONFIG.weight(x.type()) > 0;
        }

        int weight(String a, String b) {
            return weightWithout(a, b, null);
        }

        int weightWithout(String a, String b, Identifier removed) {
            int w = 0;
            for (Identifier x : ids.get(a)) {
                if (ids.get(b).contains(x) && links(x) && !x.equals(removed)) {
                    w += CONFIG.weight(x.type());
                }
            }
            return w;
        }

        boolean must(String a, String b) {
            return decisions.stream().anyMatch(d -> d.kind() == AnalystDecision.Kind.MUST_LINK
                    && (d.caseA().equals(a) && d.caseB().equals(b) || d.caseA().equals(b) && d.caseB().equals(a)));
        }

        /** Series: must-links first, then links in (later case, earlier case ascending) order, skipping cuts. */
        List<List<String>> series() {
            List<Set<String>> comps = new ArrayList<>();
            Map<String, Set<String>> compOf = new HashMap<>();
            for (String k : keys) {
                Set<String> s = new HashSet<>(List.of(k));
                comps.add(s);
                compOf.put(k, s);
            }
            for (int i = 0; i < keys.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (must(keys.get(i), keys.get(j))) {
                        join(compOf, keys.get(i), keys.get(j), false);
                    }
                }
            }
            for (int i = 0; i < keys.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (weight(keys.get(i), keys.get(j)) >= CONFIG.seriesThreshold()) {
                        join(compOf, keys.get(i), keys.get(j), true);
                    }
                }
            }
            return sorted(new HashSet<>(compOf.values()));
        }

        private void join(Map<String, Set<String>> compOf, String a, String b, boolean respectCannot) {
            Set<String> ca = compOf.get(a);
            Set<String> cb = compOf.get(b);
            if (ca == cb) {
                return;
            }
            if (respectCannot) {
                for (AnalystDecision d : decisions) {
                    if (d.kind() == AnalystDecision.Kind.CANNOT_LINK
                            && (ca.contains(d.caseA()) && cb.contains(d.caseB()) || cb.contains(d.caseA()) && ca.contains(d.caseB()))) {
                        return;
                    }
                }
            }
            ca.addAll(cb);
            for (String k : cb) {
                compOf.put(k, ca);
            }
        }

        /** Gangs: plain BFS components over gang-strength links and must-links. */
        List<List<String>> gangs() {
            Set<String> seen = new HashSet<>();
            Set<Set<String>> out = new HashSet<>();
            for (String s : keys) {
                if (!seen.add(s)) {
                    continue;
                }
                Set<String> comp = new HashSet<>(List.of(s));
                ArrayDeque<String> q = new ArrayDeque<>(List.of(s));
                while (!q.isEmpty()) {
                    String c = q.poll();
                    for (String d : keys) {
                        if (!seen.contains(d) && (weight(c, d) >= CONFIG.gangThreshold() || must(c, d))) {
                            seen.add(d);
                            comp.add(d);
                            q.add(d);
                        }
                    }
                }
                out.add(comp);
            }
            return sorted(out);
        }

        int hopDistance(String a, String b) {
            Map<String, Integer> dist = new HashMap<>(Map.of(a, 0));
            ArrayDeque<String> q = new ArrayDeque<>(List.of(a));
            while (!q.isEmpty()) {
                String c = q.poll();
                for (String d : keys) {
                    if (!dist.containsKey(d) && weight(c, d) >= CONFIG.seriesThreshold()) {
                        dist.put(d, dist.get(c) + 1);
                        q.add(d);
                    }
                }
            }
            return dist.getOrDefault(b, -1);
        }

        /** Sizes of the components of a series' cases when identifier x stops linking, largest first. */
        List<Integer> componentSizesWithout(List<String> series, Identifier x) {
            Set<String> seen = new HashSet<>();
            List<Integer> sizes = new ArrayList<>();
            for (String s : series) {
                if (!seen.add(s)) {
                    continue;
                }
                int n = 1;
                ArrayDeque<String> q = new ArrayDeque<>(List.of(s));
                while (!q.isEmpty()) {
                    String c = q.poll();
                    for (String d : series) {
                        if (!seen.contains(d) && weightWithout(c, d, x) >= CONFIG.seriesThreshold()) {
                            seen.add(d);
                            n++;
                            q.add(d);
                        }
                    }
                }
                sizes.add(n);
            }
            sizes.sort((p, q) -> Integer.compare(q, p));
            return sizes;
        }

        private static List<List<String>> sorted(Set<Set<String>> comps) {
            List<List<String>> out = new ArrayList<>();
            for (Set<String> c : comps) {
                List<String> l = new ArrayList<>(c);
                l.sort(null);
                out.add(l);
            }
            out.sort((p, q) -> p.get(0).compareTo(q.get(0)));
            return out;
        }
    }
}
