package io.zhian.dashboard.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * What one report says, computed once and then drawn as a PDF and as a workbook: the scorecard of the region, the
 * per-kind device online rates, for a city its townships, and the monthly trend of a few key figures.
 */
record ReportContent(long regionId, String regionName, String regionCode, boolean city, ReportPeriod period, Trigger trigger,
                     String generatedBy, Instant generatedAt, List<Figure> scorecard, List<Figure> deviceKinds,
                     List<Area> areas, List<Trend> trends) {

    enum Trigger { SCHEDULED, ON_DEMAND }

    /** One figure of the region: this period, its target, the period before and the same period last year (null: no data). */
    record Figure(String code, String label, String unit, boolean higherIsBetter, boolean count, Double value,
                  Double target, Double previous, Double lastYear) {

        /** Whether the target is reached, in the figure's direction; null without a value or a target. */
        Boolean met() {
            if (value == null || target == null) {
                return null;
            }
            return higherIsBetter ? value >= target : value <= target;
        }

        Double change() {
            return value == null || previous == null ? null : round(value - previous);
        }

        Double yearOnYear() {
            return value == null || lastYear == null ? null : round(value - lastYear);
        }

        /** The change against last year in per cent of last year's value; null for percentages (the change in points says it). */
        Double yearOnYearPercent() {
            if (value == null || lastYear == null || "%".equals(unit) || lastYear == 0) {
                return null;
            }
            return round(100 * (value - lastYear) / Math.abs(lastYear));
        }

        /** Whether the year-on-year change is an improvement (null when there is none or no change). */
        Boolean improved() {
            Double d = yearOnYear();
            if (d == null || d == 0) {
                return null;
            }
            return higherIsBetter ? d > 0 : d < 0;
        }
    }

    /** A township of a city report with its figures for the period, by code. */
    record Area(long regionId, String name, String code, Map<String, Double> values) {}

    /** A figure month by month (null: no data for the month). */
    record Trend(String code, String label, String unit, boolean count, List<YearMonth> months, List<Double> values) {}

    static Double round(Double v) {
        return v == null ? null : Math.round(v * 100) / 100.0;
    }
}
