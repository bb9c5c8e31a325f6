package io.zhian.mediation.internal;

import io.zhian.casework.Casework;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The dispute list's query parameters as the page, the export and the API read them. Bad values are reported on their
 * field; a region outside the caller's scope answers "not found", as a dispute outside it does.
 */
@Component
class DisputeListFilters {

    /** The filter and what the page says about it: the region (its whole subtree) and which disputes are counted. */
    record Active(MediationStore.Filter filter, Region region, YearMonth from, YearMonth to, MediationStore.Counted counted) {}

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
        YearMonth f = month("from", from, problems);
        YearMonth t = month("to", to, problems);
        if (f != null && t != null && f.isAfter(t)) {
            problems.add(new FieldProblem("from", "must not be after 'to'"));
        }
        MediationStore.Counted k = MediationService.blank(counted) ? MediationStore.Counted.REGISTERED
                : Enums.parse(MediationStore.Counted.class, counted);
        if (k == null) {
            problems.add(new FieldProblem("counted", "must be one of " + List.of(MediationStore.Counted.values()).stream()
                    .map(MediationStore.Counted::slug).toList()));
        }
        Long regionId = null;
        if (!MediationService.blank(region)) {
            try {
                regionId = Long.parseLong(region.strip());
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem("region", "'" + region.strip() + "' is not a region id"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Region r = regionId == null ? null : regions.get(actor.scope(), regionId);
        Boolean fl = "true".equals(flagged) ? Boolean.TRUE : "false".equals(flagged) ? Boolean.FALSE : null;
        MediationStore.Filter filter = new MediationStore.Filter(c, g, fl, null,
                f == null ? null : f.atDay(1).atStartOfDay(Casework.ZONE).toInstant(),
                t == null ? null : t.plusMonths(1).atDay(1).atStartOfDay(Casework.ZONE).toInstant(),
                r == null ? null : regions.subtreeIds(List.of(r.id())), k);
        return new Active(filter, r, f, t, k);
    }

    static YearMonth month(String field, String v, List<FieldProblem> problems) {
        if (MediationService.blank(v)) {
            return null;
        }
        try {
            return YearMonth.parse(v.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "'" + v.strip() + "' is not a month (yyyy-mm)"));
            return null;
        }
    }
}
