package io.zhian.bench;

import io.zhian.linking.CaseRecord;
import io.zhian.linking.HubPolicy;
import io.zhian.linking.IdentifierNormalizer;
import io.zhian.linking.LinkingConfig;
import io.zhian.linking.NormalizedIdentifier;
import io.zhian.linking.RawIdentifier;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The BASELINE: what one would write first. A {@code HashMap<String, List<Integer>>} from
 * "TYPE:value" to case numbers, and on every add a BFS from the new case over series-strength links
 * (same weights, threshold and hub caps as the engine, no analyst decisions) that recomputes the new
 * case's whole series from scratch and labels every member with the smallest case number.
 */
final class NaiveLinker {
    private final LinkingConfig config;
    private final Map<String, List<Integer>> index = new HashMap<>();
    private final List<List<String>> identifiersOfCase = new ArrayList<>();
    private final List<Integer> seriesLabel = new ArrayList<>();

    NaiveLinker(LinkingConfig config) {
        this.config = config;
    }

    /** Adds a case without linking (bulk load). */
    void load(CaseRecord r) {
        List<String> ids = new ArrayList<>();
        for (RawIdentifier raw : r.identifiers()) {
            NormalizedIdentifier n = IdentifierNormalizer.normalize(raw.type(), raw.raw());
            if (n.isAccepted()) {
                String key = n.type() + ":" + n.value();
                if (!ids.contains(key)) {
                    ids.add(key);
                }
            }
        }
        int c = identifiersOfCase.size();
        identifiersOfCase.add(ids);
        seriesLabel.add(c);
        for (String k : ids) {
            index.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
        }
    }

    /** Adds a case and recomputes its series by BFS; returns the series size. */
    int add(CaseRecord r) {
        load(r);
        int start = identifiersOfCase.size() - 1;
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        seen.add(start);
        queue.add(start);
        int min = start;
        HubPolicy hubs = config.hubPolicy();
        while (!queue.isEmpty()) {
            int c = queue.poll();
            Map<Integer, Integer> weight = new HashMap<>();
            for (String k : identifiersOfCase.get(c)) {
                List<Integer> cases = index.get(k);
                String type = k.substring(0, k.indexOf(':'));
                io.zhian.linking.IdentifierType t = io.zhian.linking.IdentifierType.valueOf(type);
                if (cases.size() > hubs.cap(t)) {
                    continue; // hub
                }
                for (int d : cases) {
                    if (d != c) {
                        weight.merge(d, config.weight(t), Integer::sum);
                    }
                }
            }
            for (Map.Entry<Integer, Integer> e : weight.entrySet()) {
                if (e.getValue() >= config.seriesThreshold() && seen.add(e.getKey())) {
                    queue.add(e.getKey());
                    min = Math.min(min, e.getKey());
                }
            }
        }
        for (int m : seen) {
            seriesLabel.set(m, min);
        }
        return seen.size();
    }
}
