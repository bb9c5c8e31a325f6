package io.zhian.alarms.internal;

import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a figure links to on the alarm list: a region with its whole subtree, months of receipt, and optionally only
 * the alarms a time figure is computed from (dispatched ones for the dispatch P90, arrived ones for the arrival P90 and
 * the compliance rate). Every part is optional; {@link #NONE} lists everything in the caller's scope.
 */
public record AlarmListFilter(Region region, long[] subtree, YearMonth from, YearMonth to, String has) {

    static final AlarmListFilter NONE = new AlarmListFilter(null, null, null, null, null);
    static final List<String> HAS = List.of("dispatched", "arrived");

    public boolean active() {
        return region != null || from != null || to != null || has != null;
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

    String subtreeParam() {
        return subtree == null ? null : io.zhian.shared.SqlArrays.bigints(subtree);
    }

    Timestamp fromParam() {
        return from == null ? null : Timestamp.from(from.atDay(1).atStartOfDay(AlarmDesk.ZONE).toInstant());
    }

    Timestamp toParam() {
        return to == null ? null : Timestamp.from(to.plusMonths(1).atDay(1).atStartOfDay(AlarmDesk.ZONE).toInstant());
    }

    /**
     * Reads the query parameters. Bad values are refused together, field by field; a region that does not exist or lies
     * outside the scope answers "not found", as opening it would.
     */
    static AlarmListFilter parse(DataScope scope, Regions regions, String region, String from, String to, String has) {
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
        String h = has == null || has.isBlank() ? null : has.strip().toLowerCase();
        if (h != null && !HAS.contains(h)) {
            problems.add(new FieldProblem("has", "must be one of " + HAS));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Region r = regionId == null ? null : regions.get(scope, regionId);
        return new AlarmListFilter(r, r == null ? null : regions.subtreeIds(List.of(r.id())), f, t, h);
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
