package io.zhian.mediation.internal;

import io.zhian.shared.FigureProvider;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Mediation figures for assessment and the dashboard, each over a region's whole subtree. All asked regions are answered
 * from one pass over the disputes (a fixed number of statements): the dashboard asks for every township at once.
 * Each figure links to the dispute list showing the disputes it counts.
 */
@Component
class MediationFigures implements FigureProvider {

    static final String DISPUTES = "mediation.disputes";
    static final String SUCCESS_RATE = "mediation.success-rate";
    static final String ON_THE_SPOT_RATE = "mediation.on-the-spot-rate";
    static final String PERFORMANCE_RATE = "mediation.performance-rate";
    static final String ESCALATIONS_PREVENTED = "mediation.escalations-prevented";
    static final String RESOLVED = "mediation.resolved";

    private final MediationStatistics statistics;

    MediationFigures(MediationStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(
                new FigureDefinition(DISPUTES, "矛盾纠纷受理数 / disputes registered", "件", false),
                new FigureDefinition(SUCCESS_RATE, "调解成功率 / mediation success rate", "%", true),
                new FigureDefinition(ON_THE_SPOT_RATE, "就地化解率 / resolved on the spot", "%", true),
                new FigureDefinition(PERFORMANCE_RATE, "协议履行率 / agreement performance rate", "%", true),
                new FigureDefinition(ESCALATIONS_PREVENTED, "防止升级数 / flagged disputes resolved without escalation", "件", true),
                new FigureDefinition(RESOLVED, "矛盾纠纷化解数 / disputes resolved (by resolution date)", "件", true));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        counted(code); // refuses an unknown code before any query
        Map<Long, FigureValue> out = new HashMap<>();
        if (regionIds.isEmpty()) {
            return out;
        }
        statistics.byRegion(regionIds, from, to).forEach((regionId, totals) -> {
            FigureValue v = value(code, totals);
            if (v != null) {
                out.put(regionId, v);
            }
        });
        return out;
    }

    private static FigureValue value(String code, MediationStatistics.RegionTotals totals) {
        if (RESOLVED.equals(code)) {
            return new FigureValue(totals.resolvedInPeriod(), totals.resolvedInPeriod());
        }
        MediationStatistics.Row t = totals.registered();
        if (t == null) {
            return null; // resolved disputes only: no dispute registered in the months
        }
        return switch (code) {
            case DISPUTES -> new FigureValue(t.cases(), t.cases());
            case SUCCESS_RATE -> t.successRate() == null ? null : new FigureValue(100 * t.successRate(), t.mediated());
            case ON_THE_SPOT_RATE -> t.onTheSpotRate() == null ? null : new FigureValue(100 * t.onTheSpotRate(), t.cases());
            case PERFORMANCE_RATE -> t.performanceRate() == null ? null : new FigureValue(100 * t.performanceRate(), t.obligationsAssessed());
            case ESCALATIONS_PREVENTED -> new FigureValue(t.escalationsPrevented(), t.flagged());
            default -> throw new IllegalArgumentException("mediation offers no figure " + code);
        };
    }

    /**
     * The dispute list of the region's subtree narrowed to what the figure counts: registrations in the months (disputes;
     * for the on-the-spot rate every registered dispute is its base), concluded mediations (success rate), assessed
     * obligations (performance rate), flagged disputes resolved without escalation, disputes resolved in the months.
     */
    @Override
    public Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        if (figures().stream().noneMatch(f -> f.code().equals(code))) {
            return Optional.empty();
        }
        MediationStore.Counted counted = counted(code);
        return Optional.of("/mediation?region=" + regionId + "&from=" + from + "&to=" + to
                + (counted == MediationStore.Counted.REGISTERED ? "" : "&counted=" + counted.slug()));
    }

    private static MediationStore.Counted counted(String code) {
        return switch (code == null ? "" : code) {
            case DISPUTES, ON_THE_SPOT_RATE -> MediationStore.Counted.REGISTERED;
            case SUCCESS_RATE -> MediationStore.Counted.MEDIATED;
            case PERFORMANCE_RATE -> MediationStore.Counted.ASSESSED;
            case ESCALATIONS_PREVENTED -> MediationStore.Counted.PREVENTED;
            case RESOLVED -> MediationStore.Counted.RESOLVED;
            default -> throw new IllegalArgumentException("mediation offers no figure " + code);
        };
    }
}
