package io.zhian.mediation.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.casework.CaseSummary;
import io.zhian.casework.Casework;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Role;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 五零平安村: each active criterion must count zero for a village in a year. Escalated disputes are
 * counted from the platform's own records; every other criterion from counts recorded by township
 * officers with a source note (a criterion without an entry counts as zero and is shown as "no entry").
 */
@Service
class SafeVillages {

    static final String PLATFORM_ESCALATED = "ESCALATED_DISPUTES";
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");

    record Criterion(String code, String nameZh, String nameEn, String source, boolean active, int sortOrder) {}

    record Failure(Criterion criterion, long count) {}

    record VillageResult(long villageId, String villageName, String townshipName, boolean qualifies, List<Failure> failures,
                         List<String> missingEntries) {}

    private final JdbcClient jdbc;
    private final Regions regions;
    private final MediationStore disputes;
    private final Casework casework;
    private final AuditTrail audit;

    SafeVillages(JdbcClient jdbc, Regions regions, MediationStore disputes, Casework casework, AuditTrail audit) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.disputes = disputes;
        this.casework = casework;
        this.audit = audit;
    }

    List<Criterion> criteria() {
        return jdbc.sql("SELECT * FROM safevillage_criterion ORDER BY sort_order, code")
                .query((rs, n) -> new Criterion(rs.getString("code"), rs.getString("name_zh"), rs.getString("name_en"),
                        rs.getString("source"), rs.getBoolean("active"), rs.getInt("sort_order"))).list();
    }

    /** Administrators edit the checklist: rename, switch on or off, or add a recorded criterion. */
    @Transactional
    void saveCriterion(Actor actor, String code, String nameZh, String nameEn, boolean active, Integer sortOrder) {
        if (!actor.has(Role.CITY_ADMIN)) {
            throw new ForbiddenException("only a city administrator edits the safe-village checklist");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String c = code == null ? "" : code.strip().toUpperCase();
        if (!CODE.matcher(c).matches()) {
            problems.add(new FieldProblem("code", "capital letters, digits and _ (2 to 40), starting with a letter"));
        }
        if (nameZh == null || nameZh.isBlank() || nameZh.strip().length() > 60) {
            problems.add(new FieldProblem("nameZh", "is required (at most 60 characters)"));
        }
        if (nameEn == null || nameEn.isBlank() || nameEn.strip().length() > 60) {
            problems.add(new FieldProblem("nameEn", "is required (at most 60 characters)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        jdbc.sql("""
                        INSERT INTO safevillage_criterion (code, name_zh, name_en, source, active, sort_order)
                        VALUES (:code, :zh, :en, 'RECORDED', :active, :sort)
                        ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, active = EXCLUDED.active,
                          sort_order = EXCLUDED.sort_order""")
                .param("code", c).param("zh", nameZh.strip()).param("en", nameEn.strip()).param("active", active)
                .param("sort", sortOrder == null ? 100 : sortOrder).update();
        audit.record("SAFEVILLAGE_CRITERION", "safevillage_criterion", c, nameZh.strip() + (active ? "" : " (inactive)"));
    }

    /** A township officer records a village's count for a criterion and year, with where the number comes from. */
    @Transactional
    void record(Actor actor, String villageCode, String yearText, String criterionCode, String countText, String sourceNote) {
        if (!actor.hasAny(Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN)) {
            throw new ForbiddenException("township officers record safe-village counts");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Region village = null;
        if (villageCode == null || villageCode.isBlank()) {
            problems.add(new FieldProblem("villageCode", "is required"));
        } else {
            village = regions.findByCode(villageCode.strip()).orElse(null);
            if (village == null || village.level() != RegionLevel.VILLAGE) {
                problems.add(new FieldProblem("villageCode", "no village or community has the code " + villageCode.strip()));
                village = null;
            } else if (!actor.scope().coversRegion(village.id())) {
                problems.add(new FieldProblem("villageCode", "is outside your data scope"));
            }
        }
        Integer year = parseInt(yearText, "year", 2000, 2100, problems);
        Criterion criterion = criteria().stream().filter(c -> c.code().equals(criterionCode == null ? "" : criterionCode.strip()))
                .findFirst().orElse(null);
        if (criterion == null) {
            problems.add(new FieldProblem("criterion", "is not a criterion of the checklist"));
        } else if (!"RECORDED".equals(criterion.source())) {
            problems.add(new FieldProblem("criterion", criterion.nameZh() + " is counted from platform data and cannot be entered by hand"));
        }
        Integer count = parseInt(countText, "count", 0, 100_000, problems);
        if (sourceNote == null || sourceNote.isBlank()) {
            problems.add(new FieldProblem("sourceNote", "is required: where the number comes from (e.g. 派出所年度通报)"));
        } else if (sourceNote.strip().length() > 300) {
            problems.add(new FieldProblem("sourceNote", "must be at most 300 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        jdbc.sql("""
                        INSERT INTO safevillage_count (village_id, year, criterion_code, count, source_note, recorded_by)
                        VALUES (:v, :y, :c, :n, :s, :by)
                        ON CONFLICT (village_id, year, criterion_code) DO UPDATE SET count = EXCLUDED.count, source_note = EXCLUDED.source_note,
                          recorded_by = EXCLUDED.recorded_by, recorded_at = now()""")
                .param("v", village.id()).param("y", year).param("c", criterion.code()).param("n", count)
                .param("s", sourceNote.strip()).param("by", actor.userId() > 0 ? actor.userId() : null).update();
        audit.record("SAFEVILLAGE_COUNT", "region", village.id(), year + " " + criterion.code() + "=" + count);
    }

    /** Every village in the caller's scope for the year, with the criteria it fails and their counts. */
    List<VillageResult> evaluate(Actor actor, int year) {
        DataScope scope = actor.scope();
        List<Region> villages = regions.byLevel(RegionLevel.VILLAGE).stream().filter(v -> scope.coversRegion(v.id())).toList();
        List<Criterion> active = criteria().stream().filter(Criterion::active).toList();
        Map<Long, Map<String, Integer>> recorded = new HashMap<>();
        jdbc.sql("SELECT village_id, criterion_code, count FROM safevillage_count WHERE year = :y").param("y", year)
                .query((rs, n) -> recorded.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3))).list();
        Map<Long, Long> escalated = escalatedDisputes(year);
        Set<Long> townshipIds = new HashSet<>();
        villages.forEach(v -> townshipIds.add(v.parentId()));
        Map<Long, String> townshipNames = regions.names(townshipIds);
        List<VillageResult> out = new ArrayList<>();
        for (Region v : villages) {
            List<Failure> failures = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            Map<String, Integer> counts = recorded.getOrDefault(v.id(), Map.of());
            for (Criterion c : active) {
                long n;
                if (PLATFORM_ESCALATED.equals(c.source())) {
                    n = escalated.getOrDefault(v.id(), 0L);
                } else if (counts.containsKey(c.code())) {
                    n = counts.get(c.code());
                } else {
                    missing.add(c.code());
                    n = 0;
                }
                if (n > 0) {
                    failures.add(new Failure(c, n));
                }
            }
            out.add(new VillageResult(v.id(), v.name(), townshipNames.get(v.parentId()), failures.isEmpty(), failures, missing));
        }
        return out;
    }

    /** Disputes registered in the year that were escalated, per village (grids roll up to their village). */
    Map<Long, Long> escalatedDisputes(int year) {
        var f = new MediationStore.Filter(null, null, null, null,
                Year.of(year).atDay(1).atStartOfDay(Casework.ZONE).toInstant(),
                Year.of(year + 1).atDay(1).atStartOfDay(Casework.ZONE).toInstant());
        List<MediationStore.DisputeRow> rows = disputes.list(DataScope.all(), f, 0, 100_000);
        Map<Long, CaseSummary> cases = casework.summaries(rows.stream().map(MediationStore.DisputeRow::caseId).toList());
        Map<Long, Long> villageOf = new LinkedHashMap<>();
        Map<Long, Long> counts = new HashMap<>();
        for (MediationStore.DisputeRow d : rows) {
            CaseSummary c = cases.get(d.caseId());
            if (c == null || !c.escalated()) {
                continue;
            }
            Long village = villageOf.computeIfAbsent(d.regionId(), id -> regions.find(id).map(r -> {
                long[] path = r.pathIds();
                return path.length >= 3 ? path[2] : -1L;
            }).orElse(-1L));
            counts.merge(village, 1L, Long::sum);
        }
        return counts;
    }

    private static Integer parseInt(String text, String field, int min, int max, List<FieldProblem> problems) {
        try {
            int v = Integer.parseInt(text == null ? "" : text.strip());
            if (v < min || v > max) {
                problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "must be a whole number"));
            return null;
        }
    }
}
