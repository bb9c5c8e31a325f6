package io.zhian.dashboard.internal;

import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.FigureProvider.FigureDefinition;
import io.zhian.shared.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Generates reports from live figures and archives them. Several reports of one period are computed together, so the
 * provider calls stay bounded however many regions there are: per figure one call for this period with every region
 * (and, for a city, its townships), one for the period before and one for last year; per trend figure one call a
 * month.
 */
@Service
class ReportGenerator {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String SYSTEM = "system";

    /** The trend charts: the first four of these on offer. */
    static final List<String> TREND_FIGURES = List.of("alarms.count", "mediation.disputes", "survey.security-rate",
            "devices.online-rate", "mediation.success-rate", "antifraud.cases");
    private static final int TRENDS = 4;

    private static final Logger log = LoggerFactory.getLogger(ReportGenerator.class);

    private final ReportFigures figures;
    private final Regions regions;
    private final ReportPdf pdf;
    private final ReportWorkbook workbook;
    private final ReportArchive archive;
    private final Clock clock = Clock.system(ZONE);

    ReportGenerator(ReportFigures figures, Regions regions, ReportPdf pdf, ReportWorkbook workbook, ReportArchive archive) {
        this.figures = figures;
        this.regions = regions;
        this.pdf = pdf;
        this.workbook = workbook;
        this.archive = archive;
    }

    YearMonth currentMonth() {
        return YearMonth.now(clock.withZone(ZONE));
    }

    /**
     * A report asked for by a person: the region must be a city or township in the actor's scope (404 otherwise), the
     * kind MONTH or YEAR and the period not in the future; bad input changes nothing.
     */
    ReportArchive.Entry onDemand(Actor actor, Long regionId, String kind, String period) {
        ReportArchive.requireMayUse(actor);
        List<FieldProblem> problems = new ArrayList<>();
        Region region = null;
        if (regionId == null) {
            problems.add(new FieldProblem("regionId", "is required"));
        } else {
            region = regions.get(actor.scope(), regionId);
            if (region.level() != RegionLevel.CITY && region.level() != RegionLevel.TOWNSHIP) {
                problems.add(new FieldProblem("regionId", "reports are made for a city or a township, not a "
                        + region.level().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        ReportPeriod p = ReportPeriod.parse(kind, period, currentMonth(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ReportContent content = compute(List.of(region), p, ReportContent.Trigger.ON_DEMAND, actor.username()).get(0);
        return render(content).orElseThrow();
    }

    /**
     * The month-end job's reports of one period: those regions whose scheduled report of the period is archived
     * already are skipped, so running twice adds nothing. Returns the number of reports archived.
     */
    int scheduled(List<Region> reportRegions, ReportPeriod period) {
        List<Region> missing = reportRegions.stream().filter(r -> !archive.scheduledExists(r.id(), period)).toList();
        if (missing.isEmpty()) {
            return 0;
        }
        int saved = 0;
        for (ReportContent content : compute(missing, period, ReportContent.Trigger.SCHEDULED, SYSTEM)) {
            try {
                if (render(content).isPresent()) {
                    saved++;
                }
            } catch (RuntimeException e) {
                // one bad report must not cost the others; the next run makes it
                log.error("Report {} {} could not be generated", content.regionName(), period.key(), e);
            }
        }
        return saved;
    }

    private Optional<ReportArchive.Entry> render(ReportContent content) {
        return archive.save(content, pdf.render(content), workbook.render(content));
    }

    /** The reports of the regions for the period, computed together. */
    List<ReportContent> compute(List<Region> reportRegions, ReportPeriod period, ReportContent.Trigger trigger, String by) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        YearMonth current = currentMonth();
        int year = period.to().getYear();

        Map<Long, List<Region>> townshipsOf = new HashMap<>();
        Set<Long> reportIds = new LinkedHashSet<>();
        Set<Long> allIds = new LinkedHashSet<>();
        for (Region r : reportRegions) {
            reportIds.add(r.id());
            allIds.add(r.id());
            if (r.level() == RegionLevel.CITY) {
                // the report's region is in the actor's scope, and a scope covers whole subtrees
                List<Region> townships = regions.children(DataScope.all(), r.id()).stream()
                        .filter(c -> c.level() == RegionLevel.TOWNSHIP).toList();
                townshipsOf.put(r.id(), townships);
                townships.forEach(t -> allIds.add(t.id()));
            }
        }
        List<Long> ids = List.copyOf(allIds);
        List<Long> own = List.copyOf(reportIds);

        List<FigureDefinition> scorecard = figures.scorecard();
        Map<String, Map<Long, Double>> now = new HashMap<>();
        Map<String, Map<Long, Double>> before = new HashMap<>();
        Map<String, Map<Long, Double>> lastYear = new HashMap<>();
        ReportPeriod previous = period.previous();
        ReportPeriod yearAgo = period.lastYear();
        for (FigureDefinition d : scorecard) {
            now.put(d.code(), orEmpty(figures.values(d.code(), period.from(), period.to(), ids)));
            before.put(d.code(), orEmpty(figures.values(d.code(), previous.from(), previous.to(), own)));
            // for a year the period before is last year: one call serves both
            lastYear.put(d.code(), period.kind() == ReportPeriod.Kind.YEAR ? before.get(d.code())
                    : orEmpty(figures.values(d.code(), yearAgo.from(), yearAgo.to(), own)));
        }
        List<FigureDefinition> kinds = figures.deviceKinds();
        // the kinds come from one module: one batch call per period serves them all
        List<String> kindCodes = kinds.stream().map(FigureDefinition::code).toList();
        Map<String, Map<Long, Double>> kindsNow = figures.values(kindCodes, period.from(), period.to(), own);
        Map<String, Map<Long, Double>> kindsBefore = figures.values(kindCodes, previous.from(), previous.to(), own);
        for (String code : kindCodes) {
            now.put(code, orEmpty(kindsNow.get(code)));
            before.put(code, orEmpty(kindsBefore.get(code)));
        }

        List<FigureDefinition> trendFigures = TREND_FIGURES.stream().filter(figures::offers).limit(TRENDS)
                .map(figures::definition).toList();
        List<YearMonth> months = period.trendMonths();
        Map<String, Map<YearMonth, Map<Long, Double>>> trend = new LinkedHashMap<>();
        for (FigureDefinition d : trendFigures) {
            Map<YearMonth, Map<Long, Double>> byMonth = new HashMap<>();
            for (YearMonth m : months) {
                if (!m.isAfter(current)) {
                    byMonth.put(m, orEmpty(figures.values(d.code(), m, m, own)));
                }
            }
            trend.put(d.code(), byMonth);
        }

        List<ReportContent> contents = new ArrayList<>();
        for (Region r : reportRegions) {
            List<ReportContent.Figure> card = new ArrayList<>();
            for (FigureDefinition d : scorecard) {
                card.add(figure(d, r.id(), year, now, before, lastYear));
            }
            List<ReportContent.Figure> kindRows = new ArrayList<>();
            for (FigureDefinition d : kinds) {
                kindRows.add(figure(d, r.id(), year, now, before, Map.of()));
            }
            List<ReportContent.Area> areas = new ArrayList<>();
            for (Region t : townshipsOf.getOrDefault(r.id(), List.of())) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (FigureDefinition d : scorecard) {
                    values.put(d.code(), ReportContent.round(now.get(d.code()).get(t.id())));
                }
                areas.add(new ReportContent.Area(t.id(), t.name(), t.code(), values));
            }
            List<ReportContent.Trend> trends = new ArrayList<>();
            for (FigureDefinition d : trendFigures) {
                List<Double> values = new ArrayList<>();
                for (YearMonth m : months) {
                    Map<Long, Double> v = trend.get(d.code()).get(m);
                    values.add(v == null ? null : ReportContent.round(v.get(r.id())));
                }
                trends.add(new ReportContent.Trend(d.code(), figures.label(d), d.unit(), ReportFigures.isCount(d), months, values));
            }
            contents.add(new ReportContent(r.id(), r.name(), r.code(), r.level() == RegionLevel.CITY, period, trigger, by, at,
                    card, kindRows, areas, trends));
        }
        return contents;
    }

    private ReportContent.Figure figure(FigureDefinition d, long regionId, int year, Map<String, Map<Long, Double>> now,
                                        Map<String, Map<Long, Double>> before, Map<String, Map<Long, Double>> lastYear) {
        String code = d.code();
        return new ReportContent.Figure(code, figures.label(d), d.unit() == null ? "" : d.unit(), d.higherIsBetter(),
                ReportFigures.isCount(d), ReportContent.round(now.get(code).get(regionId)),
                ReportContent.round(figures.target(code, regionId, year)),
                ReportContent.round(before.get(code).get(regionId)),
                lastYear.containsKey(code) ? ReportContent.round(lastYear.get(code).get(regionId)) : null);
    }

    private static Map<Long, Double> orEmpty(Map<Long, Double> values) {
        return values == null ? Map.of() : values;
    }
}
