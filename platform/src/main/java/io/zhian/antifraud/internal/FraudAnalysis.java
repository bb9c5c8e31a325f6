package io.zhian.antifraud.internal;

import io.zhian.antifraud.FraudType;
import io.zhian.audit.AuditTrail;
import io.zhian.linking.AnalystDecision;
import io.zhian.linking.Identifier;
import io.zhian.linking.LinkEvidence;
import io.zhian.linking.QualityReport;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Masking;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What analysts read and decide: case and series views within scope, evidence chains, the series/gang
 * graph, 研判会商 records, must/cannot-link decisions, assignment to a unit, statistics.
 * Cases outside the reader's scope stay anonymous ("范围外案件") even inside a series they can see.
 */
@Service
public class FraudAnalysis {

    public record CaseView(long id, String caseNo, long regionId, String regionName, FraudType fraudType, String fraudTypeName,
                           Instant occurredAt, long amountFen, String victimNameMasked, String victimPhoneMasked, String summary,
                           Long seriesId, Long gangId) {}

    public record HopView(String from, String to, List<String> shared, int weight, boolean mustLink) {}

    public record EvidenceView(String caseA, String caseB, boolean sameSeries, long seriesId, List<HopView> hops, String explanation) {}

    public record SeriesView(long seriesId, List<CaseView> cases, long totalCases, long hiddenCases, long amountFen,
                             Long assignedUnitId, String assignedUnitName, List<FraudCaseStore.Consultation> consultations,
                             List<Map<String, Object>> history, List<FraudCaseStore.DecisionRow> decisions) {}

    static final String OUT_OF_SCOPE = "范围外案件";

    private final FraudCaseStore store;
    private final LinkingEngine engine;
    private final Regions regions;
    private final OrgUnits units;
    private final AuditTrail audit;

    FraudAnalysis(FraudCaseStore store, LinkingEngine engine, Regions regions, OrgUnits units, AuditTrail audit) {
        this.store = store;
        this.engine = engine;
        this.regions = regions;
        this.units = units;
        this.audit = audit;
    }

    public static boolean mayRead(Actor actor) {
        return actor.hasAny(Role.FRAUD_ANALYST, Role.POLICE_DISPATCHER, Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN);
    }

    public static boolean mayAnalyse(Actor actor) {
        return actor.has(Role.FRAUD_ANALYST);
    }

    public FraudCaseStore.CaseRow getCase(Actor actor, long id) {
        requireRead(actor);
        FraudCaseStore.CaseRow row = store.find(id).orElseThrow(() -> new NotFoundException("fraud_case", id));
        if (!actor.scope().permits(row.regionId(), null, row.createdBy())) {
            throw NotFoundException.outOfScope("fraud_case", id);
        }
        return row;
    }

    public List<CaseView> views(List<FraudCaseStore.CaseRow> rows) {
        Set<Long> regionIds = new HashSet<>();
        rows.forEach(r -> regionIds.add(r.regionId()));
        Map<Long, String> names = regions.names(regionIds);
        return rows.stream().map(r -> new CaseView(r.id(), r.caseNo(), r.regionId(), names.get(r.regionId()), r.fraudType(),
                r.fraudType().chinese(), r.occurredAt(), r.amountFen(), Masking.name(r.victimName()), Masking.phone(r.victimPhone()),
                r.summary(), r.seriesId(), r.gangId())).toList();
    }

    public SeriesView series(Actor actor, long seriesId) {
        requireRead(actor);
        List<FraudCaseStore.CaseRow> visible = store.members(actor.scope(), "series", seriesId);
        long total = store.memberCount("series", seriesId);
        if (total == 0) {
            throw new NotFoundException("fraud_series", seriesId);
        }
        if (visible.isEmpty()) {
            throw NotFoundException.outOfScope("fraud_series", seriesId);
        }
        List<Map<String, Object>> history = store.events(seriesId);
        Set<Long> related = new HashSet<>(List.of(seriesId));
        history.forEach(e -> {
            for (String s : ((String) e.get("other_ids")).replaceAll("[\\[\\] ]", "").split(",")) {
                if (!s.isBlank()) {
                    related.add(Long.parseLong(s));
                }
            }
        });
        Long unitId = store.assignedUnit(seriesId).orElse(null);
        List<Long> caseIds = visible.stream().map(FraudCaseStore.CaseRow::id).toList();
        return new SeriesView(seriesId, views(visible), total, total - visible.size(),
                visible.stream().mapToLong(FraudCaseStore.CaseRow::amountFen).sum(), unitId,
                unitId == null ? null : units.find(unitId).map(u -> u.name()).orElse(null),
                store.consultations(related), history, store.decisionsFor(caseIds));
    }

    /** Evidence chains from one case to every other visible case of its series. */
    public List<EvidenceView> evidenceFrom(Actor actor, long caseId) {
        FraudCaseStore.CaseRow row = getCase(actor, caseId);
        if (row.seriesId() == null) {
            return List.of();
        }
        List<FraudCaseStore.CaseRow> members = store.members(actor.scope(), "series", row.seriesId());
        Set<String> visible = new HashSet<>();
        members.forEach(m -> visible.add(m.caseNo()));
        List<EvidenceView> chains = new ArrayList<>();
        for (FraudCaseStore.CaseRow m : members) {
            if (m.id() != row.id() && chains.size() < 50) {
                chains.add(view(engine.evidence(row.caseNo(), m.caseNo()), visible));
            }
        }
        return chains;
    }

    public EvidenceView evidence(Actor actor, long caseA, long caseB) {
        FraudCaseStore.CaseRow a = getCase(actor, caseA);
        FraudCaseStore.CaseRow b = getCase(actor, caseB);
        Set<String> visible = new HashSet<>();
        if (a.seriesId() != null) {
            store.members(actor.scope(), "series", a.seriesId()).forEach(m -> visible.add(m.caseNo()));
        }
        visible.add(a.caseNo());
        visible.add(b.caseNo());
        return view(engine.evidence(a.caseNo(), b.caseNo()), visible);
    }

    private static EvidenceView view(LinkEvidence e, Set<String> visible) {
        List<HopView> hops = e.hops().stream().map(h -> new HopView(name(h.from(), visible), name(h.to(), visible),
                h.shared().stream().map(s -> label(s.identifier()) + " (" + s.weight() + ")").toList(), h.weight(), h.mustLink())).toList();
        String explanation = e.explanation();
        return new EvidenceView(e.caseA(), e.caseB(), e.sameSeries(), e.seriesId(), hops, explanation);
    }

    private static String name(String caseNo, Set<String> visible) {
        return visible.contains(caseNo) ? caseNo : OUT_OF_SCOPE;
    }

    static String label(Identifier id) {
        return id.type().name() + ":" + id.value();
    }

    /**
     * The graph of a case's series (or gang): visible cases and the identifiers they share, as ECharts
     * graph data. Identifiers used by only one shown case are left out: they explain nothing.
     */
    public Map<String, Object> graph(Actor actor, long caseId, boolean gang) {
        FraudCaseStore.CaseRow row = getCase(actor, caseId);
        List<FraudCaseStore.CaseRow> members = row.seriesId() == null ? List.of(row)
                : store.members(actor.scope(), gang ? "gang" : "series", gang ? row.gangId() : row.seriesId());
        if (members.size() > 300) {
            members = members.subList(0, 300);
        }
        List<String> keys = members.stream().map(FraudCaseStore.CaseRow::caseNo).toList();
        Map<String, List<Identifier>> idsByCase = engine.read(idx -> {
            Map<String, List<Identifier>> map = new LinkedHashMap<>();
            keys.forEach(k -> map.put(k, idx.contains(k) ? idx.identifiersOf(k) : List.of()));
            return map;
        });
        Map<Identifier, Integer> uses = new HashMap<>();
        idsByCase.values().forEach(list -> list.forEach(i -> uses.merge(i, 1, Integer::sum)));
        // hubs (hotlines, aggregators) are shared by many cases yet link none: leave them out of the picture
        Map<Identifier, Long> caseCounts = store.caseCounts(uses.keySet());
        var policy = engine.read(idx -> idx.hubPolicy());
        uses.keySet().removeIf(i -> policy.isHub(i, caseCounts.getOrDefault(i, 0L).intValue()));
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> links = new ArrayList<>();
        for (FraudCaseStore.CaseRow m : members) {
            nodes.add(Map.of("id", "c" + m.id(), "name", m.caseNo(), "category", 0, "symbolSize", m.id() == caseId ? 22 : 14,
                    "caseId", m.id(), "series", m.seriesId() == null ? 0 : m.seriesId()));
        }
        Map<Identifier, String> nodeIds = new HashMap<>();
        List<String> typeNames = new ArrayList<>(List.of("案件"));
        for (var t : io.zhian.linking.IdentifierType.values()) {
            typeNames.add(t.name());
        }
        for (FraudCaseStore.CaseRow m : members) {
            for (Identifier i : idsByCase.get(m.caseNo())) {
                if (uses.getOrDefault(i, 0) < 2) {
                    continue;
                }
                String nodeId = nodeIds.computeIfAbsent(i, k -> {
                    String id = "i" + nodeIds.size();
                    nodes.add(Map.of("id", id, "name", label(k), "category", k.type().ordinal() + 1, "symbolSize", 9));
                    return id;
                });
                links.add(Map.of("source", "c" + m.id(), "target", nodeId));
            }
        }
        List<Map<String, Object>> categories = typeNames.stream().map(n -> Map.<String, Object>of("name", n)).toList();
        return Map.of("nodes", nodes, "links", links, "categories", categories, "cases", members.size(),
                "view", gang ? "gang" : "series");
    }

    @Transactional
    public void decide(Actor actor, long caseA, long caseB, boolean must, String note) {
        requireAnalyst(actor);
        List<FieldProblem> problems = new ArrayList<>();
        if (caseA == caseB) {
            problems.add(new FieldProblem("caseB", "pick two different cases"));
        }
        if (note == null || note.strip().length() < 4 || note.length() > 500) {
            problems.add(new FieldProblem("note", "give the reason for the decision (4 to 500 characters)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        FraudCaseStore.CaseRow a = getCase(actor, caseA);
        FraudCaseStore.CaseRow b = getCase(actor, caseB);
        store.saveDecision(a.id(), b.id(), must ? "MUST" : "CANNOT", note.strip(), actor.userId());
        try {
            engine.decide(new AnalystDecision(must ? AnalystDecision.Kind.MUST_LINK : AnalystDecision.Kind.CANNOT_LINK,
                    a.caseNo(), b.caseNo(), note.strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("caseB", "contradicts earlier decisions: " + e.getMessage());
        }
        audit.record(must ? "FRAUD_MUST_LINK" : "FRAUD_CANNOT_LINK", "fraud_case", a.id(), "with " + b.id() + ": " + note.strip());
    }

    @Transactional
    public long consult(Actor actor, long seriesId, Instant heldAt, String participants, String conclusion) {
        requireAnalyst(actor);
        series(actor, seriesId);
        List<FieldProblem> problems = new ArrayList<>();
        if (heldAt == null || heldAt.isAfter(Instant.now().plusSeconds(3600))) {
            problems.add(new FieldProblem("heldAt", "is required and cannot lie in the future"));
        }
        if (participants == null || participants.isBlank() || participants.length() > 500) {
            problems.add(new FieldProblem("participants", "is required, at most 500 characters"));
        }
        if (conclusion == null || conclusion.strip().length() < 4 || conclusion.length() > 2000) {
            problems.add(new FieldProblem("conclusion", "is required (4 to 2000 characters)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.saveConsultation(seriesId, heldAt, participants.strip(), conclusion.strip(), actor.userId());
        audit.record("FRAUD_CONSULTATION", "fraud_series", seriesId, "consultation " + id);
        return id;
    }

    @Transactional
    public void assign(Actor actor, long seriesId, String unitCode) {
        requireAnalyst(actor);
        series(actor, seriesId);
        var unit = unitCode == null ? null : units.findByCode(unitCode.strip()).orElse(null);
        if (unit == null) {
            throw new InvalidInputException("unitCode", unitCode == null || unitCode.isBlank() ? "is required" : "no unit has the code " + unitCode);
        }
        store.assign(seriesId, unit.id(), actor.userId());
        audit.record("FRAUD_SERIES_ASSIGN", "fraud_series", seriesId, "unit " + unit.code());
    }

    /** Victim name and phone in full, for a stated reason; audited. */
    public Map<String, String> victim(Actor actor, long caseId, String reason) {
        FraudCaseStore.CaseRow row = getCase(actor, caseId);
        if (reason == null || reason.strip().length() < 4) {
            throw new InvalidInputException("reason", "say why you need the victim's details (at least 4 characters)");
        }
        audit.recordPersonalDataRead("fraud_case", caseId, "victim", reason.strip());
        Map<String, String> v = new LinkedHashMap<>();
        v.put("victimName", row.victimName() == null ? "" : row.victimName());
        v.put("victimPhone", row.victimPhone() == null ? "" : row.victimPhone());
        return v;
    }

    /** Counts and amounts by fraud type, township or month, within scope. */
    public List<Map<String, Object>> statistics(Actor actor, String by, Instant from, Instant to) {
        requireRead(actor);
        if (!List.of("type", "region", "month").contains(by)) {
            throw new InvalidInputException("by", "must be type, region or month");
        }
        List<Map<String, Object>> rows = store.stats(actor.scope(), by, from, to);
        List<Map<String, Object>> out = new ArrayList<>();
        if (by.equals("region")) {
            // roll villages and grids up to their township
            Map<Long, Map<String, Object>> byTownship = new LinkedHashMap<>();
            for (Map<String, Object> r : rows) {
                long regionId = ((Number) r.get("k")).longValue();
                Region region = regions.find(regionId).orElseThrow();
                long[] path = region.pathIds();
                long township = path.length > 1 ? path[1] : path[0];
                Map<String, Object> agg = byTownship.computeIfAbsent(township, t -> new LinkedHashMap<>(Map.of("cases", 0L, "amountFen", 0L)));
                agg.put("cases", (Long) agg.get("cases") + ((Number) r.get("cases")).longValue());
                agg.put("amountFen", (Long) agg.get("amountFen") + ((Number) r.get("amount_fen")).longValue());
            }
            Map<Long, String> names = regions.names(byTownship.keySet());
            byTownship.forEach((id, agg) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", String.valueOf(id));
                m.put("label", names.get(id));
                m.put("cases", agg.get("cases"));
                m.put("amountYuan", java.math.BigDecimal.valueOf((Long) agg.get("amountFen"), 2));
                out.add(m);
            });
            out.sort((x, y) -> Long.compare((Long) y.get("cases"), (Long) x.get("cases")));
            return out;
        }
        for (Map<String, Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            String key = String.valueOf(r.get("k"));
            m.put("key", key);
            m.put("label", by.equals("type") ? FraudType.valueOf(key).chinese() : key);
            m.put("cases", ((Number) r.get("cases")).longValue());
            m.put("amountYuan", java.math.BigDecimal.valueOf(((Number) r.get("amount_fen")).longValue(), 2));
            m.put("linkedSeries", ((Number) r.get("linked_series")).longValue());
            out.add(m);
        }
        return out;
    }

    public QualityReport quality(Actor actor) {
        requireAnalyst(actor);
        if (!actor.scope().isAll()) {
            throw new ForbiddenException("the linking quality report covers the whole city: it needs a city-wide scope");
        }
        return engine.quality();
    }

    static void requireRead(Actor actor) {
        if (!mayRead(actor)) {
            throw new ForbiddenException("your role may not read fraud cases");
        }
    }

    static void requireAnalyst(Actor actor) {
        if (!mayAnalyse(actor)) {
            throw new ForbiddenException("only fraud analysts make linking decisions, consultations and assignments");
        }
    }
}
