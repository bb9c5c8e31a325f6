package io.zhian.alarms.internal;

import io.zhian.regions.Regions;
import io.zhian.shared.FigureProvider;
import java.time.YearMonth;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The alarm figures offered to assessment and the dashboard. */
@Component
class AlarmFigures implements FigureProvider {

    static final String COUNT = "alarms.count";
    static final String ARRIVAL_P90 = "alarms.arrival-p90-minutes";
    static final String COMPLIANCE = "alarms.arrival-compliance-rate";

    private final AlarmStatistics statistics;
    private final Regions regions;

    AlarmFigures(AlarmStatistics statistics, Regions regions) {
        this.statistics = statistics;
        this.regions = regions;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(new FigureDefinition(COUNT, "警情数", "起", false),
                new FigureDefinition(ARRIVAL_P90, "到场时间 P90", "分钟", false),
                new FigureDefinition(COMPLIANCE, "按时到场率", "%", true));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        if (!List.of(COUNT, ARRIVAL_P90, COMPLIANCE).contains(code)) {
            throw new IllegalArgumentException("not an alarms figure: " + code);
        }
        Map<Long, FigureValue> out = new LinkedHashMap<>();
        for (Long regionId : regionIds) {
            long[] subtree = regions.subtreeIds(List.of(regionId));
            if (subtree.length == 0) {
                continue;
            }
            AlarmStatistics.Totals t = statistics.totals(subtree, from, to);
            if (t.alarms() == 0) {
                continue;
            }
            switch (code) {
                case COUNT -> out.put(regionId, new FigureValue(t.alarms(), t.alarms()));
                case ARRIVAL_P90 -> {
                    if (t.arrivalP90() != null) {
                        out.put(regionId, new FigureValue(t.arrivalP90(), t.arrived()));
                    }
                }
                default -> {
                    if (t.arrived() > 0) {
                        out.put(regionId, new FigureValue(Math.round(1000.0 * t.arrivedWithinTarget() / t.arrived()) / 10.0,
                                t.arrived()));
                    }
                }
            }
        }
        return out;
    }
}
