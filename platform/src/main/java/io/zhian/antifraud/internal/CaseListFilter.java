package io.zhian.antifraud.internal;

import io.zhian.regions.RegionMonthFilter;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * What a figure links to on the case register: a region with its whole subtree and months of occurrence
 * ({@link RegionMonthFilter}), and optionally only the case that linked each series ({@code series=linked}). Every part
 * is optional; {@link #NONE} lists everything in the caller's scope. The older single {@code month} parameter is read
 * as from = to = month.
 */
public record CaseListFilter(RegionMonthFilter range, boolean linkingOnly) {

    static final CaseListFilter NONE = new CaseListFilter(RegionMonthFilter.NONE, false);

    public boolean active() {
        return range.active() || linkingOnly;
    }

    /**
     * Reads the query parameters. Bad values are refused together, field by field; a region that does not exist or lies
     * outside the scope answers "not found", as opening it would.
     */
    static CaseListFilter parse(DataScope scope, Regions regions, String region, String month, String from, String to, String series) {
        List<FieldProblem> problems = new ArrayList<>();
        RegionMonthFilter.Params params = RegionMonthFilter.read(region, from, to, RegionMonthFilter.Wording.EXAMPLE, problems);
        YearMonth m = RegionMonthFilter.month("month", month, RegionMonthFilter.Wording.EXAMPLE, problems);
        if (m != null && params.from() == null && params.to() == null) {
            params = new RegionMonthFilter.Params(params.regionId(), m, m);
        }
        boolean linking = false;
        if (series != null && !series.isBlank()) {
            if (series.strip().equalsIgnoreCase("linked")) {
                linking = true;
            } else {
                problems.add(new FieldProblem("series", "must be 'linked' (only the case that linked each series) or empty"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new CaseListFilter(params.resolve(scope, regions), linking);
    }
}
