package io.zhian.enterprise.internal;

import io.zhian.casework.CaseOutcome;
import io.zhian.casework.CaseSummary;
import io.zhian.casework.Casework;
import io.zhian.shared.FigureProvider;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The enterprise figures for assessment and the dashboard, each asked region over its whole subtree.
 * <ul>
 * <li>{@code enterprise.problems-solved}: problems raised by enterprises in the subtree (by the enterprise's region)
 * whose casework case ended with outcome RESOLVED at a finish time within the months (city time). The outcome lives in
 * casework, so this is one statement here for all asked regions plus one {@link Casework#summaries} call;</li>
 * <li>{@code enterprise.deeds}: practical deeds (我为群众办实事) done on a day within the months, by the deed's region.</li>
 * </ul>
 */
@Component
class EnterpriseFigures implements FigureProvider {

    static final String PROBLEMS_SOLVED = "enterprise.problems-solved";
    static final String DEEDS = "enterprise.deeds";

    private final EnterpriseStore store;
    private final Casework casework;

    EnterpriseFigures(EnterpriseStore store, Casework casework) {
        this.store = store;
        this.casework = casework;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(new FigureDefinition(PROBLEMS_SOLVED, "企业诉求解决数", "件", true),
                new FigureDefinition(DEEDS, "为群众办实事数", "件", true));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        Map<Long, FigureValue> out = new LinkedHashMap<>();
        switch (code) {
            case DEEDS -> {
                Map<Long, Long> deeds = store.deedsBySubtree(regionIds, from.atDay(1), to.atEndOfMonth());
                for (Long regionId : regionIds) {
                    Long n = deeds.get(regionId);
                    if (n != null) {
                        out.put(regionId, new FigureValue(n, n));
                    }
                }
            }
            case PROBLEMS_SOLVED -> {
                Map<Long, List<Long>> cases = store.problemCasesBySubtree(regionIds);
                Set<Long> all = new HashSet<>();
                cases.values().forEach(all::addAll);
                Map<Long, CaseSummary> summaries = casework.summaries(all);
                Instant start = from.atDay(1).atStartOfDay(Casework.ZONE).toInstant();
                Instant end = to.plusMonths(1).atDay(1).atStartOfDay(Casework.ZONE).toInstant();
                for (Long regionId : regionIds) {
                    List<Long> ids = cases.get(regionId);
                    if (ids == null) {
                        continue;
                    }
                    long solved = ids.stream().map(summaries::get).filter(c -> c != null && c.outcome() == CaseOutcome.RESOLVED
                            && c.finishedAt() != null && !c.finishedAt().isBefore(start) && c.finishedAt().isBefore(end)).count();
                    if (solved > 0) {
                        out.put(regionId, new FigureValue(solved, solved));
                    }
                }
            }
            default -> throw new IllegalArgumentException("not an enterprise figure: " + code);
        }
        return out;
    }

    /** Deeds: the deed list; problems solved: the problem list narrowed to problems solved in the months. */
    @Override
    public Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        String query = "?region=" + regionId + "&from=" + from + "&to=" + to;
        return switch (code) {
            case DEEDS -> Optional.of("/enterprise/deeds" + query);
            case PROBLEMS_SOLVED -> Optional.of("/enterprise/problems" + query + "&solved=true");
            default -> throw new IllegalArgumentException("not an enterprise figure: " + code);
        };
    }
}
