package io.zhian.dashboard.internal;

import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureDefinition;
import io.zhian.shared.FigureProvider.FigureValue;
import io.zhian.shared.FigureTargets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The figures the dashboard module can show, as the modules offer them: each code with its provider and definition
 * (the first provider to offer a code wins), the figures' targets, and provider calls grouped so that a provider
 * asked for several codes at once answers with one batch call. The wall screen, its board and the reports all read
 * figures through this one catalogue.
 */
@Component
public class FigureCatalogue {

    private static final Logger log = LoggerFactory.getLogger(FigureCatalogue.class);

    /** Units of figures that count records: a region the provider leaves out has none, i.e. zero. */
    private static final Set<String> COUNT_UNITS = Set.of("件", "起", "个", "次", "人", "户", "家", "条", "项");

    private final Map<String, FigureProvider> providers = new LinkedHashMap<>();
    private final Map<String, FigureDefinition> definitions = new LinkedHashMap<>();
    private final List<FigureTargets> targets;

    public FigureCatalogue(List<FigureProvider> figureProviders, List<FigureTargets> targets) {
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
        this.targets = List.copyOf(targets);
    }

    public boolean offers(String code) {
        return providers.containsKey(code);
    }

    /** The definitions on offer, in the order the providers list them. */
    public Collection<FigureDefinition> definitions() {
        return definitions.values();
    }

    public Optional<FigureDefinition> definition(String code) {
        return Optional.ofNullable(definitions.get(code));
    }

    /** Whether the figure counts records (by its unit): a region left out of its values has none of them. */
    public boolean isCount(String code) {
        return countsRecords(definitions.get(code));
    }

    /** Whether a figure so defined counts records (件, 起, 个 …). */
    public static boolean countsRecords(FigureDefinition d) {
        return d != null && d.unit() != null && COUNT_UNITS.contains(d.unit().strip());
    }

    /** One figure for the regions and months; empty when no module offers it. */
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        FigureProvider provider = providers.get(code);
        return provider == null ? Map.of() : provider.values(code, from, to, regionIds);
    }

    /** The codes on offer grouped by the module offering them, in the order given; codes no module offers are left out. */
    public List<List<String>> byModule(Collection<String> codes) {
        Map<FigureProvider, List<String>> byProvider = new LinkedHashMap<>();
        for (String code : codes) {
            FigureProvider provider = providers.get(code);
            if (provider != null) {
                byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(code);
            }
        }
        return List.copyOf(byProvider.values());
    }

    /** Several figures for the regions and months, one batch call per module; codes no module offers are left out. */
    public Map<String, Map<Long, FigureValue>> values(Collection<String> codes, YearMonth from, YearMonth to,
                                                      Collection<Long> regionIds) {
        Map<String, Map<Long, FigureValue>> out = new LinkedHashMap<>();
        for (List<String> group : byModule(codes)) {
            out.putAll(providers.get(group.get(0)).values(group, from, to, regionIds));
        }
        return out;
    }

    /** The page listing the records behind the figure for the region and months, if its module names one. */
    public Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        FigureProvider provider = providers.get(code);
        return provider == null ? Optional.empty() : provider.recordsLink(code, regionId, from, to);
    }

    /** The target set for the figure in the region and year (the first {@link FigureTargets} that has one). */
    public Optional<Double> target(String code, long regionId, int year) {
        for (FigureTargets t : targets) {
            try {
                OptionalDouble target = t.target(code, regionId, year);
                if (target.isPresent()) {
                    return Optional.of(target.getAsDouble());
                }
            } catch (RuntimeException e) {
                log.warn("Target of {} is not available: {}", code, e.toString());
            }
        }
        return Optional.empty();
    }
}
