package io.zhian.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.zhian.regions.NewRegion;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.internal.RegionRules;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo city has the seed's shape, is deterministic, valid, and its polygons tile the city. */
class DemoCityGeneratorTests {

    private final DemoCity city = DemoCityGenerator.demo(20261129L);

    @Test
    void hasTheSeedsFigures() {
        assertThat(city.count(RegionLevel.CITY)).isEqualTo(1);
        assertThat(city.count(RegionLevel.TOWNSHIP)).isEqualTo(28);
        assertThat(city.count(RegionLevel.VILLAGE)).isEqualTo(626);
        assertThat(city.count(RegionLevel.GRID)).isBetween(626L * 2, 626L * 4);
        assertThat(city.units()).extracting(u -> u.code()).contains("PLC", "PSB", "COURT", "PROC", "JUSTICE", "GC-001", "PM-01");
    }

    @Test
    void isDeterministicFromItsSeed() {
        assertThat(DemoCityGenerator.demo(20261129L)).isEqualTo(city);
        assertThat(DemoCityGenerator.demo(7L).regions()).isNotEqualTo(city.regions());
    }

    @Test
    void everyRegionPassesTheRulesAndCodesAreUnique() {
        Map<String, NewRegion> byCode = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (NewRegion r : city.regions()) {
            assertThat(byCode.put(r.code(), r)).as("duplicate code " + r.code()).isNull();
            NewRegion parent = r.parentCode() == null ? null : byCode.get(r.parentCode());
            assertThat(r.parentCode() == null || parent != null).as("parent listed before " + r.code()).isTrue();
            Region parentView = parent == null ? null : new Region(0, parent.code(), parent.name(), parent.kind().level(),
                    parent.kind(), null, "/", null, null, null, true, 0);
            assertThat(RegionRules.check(r.code(), r.name(), r.kind(), parentView, r.centreLon(), r.centreLat(), r.boundary(),
                    r.population())).as(r.code()).isEmpty();
            if (r.kind().level() != RegionLevel.GRID) {
                assertThat(names.add(r.name())).as("duplicate name " + r.name()).isTrue();
            }
        }
    }

    @Test
    void polygonsTileTheCityWithoutGapsOrOverlaps() {
        Map<String, Double> area = new HashMap<>();
        city.regions().forEach(r -> area.put(r.code(), area(r.boundary())));
        Map<String, Double> childSums = new HashMap<>();
        city.regions().stream().filter(r -> r.parentCode() != null)
                .forEach(r -> childSums.merge(r.parentCode(), area.get(r.code()), Double::sum));
        for (NewRegion r : city.regions()) {
            if (r.kind().level() != RegionLevel.GRID) {
                assertThat(childSums.get(r.code())).as("children of " + r.code()).isCloseTo(area.get(r.code()), within(1e-7));
            }
        }
    }

    @Test
    void aLargeCityCanBeGeneratedForBenchmarks() {
        DemoCity large = DemoCityGenerator.sized(1L, 120, 6000);
        assertThat(large.count(RegionLevel.TOWNSHIP)).isEqualTo(120);
        assertThat(large.count(RegionLevel.VILLAGE)).isEqualTo(6000);
    }

    private static final Pattern POINT = Pattern.compile("\\[(-?[0-9.]+),(-?[0-9.]+)]");

    /** Shoelace area of the outer ring, in square degrees. */
    static double area(String polygon) {
        Matcher m = POINT.matcher(polygon);
        List<double[]> points = new java.util.ArrayList<>();
        while (m.find()) {
            points.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        double sum = 0;
        for (int i = 0; i + 1 < points.size(); i++) {
            sum += points.get(i)[0] * points.get(i + 1)[1] - points.get(i + 1)[0] * points.get(i)[1];
        }
        return Math.abs(sum) / 2;
    }
}
