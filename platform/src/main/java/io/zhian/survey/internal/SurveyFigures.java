package io.zhian.survey.internal;

import io.zhian.shared.FigureProvider;
import io.zhian.surveyindex.IndexCalculator.Figure;
import java.time.YearMonth;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The survey's live figures for assessment and the dashboard, each region over its whole subtree. */
@Component
class SurveyFigures implements FigureProvider {

    static final String SECURITY_RATE = "survey.security-rate";
    static final String SATISFACTION_RATE = "survey.satisfaction-rate";
    static final String SECURITY_INDEX = "survey.security-index";
    static final String COVERAGE = "survey.coverage";

    private final SurveyIndices indices;
    private final JdbcClient jdbc;

    SurveyFigures(SurveyIndices indices, JdbcClient jdbc) {
        this.indices = indices;
        this.jdbc = jdbc;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(
                new FigureDefinition(SECURITY_RATE, "安全感率", "%", true),
                new FigureDefinition(SATISFACTION_RATE, "政法满意率", "%", true),
                new FigureDefinition(SECURITY_INDEX, "安全感指数", "分", true),
                new FigureDefinition(COVERAGE, "入户走访覆盖率", "%", true));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        Map<Long, FigureValue> out = new LinkedHashMap<>();
        if (code == null || !List.of(SECURITY_RATE, SATISFACTION_RATE, SECURITY_INDEX, COVERAGE).contains(code)) {
            throw new IllegalArgumentException("unknown figure " + code);
        }
        String index = indexOf(code);
        if (regionIds.isEmpty()) {
            return out;
        }
        if (index != null) {
            for (Map.Entry<Long, Figure> e : indices.byRegion(index, from, to, regionIds).entrySet()) {
                out.put(e.getKey(), new FigureValue(e.getValue().value(), e.getValue().n()));
            }
            return out;
        }
        // coverage: households visited (any outcome) of those drawn by campaigns running in the months, per village path
        // in one grouped query; each asked region adds up the villages on whose path it lies
        Map<Long, long[]> totals = new LinkedHashMap<>();
        regionIds.forEach(id -> totals.put(id, new long[2]));
        jdbc.sql("""
                        SELECT g.path, count(*) AS total, count(v.outcome) AS visited FROM survey_visit v
                        JOIN survey_campaign c ON c.id = v.campaign_id JOIN region g ON g.id = v.village_id
                        WHERE c.starts_on <= :to AND c.ends_on >= :from GROUP BY g.path""")
                .param("from", from.atDay(1)).param("to", to.atEndOfMonth())
                .query((rs, n) -> {
                    for (long id : SurveyIndices.pathIds(rs.getString(1))) {
                        long[] t = totals.get(id);
                        if (t != null) {
                            t[0] += rs.getLong(2);
                            t[1] += rs.getLong(3);
                        }
                    }
                    return 1;
                }).list();
        totals.forEach((regionId, t) -> {
            if (t[0] > 0) {
                out.put(regionId, new FigureValue(100.0 * t[1] / t[0], t[0]));
            }
        });
        return out;
    }

    /**
     * The records behind a figure, for the region's subtree and the months: for an index, the responses it is computed
     * from (not returned, with a valid answer to one of its questions); for coverage, the households drawn by the
     * campaigns running in the months (the visit tasks, visited or not).
     */
    @Override
    public Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        String range = "region=" + regionId + "&from=" + from + "&to=" + to;
        return switch (code == null ? "" : code) {
            case SECURITY_RATE, SATISFACTION_RATE, SECURITY_INDEX -> Optional.of("/survey/responses?" + range + "&index=" + indexOf(code));
            case COVERAGE -> Optional.of("/survey/visits?" + range);
            default -> Optional.empty();
        };
    }

    static String indexOf(String code) {
        return switch (code) {
            case SECURITY_RATE -> "security-rate";
            case SATISFACTION_RATE -> "satisfaction-rate";
            case SECURITY_INDEX -> "security-index";
            default -> null;
        };
    }
}
