package io.zhian.demo;

import io.zhian.regions.NewOrgUnit;
import io.zhian.regions.NewRegion;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.RegionKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates a fictional city deterministically from a seed. Townships are the cells of a jittered
 * grid over the city's bounding box; villages and grids subdivide each cell through its bilinear map,
 * so every polygon is a quadrilateral and together they tile the city exactly.
 */
public final class DemoCityGenerator {

    /** The seed's figures: 28 township-level units and 626 villages/communities. */
    public static final int TOWNSHIPS = 28;
    public static final int VILLAGES = 626;

    private static final String CITY_CODE_PREFIX = "990101"; // 99: no real province uses it
    private static final double WEST = 111.80;
    private static final double EAST = 112.40;
    private static final double SOUTH = 32.45;
    private static final double NORTH = 32.95;
    private static final char[] FIRST = "青龙白石桥河林花湖新安和泰丰东西南金银云柳桃杏梅竹松枫高长平古双兴".toCharArray();
    private static final char[] SECOND = "山泉水庄集店营岗寨坡湾岭铺园台洼楼岔堡沟塘".toCharArray();

    private final long seed;
    private final int townships;
    private final int villages;

    private DemoCityGenerator(long seed, int townships, int villages) {
        if (townships < 1 || townships > 899 || villages < townships || villages > townships * 399) {
            throw new IllegalArgumentException("need 1..899 townships and 1..399 villages per township");
        }
        this.seed = seed;
        this.townships = townships;
        this.villages = villages;
    }

    /** The demo city of the seed: 28 townships, 626 villages. */
    public static DemoCity demo(long seed) {
        return new DemoCityGenerator(seed, TOWNSHIPS, VILLAGES).generate();
    }

    /** A city of any size, e.g. for benchmarks. */
    public static DemoCity sized(long seed, int townships, int villages) {
        return new DemoCityGenerator(seed, townships, villages).generate();
    }

    private DemoCity generate() {
        Random random = new Random(seed);
        List<NewRegion> regions = new ArrayList<>();
        List<NewOrgUnit> units = new ArrayList<>();
        Set<String> usedNames = new HashSet<>();
        String cityCode = CITY_CODE_PREFIX + "000000";

        int cols = (int) Math.ceil(Math.sqrt(townships * 1.6));
        int rows = (int) Math.ceil((double) townships / cols);
        double[][][] vertex = jitteredGrid(random, cols, rows);
        int[] villageCounts = villageCounts(random);

        List<NewRegion> townshipRows = new ArrayList<>();
        List<NewRegion> lower = new ArrayList<>();
        long cityPopulation = 0;
        int streets = Math.max(1, townships / 7);
        int townshipsProper = Math.max(0, townships / 5);
        for (int t = 0; t < townships; t++) {
            int cx = t % cols;
            int cy = t / cols;
            // the last row may be short: its last cell stretches to the east edge
            int cxEnd = (cy == rows - 1 && t == townships - 1) ? cols : cx + 1;
            double[][] quad = {vertex[cy][cx], vertex[cy][cxEnd], vertex[cy + 1][cxEnd], vertex[cy + 1][cx]};
            RegionKind kind = t < streets ? RegionKind.STREET : t >= townships - townshipsProper ? RegionKind.TOWNSHIP : RegionKind.TOWN;
            int number = kind == RegionKind.STREET ? t + 1 : kind == RegionKind.TOWN ? 100 + t : 200 + t;
            String code = CITY_CODE_PREFIX + String.format(Locale.ROOT, "%03d", number) + "000";
            String name = uniqueName(random, usedNames) + kind.chinese();
            int townshipPopulation = 0;
            int k = villageCounts[t];
            List<double[][]> cells = subdivide(quad, k);
            for (int v = 0; v < k; v++) {
                boolean community = kind == RegionKind.STREET || v < 2;
                RegionKind vKind = community ? RegionKind.COMMUNITY : RegionKind.VILLAGE;
                String vCode = code.substring(0, 9) + String.format(Locale.ROOT, "%03d", community ? v + 1 : 200 + v);
                String vName = uniqueName(random, usedNames) + vKind.chinese();
                int population = community ? 3000 + random.nextInt(9000) : 800 + random.nextInt(4200);
                townshipPopulation += population;
                double[][] cell = cells.get(v);
                lower.add(new NewRegion(vCode, vName, vKind, code, null, null, polygon(cell), population));
                units.add(new NewOrgUnit("VC-" + vCode, vName + (community ? "居委会" : "村委会"), OrgUnitKind.VILLAGE_COMMITTEE, vCode, null));
                int grids = 2 + random.nextInt(3);
                List<double[][]> gridCells = subdivide(cell, grids);
                for (int g = 0; g < grids; g++) {
                    lower.add(new NewRegion(vCode + String.format(Locale.ROOT, "%02d", g + 1), vName + "第" + (g + 1) + "网格",
                            RegionKind.GRID, vCode, null, null, polygon(gridCells.get(g)), null));
                }
            }
            cityPopulation += townshipPopulation;
            townshipRows.add(new NewRegion(code, name, kind, cityCode, null, null, polygon(quad), townshipPopulation));
            String suffix = String.format(Locale.ROOT, "%03d", t + 1);
            units.add(new NewOrgUnit("GC-" + suffix, name + "综治中心", OrgUnitKind.GOVERNANCE_CENTRE, code, "PLC"));
            units.add(new NewOrgUnit("PS-" + suffix, name.substring(0, name.length() - kind.chinese().length()) + "派出所",
                    OrgUnitKind.POLICE_STATION, code, "PSB"));
            units.add(new NewOrgUnit("GOV-" + suffix, name + (kind == RegionKind.STREET ? "办事处" : "人民政府"),
                    OrgUnitKind.TOWNSHIP_GOVERNMENT, code, null));
            units.add(new NewOrgUnit("SFS-" + suffix, name.substring(0, name.length() - kind.chinese().length()) + "司法所",
                    OrgUnitKind.JUSTICE_BUREAU, code, "JUSTICE"));
        }
        double[][] box = {{WEST, SOUTH}, {EAST, SOUTH}, {EAST, NORTH}, {WEST, NORTH}};
        regions.add(new NewRegion(cityCode, "示范市", RegionKind.CITY, null, null, null, polygon(box), (int) cityPopulation));
        regions.addAll(townshipRows);
        // villages before grids, so every parent precedes its children
        lower.stream().filter(r -> r.kind() != RegionKind.GRID).forEach(regions::add);
        lower.stream().filter(r -> r.kind() == RegionKind.GRID).forEach(regions::add);

        List<NewOrgUnit> cityUnits = new ArrayList<>(List.of(
                new NewOrgUnit("PLC", "示范市委政法委", OrgUnitKind.POLITICAL_LEGAL_COMMITTEE, cityCode, null),
                new NewOrgUnit("PSB", "示范市公安局", OrgUnitKind.PUBLIC_SECURITY_BUREAU, cityCode, null),
                new NewOrgUnit("COURT", "示范市人民法院", OrgUnitKind.COURT, cityCode, null),
                new NewOrgUnit("PROC", "示范市人民检察院", OrgUnitKind.PROCURATORATE, cityCode, null),
                new NewOrgUnit("JUSTICE", "示范市司法局", OrgUnitKind.JUSTICE_BUREAU, cityCode, null)));
        int companies = Math.max(3, townships / 2);
        for (int p = 0; p < companies; p++) {
            NewRegion home = townshipRows.get(p % Math.max(1, streets + 2));
            cityUnits.add(new NewOrgUnit(String.format(Locale.ROOT, "PM-%02d", p + 1),
                    uniqueName(random, usedNames) + "物业服务有限公司", OrgUnitKind.PROPERTY_COMPANY, home.code(), null));
        }
        cityUnits.addAll(units);
        return new DemoCity(List.copyOf(regions), List.copyOf(cityUnits));
    }

    /** Village counts per township: around the mean, summing exactly to {@code villages}. */
    private int[] villageCounts(Random random) {
        int[] counts = new int[townships];
        int base = villages / townships;
        for (int t = 0; t < townships; t++) {
            counts[t] = base;
        }
        for (int extra = villages - base * townships, t = 0; extra > 0; extra--, t++) {
            counts[t % townships]++;
        }
        int floor = Math.max(1, base * 2 / 3);
        for (int i = 0; i < townships * 8; i++) {
            int from = random.nextInt(townships);
            int to = random.nextInt(townships);
            if (from != to && counts[from] > floor && counts[to] < 399) {
                counts[from]--;
                counts[to]++;
            }
        }
        return counts;
    }

    private static double[][][] jitteredGrid(Random random, int cols, int rows) {
        double dx = (EAST - WEST) / cols;
        double dy = (NORTH - SOUTH) / rows;
        double[][][] v = new double[rows + 1][cols + 1][];
        for (int y = 0; y <= rows; y++) {
            for (int x = 0; x <= cols; x++) {
                boolean interiorX = x > 0 && x < cols;
                boolean interiorY = y > 0 && y < rows;
                double jx = interiorX ? (random.nextDouble() - 0.5) * dx * 0.4 : 0;
                double jy = interiorY ? (random.nextDouble() - 0.5) * dy * 0.4 : 0;
                v[y][x] = new double[] {round(WEST + x * dx + jx), round(SOUTH + y * dy + jy)};
            }
        }
        return v;
    }

    /**
     * Splits a quadrilateral (SW, SE, NE, NW) into {@code k} quadrilaterals: rows of the bilinear
     * parameter square, each row cut into columns. Edges are iso-parameter lines, which a bilinear map
     * keeps straight, so the pieces tile the quad.
     */
    static List<double[][]> subdivide(double[][] quad, int k) {
        int rows = Math.max(1, (int) Math.round(Math.sqrt(k)));
        int base = k / rows;
        int extra = k % rows;
        List<double[][]> cells = new ArrayList<>(k);
        for (int r = 0; r < rows; r++) {
            int cols = base + (r < extra ? 1 : 0);
            double v0 = (double) r / rows;
            double v1 = (double) (r + 1) / rows;
            for (int c = 0; c < cols; c++) {
                double u0 = (double) c / cols;
                double u1 = (double) (c + 1) / cols;
                cells.add(new double[][] {at(quad, u0, v0), at(quad, u1, v0), at(quad, u1, v1), at(quad, u0, v1)});
            }
        }
        return cells;
    }

    private static double[] at(double[][] q, double u, double v) {
        double x = (1 - u) * (1 - v) * q[0][0] + u * (1 - v) * q[1][0] + u * v * q[2][0] + (1 - u) * v * q[3][0];
        double y = (1 - u) * (1 - v) * q[0][1] + u * (1 - v) * q[1][1] + u * v * q[2][1] + (1 - u) * v * q[3][1];
        return new double[] {round(x), round(y)};
    }

    private static String polygon(double[][] quad) {
        StringBuilder sb = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        for (int i = 0; i <= quad.length; i++) {
            double[] p = quad[i % quad.length];
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[').append(p[0]).append(',').append(p[1]).append(']');
        }
        return sb.append("]]}").toString();
    }

    private static double round(double d) {
        return Math.round(d * 1_000_000d) / 1_000_000d;
    }

    private static String uniqueName(Random random, Set<String> used) {
        for (int attempt = 0; attempt < 200; attempt++) {
            String name = "" + FIRST[random.nextInt(FIRST.length)] + SECOND[random.nextInt(SECOND.length)];
            if (used.add(name)) {
                return name;
            }
        }
        // the two-character space is exhausted in very large cities: add a third character
        for (int attempt = 0; ; attempt++) {
            String name = "" + FIRST[random.nextInt(FIRST.length)] + FIRST[random.nextInt(FIRST.length)]
                    + SECOND[random.nextInt(SECOND.length)];
            if (used.add(name) || attempt > 10_000) {
                return name + (attempt > 10_000 ? used.size() : "");
            }
        }
    }
}
