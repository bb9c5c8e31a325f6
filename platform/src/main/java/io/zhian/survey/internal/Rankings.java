package io.zhian.survey.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * External rankings (测评排名) imported from CSV, each unit's position against the target for its level and
 * its trend against the previous period. CSV columns: period, level, unit, rank, total, score.
 */
@Service
public class Rankings implements io.zhian.survey.SurveyRankings {

    static final Pattern PERIOD = Pattern.compile("\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?");
    static final List<String> COLUMNS = List.of("period", "level", "unit", "rank", "total", "score");

    public record Target(String level, String nameZh, int targetRank) {}

    /** A unit's latest position: gap > 0 means that many places behind the target; trend > 0 means it climbed. */
    public record Position(String level, String period, String unitName, Long regionId, Long orgUnitId, int rank, int total,
                           BigDecimal score, int target, int gap, Integer previousRank, String previousPeriod) {
        @com.fasterxml.jackson.annotation.JsonProperty
        public boolean met() {
            return gap <= 0;
        }

        @com.fasterxml.jackson.annotation.JsonProperty
        public Integer trend() {
            return previousRank == null ? null : previousRank - rank;
        }
    }

    private record Parsed(String period, String level, String unitKey, String unitName, Long regionId, Long orgUnitId, int rank,
                          int total, BigDecimal score) {}

    private final JdbcClient jdbc;
    private final Regions regions;
    private final OrgUnits units;
    private final AuditTrail audit;

    Rankings(JdbcClient jdbc, Regions regions, OrgUnits units, AuditTrail audit) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.units = units;
        this.audit = audit;
    }

    public List<Target> targets() {
        return jdbc.sql("SELECT level, name_zh, target_rank FROM survey_ranking_target ORDER BY level DESC")
                .query((rs, n) -> new Target(rs.getString(1), rs.getString(2), rs.getInt(3))).list();
    }

    @Transactional
    public void setTarget(Actor actor, String level, Integer targetRank) {
        Surveys.require(Surveys.mayAuthor(actor), "set ranking targets");
        if (targetRank == null || targetRank < 1 || targetRank > 100_000) {
            throw new InvalidInputException("targetRank", "must be a whole number from 1");
        }
        if (jdbc.sql("UPDATE survey_ranking_target SET target_rank = :t WHERE level = :l").param("t", targetRank)
                .param("l", level).update() == 0) {
            throw new InvalidInputException("level", "no such ranking level");
        }
        audit.record("SURVEY_RANKING_TARGET", "survey_ranking_target", level, "target=" + targetRank);
    }

    /** Reads the CSV; imports every row only when none is bad. The report lists each row. */
    @Transactional
    public ImportReport importCsv(Actor actor, Reader csv) {
        Surveys.require(Surveys.mayAuthor(actor), "import rankings");
        return importRows(csv, actor.userId());
    }

    /** The import itself; the caller has checked the role (the demo loader has no user). */
    ImportReport importRows(Reader csv, Long userId) {
        Set<String> levels = new HashSet<>();
        targets().forEach(t -> levels.add(t.level()));
        List<ImportReport.RowResult> results = new ArrayList<>();
        List<Parsed> good = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Optional<Object>> unitCache = new HashMap<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).get().parse(csv)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT)).toList();
            for (String col : COLUMNS) {
                if (!col.equals("score") && !header.contains(col)) {
                    throw new InvalidInputException("file", "the header must name the columns " + String.join(",", COLUMNS)
                            + " (missing: " + col + ")");
                }
            }
            Map<String, Integer> idx = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                idx.put(header.get(i), i);
            }
            for (CSVRecord rec : parser) {
                int line = (int) parser.getCurrentLineNumber();
                List<FieldProblem> problems = new ArrayList<>();
                String period = get(rec, idx, "period");
                String level = get(rec, idx, "level").toUpperCase(Locale.ROOT);
                String unit = get(rec, idx, "unit");
                if (!PERIOD.matcher(period).matches()) {
                    problems.add(new FieldProblem("period", "'" + period + "' is not YYYY, YYYY-MM or YYYY-Qn"));
                }
                if (!levels.contains(level)) {
                    problems.add(new FieldProblem("level", "'" + level + "' is not one of " + levels));
                }
                Integer rank = positive(get(rec, idx, "rank"), "rank", problems);
                Integer total = positive(get(rec, idx, "total"), "total", problems);
                if (rank != null && total != null && rank > total) {
                    problems.add(new FieldProblem("rank", "is larger than total"));
                }
                BigDecimal score = null;
                String s = get(rec, idx, "score");
                if (!s.isEmpty()) {
                    try {
                        score = new BigDecimal(s);
                    } catch (NumberFormatException e) {
                        problems.add(new FieldProblem("score", "'" + s + "' is not a number"));
                    }
                }
                Object match = null;
                if (unit.isEmpty()) {
                    problems.add(new FieldProblem("unit", "is required"));
                } else {
                    match = unitCache.computeIfAbsent(unit, this::findUnit).orElse(null);
                    if (match == null) {
                        problems.add(new FieldProblem("unit", "no township or unit has the code or name '" + unit + "'"));
                    }
                }
                String key = match instanceof Region r ? "R" + r.id() : match instanceof OrgUnit u ? "U" + u.id() : unit;
                if (problems.isEmpty() && !seen.add(period + "|" + level + "|" + key)) {
                    problems.add(new FieldProblem("unit", "appears twice for " + period + " " + level));
                }
                results.add(new ImportReport.RowResult(line, period + " " + level + " " + unit, problems.isEmpty() ? "OK" : "ERROR",
                        problems));
                if (problems.isEmpty()) {
                    good.add(new Parsed(period, level, key, match instanceof Region r ? r.name() : ((OrgUnit) match).name(),
                            match instanceof Region r ? r.id() : null, match instanceof OrgUnit u ? u.id() : null, rank, total, score));
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidInputException("file", "is not a readable CSV file: " + e.getMessage());
        }
        boolean apply = !results.isEmpty() && results.stream().allMatch(ImportReport.RowResult::ok);
        if (apply) {
            for (Parsed p : good) {
                jdbc.sql("""
                                INSERT INTO survey_ranking (period, level, unit_key, unit_name, region_id, org_unit_id, rank, total, score, imported_by)
                                VALUES (:period, :level, :key, :name, :region, :unit, :rank, :total, :score, :by)
                                ON CONFLICT (period, level, unit_key) DO UPDATE SET unit_name = EXCLUDED.unit_name, rank = EXCLUDED.rank,
                                  total = EXCLUDED.total, score = EXCLUDED.score, imported_by = EXCLUDED.imported_by, imported_at = now()""")
                        .param("period", p.period()).param("level", p.level()).param("key", p.unitKey()).param("name", p.unitName())
                        .param("region", p.regionId()).param("unit", p.orgUnitId()).param("rank", p.rank()).param("total", p.total())
                        .param("score", p.score()).param("by", userId).update();
            }
            audit.record("SURVEY_RANKING_IMPORT", "survey_ranking", null, good.size() + " rows");
        }
        return new ImportReport(results.size(), apply ? good.size() : 0, apply, results);
    }

    private Optional<Object> findUnit(String key) {
        Optional<Region> region = regions.findByCode(key).filter(r -> r.level() == RegionLevel.TOWNSHIP);
        if (region.isPresent()) {
            return Optional.of(region.get());
        }
        Optional<OrgUnit> unit = units.findByCode(key);
        if (unit.isPresent()) {
            return Optional.of(unit.get());
        }
        Optional<Long> byName = jdbc.sql("SELECT id FROM region WHERE name = :n AND level = 'TOWNSHIP' ORDER BY id LIMIT 1")
                .param("n", key).query(Long.class).optional();
        if (byName.isPresent()) {
            return regions.find(byName.get()).map(r -> r);
        }
        return jdbc.sql("SELECT id FROM org_unit WHERE name = :n ORDER BY id LIMIT 1").param("n", key).query(Long.class).optional()
                .flatMap(units::find).map(u -> u);
    }

    private static String get(CSVRecord rec, Map<String, Integer> idx, String col) {
        Integer i = idx.get(col);
        return i == null || i >= rec.size() ? "" : rec.get(i).strip();
    }

    private static Integer positive(String v, String field, List<FieldProblem> problems) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new FieldProblem(field, "'" + v + "' is not a whole number from 1"));
        return null;
    }

    @Override
    public List<io.zhian.survey.RankingPosition> latest(Actor actor) {
        Map<String, String> levelNames = new HashMap<>();
        targets().forEach(t -> levelNames.put(t.level(), t.nameZh()));
        return positions(actor).stream().map(p -> new io.zhian.survey.RankingPosition(p.unitName(), p.level(),
                levelNames.get(p.level()), p.period(), p.rank(), p.total(), p.target(), p.gap(), p.previousRank(), p.previousPeriod(),
                p.score(), p.regionId(), p.orgUnitId())).toList();
    }

    /** Each unit's latest position per level, inside the scope, with the previous period's rank. */
    public List<Position> positions(Actor actor) {
        Surveys.require(Surveys.mayReview(actor), "see rankings");
        var scope = actor.scope();
        Map<String, Integer> targets = new LinkedHashMap<>();
        targets().forEach(t -> targets.put(t.level(), t.targetRank()));
        return jdbc.sql("""
                        SELECT * FROM (
                          SELECT r.*, lag(r.rank) OVER w AS prev_rank, lag(r.period) OVER w AS prev_period,
                            row_number() OVER (PARTITION BY r.level, r.unit_key ORDER BY r.period DESC) AS recency
                          FROM survey_ranking r WHERE """ + scope.where("r.region_id", "r.org_unit_id", null) + """
                          WINDOW w AS (PARTITION BY r.level, r.unit_key ORDER BY r.period)) x
                        WHERE recency = 1 ORDER BY level DESC, rank""")
                .params(scope.params())
                .query((rs, n) -> {
                    int target = targets.getOrDefault(rs.getString("level"), 0);
                    int rank = rs.getInt("rank");
                    return new Position(rs.getString("level"), rs.getString("period"), rs.getString("unit_name"),
                            rs.getObject("region_id", Long.class), rs.getObject("org_unit_id", Long.class), rank, rs.getInt("total"),
                            rs.getBigDecimal("score"), target, rank - target, rs.getObject("prev_rank", Integer.class),
                            rs.getString("prev_period"));
                }).list();
    }
}
