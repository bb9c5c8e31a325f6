package io.zhian.linking;

import java.util.List;

/**
 * One step of an evidence chain: why case {@code from} is linked to case {@code to}.
 *
 * @param from        case key
 * @param to          case key
 * @param shared      the non-hub identifiers both cases carry (sorted), empty for a pure analyst decision
 * @param weight      link weight (sum of shared identifier weights)
 * @param mustLink    true when an analyst "must link" decision joins the two cases
 */
public record EvidenceHop(String from, String to, List<SharedIdentifier> shared, int weight, boolean mustLink) {
    public EvidenceHop {
        shared = List.copyOf(shared);
    }
}
