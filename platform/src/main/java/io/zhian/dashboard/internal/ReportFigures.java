package io.zhian.dashboard.internal;

import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureDefinition;
import io.zhian.shared.FigureProvider.FigureValue;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private final FigureCatalogue catalogue;
    private final MessageSource messages;

    ReportFigures(FigureCatalogue catalogue, MessageSource messages) {
        this.catalogue = catalogue;
        this.messages = messages;
    }

    /** The scorecard's figures in report order. */
    List<FigureDefinition> scorecard() {
        List<FigureDefinition> list = new ArrayList<>();
        for (String code : PREFERRED) {
            catalogue.definition(code).ifPresent(list::add);
        }
        catalogue.definitions().stream()
                .filter(d -> !PREFERRED.contains(d.code()) && !d.code().startsWith(DEVICE_KIND_PREFIX))
                .sorted(Comparator.comparing(FigureDefinition::code))
                .forEach(list::add);
        return list;
    }

    /** The per-kind device online rates, by code. */
    List<FigureDefinition> deviceKinds() {
        return catalogue.definitions().stream().filter(d -> d.code().startsWith(DEVICE_KIND_PREFIX))
                .sorted(Comparator.comparing(FigureDefinition::code)).toList();
    }

    boolean offers(String code) {
        return catalogue.offers(code);
    }

    FigureDefinition definition(String code) {
        return catalogue.definition(code).orElse(null);
    }

    /**
     * One provider call: the figure for every region (each over its subtree) in the months, or null when the provider
     * failed. A count's missing region is zero.
     */
    Map<Long, Double> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        if (!catalogue.offers(code) || regionIds.isEmpty()) {
            return null;
        }
        Map<Long, FigureValue> raw;
        try {
            raw = catalogue.values(code, from, to, regionIds);
        } catch (RuntimeException e) {
            log.warn("Figure {} for {}..{} failed: {}", code, from, to, e.toString());
            return null;
        }
        return valuesOf(code, raw, regionIds);
    }

    /**
     * Several figures of one module's family in one batch call (the per-kind device online rates: one pass over the
     * status history instead of one per kind); a code whose call failed is missing from the answer.
     */
    Map<String, Map<Long, Double>> values(Collection<String> codes, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        Map<String, Map<Long, Double>> out = new LinkedHashMap<>();
        if (regionIds.isEmpty()) {
            return out;
        }
        for (List<String> group : catalogue.byModule(codes)) {
            Map<String, Map<Long, FigureValue>> raw;
            try {
                raw = catalogue.values(group, from, to, regionIds);
            } catch (RuntimeException e) {
                log.warn("Figures {} for {}..{} failed: {}", group, from, to, e.toString());
                continue;
            }
            group.forEach(code -> out.put(code, valuesOf(code, raw.getOrDefault(code, Map.of()), regionIds)));
        }
        return out;
    }

    private Map<Long, Double> valuesOf(String code, Map<Long, FigureValue> raw, Collection<Long> regionIds) {
        boolean count = catalogue.isCount(code);
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
        return catalogue.target(code, regionId, year).orElse(null);
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
        return FigureCatalogue.countsRecords(d);
    }
}
