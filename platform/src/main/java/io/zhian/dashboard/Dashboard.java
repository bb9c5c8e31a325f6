package io.zhian.dashboard;

import io.zhian.dashboard.DashboardSnapshot.Area;
import io.zhian.dashboard.DashboardSnapshot.AreaValue;
import io.zhian.dashboard.DashboardSnapshot.Indicator;
import io.zhian.dashboard.DashboardSnapshot.Tile;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureValue;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * Computes the wall screen's figures from the modules' {@link FigureProvider}s: one call per figure
 * code for all the regions it needs, results kept for 30 seconds per region, month and indicator.
 */
@Service
public class Dashboard {

    /** Roles that may open the wall screen. */
    public static final Role[] ROLES = {Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN, Role.POLICE_DISPATCHER};

    /** The derived indicator: mediation.disputes per 10,000 residents of the region. */
    public static final String DISPUTES_PER_10K = "disputes-per-10k";
    public static final String DEFAULT_INDICATOR = "survey.security-index";
    public static final List<String> MAP_INDICATORS = List.of("survey.security-index", "devices.online-rate", "alarms.count",
            DISPUTES_PER_10K);

    private static final String DISPUTES = "mediation.disputes";
    /** Figures that count records: a region the provider leaves out has none of them, i.e. zero. */
    private static final List<String> COUNTS = List.of("alarms.count", DISPUTES);
    private static final long CACHE_MILLIS = 30_000;

    private record TileSpec(String code, String link) {}

    private static final List<TileSpec> TILES = List.of(
            new TileSpec("alarms.count", "/alarms/statistics"),
            new TileSpec("alarms.arrival-compliance-rate", "/alarms/statistics"),
            new TileSpec("alarms.arrival-p90-minutes", "/alarms/statistics"),
            new TileSpec("devices.online-rate", "/devices/status"),
            new TileSpec(DISPUTES, "/mediation/statistics"),
            new TileSpec("mediation.success-rate", "/mediation/statistics"),
            new TileSpec("survey.security-rate", "/survey/indices"),
            new TileSpec("survey.coverage", "/survey/indices"));

    private record Key(long regionId, YearMonth month, String indicator, String language, String scope) {}

    private record Cached(DashboardSnapshot snapshot, long at) {}

    private final Map<String, FigureProvider> providers = new HashMap<>();
    private final Map<String, FigureProvider.FigureDefinition> definitions = new HashMap<>();
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    private final Regions regions;
    private final MessageSource messages;
    private final Clock clock;

    Dashboard(List<FigureProvider> figureProviders, Regions regions, MessageSource messages) {
        for (FigureProvider provider : figureProviders) {
            for (FigureProvider.FigureDefinition d : provider.figures()) {
                providers.putIfAbsent(d.code(), provider);
                definitions.putIfAbsent(d.code(), d);
            }
        }
        this.regions = regions;
        this.messages = messages;
        this.clock = Clock.systemDefaultZone();
    }

    public static boolean mayView(Actor actor) {
        return actor.hasAny(ROLES);
    }

    /**
     * The region the screen shows: the one asked for (404 outside the actor's scope), else the city for
     * a city-wide scope, else the actor's highest region.
     */
    public Region screenRegion(Actor actor, Long regionId) {
        if (!mayView(actor)) {
            throw new ForbiddenException("the command dashboard is for township officers, city administrators and dispatchers");
        }
        if (regionId != null) {
            return regions.get(actor.scope(), regionId);
        }
        List<Region> roots = regions.scopeRoots(actor.scope());
        if (roots.isEmpty()) {
            throw new NotFoundException("region", "in your scope");
        }
        return roots.get(0);
    }

    public DashboardSnapshot snapshot(Actor actor, Long regionId, String indicator, Locale locale) {
        Region region = screenRegion(actor, regionId);
        String code = indicator == null || indicator.isBlank() ? DEFAULT_INDICATOR : indicator.strip();
        if (!MAP_INDICATORS.contains(code)) {
            throw new InvalidInputException("indicator", "'" + code + "' is not one of " + String.join(", ", MAP_INDICATORS));
        }
        YearMonth month = YearMonth.now(clock);
        // children are listed within the actor's scope, so screens of different scopes never share an entry
        String scopeKey = actor.scope().isAll() ? "*" : java.util.Arrays.toString(actor.scope().regionIds());
        Key key = new Key(region.id(), month, code, locale.getLanguage(), scopeKey);
        long now = System.currentTimeMillis();
        Cached cached = cache.get(key);
        if (cached != null && now - cached.at() < CACHE_MILLIS) {
            return cached.snapshot();
        }
        DashboardSnapshot snapshot = compute(actor.scope(), region, month, code, locale);
        cache.put(key, new Cached(snapshot, now));
        cache.entrySet().removeIf(e -> now - e.getValue().at() >= CACHE_MILLIS);
        return snapshot;
    }

    /**
     * The map of the screen's region as GeoJSON: its children that have a boundary, or the region itself
     * when none has (a village, or a township whose villages are not drawn yet).
     */
    public Map<String, Object> shapes(Actor actor, Long regionId) {
        Region region = screenRegion(actor, regionId);
        List<Map<String, Object>> features = new ArrayList<>();
        for (Map<String, Object> child : regions.childShapes(actor.scope(), region.id())) {
            if (child.get("boundary") != null) {
                features.add(feature(((Number) child.get("id")).longValue(), (String) child.get("name"), (String) child.get("boundary")));
            }
        }
        boolean self = features.isEmpty();
        if (self) {
            regions.boundary(actor.scope(), region.id())
                    .ifPresent(b -> features.add(feature(region.id(), region.name(), b)));
        }
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("type", "FeatureCollection");
        collection.put("self", self);
        collection.put("features", features);
        return collection;
    }

    private static Map<String, Object> feature(long id, String name, String boundary) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("id", id);
        f.put("geometry", GEOJSON.readValue(boundary, Map.class));
        f.put("properties", Map.of("id", id, "name", name));
        return f;
    }

    private static final tools.jackson.databind.json.JsonMapper GEOJSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** Whether some module offers the figure (or, for derived indicators, all figures it needs). */
    public boolean available(String code) {
        return DISPUTES_PER_10K.equals(code) ? providers.containsKey(DISPUTES) : providers.containsKey(code);
    }

    private DashboardSnapshot compute(DataScope scope, Region region, YearMonth month, String indicatorCode, Locale locale) {
        YearMonth previous = month.minusMonths(1);
        List<Region> children = regions.children(scope, region.id());
        List<Region> areas = children.isEmpty() ? List.of(region) : children;
        List<Long> areaIds = areas.stream().map(Region::id).toList();

        // this month: every tile figure for the region, plus the map figure for the areas, in one call per code
        String mapSource = DISPUTES_PER_10K.equals(indicatorCode) ? DISPUTES : indicatorCode;
        Map<String, Map<Long, FigureValue>> current = new HashMap<>();
        List<String> codes = new ArrayList<>(TILES.stream().map(TileSpec::code).toList());
        if (!codes.contains(mapSource)) {
            codes.add(mapSource);
        }
        for (String c : codes) {
            List<Long> ids = new ArrayList<>();
            ids.add(region.id());
            if (c.equals(mapSource)) {
                areaIds.stream().filter(id -> id != region.id()).forEach(ids::add);
            }
            current.put(c, values(c, month, month, ids));
        }
        List<Tile> tiles = new ArrayList<>();
        for (TileSpec spec : TILES) {
            boolean available = providers.containsKey(spec.code());
            Double value = available ? value(spec.code(), current.get(spec.code()), region.id()) : null;
            Double before = available ? value(spec.code(), values(spec.code(), previous, previous, List.of(region.id())), region.id())
                    : null;
            Double delta = value != null && before != null ? Math.round((value - before) * 10) / 10.0 : null;
            tiles.add(new Tile(spec.code(), label(spec.code(), locale), unit(spec.code()), available, value, before, delta,
                    higherIsBetter(spec.code()), spec.link()));
        }

        boolean mapAvailable = available(indicatorCode);
        List<AreaValue> areaValues = new ArrayList<>();
        Map<Long, FigureValue> mapValues = current.get(mapSource);
        for (Region area : areas) {
            Double value = null;
            long samples = 0;
            if (mapAvailable) {
                value = value(mapSource, mapValues, area.id());
                FigureValue raw = mapValues.get(area.id());
                samples = raw == null ? 0 : raw.sampleSize();
                if (DISPUTES_PER_10K.equals(indicatorCode)) {
                    Integer population = area.population();
                    value = value == null || population == null || population <= 0 ? null
                            : Math.round(value * 10_000.0 / population * 100) / 100.0;
                }
            }
            areaValues.add(new AreaValue(area.id(), area.name(), value, samples));
        }

        List<Indicator> indicators = MAP_INDICATORS.stream().map(c -> indicator(c, locale)).toList();
        Region parent = region.parentId() != null && scope.coversRegion(region.parentId())
                ? regions.find(region.parentId()).orElse(null) : null;
        return new DashboardSnapshot(area(region), parent == null ? null : area(parent), month.toString(), previous.toString(),
                indicator(indicatorCode, locale), indicators, tiles, areaValues, Instant.now());
    }

    private Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, List<Long> ids) {
        FigureProvider provider = providers.get(code);
        return provider == null ? Map.of() : new LinkedHashMap<>(provider.values(code, from, to, ids));
    }

    private static Double value(String code, Map<Long, FigureValue> values, long regionId) {
        FigureValue v = values.get(regionId);
        if (v != null) {
            return v.value();
        }
        return COUNTS.contains(code) ? 0.0 : null;
    }

    private Indicator indicator(String code, Locale locale) {
        return new Indicator(code, label(code, locale), DISPUTES_PER_10K.equals(code) ? unitLabel(locale) : unit(code),
                available(code), DISPUTES_PER_10K.equals(code) ? false : higherIsBetter(code));
    }

    private String label(String code, Locale locale) {
        FigureProvider.FigureDefinition d = definitions.get(code);
        return messages.getMessage("dashboard.figure." + code, null, d == null ? code : d.label(), locale);
    }

    private String unitLabel(Locale locale) {
        return messages.getMessage("dashboard.unit.per-10k", null, "件/万人", locale);
    }

    private String unit(String code) {
        FigureProvider.FigureDefinition d = definitions.get(code);
        return d == null ? "" : d.unit();
    }

    private boolean higherIsBetter(String code) {
        FigureProvider.FigureDefinition d = definitions.get(code);
        return d != null && d.higherIsBetter();
    }

    private static Area area(Region r) {
        return new Area(r.id(), r.name(), r.level().name());
    }
}
