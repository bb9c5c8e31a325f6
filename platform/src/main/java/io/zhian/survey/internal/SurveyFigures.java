package io.zhian.survey.internal;

import io.zhian.regions.Regions;
import io.zhian.shared.FigureProvider;
import io.zhian.surveyindex.IndexCalculator.Figure;
import java.time.YearMonth;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Regions regions;
    private final JdbcClient jdbc;

    SurveyFigures(SurveyIndices indices, Regions regions, JdbcClient jdbc) {
        this.indices = indices;
        this.regions = regions;
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
        String index = switch (code) {
            case SECURITY_RATE -> "security-rate";
            case SATISFACTION_RATE -> "satisfaction-rate";
            case SECURITY_INDEX -> "security-index";
            case COVERAGE -> null;
            default -> throw new IllegalArgumentException("unknown figure " + code);
        };
        if (index != null) {
            for (Map.Entry<Long, Figure> e : indices.byRegion(index, from, to, regionIds).entrySet()) {
                out.put(e.getKey(), new FigureValue(e.getValue().value(), e.getValue().n()));
            }
            return out;
        }
        // coverage: households visited (any outcome) of those drawn by campaigns running in the months
        for (Long regionId : regionIds) {
            long[] subtree = regions.subtreeIds(List.of(regionId));
            Map<String, Object> row = jdbc.sql("""
                            SELECT count(*) AS total, count(v.outcome) AS visited FROM survey_visit v
                            JOIN survey_campaign c ON c.id = v.campaign_id
                            WHERE c.starts_on <= :to AND c.ends_on >= :from AND v.village_id = ANY(CAST(:ids AS BIGINT[]))""")
                    .param("from", from.atDay(1)).param("to", to.atEndOfMonth())
                    .param("ids", io.zhian.shared.SqlArrays.bigints(subtree)).query().singleRow();
            long total = ((Number) row.get("total")).longValue();
            if (total > 0) {
                out.put(regionId, new FigureValue(100.0 * ((Number) row.get("visited")).longValue() / total, total));
            }
        }
        return out;
    }
}
