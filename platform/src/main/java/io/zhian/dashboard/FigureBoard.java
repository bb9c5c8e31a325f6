package io.zhian.dashboard;

import io.zhian.alarms.AlarmRequested;
import io.zhian.alarms.AlarmStatusChanged;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.dashboard.internal.FigureCatalogue;
import io.zhian.shared.FigureProvider.FigureValue;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The screen's figures, computed ahead of the requests: every figure for the city and each township, the area
 * figures (map indicators, dispatch timings, device online rates, survey) for every village as well, for this
 * month and the last, and the 12-month series, each with one provider call for all regions at once. A request
 * then only looks values up. Refreshed on its own thread every {@code zhian.dashboard.refresh-interval}
 * (60 s), the alarm figures within a second of a new alarm or stage change; open screens are told after each
 * refresh. Whatever the board does not hold (a month further back, a region it did not ask for) is computed
 * live by the caller.
 */
@Component
class FigureBoard {

    private static final Logger log = LoggerFactory.getLogger(FigureBoard.class);

    /** What a refresh asks the providers for. */
    record Plan(FigureCatalogue figures, Collection<String> allCodes, Collection<String> areaCodes, Collection<String> seriesCodes,
                int seriesMonths) {}

    private record Key(String code, YearMonth month) {}

    private record Table(Set<Long> asked, Map<Long, FigureValue> values, long at) {}

    private static final long CLOSED_MONTH_MILLIS = 600_000;

    private final Map<Key, Table> tables = new ConcurrentHashMap<>();
    private final Regions regions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration interval;
    private final AtomicBoolean alarmsDirty = new AtomicBoolean();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-figures");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    });
    private final Timer fullTimer;
    private final Timer alarmTimer;
    private volatile Plan plan;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private volatile Map<String, Long> lastTimings = Map.of();
    private volatile long lastFullMillis = -1;
    private volatile long version;

    FigureBoard(Regions regions, ApplicationEventPublisher events,
                @Value("${zhian.dashboard.refresh-interval:PT60S}") Duration interval, MeterRegistry meters) {
        this.fullTimer = Timer.builder("zhian.dashboard.figures.refresh").tag("figures", "all")
                .description("time to recompute the wall screen's figures").register(meters);
        this.alarmTimer = Timer.builder("zhian.dashboard.figures.refresh").tag("figures", "alarms")
                .description("time to recompute the wall screen's figures").register(meters);
        this.regions = regions;
        this.events = events;
        this.clock = Clock.systemDefaultZone();
        this.interval = interval;
    }

    void plan(Plan plan) {
        this.plan = plan;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        worker.scheduleWithFixedDelay(this::refreshAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AlarmRequested e) {
        alarmsChanged();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AlarmStatusChanged e) {
        alarmsChanged();
    }

    /** Coalesces a burst of alarm events into one refresh of the alarm figures a second later. */
    private void alarmsChanged() {
        if (lastFullMillis >= 0 && alarmsDirty.compareAndSet(false, true)) {
            worker.schedule(() -> {
                alarmsDirty.set(false);
                long millis = refresh(c -> c.startsWith("alarms."));
                if (millis >= 0) {
                    alarmTimer.record(Duration.ofMillis(millis));
                }
            }, 1, TimeUnit.SECONDS);
        }
    }

    /** Values of the board for exactly these regions, or empty when the board did not ask for all of them. */
    Optional<Map<Long, FigureValue>> lookup(String code, YearMonth month, Collection<Long> regionIds) {
        Table t = tables.get(new Key(code, month));
        if (t == null || !t.asked().containsAll(regionIds)) {
            return Optional.empty();
        }
        Map<Long, FigureValue> out = new LinkedHashMap<>();
        for (Long id : regionIds) {
            FigureValue v = t.values().get(id);
            if (v != null) {
                out.put(id, v);
            }
        }
        return Optional.of(out);
    }

    /** Forgets every figure (the next refresh recomputes closed months too). */
    synchronized void clear() {
        tables.clear();
        version++;
    }

    /** Milliseconds the last full refresh took, -1 before the first. */
    long lastFullMillis() {
        return lastFullMillis;
    }

    /** Milliseconds spent per figure code in the last refresh (all months and regions together). */
    Map<String, Long> lastTimings() {
        return lastTimings;
    }

    /** Changes with every refresh: a screen assembled from the board holds until then. */
    long version() {
        return version;
    }

    /** Recomputes every figure of the plan; safe to call from any thread (tests call it). */
    void refreshAll() {
        long millis = refresh(c -> true);
        if (millis >= 0) {
            if (lastFullMillis < 0) {
                log.info("Dashboard figures: first full refresh in {} ms ({} per figure group)", millis, lastTimings);
            } else if (millis > interval.toMillis() / 2) {
                log.warn("Dashboard figures: a full refresh took {} ms, more than half the refresh interval ({})", millis, interval);
            }
            lastFullMillis = millis;
            fullTimer.record(Duration.ofMillis(millis));
        }
    }

    /** Recomputes the figures whose code passes {@code which}; returns the milliseconds taken, -1 when it failed. */
    synchronized long refresh(Predicate<String> which) {
        Plan p = plan;
        if (p == null) {
            return -1;
        }
        long started = System.nanoTime();
        try {
            List<Long> upper = new ArrayList<>();
            regions.byLevel(RegionLevel.CITY).forEach(r -> upper.add(r.id()));
            regions.byLevel(RegionLevel.TOWNSHIP).forEach(r -> upper.add(r.id()));
            List<Long> all = new ArrayList<>(upper);
            regions.byLevel(RegionLevel.VILLAGE).stream().map(Region::id).forEach(all::add);
            YearMonth month = YearMonth.now(clock);
            Set<String> area = new HashSet<>(p.areaCodes());
            List<String> wanted = p.allCodes().stream().filter(which).toList();
            List<String> areaWide = wanted.stream().filter(area::contains).toList();
            List<String> upperOnly = wanted.stream().filter(c -> !area.contains(c)).toList();
            // this month every round; closed months (the last one, the series) every ten minutes
            computeAll(p.figures(), areaWide, month, all, false);
            computeAll(p.figures(), upperOnly, month, upper, false);
            computeAll(p.figures(), areaWide, month.minusMonths(1), all, true);
            computeAll(p.figures(), upperOnly, month.minusMonths(1), upper, true);
            List<String> series = p.seriesCodes().stream().filter(which).toList();
            for (int back = 2; back < p.seriesMonths(); back++) {
                computeAll(p.figures(), series, month.minusMonths(back), upper, true);
            }
            tables.keySet().removeIf(k -> k.month().isBefore(month.minusMonths(p.seriesMonths())));
            version++;
            long millis = (System.nanoTime() - started) / 1_000_000;
            lastTimings = Map.copyOf(timings);
            timings.clear();
            log.debug("dashboard figures refreshed in {} ms", millis);
            events.publishEvent(new FiguresRefreshed(System.currentTimeMillis()));
            return millis;
        } catch (RuntimeException e) {
            // the next round tries again; screens keep the figures they have
            log.warn("dashboard figures could not be refreshed: {}", e.toString());
            return -1;
        }
    }

    /** One call per module for all its codes; a closed month is only recomputed when ten minutes old. */
    private void computeAll(FigureCatalogue figures, List<String> codes, YearMonth month, List<Long> ids, boolean closed) {
        List<String> due = codes.stream().filter(code -> {
            Table t = tables.get(new Key(code, month));
            return !(closed && t != null && t.asked().containsAll(ids) && System.currentTimeMillis() - t.at() < CLOSED_MONTH_MILLIS);
        }).toList();
        for (List<String> group : figures.byModule(due)) {
            long started = System.nanoTime();
            Map<String, Map<Long, FigureValue>> values = figures.values(group, month, month, ids);
            long millis = (System.nanoTime() - started) / 1_000_000;
            timings.merge(String.join("+", group), millis, Long::sum);
            long now = System.currentTimeMillis();
            Set<Long> asked = Set.copyOf(ids);
            for (String code : group) {
                tables.put(new Key(code, month), new Table(asked, Map.copyOf(values.getOrDefault(code, Map.of())), now));
            }
        }
    }
}
