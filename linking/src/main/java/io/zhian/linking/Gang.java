package io.zhian.linking;

import java.util.List;

/**
 * The gang (团伙) view: cases connected at the lower gang threshold. A gang is a union of whole series.
 *
 * @param seriesIds ids of the series inside the gang, ascending
 * @param caseKeys  member case keys in insertion order
 */
public record Gang(List<Long> seriesIds, List<String> caseKeys) {
    public Gang {
        seriesIds = List.copyOf(seriesIds);
        caseKeys = List.copyOf(caseKeys);
    }
}
