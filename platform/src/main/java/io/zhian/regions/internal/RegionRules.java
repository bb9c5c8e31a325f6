package io.zhian.regions.internal;

import io.zhian.regions.Region;
import io.zhian.regions.RegionKind;
import io.zhian.regions.RegionLevel;
import io.zhian.shared.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What makes a region valid: a name, a kind that fits under the parent's level, a code that nests in
 * the parent's code (12-digit statistical codes down to villages; grids extend their village's code),
 * and a boundary that is a GeoJSON polygon with closed rings of sane coordinates.
 */
public final class RegionRules {

    private static final Pattern TWELVE_DIGITS = Pattern.compile("\\d{12}");
    private static final Pattern GRID_CODE = Pattern.compile("\\d{13,16}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegionRules() {}

    public static List<FieldProblem> check(String code, String name, RegionKind kind, Region parent,
                                           Double lon, Double lat, String boundary, Integer population) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.strip().length() > 100) {
            problems.add(new FieldProblem("name", "must be at most 100 characters"));
        }
        if (kind == null) {
            problems.add(new FieldProblem("kind", "is required (one of CITY, STREET, TOWN, TOWNSHIP, COMMUNITY, VILLAGE, GRID)"));
        }
        if (code == null || code.isBlank()) {
            problems.add(new FieldProblem("code", "is required"));
        }
        if (kind != null && code != null && !code.isBlank()) {
            checkCode(code.strip(), kind.level(), parent, problems);
        }
        if (kind != null) {
            RegionLevel expectedParent = kind.level().parent();
            if (expectedParent == null && parent != null) {
                problems.add(new FieldProblem("parentCode", "a city has no parent"));
            } else if (expectedParent != null && parent == null) {
                problems.add(new FieldProblem("parentCode", "is required for a " + kind.level() + " and must name an existing region"));
            } else if (parent != null && parent.level() != expectedParent) {
                problems.add(new FieldProblem("parentCode", "a " + kind.level() + " must sit under a " + expectedParent
                        + ", not a " + parent.level()));
            }
        }
        if ((lon == null) != (lat == null)) {
            problems.add(new FieldProblem(lon == null ? "centreLon" : "centreLat", "give both centre coordinates or neither"));
        }
        if (lon != null && (lon < -180 || lon > 180 || lon.isNaN())) {
            problems.add(new FieldProblem("centreLon", "must be between -180 and 180"));
        }
        if (lat != null && (lat < -90 || lat > 90 || lat.isNaN())) {
            problems.add(new FieldProblem("centreLat", "must be between -90 and 90"));
        }
        if (population != null && population < 0) {
            problems.add(new FieldProblem("population", "must not be negative"));
        }
        if (boundary != null && !boundary.isBlank()) {
            String reason = boundaryProblem(boundary);
            if (reason != null) {
                problems.add(new FieldProblem("boundary", reason));
            }
        }
        return problems;
    }

    private static void checkCode(String code, RegionLevel level, Region parent, List<FieldProblem> problems) {
        switch (level) {
            case CITY -> {
                if (!TWELVE_DIGITS.matcher(code).matches() || !code.endsWith("000000") || code.startsWith("0000")) {
                    problems.add(new FieldProblem("code", "a city code is 12 digits ending in 000000"));
                }
            }
            case TOWNSHIP -> {
                if (!TWELVE_DIGITS.matcher(code).matches() || !code.endsWith("000") || code.substring(6, 9).equals("000")) {
                    problems.add(new FieldProblem("code", "a township code is 12 digits: the city's first 6, three of its own (not 000), then 000"));
                } else if (parent != null && !code.startsWith(parent.code().substring(0, 6))) {
                    problems.add(new FieldProblem("code", "must start with the city's code " + parent.code().substring(0, 6)));
                }
            }
            case VILLAGE -> {
                if (!TWELVE_DIGITS.matcher(code).matches() || code.endsWith("000")) {
                    problems.add(new FieldProblem("code", "a village/community code is 12 digits: the township's first 9, then three of its own (not 000)"));
                } else if (parent != null && !code.startsWith(parent.code().substring(0, 9))) {
                    problems.add(new FieldProblem("code", "must start with the township's code " + parent.code().substring(0, 9)));
                }
            }
            case GRID -> {
                if (!GRID_CODE.matcher(code).matches()) {
                    problems.add(new FieldProblem("code", "a grid code is the village's 12-digit code followed by 1 to 4 digits"));
                } else if (parent != null && !code.startsWith(parent.code())) {
                    problems.add(new FieldProblem("code", "must start with the village's code " + parent.code()));
                }
            }
        }
    }

    /** Null when the text is a usable GeoJSON Polygon/MultiPolygon geometry, else why not. */
    public static String boundaryProblem(String geojson) {
        JsonNode node;
        try {
            node = JSON.readTree(geojson);
        } catch (RuntimeException e) {
            return "is not valid JSON";
        }
        if (node == null || !node.isObject()) {
            return "must be a GeoJSON geometry object";
        }
        String type = node.path("type").asString("");
        JsonNode coords = node.path("coordinates");
        if (!coords.isArray() || coords.isEmpty()) {
            return "needs a non-empty coordinates array";
        }
        if (type.equals("Polygon")) {
            return polygonProblem(coords);
        }
        if (type.equals("MultiPolygon")) {
            for (JsonNode polygon : coords) {
                String p = polygonProblem(polygon);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        return "must be a GeoJSON Polygon or MultiPolygon, not '" + type + "'";
    }

    private static String polygonProblem(JsonNode rings) {
        if (!rings.isArray() || rings.isEmpty()) {
            return "a polygon needs at least one ring";
        }
        for (JsonNode ring : rings) {
            if (!ring.isArray() || ring.size() < 4) {
                return "each ring needs at least 4 positions";
            }
            for (JsonNode pos : ring) {
                if (!pos.isArray() || pos.size() < 2 || !pos.get(0).isNumber() || !pos.get(1).isNumber()) {
                    return "each position must be [longitude, latitude]";
                }
                double lon = pos.get(0).asDouble();
                double lat = pos.get(1).asDouble();
                if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
                    return "coordinates out of range: [" + lon + ", " + lat + "]";
                }
            }
            JsonNode first = ring.get(0);
            JsonNode last = ring.get(ring.size() - 1);
            if (first.get(0).asDouble() != last.get(0).asDouble() || first.get(1).asDouble() != last.get(1).asDouble()) {
                return "each ring must be closed (first position equals last)";
            }
        }
        return null;
    }

    /** The mean of the outer ring's vertices: good enough to place a label or a marker. */
    public static double[] centreOf(String geojson) {
        JsonNode node = JSON.readTree(geojson);
        JsonNode ring = node.path("type").asString("").equals("MultiPolygon")
                ? node.path("coordinates").get(0).get(0) : node.path("coordinates").get(0);
        double lon = 0;
        double lat = 0;
        int n = ring.size() - 1;
        for (int i = 0; i < n; i++) {
            lon += ring.get(i).get(0).asDouble();
            lat += ring.get(i).get(1).asDouble();
        }
        return new double[] {Math.round(lon / n * 1e6) / 1e6, Math.round(lat / n * 1e6) / 1e6};
    }
}
