package io.zhian.enterprise.internal;

import io.zhian.regions.RegionMonthFilter;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a figure links to on the deed and problem lists: a region with its whole subtree and a range of months
 * ({@link RegionMonthFilter}: of the day a deed was done; of the day a problem was raised, or solved with
 * {@code solved=true}). Every part is optional; {@link #NONE} lists everything in the caller's scope.
 */
public record EnterpriseListFilter(RegionMonthFilter range, boolean solved) {

    static final EnterpriseListFilter NONE = new EnterpriseListFilter(RegionMonthFilter.NONE, false);

    public boolean active() {
        return range.active() || solved;
    }

    /**
     * Reads the query parameters. Bad values are refused together, field by field; a region that does not exist or lies
     * outside the scope answers "not found", as opening it would.
     */
    static EnterpriseListFilter parse(DataScope scope, Regions regions, String region, String from, String to, String solved) {
        List<FieldProblem> problems = new ArrayList<>();
        RegionMonthFilter.Params params = RegionMonthFilter.read(region, from, to, RegionMonthFilter.Wording.EXAMPLE, problems);
        boolean s = false;
        if (solved != null && !solved.isBlank()) {
            if (solved.strip().equalsIgnoreCase("true")) {
                s = true;
            } else if (!solved.strip().equalsIgnoreCase("false")) {
                problems.add(new FieldProblem("solved", "must be true or false"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new EnterpriseListFilter(params.resolve(scope, regions), s);
    }
}
