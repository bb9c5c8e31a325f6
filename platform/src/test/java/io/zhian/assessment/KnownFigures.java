package io.zhian.assessment;

import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.FigureProvider;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A test-only figure provider with known values, so scores can be checked against numbers computed by
 * hand: {@code test.safety-rate} is 95 (200 answers) in township 1, 85 (100) in township 2, 80 (50) in
 * township 3 and absent elsewhere; {@code test.case-count} is 30 cases per period in township 1. Periods
 * before 2025 have no values, so tests of older periods see hand-entered figures only.
 */
@Component
public class KnownFigures implements FigureProvider {

    public static final String SAFETY = "test.safety-rate";
    public static final String CASES = "test.case-count";

    private final Regions regions;

    KnownFigures(Regions regions) {
        this.regions = regions;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(new FigureDefinition(SAFETY, "测试安全感率", "%", true), new FigureDefinition(CASES, "测试案件量", "起", false));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        Map<Long, FigureValue> known = new HashMap<>();
        if (from.getYear() < 2025) {
            return known;
        }
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        if (SAFETY.equals(code)) {
            known.put(townships.get(0).id(), new FigureValue(95, 200));
            known.put(townships.get(1).id(), new FigureValue(85, 100));
            known.put(townships.get(2).id(), new FigureValue(80, 50));
        } else if (CASES.equals(code)) {
            known.put(townships.get(0).id(), new FigureValue(30, 30));
        }
        known.keySet().retainAll(regionIds);
        return known;
    }
}
