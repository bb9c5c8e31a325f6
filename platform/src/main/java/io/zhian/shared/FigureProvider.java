package io.zhian.shared;

import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A module's live figures (alarm counts, dispute resolution rate, survey index, device online rate …)
 * offered to the modules that score, rank and display them (assessment, dashboard) without those
 * reaching into the module's tables. Each module registers one bean of this type in its own package.
 */
public interface FigureProvider {

    /** The figures this module offers. */
    List<FigureDefinition> figures();

    /**
     * The value of figure {@code code} for each region in {@code regionIds}, each aggregated over its
     * whole subtree, for the months {@code from}..{@code to} inclusive. Regions with no data are left out
     * of the map. Computed from live data, never stored by hand.
     */
    Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds);

    /**
     * Several figures at once ({@code code → region → value}); a provider whose figures share the work (one pass
     * over the same records) overrides this so that screens asking for all of them pay for one pass.
     */
    default Map<String, Map<Long, FigureValue>> values(Collection<String> codes, YearMonth from, YearMonth to,
                                                       Collection<Long> regionIds) {
        Map<String, Map<Long, FigureValue>> out = new java.util.LinkedHashMap<>();
        for (String code : codes) {
            out.put(code, values(code, from, to, regionIds));
        }
        return out;
    }

    /**
     * The page listing the records behind figure {@code code} for the region (its whole subtree) and the months
     * {@code from}..{@code to}: a path with its query, e.g. {@code /alarms?region=12&from=2026-11&to=2026-11}, whose
     * list shows exactly the records the figure counts (within the viewer's scope). Empty when no such list exists.
     */
    default Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        return Optional.empty();
    }

    /** A figure on offer: a stable code such as {@code casework.dispute.resolution-rate}. */
    record FigureDefinition(String code, String label, String unit, boolean higherIsBetter) {}

    /** A figure's value and the number of records behind it (0 when not meaningful). */
    record FigureValue(double value, long sampleSize) {}
}
