package io.zhian.mediation.internal;

import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Mediation figures for assessment and the dashboard, each over a region's whole subtree. */
@Component
class MediationFigures implements FigureProvider {

    private final MediationStatistics statistics;
    private final Regions regions;

    MediationFigures(MediationStatistics statistics, Regions regions) {
        this.statistics = statistics;
        this.regions = regions;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(
                new FigureDefinition("mediation.disputes", "矛盾纠纷受理数 / disputes registered", "件", false),
                new FigureDefinition("mediation.success-rate", "调解成功率 / mediation success rate", "%", true),
                new FigureDefinition("mediation.on-the-spot-rate", "就地化解率 / resolved on the spot", "%", true),
                new FigureDefinition("mediation.performance-rate", "协议履行率 / agreement performance rate", "%", true),
                new FigureDefinition("mediation.escalations-prevented", "防止升级数 / flagged disputes resolved without escalation", "件", true));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        Map<Long, FigureValue> out = new HashMap<>();
        for (Long regionId : regionIds) {
            long[] subtree = regions.subtreeIds(List.of(regionId));
            DataScope scope = DataScope.of(subtree, new long[0], null);
            List<MediationStatistics.Row> rows = statistics.rows(scope, from, to);
            if (rows.isEmpty()) {
                continue;
            }
            MediationStatistics.Row t = MediationStatistics.total(rows, regionId, null);
            FigureValue v = switch (code) {
                case "mediation.disputes" -> new FigureValue(t.cases(), t.cases());
                case "mediation.success-rate" -> t.successRate() == null ? null : new FigureValue(100 * t.successRate(), t.mediated());
                case "mediation.on-the-spot-rate" -> t.onTheSpotRate() == null ? null : new FigureValue(100 * t.onTheSpotRate(), t.cases());
                case "mediation.performance-rate" -> t.performanceRate() == null ? null
                        : new FigureValue(100 * t.performanceRate(), t.obligationsAssessed());
                case "mediation.escalations-prevented" -> new FigureValue(t.escalationsPrevented(), t.flagged());
                default -> throw new IllegalArgumentException("mediation offers no figure " + code);
            };
            if (v != null) {
                out.put(regionId, v);
            }
        }
        return out;
    }
}
