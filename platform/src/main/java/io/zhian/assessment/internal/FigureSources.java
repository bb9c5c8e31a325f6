package io.zhian.assessment.internal;

import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureDefinition;
import io.zhian.shared.FigureProvider.FigureValue;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where an indicator's value comes from: the provider that offers its figure code, or, for manual
 * indicators and for figures no provider offers (yet), the figures entered by hand. Works with no
 * provider at all; a provider that fails leaves its values missing rather than failing the page.
 */
@Component
class FigureSources {

    private static final Logger log = LoggerFactory.getLogger(FigureSources.class);

    /** A figure on offer and the module offering it. */
    public record Offered(String code, String label, String unit, boolean higherIsBetter, String module) {}

    private final List<FigureProvider> providers;
    private final AssessmentFigures own;
    private final AssessmentStore store;

    FigureSources(List<FigureProvider> providers, AssessmentFigures own, AssessmentStore store) {
        this.providers = providers;
        this.own = own;
        this.store = store;
    }

    List<Offered> offered() {
        Map<String, Offered> all = new LinkedHashMap<>();
        for (FigureProvider p : providers) {
            for (FigureDefinition d : safeFigures(p)) {
                all.putIfAbsent(d.code(), new Offered(d.code(), d.label(), d.unit(), d.higherIsBetter(), module(p)));
            }
        }
        return all.values().stream().sorted(java.util.Comparator.comparing(Offered::code)).toList();
    }

    Optional<FigureProvider> providerOf(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return providers.stream().filter(p -> safeFigures(p).stream().anyMatch(d -> d.code().equals(code))).findFirst();
    }

    /** Whether the indicator's values are entered by hand (manual source, or a figure nobody offers). */
    boolean entersByHand(Indicator ind) {
        return ind.source() == Indicator.Source.MANUAL || providerOf(ind.figureCode()).isEmpty();
    }

    /** The values of one indicator for the period, per subject id. */
    Map<Long, Scoring.Value> values(Indicator ind, Period period, List<Scoring.Subject> subjects) {
        if (subjects.isEmpty()) {
            return Map.of();
        }
        if (ind.source() == Indicator.Source.FIGURE) {
            Optional<FigureProvider> provider = providerOf(ind.figureCode());
            if (provider.isPresent()) {
                return fromProvider(ind, period, subjects, provider.get());
            }
        }
        return manual(ind, period, subjects);
    }

    private Map<Long, Scoring.Value> fromProvider(Indicator ind, Period period, List<Scoring.Subject> subjects, FigureProvider provider) {
        String origin = "figure:" + module(provider);
        Map<Long, FigureValue> raw;
        Map<Long, Scoring.Value> out = new HashMap<>();
        try {
            if (ind.subject() == Indicator.Subject.UNIT && provider == own) {
                Map<Long, FigureValue> perUnit = own.unitValues(ind.figureCode(), period.from(), period.to(),
                        subjects.stream().map(Scoring.Subject::id).toList());
                if (perUnit != null) {
                    perUnit.forEach((id, v) -> out.put(id, new Scoring.Value(perMonth(ind, v.value(), period.months()), v.sampleSize(), origin)));
                    return out;
                }
            }
            // townships: the township's subtree; units: the unit's home region
            raw = provider.values(ind.figureCode(), period.from(), period.to(),
                    subjects.stream().map(Scoring.Subject::regionId).distinct().toList());
        } catch (RuntimeException e) {
            log.warn("Figure {} from {} failed: {}", ind.figureCode(), module(provider), e.toString());
            return Map.of();
        }
        for (Scoring.Subject s : subjects) {
            FigureValue v = raw.get(s.regionId());
            if (v != null) {
                out.put(s.id(), new Scoring.Value(perMonth(ind, v.value(), period.months()), v.sampleSize(), origin));
            }
        }
        return out;
    }

    private Map<Long, Scoring.Value> manual(Indicator ind, Period period, List<Scoring.Subject> subjects) {
        Map<Long, List<AssessmentStore.FigureRow>> bySubject = new HashMap<>();
        for (AssessmentStore.FigureRow f : store.figuresFor(ind.id(), period.firstDay(), period.to().atDay(1))) {
            Long key = ind.subject() == Indicator.Subject.UNIT ? f.unitId() : (f.unitId() == null ? f.regionId() : null);
            if (key != null) {
                bySubject.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            }
        }
        Map<Long, Scoring.Value> out = new HashMap<>();
        for (Scoring.Subject s : subjects) {
            List<AssessmentStore.FigureRow> rows = bySubject.get(s.id());
            if (rows != null && !rows.isEmpty()) {
                out.put(s.id(), aggregate(ind, rows));
            }
        }
        return out;
    }

    /**
     * Monthly figures into one value: a count becomes the mean per month entered; a rate the mean
     * weighted by sample size when every month has one, else the plain mean. The sample size reported
     * is the sum of the months' sample sizes (0, shown as none, when no month gave one).
     */
    static Scoring.Value aggregate(Indicator ind, List<AssessmentStore.FigureRow> rows) {
        double sum = 0;
        long samples = 0;
        boolean allSampled = true;
        double weighted = 0;
        for (AssessmentStore.FigureRow r : rows) {
            sum += r.value();
            if (r.sampleSize() == null || r.sampleSize() <= 0) {
                allSampled = false;
            } else {
                samples += r.sampleSize();
                weighted += r.value() * r.sampleSize();
            }
        }
        double value = ind.aggregation() == Indicator.Aggregation.MEAN && allSampled && samples > 0 ? weighted / samples
                : sum / rows.size();
        return new Scoring.Value(value, samples, "manual");
    }

    /** Provider totals of counts are scored per month, like manual counts. */
    private static double perMonth(Indicator ind, double value, int months) {
        return ind.aggregation() == Indicator.Aggregation.SUM ? value / months : value;
    }

    private static List<FigureDefinition> safeFigures(FigureProvider p) {
        try {
            return p.figures();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    static String module(FigureProvider p) {
        String name = org.springframework.aop.support.AopUtils.getTargetClass(p).getName();
        return name.startsWith("io.zhian.") ? name.substring("io.zhian.".length()).split("\\.")[0] : name;
    }

    static LocalDate monthStart(YearMonth ym) {
        return ym.atDay(1);
    }
}
