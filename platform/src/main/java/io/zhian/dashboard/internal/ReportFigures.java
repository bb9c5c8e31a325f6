package io.zhian.dashboard.internal;

import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureDefinition;
import io.zhian.shared.FigureProvider.FigureValue;
import io.zhian.shared.FigureTargets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The figures a report shows: whatever the modules' {@link FigureProvider}s offer, in a fixed preferred order first
 * and the rest by code, so a figure a module adds later appears without a change here. The per-kind device online
 * rates go to a sheet of their own. A provider that fails leaves its figure missing rather than failing the report.
 */
@Component
class ReportFigures {

    private static final Logger log = LoggerFactory.getLogger(ReportFigures.class);

    /** The order of the scorecard: the figures a 平安建设 report leads with. */
    static final List<String> PREFERRED = List.of(
            "alarms.count", "alarms.arrival-compliance-rate", "alarms.arrival-p90-minutes", "alarms.dispatch-p90-minutes",
            "antifraud.cases", "antifraud.series-linked",
            "mediation.disputes", "mediation.resolved", "mediation.success-rate", "mediation.on-the-spot-rate",
            "mediation.performance-rate", "mediation.escalations-prevented",
            "survey.security-rate", "survey.satisfaction-rate", "survey.security-index", "survey.coverage",
            "devices.online-rate", "enterprise.problems-solved", "enterprise.deeds");

    /** Per-kind online rates ({@code devices.online-rate.camera} …): a sheet of their own, not the scorecard. */
    static final String DEVICE_KIND_PREFIX = "devices.online-rate.";

    /** Units of figures that count records: a region the provider leaves out has none, i.e. zero. */
    private static final Set<String> COUNT_UNITS = Set.of("件", "起", "个", "次", "人", "户", "家", "条", "项");

    private final Map<String, FigureProvider> providers = new LinkedHashMap<>();
    private final Map<String, FigureDefinition> definitions = new LinkedHashMap<>();
    private final List<FigureTargets> targets;
    private final MessageSource messages;

    ReportFigures(List<FigureProvider> figureProviders, List<FigureTargets> targets, MessageSource messages) {
        for (FigureProvider provider : figureProviders) {
            List<FigureDefinition> offered;
            try {
                offered = provider.figures();
            } catch (RuntimeException e) {
                log.warn("Figures of {} are not available: {}", provider.getClass().getSimpleName(), e.toString());
                continue;
            }
            for (FigureDefinition d : offered) {
                providers.putIfAbsent(d.code(), provider);
                definitions.putIfAbsent(d.code(), d);
            }
        }
        this.targets = targets;
        this.messages = messages;
    }

    /** The scorecard's figures in report order. */
    List<FigureDefinition> scorecard() {
        List<FigureDefinition> list = new ArrayList<>();
        for (String code : PREFERRED) {
            FigureDefinition d = definitions.get(code);
            if (d != null) {
                list.add(d);
            }
        }
        definitions.values().stream()
                .filter(d -> !PREFERRED.contains(d.code()) && !d.code().startsWith(DEVICE_KIND_PREFIX))
                .sorted(Comparator.comparing(FigureDefinition::code))
                .forEach(list::add);
        return list;
    }

    /** The per-kind device online rates, by code. */
    List<FigureDefinition> deviceKinds() {
        return definitions.values().stream().filter(d -> d.code().startsWith(DEVICE_KIND_PREFIX))
                .sorted(Comparator.comparing(FigureDefinition::code)).toList();
    }

    boolean offers(String code) {
        return definitions.containsKey(code);
    }

    FigureDefinition definition(String code) {
        return definitions.get(code);
    }

    /**
     * One provider call: the figure for every region (each over its subtree) in the months, or null when the provider
     * failed. A count's missing region is zero.
     */
    Map<Long, Double> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        FigureProvider provider = providers.get(code);
        if (provider == null || regionIds.isEmpty()) {
            return null;
        }
        Map<Long, FigureValue> raw;
        try {
            raw = provider.values(code, from, to, regionIds);
        } catch (RuntimeException e) {
            log.warn("Figure {} for {}..{} failed: {}", code, from, to, e.toString());
            return null;
        }
        boolean count = isCount(definitions.get(code));
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Long id : regionIds) {
            FigureValue v = raw.get(id);
            if (v != null && Double.isFinite(v.value())) {
                out.put(id, v.value());
            } else if (count) {
                out.put(id, 0.0);
            }
        }
        return out;
    }

    /** The target set for the figure (the assessment scheme's), if any. */
    Double target(String code, long regionId, int year) {
        for (FigureTargets t : targets) {
            try {
                OptionalDouble target = t.target(code, regionId, year);
                if (target.isPresent()) {
                    return target.getAsDouble();
                }
            } catch (RuntimeException e) {
                log.warn("Target of {} is not available: {}", code, e.toString());
            }
        }
        return null;
    }

    /** The figure's Chinese name: the reports bundle's, else the provider's label without an English gloss. */
    String label(FigureDefinition d) {
        String label = d.label() == null ? d.code() : d.label();
        int gloss = label.indexOf(" / ");
        if (gloss > 0) {
            label = label.substring(0, gloss);
        }
        return messages.getMessage("reports.figure." + d.code(), null, label.strip(), Locale.SIMPLIFIED_CHINESE);
    }

    static boolean isCount(FigureDefinition d) {
        return d != null && d.unit() != null && COUNT_UNITS.contains(d.unit().strip());
    }
}
