package io.zhian.linking;

import java.util.List;

/**
 * A case series (串案): cases connected by links at or above the series threshold.
 *
 * @param seriesId stable id (see {@link CaseLinkIndex} for the id rules)
 * @param caseKeys member case keys in insertion order
 */
public record CaseSeries(long seriesId, List<String> caseKeys) {
    public CaseSeries {
        caseKeys = List.copyOf(caseKeys);
    }

    public int size() {
        return caseKeys.size();
    }
}
