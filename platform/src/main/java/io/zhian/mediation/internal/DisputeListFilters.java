package io.zhian.mediation.internal;

import io.zhian.casework.Casework;
import io.zhian.regions.RegionMonthFilter;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The dispute list's query parameters as the page, the export and the API read them. Bad values are reported on their
 * field; a region outside the caller's scope answers "not found", as a dispute outside it does.
 */
@Component
class DisputeListFilters {

    /** The filter and what the page says about it: the region (its whole subtree), the months and which disputes are counted. */
    record Active(MediationStore.Filter filter, RegionMonthFilter range, MediationStore.Counted counted) {}

    private final Regions regions;

    DisputeListFilters(Regions regions) {
        this.regions = regions;
    }

    Active parse(Actor actor, String category, String risk, String flagged, String from, String to, String region, String counted) {
        List<FieldProblem> problems = new ArrayList<>();
        DisputeCategory c = DisputeCategory.parse(category);
        if (c == null && !MediationService.blank(category)) {
            problems.add(new FieldProblem("category", "must be one of " + Enums.list(DisputeCategory.class)));
        }
        RiskGrade g = RiskGrade.parse(risk);
        if (g == null && !MediationService.blank(risk)) {
            problems.add(new FieldProblem("risk", "must be one of " + Enums.list(RiskGrade.class)));
        }
        RegionMonthFilter.Params params = RegionMonthFilter.read(region, from, to, RegionMonthFilter.Wording.PATTERN, problems);
        MediationStore.Counted k = MediationService.blank(counted) ? MediationStore.Counted.REGISTERED
                : Enums.parse(MediationStore.Counted.class, counted);
        if (k == null) {
            problems.add(new FieldProblem("counted", "must be one of " + List.of(MediationStore.Counted.values()).stream()
                    .map(MediationStore.Counted::slug).toList()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        RegionMonthFilter range = params.resolve(actor.scope(), regions);
        Boolean fl = "true".equals(flagged) ? Boolean.TRUE : "false".equals(flagged) ? Boolean.FALSE : null;
        MediationStore.Filter filter = new MediationStore.Filter(c, g, fl, null, range.fromInstant(Casework.ZONE),
                range.toInstant(Casework.ZONE), range.subtree(), k);
        return new Active(filter, range, k);
    }

    static YearMonth month(String field, String v, List<FieldProblem> problems) {
        return RegionMonthFilter.month(field, v, RegionMonthFilter.Wording.PATTERN, problems);
    }
}
