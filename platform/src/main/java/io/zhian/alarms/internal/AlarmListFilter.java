package io.zhian.alarms.internal;

import io.zhian.regions.RegionMonthFilter;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a figure links to on the alarm list: a region with its whole subtree and months of receipt
 * ({@link RegionMonthFilter}), and optionally only the alarms a time figure is computed from (dispatched ones for the
 * dispatch P90, arrived ones for the arrival P90 and the compliance rate). Every part is optional; {@link #NONE} lists
 * everything in the caller's scope.
 */
public record AlarmListFilter(RegionMonthFilter range, String has) {

    static final AlarmListFilter NONE = new AlarmListFilter(RegionMonthFilter.NONE, null);
    static final List<String> HAS = List.of("dispatched", "arrived");

    public boolean active() {
        return range.active() || has != null;
    }

    Timestamp fromParam() {
        Instant from = range.fromInstant(AlarmDesk.ZONE);
        return from == null ? null : Timestamp.from(from);
    }

    Timestamp toParam() {
        Instant to = range.toInstant(AlarmDesk.ZONE);
        return to == null ? null : Timestamp.from(to);
    }

    /**
     * Reads the query parameters. Bad values are refused together, field by field; a region that does not exist or lies
     * outside the scope answers "not found", as opening it would.
     */
    static AlarmListFilter parse(DataScope scope, Regions regions, String region, String from, String to, String has) {
        List<FieldProblem> problems = new ArrayList<>();
        RegionMonthFilter.Params params = RegionMonthFilter.read(region, from, to, RegionMonthFilter.Wording.EXAMPLE, problems);
        String h = has == null || has.isBlank() ? null : has.strip().toLowerCase();
        if (h != null && !HAS.contains(h)) {
            problems.add(new FieldProblem("has", "must be one of " + HAS));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new AlarmListFilter(params.resolve(scope, regions), h);
    }
}
