package io.zhian.enterprise.internal;

import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a figure links to on the deed and problem lists: a region with its whole subtree and a range of months (of the
 * day a deed was done; of the day a problem was raised, or solved with {@code solved=true}). Every part is optional;
 * {@link #NONE} lists everything in the caller's scope.
 */
public record EnterpriseListFilter(Region region, long[] subtree, YearMonth from, YearMonth to, boolean solved) {

    static final EnterpriseListFilter NONE = new EnterpriseListFilter(null, null, null, null, false);

    public boolean active() {
        return region != null || from != null || to != null || solved;
    }

    /** The months as shown on the chip: "2026-11", "2026-09 – 2026-11", "2026-09 –" or "– 2026-11"; empty without months. */
    public String period() {
        if (from == null && to == null) {
            return "";
        }
        if (from != null && from.equals(to)) {
            return from.toString();
        }
        return (from == null ? "" : from + " ") + "–" + (to == null ? "" : " " + to);
    }

    LocalDate firstDay() {
        return from == null ? null : from.atDay(1);
    }

    LocalDate lastDay() {
        return to == null ? null : to.atEndOfMonth();
    }

    String subtreeParam() {
        return subtree == null ? null : io.zhian.shared.SqlArrays.bigints(subtree);
    }

    /** Whether a day falls in the months (both ends inclusive, open where not given). */
    boolean covers(LocalDate day) {
        return day != null && (from == null || !day.isBefore(firstDay())) && (to == null || !day.isAfter(lastDay()));
    }

    /**
     * Reads the query parameters. Bad values are refused together, field by field; a region that does not exist or lies
     * outside the scope answers "not found", as opening it would.
     */
    static EnterpriseListFilter parse(DataScope scope, Regions regions, String region, String from, String to, String solved) {
        List<FieldProblem> problems = new ArrayList<>();
        Long regionId = null;
        if (region != null && !region.isBlank()) {
            try {
                regionId = Long.parseLong(region.strip());
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem("region", "'" + region.strip() + "' is not a region id"));
            }
        }
        YearMonth f = month("from", from, problems);
        YearMonth t = month("to", to, problems);
        if (f != null && t != null && t.isBefore(f)) {
            problems.add(new FieldProblem("to", "must not be before 'from'"));
        }
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
        Region r = regionId == null ? null : regions.get(scope, regionId);
        return new EnterpriseListFilter(r, r == null ? null : regions.subtreeIds(List.of(r.id())), f, t, s);
    }

    private static YearMonth month(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "'" + value.strip() + "' is not a month like 2026-11"));
            return null;
        }
    }
}
