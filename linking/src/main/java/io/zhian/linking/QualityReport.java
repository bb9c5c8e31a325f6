package io.zhian.linking;

import java.util.List;
import java.util.Map;

/**
 * Health of one linking run. A sudden giant series or a new hub usually means bad input
 * (a placeholder that slipped through, a payment aggregator) rather than a mega-gang.
 *
 * @param caseCount         live cases
 * @param seriesCount       series with at least 2 cases
 * @param singletonCount    cases not linked to any other
 * @param gangCount         gangs with at least 2 cases
 * @param sizeP50           component size percentiles over all series including singletons (nearest rank)
 * @param sizeP90           90th percentile
 * @param sizeP99           99th percentile
 * @param sizeMax           largest series
 * @param giantWarning      largest series exceeds {@code giantShare} of all cases
 * @param hubs              suppressed hub identifiers, most shared first
 * @param rejectedByReason  rejected raw identifiers of live cases, by reason
 * @param bridges           identifiers whose removal would split a series
 */
public record QualityReport(int caseCount, int seriesCount, int singletonCount, int gangCount,
                            int sizeP50, int sizeP90, int sizeP99, int sizeMax, boolean giantWarning,
                            List<HubIdentifier> hubs, Map<RejectionReason, Long> rejectedByReason,
                            List<BridgeIdentifier> bridges) {

    /** A suppressed hub: identifier, number of live cases sharing it, and the cap it exceeded. */
    public record HubIdentifier(Identifier identifier, int caseCount, int cap) {
    }

    /**
     * An identifier that is an articulation point of its series' identifier–case graph.
     *
     * @param seriesId  series it would split
     * @param identifier the bridge identifier
     * @param partSizes case counts of the parts after removing it, largest first
     */
    public record BridgeIdentifier(long seriesId, Identifier identifier, List<Integer> partSizes) {
        public BridgeIdentifier {
            partSizes = List.copyOf(partSizes);
        }
    }
}
