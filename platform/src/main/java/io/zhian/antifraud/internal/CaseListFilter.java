package io.zhian.antifraud.internal;

import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a figure links to on the case register: a region with its whole subtree, months of occurrence, and optionally
 * only the case that linked each series ({@code series=linked}). Every part is optional; {@link #NONE} lists
 * everything in the caller's scope. The older single {@code month} parameter is read as from = to = month.
 */
public record CaseListFilter(Region region, long[] subtree, YearMonth from, YearMonth to, boolean linkingOnly) {

    static final CaseListFilter NONE = new CaseListFilter(null, null, null, null, false);

    public boolean active() {
        return region != null || from != null || to != null || linkingOnly;
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

    Instant fromInstant() {
        return from == null ? null : from.atDay(1).atStartOfDay(FraudImport.ZONE).toInstant();
    }

    Instant toInstant() {
        return to == null ? null : to.plusMonths(1).atDay(1).atStartOfDay(FraudImport.ZONE).toInstant();
    }

    /**
     * Reads the query parameters. Bad values are refused together, field by field; a region that does not exist or lies
     * outside the scope answers "not found", as opening it would.
     */
    static CaseListFilter parse(DataScope scope, Regions regions, String region, String month, String from, String to, String series) {
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
        YearMonth m = month("month", month, problems);
        if (m != null && f == null && t == null) {
            f = m;
            t = m;
        }
        if (f != null && t != null && t.isBefore(f)) {
            problems.add(new FieldProblem("to", "must not be before 'from'"));
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
        Region r = regionId == null ? null : regions.get(scope, regionId);
        return new CaseListFilter(r, r == null ? null : regions.subtreeIds(List.of(r.id())), f, t, linking);
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
