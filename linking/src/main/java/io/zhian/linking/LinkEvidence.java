package io.zhian.linking;

import java.util.List;

/**
 * Why two cases are (or are not) in the same series. For linked cases the hops form a shortest
 * chain (fewest hops; among equal chains the one through the lowest-inserted cases).
 *
 * @param caseA       first case key
 * @param caseB       second case key
 * @param sameSeries  whether both are in one series
 * @param seriesId    their series id when {@code sameSeries}, otherwise -1
 * @param hops        evidence chain from caseA to caseB, empty when not linked
 * @param explanation one-line summary for the UI
 */
public record LinkEvidence(String caseA, String caseB, boolean sameSeries, long seriesId, List<EvidenceHop> hops,
                           String explanation) {
    public LinkEvidence {
        hops = List.copyOf(hops);
    }
}
