package io.zhian.dashboard;

import io.zhian.dashboard.DashboardSnapshot.Area;
import io.zhian.dashboard.DashboardSnapshot.AreaValue;
import io.zhian.dashboard.DashboardSnapshot.Indicator;
import io.zhian.dashboard.DashboardSnapshot.AreaRow;
import io.zhian.dashboard.DashboardSnapshot.Cell;
import io.zhian.dashboard.DashboardSnapshot.Panels;
import io.zhian.dashboard.DashboardSnapshot.Series;
import io.zhian.dashboard.DashboardSnapshot.Table;
import io.zhian.dashboard.DashboardSnapshot.Tile;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureValue;
import io.zhian.dashboard.internal.FigureCatalogue;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * Assembles the wall screen from the modules' {@link FigureProvider}s (through the module's {@link FigureCatalogue}): the tiles, the map and the panels of a
 * region for this month. The values come from the {@link FigureBoard}, which computes them ahead of the requests;
 * what it does not hold is computed here and kept for 30 seconds per region, month and indicator. Each value
 * links to the list of its records ({@link FigureProvider#recordsLink}) and shows its target where one is set
 * ({@link io.zhian.shared.FigureTargets}).
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
    private static final String RESOLVED = "mediation.resolved";
    private static final String DEVICE_KIND_PREFIX = "devices.online-rate.";
    private static final long CACHE_MILLIS = 30_000;
    private static final int SERIES_MONTHS = 12;

    /** The tiles, in screen order, each with the module page to fall back on when the figure names no list. */
    private static final Map<String, String> TILES = orderedMap(
            "alarms.count", "/alarms/statistics",
            "alarms.dispatch-p90-minutes", "/alarms/statistics",
            "alarms.arrival-p90-minutes", "/alarms/statistics",
            "alarms.arrival-compliance-rate", "/alarms/statistics",
            "devices.online-rate", "/devices/status",
            DISPUTES, "/mediation/statistics",
            RESOLVED, "/mediation/statistics",
            "mediation.success-rate", "/mediation/statistics",
            "antifraud.cases", "/antifraud/cases",
            "antifraud.series-linked", "/antifraud/cases",
            "enterprise.problems-solved", "/enterprise",
            "enterprise.deeds", "/enterprise",
            "survey.security-rate", "/survey/indices",
            "survey.coverage", "/survey/indices");
    private static final List<String> DISPATCH = List.of("alarms.dispatch-p90-minutes", "alarms.arrival-p90-minutes",
            "alarms.arrival-compliance-rate");
    private static final List<String> SURVEY = List.of("survey.security-index", "survey.security-rate",
            "survey.satisfaction-rate", "survey.coverage");
    private static final List<String> SERIES = List.of(DISPUTES, RESOLVED);

    private record Key(long regionId, YearMonth month, String indicator, String language) {}

    private record Cached(DashboardSnapshot snapshot, long at, long boardVersion) {}

    private final FigureCatalogue figures;
    private final List<String> deviceKinds = new ArrayList<>();
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    private final Regions regions;
    private final MessageSource messages;
    private final FigureBoard board;
    private final List<SurveyRankingSource> rankings;
    private final Clock clock;
    private final Object liveLock = new Object();

    Dashboard(FigureCatalogue figures, Regions regions, MessageSource messages, FigureBoard board,
              List<SurveyRankingSource> rankings) {
        this.figures = figures;
        figures.definitions().stream().map(FigureProvider.FigureDefinition::code).filter(c -> c.startsWith(DEVICE_KIND_PREFIX))
                .forEach(deviceKinds::add);
        this.regions = regions;
        this.messages = messages;
        this.board = board;
        this.rankings = rankings;
        this.clock = Clock.systemDefaultZone();
        if (board != null) {
            Set<String> area = new LinkedHashSet<>();
            MAP_INDICATORS.forEach(c -> area.add(DISPUTES_PER_10K.equals(c) ? DISPUTES : c));
            area.addAll(DISPATCH);
            area.addAll(SURVEY);
            area.addAll(deviceKinds);
            Set<String> all = new LinkedHashSet<>(TILES.keySet());
            all.addAll(area);
            board.plan(new FigureBoard.Plan(figures, all, area, SERIES, SERIES_MONTHS));
        }
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
        return snapshot(actor, regionId, indicator, locale, false);
    }

    /**
     * The screen of a region. {@code live} computes every figure now from the modules, bypassing the board and
     * the cache (the slow path, one request at a time: kept to check the board's figures and as the benchmark's
     * baseline).
     */
    public DashboardSnapshot snapshot(Actor actor, Long regionId, String indicator, Locale locale, boolean live) {
        Region region = screenRegion(actor, regionId);
        String code = indicator == null || indicator.isBlank() ? DEFAULT_INDICATOR : indicator.strip();
        if (!MAP_INDICATORS.contains(code)) {
            throw new InvalidInputException("indicator", "'" + code + "' is not one of " + String.join(", ", MAP_INDICATORS));
        }
        YearMonth month = YearMonth.now(clock);
        DashboardSnapshot snapshot;
        if (live) {
            // one live computation at a time, however many screens ask: it is the slow path
            synchronized (liveLock) {
                snapshot = compute(region, month, code, locale, true);
            }
        } else {
            snapshot = shared(region, month, code, locale);
        }
        if (!rankings.isEmpty()) {
            // rankings are read per viewer: the survey module decides who may see which unit
            SurveyRankingSource source = rankings.get(0);
            snapshot = snapshot.withRankings(source.positions(actor, region.id()), source.link());
        }
        return snapshot.parent() == null || actor.scope().coversRegion(snapshot.parent().id()) ? snapshot : snapshot.withoutParent();
    }

    private DashboardSnapshot shared(Region region, YearMonth month, String code, Locale locale) {
        // a region's screen is the same for everyone who may see the region (scopes are whole subtrees)
        Key key = new Key(region.id(), month, code, locale.getLanguage());
        long now = System.currentTimeMillis();
        long version = board == null ? -1 : board.version();
        Cached cached = cache.get(key);
        // a screen assembled from the board holds until the board changes; one computed here for 30 seconds
        if (cached != null && (cached.snapshot().precomputed() ? cached.boardVersion() == version
                : now - cached.at() < CACHE_MILLIS)) {
            return cached.snapshot();
        }
        DashboardSnapshot snapshot = compute(region, month, code, locale, false);
        cache.put(key, new Cached(snapshot, now, version));
        cache.entrySet().removeIf(e -> e.getValue().snapshot().precomputed() ? e.getValue().boardVersion() != version
                : now - e.getValue().at() >= CACHE_MILLIS);
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
        return figures.offers(DISPUTES_PER_10K.equals(code) ? DISPUTES : code);
    }

    /** Looks values up on the board, or computes them; {@code fromBoard} turns false when anything was computed. */
    private final class Source {
        final boolean live;
        boolean fromBoard = true;

        Source(boolean live) {
            this.live = live;
        }

        Map<Long, FigureValue> values(String code, YearMonth month, List<Long> ids) {
            if (!figures.offers(code)) {
                return Map.of();
            }
            if (!live && board != null) {
                Optional<Map<Long, FigureValue>> held = board.lookup(code, month, ids);
                if (held.isPresent()) {
                    return held.get();
                }
            }
            fromBoard = false;
            return figures.values(code, month, month, ids);
        }
    }

    private DashboardSnapshot compute(Region region, YearMonth month, String indicatorCode, Locale locale, boolean live) {
        Source source = new Source(live);
        YearMonth previous = month.minusMonths(1);
        List<Region> children = regions.children(DataScope.all(), region.id());
        List<Region> areas = children.isEmpty() ? List.of(region) : children;
        List<Long> areaIds = areas.stream().map(Region::id).toList();
        List<Long> self = List.of(region.id());

        List<Tile> tiles = new ArrayList<>();
        for (Map.Entry<String, String> spec : TILES.entrySet()) {
            String c = spec.getKey();
            boolean available = figures.offers(c);
            Double value = available ? value(c, source.values(c, month, self), region.id()) : null;
            Double before = available ? value(c, source.values(c, previous, self), region.id()) : null;
            Double delta = value != null && before != null ? Math.round((value - before) * 10) / 10.0 : null;
            Double target = target(c, region.id(), month.getYear());
            tiles.add(new Tile(c, label(c, locale), unit(c), available, value, before, delta, higherIsBetter(c), target,
                    met(c, value, target), link(c, region.id(), month).orElse(spec.getValue())));
        }

        boolean mapAvailable = available(indicatorCode);
        String mapSource = DISPUTES_PER_10K.equals(indicatorCode) ? DISPUTES : indicatorCode;
        Map<Long, FigureValue> mapValues = mapAvailable ? source.values(mapSource, month, areaIds) : Map.of();
        List<AreaValue> areaValues = new ArrayList<>();
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
            areaValues.add(new AreaValue(area.id(), area.name(), value, samples, link(mapSource, area.id(), month).orElse(null)));
        }

        Panels panels = new Panels(table(DISPATCH, areas, month, source, locale), table(deviceKinds, areas, month, source, locale),
                series(region, month, source, locale), table(SURVEY, areas, month, source, locale), List.of(), null);

        List<Indicator> indicators = MAP_INDICATORS.stream().map(c -> indicator(c, locale)).toList();
        Region parent = region.parentId() == null ? null : regions.find(region.parentId()).orElse(null);
        return new DashboardSnapshot(area(region), parent == null ? null : area(parent), month.toString(), previous.toString(),
                indicator(indicatorCode, locale), indicators, tiles, areaValues, panels, Instant.now(), source.fromBoard && !live);
    }

    private Table table(List<String> codes, List<Region> areas, YearMonth month, Source source, Locale locale) {
        List<String> offered = codes.stream().filter(figures::offers).toList();
        List<Long> ids = areas.stream().map(Region::id).toList();
        Map<String, Map<Long, FigureValue>> byCode = new LinkedHashMap<>();
        offered.forEach(c -> byCode.put(c, source.values(c, month, ids)));
        List<AreaRow> rows = new ArrayList<>();
        for (Region area : areas) {
            List<Cell> cells = new ArrayList<>();
            for (String c : offered) {
                Double v = value(c, byCode.get(c), area.id());
                Double target = target(c, area.id(), month.getYear());
                cells.add(new Cell(c, v, target, met(c, v, target), link(c, area.id(), month).orElse(null)));
            }
            rows.add(new AreaRow(area.id(), area.name(), cells));
        }
        return new Table(offered.stream().map(c -> indicator(c, locale)).toList(), rows);
    }

    private Series series(Region region, YearMonth month, Source source, Locale locale) {
        List<String> offered = SERIES.stream().filter(figures::offers).toList();
        List<String> months = new ArrayList<>();
        List<List<Cell>> values = new ArrayList<>();
        offered.forEach(c -> values.add(new ArrayList<>()));
        for (int back = SERIES_MONTHS - 1; back >= 0; back--) {
            YearMonth m = month.minusMonths(back);
            months.add(m.toString());
            for (int i = 0; i < offered.size(); i++) {
                String c = offered.get(i);
                Double v = value(c, source.values(c, m, List.of(region.id())), region.id());
                values.get(i).add(new Cell(c, v, null, null, link(c, region.id(), m).orElse(null)));
            }
        }
        return new Series(months, offered.stream().map(c -> indicator(c, locale)).toList(), values);
    }

    private Optional<String> link(String code, long regionId, YearMonth month) {
        return figures.recordsLink(code, regionId, month, month);
    }

    private record TargetKey(String code, long regionId, int year) {}

    /** Targets change only when the assessment scheme does: kept for a minute. */
    private final Map<TargetKey, Optional<Double>> targetCache = new ConcurrentHashMap<>();
    private volatile long targetCacheAt;

    private Double target(String code, long regionId, int year) {
        long now = System.currentTimeMillis();
        if (now - targetCacheAt > 60_000) {
            targetCache.clear();
            targetCacheAt = now;
        }
        return targetCache.computeIfAbsent(new TargetKey(code, regionId, year), k -> figures.target(code, regionId, year))
                .orElse(null);
    }

    private Boolean met(String code, Double value, Double target) {
        if (value == null || target == null) {
            return null;
        }
        return higherIsBetter(code) ? value >= target : value <= target;
    }

    private Double value(String code, Map<Long, FigureValue> values, long regionId) {
        FigureValue v = values.get(regionId);
        if (v != null) {
            return v.value();
        }
        return figures.isCount(code) ? 0.0 : null;
    }

    private Indicator indicator(String code, Locale locale) {
        return new Indicator(code, label(code, locale), DISPUTES_PER_10K.equals(code) ? unitLabel(locale) : unit(code),
                available(code), DISPUTES_PER_10K.equals(code) ? false : higherIsBetter(code));
    }

    private String label(String code, Locale locale) {
        String fallback = figures.definition(code).map(FigureProvider.FigureDefinition::label).orElse(code);
        return messages.getMessage("dashboard.figure." + code, null, fallback, locale);
    }

    private String unitLabel(Locale locale) {
        return messages.getMessage("dashboard.unit.per-10k", null, "件/万人", locale);
    }

    private String unit(String code) {
        return figures.definition(code).map(FigureProvider.FigureDefinition::unit).orElse("");
    }

    private boolean higherIsBetter(String code) {
        return figures.definition(code).map(FigureProvider.FigureDefinition::higherIsBetter).orElse(false);
    }

    private static Area area(Region r) {
        return new Area(r.id(), r.name(), r.level().name());
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
