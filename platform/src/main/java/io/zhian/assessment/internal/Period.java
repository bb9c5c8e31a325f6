package io.zhian.assessment.internal;

import io.zhian.shared.InvalidInputException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An assessment period: a month ({@code 2026-10}), a quarter ({@code 2026-Q3}) or a year ({@code 2026}). */
record Period(Kind kind, YearMonth from, YearMonth to) {

    enum Kind { MONTH, QUARTER, YEAR }

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{1,2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    static Period parse(String text) {
        String s = text == null ? "" : text.strip();
        Matcher m;
        if ((m = MONTH.matcher(s)).matches()) {
            int month = Integer.parseInt(m.group(2));
            if (month >= 1 && month <= 12) {
                YearMonth ym = YearMonth.of(Integer.parseInt(m.group(1)), month);
                return new Period(Kind.MONTH, ym, ym);
            }
        } else if ((m = QUARTER.matcher(s)).matches()) {
            int q = Integer.parseInt(m.group(2));
            YearMonth first = YearMonth.of(Integer.parseInt(m.group(1)), q * 3 - 2);
            return new Period(Kind.QUARTER, first, first.plusMonths(2));
        } else if ((m = YEAR.matcher(s)).matches()) {
            int y = Integer.parseInt(m.group(1));
            return new Period(Kind.YEAR, YearMonth.of(y, 1), YearMonth.of(y, 12));
        }
        throw new InvalidInputException("period", "'" + s + "' is not a period: use 2026-10 (month), 2026-Q3 (quarter) or 2026 (year)");
    }

    /** The last complete month before {@code today}: the default period of the pages. */
    static Period lastMonth(LocalDate today) {
        YearMonth ym = YearMonth.from(today).minusMonths(1);
        return new Period(Kind.MONTH, ym, ym);
    }

    static Period month(YearMonth ym) {
        return new Period(Kind.MONTH, ym, ym);
    }

    String key() {
        return switch (kind) {
            case MONTH -> from.toString();
            case QUARTER -> from.getYear() + "-Q" + ((from.getMonthValue() + 2) / 3);
            case YEAR -> String.valueOf(from.getYear());
        };
    }

    int months() {
        return (to.getYear() - from.getYear()) * 12 + to.getMonthValue() - from.getMonthValue() + 1;
    }

    List<YearMonth> monthList() {
        List<YearMonth> list = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            list.add(m);
        }
        return list;
    }

    LocalDate firstDay() {
        return from.atDay(1);
    }

    LocalDate lastDay() {
        return to.atEndOfMonth();
    }

    /** The periods of the same kind leading up to this one, oldest first, this one last. */
    List<Period> history(int count) {
        List<Period> list = new ArrayList<>();
        int step = months();
        for (int i = count - 1; i >= 0; i--) {
            list.add(new Period(kind, from.minusMonths((long) step * i), to.minusMonths((long) step * i)));
        }
        return list;
    }

    @Override
    public String toString() {
        return key();
    }
}
