package io.zhian.regions;

import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.SqlArrays;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The part of a list filter a dashboard figure links with: a region with its whole subtree ({@code region}, an id in the
 * caller's scope) and a range of months ({@code from}/{@code to}, both inclusive, either open). Every part is optional;
 * {@link #NONE} narrows nothing. Modules keep their own extras (which records a figure counts) beside it.
 *
 * <p>Reading is in two steps so a module can check its own parameters in between: {@link #read} turns bad values into
 * field problems, {@link Params#resolve} then looks the region up, which answers "not found" (audited) outside the
 * scope. {@link #parse} does both, looking the region up only when no problem was found.
 */
public record RegionMonthFilter(Region region, long[] subtree, YearMonth from, YearMonth to) {

    public static final RegionMonthFilter NONE = new RegionMonthFilter(null, null, null, null);

    /**
     * How the problems read. The lists that gained these filters word them in two ways, kept as they were: the reason
     * after the quoted value for a region and for a month, and the problem for a range that ends before it starts.
     */
    public record Wording(String notARegion, String notAMonth, FieldProblem misordered) {

        /** "'x' is not a month like 2026-11"; a {@code to} before {@code from} is refused on "to". */
        public static final Wording EXAMPLE = new Wording("is not a region id", "is not a month like 2026-11",
                new FieldProblem("to", "must not be before 'from'"));

        /** "'x' is not a month (yyyy-mm)"; a {@code from} after {@code to} is refused on "from". */
        public static final Wording PATTERN = new Wording("is not a region id", "is not a month (yyyy-mm)",
                new FieldProblem("from", "must not be after 'to'"));

        /** The same with another reason for a region that is not a number. */
        public Wording withRegionReason(String reason) {
            return new Wording(reason, notAMonth, misordered);
        }
    }

    /** The parameters as read, before the region is looked up. */
    public record Params(Long regionId, YearMonth from, YearMonth to) {

        /** Looks the region up in the scope ("not found", audited, outside it) and reads its subtree. */
        public RegionMonthFilter resolve(DataScope scope, Regions regions) {
            Region r = regionId == null ? null : regions.get(scope, regionId);
            return new RegionMonthFilter(r, r == null ? null : regions.subtreeIds(List.of(r.id())), from, to);
        }
    }

    /** Reads region/from/to, adding a field problem for each bad value and for months in the wrong order. */
    public static Params read(String region, String from, String to, Wording wording, List<FieldProblem> problems) {
        Long regionId = null;
        if (region != null && !region.isBlank()) {
            try {
                regionId = Long.parseLong(region.strip());
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem("region", "'" + region.strip() + "' " + wording.notARegion()));
            }
        }
        YearMonth f = month("from", from, wording, problems);
        YearMonth t = month("to", to, wording, problems);
        if (f != null && t != null && t.isBefore(f)) {
            problems.add(wording.misordered());
        }
        return new Params(regionId, f, t);
    }

    /** {@link #read} worded {@link Wording#EXAMPLE}, then the region looked up when {@code problems} is still empty. */
    public static RegionMonthFilter parse(DataScope scope, Regions regions, String region, String from, String to,
                                          List<FieldProblem> problems) {
        return parse(scope, regions, region, from, to, Wording.EXAMPLE, problems);
    }

    /** {@link #read}, then the region looked up when {@code problems} is still empty; {@link #NONE} otherwise. */
    public static RegionMonthFilter parse(DataScope scope, Regions regions, String region, String from, String to,
                                          Wording wording, List<FieldProblem> problems) {
        Params params = read(region, from, to, wording, problems);
        return problems.isEmpty() ? params.resolve(scope, regions) : NONE;
    }

    /** One month parameter: null when blank, a field problem when it is not a month. */
    public static YearMonth month(String field, String value, Wording wording, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "'" + value.strip() + "' " + wording.notAMonth()));
            return null;
        }
    }

    public boolean active() {
        return region != null || from != null || to != null;
    }

    /** The months as a chip shows them: "2026-11", "2026-09 – 2026-11", "2026-09 –" or "– 2026-11"; null without months. */
    public String period() {
        return period(from, to);
    }

    /** As {@link #period()} for any two months. */
    public static String period(YearMonth from, YearMonth to) {
        if (from == null && to == null) {
            return null;
        }
        if (from != null && from.equals(to)) {
            return from.toString();
        }
        return (from == null ? "" : from + " ") + "–" + (to == null ? "" : " " + to);
    }

    /** The first day of {@code from}; null when open. */
    public LocalDate firstDay() {
        return from == null ? null : from.atDay(1);
    }

    /** The last day of {@code to}; null when open. */
    public LocalDate lastDay() {
        return to == null ? null : to.atEndOfMonth();
    }

    /** The start of {@code from} in the zone; null when open. */
    public Instant fromInstant(ZoneId zone) {
        return from == null ? null : from.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** The start of the month after {@code to} in the zone (the end, exclusive); null when open. */
    public Instant toInstant(ZoneId zone) {
        return to == null ? null : to.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    /** The subtree as one SQL array parameter ({@code = ANY(CAST(:p AS BIGINT[]))}); null without a region. */
    public String subtreeParam() {
        return subtree == null ? null : SqlArrays.bigints(subtree);
    }

    /** Whether a day falls in the months (both ends inclusive, open where not given). */
    public boolean covers(LocalDate day) {
        return day != null && (from == null || !day.isBefore(firstDay())) && (to == null || !day.isAfter(lastDay()));
    }
}
