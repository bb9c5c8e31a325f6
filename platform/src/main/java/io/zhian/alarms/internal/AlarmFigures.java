package io.zhian.alarms.internal;

import io.zhian.shared.FigureProvider;
import java.time.YearMonth;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The alarm figures offered to assessment and the dashboard, over alarms received in the months (city time), each
 * region over its whole subtree: the count; the P90 of minutes from receipt to dispatch (over dispatched alarms) and
 * to arrival (over arrived alarms); the share of arrived alarms that arrived within their target.
 */
@Component
class AlarmFigures implements FigureProvider {

    static final String COUNT = "alarms.count";
    static final String DISPATCH_P90 = "alarms.dispatch-p90-minutes";
    static final String ARRIVAL_P90 = "alarms.arrival-p90-minutes";
    static final String COMPLIANCE = "alarms.arrival-compliance-rate";
    private static final List<String> CODES = List.of(COUNT, DISPATCH_P90, ARRIVAL_P90, COMPLIANCE);

    private final AlarmStatistics statistics;

    AlarmFigures(AlarmStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(new FigureDefinition(COUNT, "警情数", "起", false),
                new FigureDefinition(DISPATCH_P90, "派警时间 P90", "分钟", false),
                new FigureDefinition(ARRIVAL_P90, "到场时间 P90", "分钟", false),
                new FigureDefinition(COMPLIANCE, "按时到场率", "%", true));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        requireCode(code);
        Map<Long, FigureValue> out = new LinkedHashMap<>();
        Map<Long, AlarmStatistics.Totals> totals = statistics.totalsBySubtree(regionIds, from, to);
        for (Long regionId : regionIds) {
            AlarmStatistics.Totals t = totals.get(regionId);
            if (t == null || t.alarms() == 0) {
                continue;
            }
            switch (code) {
                case COUNT -> out.put(regionId, new FigureValue(t.alarms(), t.alarms()));
                case DISPATCH_P90 -> {
                    if (t.dispatchP90() != null) {
                        out.put(regionId, new FigureValue(t.dispatchP90(), t.dispatched()));
                    }
                }
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

    /** The alarm list narrowed to the alarms the figure is computed from: all received, or those dispatched / arrived. */
    @Override
    public Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        requireCode(code);
        String has = switch (code) {
            case DISPATCH_P90 -> "&has=dispatched";
            case ARRIVAL_P90, COMPLIANCE -> "&has=arrived";
            default -> "";
        };
        return Optional.of("/alarms/list?region=" + regionId + "&from=" + from + "&to=" + to + has);
    }

    private static void requireCode(String code) {
        if (!CODES.contains(code)) {
            throw new IllegalArgumentException("not an alarms figure: " + code);
        }
    }
}
