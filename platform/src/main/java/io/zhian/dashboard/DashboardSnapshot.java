package io.zhian.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * What the wall screen shows for one region and month: the KPI tiles for the region itself and the
 * chosen indicator for each of its children (or the region itself when it has no children to draw).
 * A null value with {@code available = false} means no module offers the figure; a null value with
 * {@code available = true} means the figure exists but there are no records behind it.
 */
public record DashboardSnapshot(Area region, Area parent, String month, String previousMonth, Indicator indicator,
                                List<Indicator> indicators, List<Tile> tiles, List<AreaValue> areas, Instant generatedAt) {

    public record Area(long id, String name, String level) {}

    public record Indicator(String code, String label, String unit, boolean available, boolean higherIsBetter) {}

    public record Tile(String code, String label, String unit, boolean available, Double value, Double previous, Double delta,
                       boolean higherIsBetter, String link) {}

    public record AreaValue(long id, String name, Double value, long sampleSize) {}
}
