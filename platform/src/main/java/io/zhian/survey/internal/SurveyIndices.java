package io.zhian.survey.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.surveyindex.IndexCalculator;
import io.zhian.surveyindex.IndexCalculator.Dimension;
import io.zhian.surveyindex.IndexCalculator.Figure;
import io.zhian.surveyindex.IndexCalculator.IndexSpec;
import io.zhian.surveyindex.IndexCalculator.Kind;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The configured indices computed from the answers: counts come grouped from PostgreSQL (village × month ×
 * question × level), the formulas run in {@link IndexCalculator}. Returned responses are left out until
 * corrected; answers outside the caller's scope never enter.
 */
@Service
public class SurveyIndices {

    /** Below this many valid answers a figure is shown greyed out: too few to read much into. */
    public static final int SMALL_SAMPLE = 30;

    public record IndexConfig(String code, String nameZh, String nameEn, Kind kind, List<String> questions, String agency,
                              boolean[] counted, double[] weights) {
        public String name(boolean english) {
            return english ? nameEn : nameZh;
        }

        public boolean isCounted(int level) {
            return counted[level - 1];
        }

        public double weight(int level) {
            return weights[level - 1];
        }
    }

    public record Row(long id, String name, List<Figure> figures) {}

    /** One table: a row per group, a figure per index (same order as {@code indices}). */
    public record Table(String dimension, List<IndexConfig> indices, List<Row> rows, Row total) {}

    public static final List<String> DIMENSIONS = List.of("township", "village", "month");

    private final JdbcClient jdbc;
    private final Regions regions;
    private final AuditTrail audit;

    SurveyIndices(JdbcClient jdbc, Regions regions, AuditTrail audit) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.audit = audit;
    }

    public List<IndexConfig> config() {
        Map<String, boolean[]> counted = new HashMap<>();
        Map<String, double[]> weights = new HashMap<>();
        jdbc.sql("SELECT index_code, level, counted, weight FROM survey_index_level").query((rs, n) -> {
            String code = rs.getString(1);
            int level = rs.getInt(2);
            counted.computeIfAbsent(code, k -> new boolean[IndexCalculator.LEVELS])[level - 1] = rs.getBoolean(3);
            weights.computeIfAbsent(code, k -> new double[IndexCalculator.LEVELS])[level - 1] = rs.getDouble(4);
            return 1;
        }).list();
        return jdbc.sql("SELECT * FROM survey_index ORDER BY sort_order, code").query((rs, n) -> new IndexConfig(
                rs.getString("code"), rs.getString("name_zh"), rs.getString("name_en"), Kind.valueOf(rs.getString("kind")),
                Arrays.stream(rs.getString("questions").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                rs.getString("agency"), counted.getOrDefault(rs.getString("code"), new boolean[IndexCalculator.LEVELS]),
                weights.getOrDefault(rs.getString("code"), new double[IndexCalculator.LEVELS]))).list();
    }

    /** Changes which levels an index counts and their weights (city administrators). */
    @Transactional
    public void configure(Actor actor, String code, boolean[] counted, double[] weights) {
        Surveys.require(Surveys.mayAuthor(actor), "configure indices");
        IndexConfig c = config().stream().filter(i -> i.code().equals(code)).findFirst()
                .orElseThrow(() -> new NotFoundException("survey_index", code));
        List<FieldProblem> problems = new ArrayList<>();
        if (counted.length != 5 || weights.length != 5) {
            problems.add(new FieldProblem("levels", "five levels are needed"));
        } else {
            if (c.kind() == Kind.RATE && !(counted[0] || counted[1] || counted[2] || counted[3] || counted[4])) {
                problems.add(new FieldProblem("counted", "a rate needs at least one counted level"));
            }
            for (int l = 0; l < 5; l++) {
                if (Double.isNaN(weights[l]) || weights[l] < 0 || weights[l] > 1000) {
                    problems.add(new FieldProblem("weight" + (l + 1), "must be between 0 and 1000"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        for (int l = 0; l < 5; l++) {
            jdbc.sql("UPDATE survey_index_level SET counted = :c, weight = :w WHERE index_code = :code AND level = :l")
                    .param("c", counted[l]).param("w", weights[l]).param("code", code).param("l", l + 1).update();
        }
        audit.record("SURVEY_INDEX_CONFIGURE", "survey_index", code, "counted=" + Arrays.toString(counted) + " weights="
                + Arrays.toString(weights));
    }

    /** Index specs in calculator form; {@code questions} maps each question name to its index. */
    static List<IndexSpec> specs(List<IndexConfig> config, Map<String, Integer> questions) {
        List<IndexSpec> specs = new ArrayList<>();
        for (IndexConfig c : config) {
            int[] qs = c.questions().stream().mapToInt(q -> questions.computeIfAbsent(q, k -> questions.size())).toArray();
            specs.add(new IndexSpec(c.code(), c.kind(), qs, c.counted(), c.weights()));
        }
        return specs;
    }

    /** The grouped counts behind the indices, inside the scope: village, township, month, question, level, count. */
    record Cell(long village, long township, LocalDate month, String question, int level, long count) {}

    List<Cell> cells(DataScope scope, YearMonth from, YearMonth to, Long townshipId, Long campaignId) {
        return jdbc.sql("""
                        SELECT r.village_id, r.township_id, r.month, a.question, a.level, count(*)
                        FROM survey_scale_answer a JOIN survey_response r ON r.id = a.response_id
                        WHERE r.status <> 'RETURNED' AND r.month BETWEEN :from AND :to
                          AND (CAST(:township AS BIGINT) IS NULL OR r.township_id = :township)
                          AND (CAST(:campaign AS BIGINT) IS NULL OR r.campaign_id = :campaign)
                          AND """ + scope.where("r.village_id", null, null) + """
                         GROUP BY 1, 2, 3, 4, 5""")
                .params(scope.params()).param("from", from.atDay(1)).param("to", to.atDay(1)).param("township", townshipId)
                .param("campaign", campaignId)
                .query((rs, n) -> new Cell(rs.getLong(1), rs.getLong(2), rs.getObject(3, LocalDate.class), rs.getString(4),
                        rs.getInt(5), rs.getLong(6))).list();
    }

    /**
     * The table for one dimension: township, village (of {@code townshipId} when given) or month, over the
     * months {@code from}..{@code to}, with the total of the caller's scope.
     */
    public Table table(Actor actor, String dimension, YearMonth from, YearMonth to, Long townshipId, Long campaignId) {
        Surveys.require(Surveys.mayReview(actor), "see survey indices");
        if (!DIMENSIONS.contains(dimension)) {
            throw new InvalidInputException("dimension", "must be one of " + DIMENSIONS);
        }
        if (from.isAfter(to)) {
            throw new InvalidInputException("from", "must not be after 'to'");
        }
        if (townshipId != null && !actor.scope().coversRegion(townshipId)) {
            throw NotFoundException.outOfScope("region", townshipId);
        }
        List<IndexConfig> config = config();
        List<Cell> cells = cells(actor.scope(), from, to, townshipId, campaignId);
        Map<Long, Integer> villages = new LinkedHashMap<>();
        Map<Long, Integer> townships = new LinkedHashMap<>();
        Map<Long, Integer> months = new LinkedHashMap<>();
        Map<String, Integer> questions = new HashMap<>();
        List<IndexSpec> specs = specs(config, questions);
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            months.put((long) m.getYear() * 12 + m.getMonthValue() - 1, months.size());
        }
        for (Cell c : cells) {
            villages.computeIfAbsent(c.village(), k -> villages.size());
            townships.computeIfAbsent(c.township(), k -> townships.size());
        }
        IndexCalculator calc = new IndexCalculator(specs, questions.size() + 1, villages.size(), townships.size(), months.size());
        Set<String> known = questions.keySet();
        for (Cell c : cells) {
            if (!known.contains(c.question())) {
                continue;
            }
            calc.add(villages.get(c.village()), townships.get(c.township()),
                    months.get((long) c.month().getYear() * 12 + c.month().getMonthValue() - 1), questions.get(c.question()),
                    c.level(), c.count());
        }
        Map<Long, Integer> groups = switch (dimension) {
            case "village" -> villages;
            case "township" -> townships;
            default -> months;
        };
        Dimension dim = switch (dimension) {
            case "village" -> Dimension.VILLAGE;
            case "township" -> Dimension.TOWNSHIP;
            default -> Dimension.MONTH;
        };
        Map<Long, String> names = dim == Dimension.MONTH ? new HashMap<>() : regions.names(groups.keySet());
        if (dim == Dimension.MONTH) {
            groups.keySet().forEach(k -> names.put(k, String.format("%d-%02d", k / 12, k % 12 + 1)));
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Long, Integer> g : groups.entrySet()) {
            List<Figure> figures = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                figures.add(calc.figure(dim, g.getValue(), i));
            }
            rows.add(new Row(g.getKey(), names.getOrDefault(g.getKey(), String.valueOf(g.getKey())), figures));
        }
        if (dim != Dimension.MONTH) {
            rows.sort((a, b) -> a.name().compareTo(b.name()));
        }
        List<Figure> total = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            total.add(calc.figure(Dimension.CITY, 0, i));
        }
        return new Table(dimension, config, rows, new Row(0, "", total));
    }

    /**
     * One index's figure per region (each over its subtree), for {@link io.zhian.shared.FigureProvider}. One grouped query
     * answers every asked region: each village's counts carry the village's materialised path, and are added to every asked
     * region on that path.
     */
    Map<Long, Figure> byRegion(String indexCode, YearMonth from, YearMonth to, java.util.Collection<Long> regionIds) {
        IndexConfig c = config().stream().filter(i -> i.code().equals(indexCode)).findFirst().orElse(null);
        Map<Long, Figure> out = new LinkedHashMap<>();
        if (c == null || regionIds.isEmpty()) {
            return out;
        }
        Map<Long, long[]> perLevel = new LinkedHashMap<>();
        regionIds.forEach(id -> perLevel.put(id, new long[IndexCalculator.LEVELS]));
        jdbc.sql("""
                        SELECT g.path, a.level, count(*)
                        FROM survey_scale_answer a JOIN survey_response r ON r.id = a.response_id JOIN region g ON g.id = r.village_id
                        WHERE r.status <> 'RETURNED' AND r.month BETWEEN :from AND :to AND a.level BETWEEN 1 AND :levels
                          AND a.question = ANY(CAST(:questions AS TEXT[]))
                        GROUP BY 1, 2""")
                .param("from", from.atDay(1)).param("to", to.atDay(1)).param("levels", IndexCalculator.LEVELS)
                .param("questions", io.zhian.shared.SqlArrays.texts(c.questions()))
                .query((rs, n) -> {
                    int level = rs.getInt(2);
                    long count = rs.getLong(3);
                    for (long id : pathIds(rs.getString(1))) {
                        long[] counts = perLevel.get(id);
                        if (counts != null) {
                            counts[level - 1] += count;
                        }
                    }
                    return 1;
                }).list();
        perLevel.forEach((regionId, counts) -> {
            Figure f = IndexCalculator.evaluate(new IndexSpec(c.code(), c.kind(), new int[] {0}, c.counted(), c.weights()), counts);
            if (!f.isEmpty()) {
                out.put(regionId, f);
            }
        });
        return out;
    }

    /** The ids on a materialised region path ('/1/5/77/'), root first. */
    static long[] pathIds(String path) {
        return Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).mapToLong(Long::parseLong).toArray();
    }
}
