package io.zhian.assessment.internal;

import io.zhian.shared.FigureProvider;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The assessment module's own live figures, offered like any module's: publicity quantity and the
 * on-time rate of 联乡包促 tasks per region, plus (for unit-level indicators) the same task rate and the
 * rectification rate of supervision findings per unit.
 */
@Component
class AssessmentFigures implements FigureProvider {

    static final String PUBLICITY = "assessment.publicity.count";
    static final String TASKS_ON_TIME = "assessment.pairing.on-time-rate";
    static final String RECTIFIED = "assessment.inspection.rectified-rate";

    private final AssessmentStore store;

    AssessmentFigures(AssessmentStore store) {
        this.store = store;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(new FigureDefinition(PUBLICITY, "宣传发动数量", "件", true),
                new FigureDefinition(TASKS_ON_TIME, "包联任务按期完成率", "%", true),
                new FigureDefinition(RECTIFIED, "督导问题按期整改率", "%", true));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        List<Long> ids = new ArrayList<>(regionIds);
        if (ids.isEmpty()) {
            return Map.of();
        }
        return switch (code) {
            case PUBLICITY -> counts(store.publicityTotals(ids, from.atDay(1), to.atEndOfMonth()));
            case TASKS_ON_TIME -> rates(store.taskTotalsByRegion(ids, from.atDay(1), to.atEndOfMonth()));
            default -> Map.of();
        };
    }

    /**
     * The list each figure counts, for the region's subtree and the months: the publicity log (entries done then), the
     * pairing tasks falling due then (on-time rate), the inspections whose rectification fell due then (rectified rate;
     * a per-unit figure, listed here by the inspected units' regions).
     */
    @Override
    public Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        String range = "?region=" + regionId + "&from=" + from + "&to=" + to;
        return switch (code == null ? "" : code) {
            case PUBLICITY -> Optional.of("/assessment/publicity" + range);
            case TASKS_ON_TIME -> Optional.of("/assessment/pairings" + range);
            case RECTIFIED -> Optional.of("/assessment/supervision" + range);
            default -> Optional.empty();
        };
    }

    /** Per-unit values for the unit-level codes this module knows, or null for any other code. */
    Map<Long, FigureValue> unitValues(String code, YearMonth from, YearMonth to, List<Long> unitIds) {
        if (unitIds.isEmpty()) {
            return TASKS_ON_TIME.equals(code) || RECTIFIED.equals(code) ? Map.of() : null;
        }
        return switch (code) {
            case TASKS_ON_TIME -> rates(store.taskTotalsByUnit(unitIds, from.atDay(1), to.atEndOfMonth()));
            case RECTIFIED -> rates(store.rectificationTotalsByUnit(unitIds, from.atDay(1), to.atEndOfMonth()));
            default -> null;
        };
    }

    private static Map<Long, FigureValue> counts(Map<Long, long[]> totals) {
        Map<Long, FigureValue> out = new HashMap<>();
        totals.forEach((id, t) -> out.put(id, new FigureValue(t[0], t[1])));
        return out;
    }

    private static Map<Long, FigureValue> rates(Map<Long, long[]> totals) {
        Map<Long, FigureValue> out = new HashMap<>();
        totals.forEach((id, t) -> {
            if (t[1] > 0) {
                out.put(id, new FigureValue(100.0 * t[0] / t[1], t[1]));
            }
        });
        return out;
    }
}
