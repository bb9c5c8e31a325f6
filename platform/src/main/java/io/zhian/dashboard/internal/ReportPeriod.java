package io.zhian.dashboard.internal;

import io.zhian.shared.FieldProblem;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The period a report covers: a month ({@code 2026-11}) or a year ({@code 2026}). */
record ReportPeriod(Kind kind, YearMonth from, YearMonth to) {

    enum Kind { MONTH, YEAR }

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(Kind.MONTH, month, month);
    }

    static ReportPeriod year(int year) {
        return new ReportPeriod(Kind.YEAR, YearMonth.of(year, 1), YearMonth.of(year, 12));
    }

    /**
     * The period from a form or a request, refused with a field and a reason when the kind is unknown, the text does
     * not match the kind, or the period starts after {@code current} (the month it is now). The running month or year
     * is allowed: its report covers the days so far.
     */
    static ReportPeriod parse(String kindText, String periodText, YearMonth current, List<FieldProblem> problems) {
        Kind kind = null;
        String k = kindText == null ? "" : kindText.strip().toUpperCase(java.util.Locale.ROOT);
        if (k.isEmpty()) {
            problems.add(new FieldProblem("kind", "is required: MONTH or YEAR"));
        } else {
            try {
                kind = Kind.valueOf(k);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("kind", "'" + kindText.strip() + "' is not MONTH or YEAR"));
            }
        }
        String p = periodText == null ? "" : periodText.strip();
        if (p.isEmpty()) {
            problems.add(new FieldProblem("period", "is required, e.g. 2026-11 for a month or 2026 for a year"));
            return null;
        }
        if (kind == null) {
            return null;
        }
        ReportPeriod period = null;
        Matcher m;
        if (kind == Kind.MONTH && (m = MONTH.matcher(p)).matches()) {
            int month = Integer.parseInt(m.group(2));
            if (month >= 1 && month <= 12) {
                period = month(YearMonth.of(Integer.parseInt(m.group(1)), month));
            }
        } else if (kind == Kind.YEAR && (m = YEAR.matcher(p)).matches()) {
            period = year(Integer.parseInt(m.group(1)));
        }
        if (period == null) {
            problems.add(new FieldProblem("period", "'" + p + "' is not a " + (kind == Kind.MONTH ? "month: use 2026-11" : "year: use 2026")));
            return null;
        }
        if (period.from().getYear() < 2000) {
            problems.add(new FieldProblem("period", "must be 2000 or later"));
            return null;
        }
        if (period.from().isAfter(current)) {
            problems.add(new FieldProblem("period", "'" + p + "' is in the future"));
            return null;
        }
        return period;
    }

    /** 2026-11 or 2026: the archive's period column. */
    String key() {
        return kind == Kind.MONTH ? from.toString() : String.valueOf(from.getYear());
    }

    /** 2026年11月 or 2026年度. */
    String chinese() {
        return kind == Kind.MONTH ? from.getYear() + "年" + from.getMonthValue() + "月" : from.getYear() + "年度";
    }

    /** The period before: the previous month, or the previous year. */
    ReportPeriod previous() {
        return kind == Kind.MONTH ? month(from.minusMonths(1)) : year(from.getYear() - 1);
    }

    /** The same period one year earlier. */
    ReportPeriod lastYear() {
        return new ReportPeriod(kind, from.minusYears(1), to.minusYears(1));
    }

    /** The months of the trend charts: the year's twelve months, or the twelve months ending with the report's month. */
    List<YearMonth> trendMonths() {
        List<YearMonth> months = new ArrayList<>();
        YearMonth first = kind == Kind.YEAR ? from : to.minusMonths(11);
        for (int i = 0; i < 12; i++) {
            months.add(first.plusMonths(i));
        }
        return months;
    }
}
