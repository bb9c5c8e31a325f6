package io.zhian.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * What the wall screen shows for one region and month: the KPI tiles for the region itself, the chosen map
 * indicator for each of its children (or the region itself when it has no children to draw) and the panels.
 * A null value with {@code available = false} means no module offers the figure; a null value with
 * {@code available = true} means the figure exists but there are no records behind it. Every value carries
 * the link to the records behind it.
 */
public record DashboardSnapshot(Area region, Area parent, String month, String previousMonth, Indicator indicator,
                                List<Indicator> indicators, List<Tile> tiles, List<AreaValue> areas, Panels panels,
                                Instant generatedAt, boolean precomputed) {

    /** The same screen without the way up (for a viewer whose scope does not cover the parent). */
    public DashboardSnapshot withoutParent() {
        return new DashboardSnapshot(region, null, month, previousMonth, indicator, indicators, tiles, areas, panels, generatedAt,
                precomputed);
    }

    /** The same screen with the survey rankings one viewer may see. */
    public DashboardSnapshot withRankings(List<Ranking> rankings, String link) {
        return new DashboardSnapshot(region, parent, month, previousMonth, indicator, indicators, tiles, areas,
                new Panels(panels.dispatch(), panels.devices(), panels.disputes(), panels.survey(), rankings, link), generatedAt,
                precomputed);
    }

    public record Area(long id, String name, String level) {}

    public record Indicator(String code, String label, String unit, boolean available, boolean higherIsBetter) {}

    public record Tile(String code, String label, String unit, boolean available, Double value, Double previous, Double delta,
                       boolean higherIsBetter, Double target, Boolean targetMet, String link) {}

    public record AreaValue(long id, String name, Double value, long sampleSize, String link) {}

    /** One value of a panel's table, with its target (if one is set) and the list behind it. */
    public record Cell(String code, Double value, Double target, Boolean targetMet, String link) {}

    /** One area (township or village) of a panel's table; cells follow the panel's columns. */
    public record AreaRow(long id, String name, List<Cell> cells) {}

    /** A table of figures per area: columns are figure indicators, one row per area. */
    public record Table(List<Indicator> columns, List<AreaRow> rows) {}

    /** Monthly values of a few figures for the region, oldest month first. */
    public record Series(List<String> months, List<Indicator> lines, List<List<Cell>> values) {}

    /** A position in an external survey ranking against its target (gap > 0: that many places behind). */
    public record Ranking(String unit, String level, String period, int rank, int target, int gap, Integer previousRank) {}

    public record Panels(Table dispatch, Table devices, Series disputes, Table survey, List<Ranking> rankings,
                         String rankingsLink) {}
}
