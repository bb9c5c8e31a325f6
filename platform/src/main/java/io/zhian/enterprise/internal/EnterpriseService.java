package io.zhian.enterprise.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.casework.CaseView;
import io.zhian.casework.Casework;
import io.zhian.casework.NewCase;
import io.zhian.casework.NewParty;
import io.zhian.enterprise.CreditCode;
import io.zhian.enterprise.internal.EnterpriseStore.DeedRow;
import io.zhian.enterprise.internal.EnterpriseStore.EnterpriseRow;
import io.zhian.identity.UserDirectory;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Masking;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Enterprises, pairings, visits, problems (as casework cases), practical deeds; every by-id access re-checks scope. */
@Service
public class EnterpriseService {

    static final Set<Role> READERS = Set.of(Role.LIAISON_OFFICER, Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN);
    static final Set<Role> MANAGERS = Set.of(Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN);
    static final String PROBLEM_TYPE = "ENTERPRISE_PROBLEM";
    private static final Pattern PHONE = Pattern.compile("[0-9+\\- ]{5,20}");

    public record NewEnterprise(String name, String creditCode, String regionCode, Boolean aboveSize, String contactName,
                         String contactPhone) {}

    public record EnterpriseView(long id, String name, String creditCode, long regionId, String regionName, boolean aboveSize,
                          String contactName, String contactPhone) {}

    public record ProblemView(long id, long caseId, String caseNo, String title, String state, String outcome, boolean visible) {}

    public record NewDeed(String regionCode, String beneficiaryKind, String beneficiaryName, String what, String doneOn) {}

    public record DeedView(long id, String doerName, long unitId, String unitName, long regionId, String regionName,
                    String beneficiaryKind, String beneficiary, String what, LocalDate doneOn, boolean hasPhoto) {}

    private final EnterpriseStore store;
    private final Regions regions;
    private final OrgUnits units;
    private final Casework casework;
    private final UserDirectory users;
    private final AuditTrail audit;

    EnterpriseService(EnterpriseStore store, Regions regions, OrgUnits units, Casework casework, UserDirectory users,
                      AuditTrail audit) {
        this.store = store;
        this.regions = regions;
        this.units = units;
        this.casework = casework;
        this.users = users;
        this.audit = audit;
    }

    static boolean mayRead(Actor actor) {
        return actor.hasAny(READERS);
    }

    static boolean mayManage(Actor actor) {
        return actor.hasAny(MANAGERS);
    }

    static void requireRead(Actor actor) {
        if (!mayRead(actor)) {
            throw new ForbiddenException("your roles do not work with enterprises or practical deeds");
        }
    }

    static void requireManage(Actor actor) {
        if (!mayManage(actor)) {
            throw new ForbiddenException("only township officers and city administrators manage enterprises");
        }
    }

    // ---- enterprises ----

    @Transactional
    public long create(Actor actor, NewEnterprise in) {
        requireManage(actor);
        List<FieldProblem> problems = new ArrayList<>();
        String name = strip(in.name());
        if (name == null) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.length() > 200) {
            problems.add(new FieldProblem("name", "must be at most 200 characters"));
        }
        String code = CreditCode.normalise(in.creditCode());
        CreditCode.problem(code).ifPresentOrElse(p -> problems.add(new FieldProblem("creditCode", p)), () -> {
            if (store.creditCodeTaken(code)) {
                problems.add(new FieldProblem("creditCode", "an enterprise with this code is already registered"));
            }
        });
        Region region = regionInScope(actor, in.regionCode(), problems);
        String contactName = strip(in.contactName());
        if (contactName != null && contactName.length() > 64) {
            problems.add(new FieldProblem("contactName", "must be at most 64 characters"));
        }
        String phone = strip(in.contactPhone());
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problems.add(new FieldProblem("contactPhone", "digits only (5 to 20), '+', '-' and spaces allowed"));
        }
        if (contactName == null && phone != null) {
            problems.add(new FieldProblem("contactName", "is required when a phone is given"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertEnterprise(name, code, region.id(), Boolean.TRUE.equals(in.aboveSize()), contactName, phone,
                actor.userId(), actor.unitId());
        audit.record("ENTERPRISE_CREATE", "enterprise", id, code + " " + name);
        return id;
    }

    /** The by-id read: 404 when missing or outside the caller's scope (a pairing counts as in scope). */
    EnterpriseRow row(Actor actor, long id) {
        requireRead(actor);
        EnterpriseRow row = store.find(id).orElseThrow(() -> new NotFoundException("enterprise", id));
        if (!actor.scope().permits(row.regionId(), row.createdUnitId(), row.createdBy()) && !store.paired(id, actor.userId())) {
            throw NotFoundException.outOfScope("enterprise", id);
        }
        return row;
    }

    EnterpriseView get(Actor actor, long id) {
        return views(List.of(row(actor, id))).get(0);
    }

    List<EnterpriseView> list(Actor actor, String q, int offset, int limit) {
        requireRead(actor);
        return views(store.list(actor.scope(), actor.userId(), q, offset, limit));
    }

    long count(Actor actor, String q) {
        requireRead(actor);
        return store.count(actor.scope(), actor.userId(), q);
    }

    private List<EnterpriseView> views(List<EnterpriseRow> rows) {
        Map<Long, String> names = regions.names(rows.stream().map(EnterpriseRow::regionId).toList());
        return rows.stream().map(r -> new EnterpriseView(r.id(), r.name(), r.creditCode(), r.regionId(), names.get(r.regionId()),
                r.aboveSize(), Masking.name(r.contactName()), Masking.phone(r.contactPhone()))).toList();
    }

    /** The contact's full name and phone: needs a reason; the read is audited. */
    Map<String, String> revealContact(Actor actor, long id, String reason) {
        EnterpriseRow row = row(actor, id);
        if (reason == null || reason.strip().length() < 2) {
            throw new InvalidInputException("reason", "state why you need the full details (at least 2 characters)");
        }
        audit.recordPersonalDataRead("enterprise", id, "contact_name,contact_phone", reason.strip());
        Map<String, String> m = new LinkedHashMap<>();
        m.put("contactName", row.contactName());
        m.put("contactPhone", row.contactPhone());
        return m;
    }

    /** Live figures per region in scope and in total; solved = casework outcome RESOLVED. */
    @SuppressWarnings("unchecked")
    Map<String, Object> statistics(Actor actor) {
        requireRead(actor);
        List<Map<String, Object>> byRegion = store.figures(actor.scope(), actor.userId());
        List<Long> allCases = new java.util.ArrayList<>();
        byRegion.forEach(m -> allCases.addAll((List<Long>) m.get("caseIds")));
        Map<Long, io.zhian.casework.CaseOutcome> outcomes = casework.outcomes(allCases);
        for (Map<String, Object> m : byRegion) {
            @SuppressWarnings("unchecked")
            List<Long> ids = (List<Long>) m.remove("caseIds");
            m.put("problems", (long) ids.size());
            m.put("solved", ids.stream().filter(id -> outcomes.get(id) == io.zhian.casework.CaseOutcome.RESOLVED).count());
        }
        Map<Long, String> names = regions.names(byRegion.stream().map(m -> (Long) m.get("regionId")).toList());
        long enterprises = 0;
        long problems = 0;
        long solved = 0;
        long above = 0;
        for (Map<String, Object> m : byRegion) {
            m.put("regionName", names.get((Long) m.get("regionId")));
            enterprises += (Long) m.get("enterprises");
            problems += (Long) m.get("problems");
            solved += (Long) m.get("solved");
            above += (Long) m.get("aboveSize");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enterprises", enterprises);
        out.put("aboveSize", above);
        out.put("problems", problems);
        out.put("solved", solved);
        out.put("byRegion", byRegion);
        return out;
    }

    // ---- pairings and visits ----

    @Transactional
    public void pair(Actor actor, long enterpriseId, String username) {
        row(actor, enterpriseId);
        requireManage(actor);
        String u = strip(username);
        if (u == null) {
            throw new InvalidInputException("username", "is required");
        }
        UserDirectory.UserSummary user = users.findByUsername(u).filter(UserDirectory.UserSummary::enabled)
                .orElseThrow(() -> new InvalidInputException("username", "no active user is called " + u));
        if (store.paired(enterpriseId, user.id())) {
            throw new InvalidInputException("username", user.username() + " is already paired with this enterprise");
        }
        store.insertPairing(enterpriseId, user.id(), user.username(), user.displayName());
        audit.record("ENTERPRISE_PAIR", "enterprise", enterpriseId, "paired " + user.username());
    }

    List<EnterpriseStore.PairingRow> pairings(Actor actor, long enterpriseId) {
        row(actor, enterpriseId);
        return store.pairings(enterpriseId);
    }

    /** Paired liaison officers and managers in scope log visits. */
    private void requireWork(Actor actor, long enterpriseId) {
        if (!mayManage(actor) && !store.paired(enterpriseId, actor.userId())) {
            throw new ForbiddenException("only officers paired with this enterprise (or township officers) record its work");
        }
    }

    @Transactional
    public long visit(Actor actor, long enterpriseId, String visitedOn, String notes) {
        row(actor, enterpriseId);
        requireWork(actor, enterpriseId);
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate on = date("visitedOn", visitedOn, problems);
        String n = strip(notes);
        if (n == null) {
            problems.add(new FieldProblem("notes", "is required"));
        } else if (n.length() > 2000) {
            problems.add(new FieldProblem("notes", "must be at most 2000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertVisit(enterpriseId, on, actor.userId(), actor.displayName(), n);
        audit.record("ENTERPRISE_VISIT", "enterprise_visit", id, "enterprise " + enterpriseId + " on " + on);
        return id;
    }

    List<EnterpriseStore.VisitRow> visits(Actor actor, long enterpriseId) {
        row(actor, enterpriseId);
        return store.visits(enterpriseId);
    }

    // ---- problems: casework cases ----

    /** Creates a casework case of type ENTERPRISE_PROBLEM in the enterprise's region and links it. */
    @Transactional
    public long raiseProblem(Actor actor, long enterpriseId, String title, String description, String channel) {
        EnterpriseRow e = row(actor, enterpriseId);
        requireWork(actor, enterpriseId);
        Region region = regions.find(e.regionId()).orElseThrow();
        // a paired liaison officer whose own scope lacks the enterprise's region acts for this case in that region only
        Actor acting = actor.scope().coversRegion(e.regionId()) ? actor : new Actor(actor.userId(), actor.username(),
                actor.displayName(), actor.unitId(), actor.regionId(), actor.roles(),
                DataScope.of(LongStream.concat(LongStream.of(actor.scope().regionIds()), LongStream.of(e.regionId())).toArray(),
                        actor.scope().unitIds(), actor.userId()));
        List<NewParty> parties = List.of(new NewParty("ENTERPRISE", e.name().length() > 64 ? e.name().substring(0, 64) : e.name(),
                e.contactPhone()));
        long caseId = casework.create(acting, new NewCase(PROBLEM_TYPE, title, description, region.code(),
                channel == null || channel.isBlank() ? "WALK_IN" : channel, parties));
        long id = store.insertProblem(enterpriseId, caseId, actor.userId());
        audit.record("ENTERPRISE_PROBLEM", "enterprise", enterpriseId, "casework case " + caseId);
        return caseId;
    }

    /** The enterprise's problems with their live casework state; cases the caller may not open show as not visible. */
    List<ProblemView> problems(Actor actor, long enterpriseId) {
        row(actor, enterpriseId);
        List<ProblemView> out = new ArrayList<>();
        for (EnterpriseStore.ProblemRow p : store.problems(enterpriseId)) {
            try {
                CaseView c = casework.get(actor, p.caseId());
                out.add(new ProblemView(p.id(), p.caseId(), c.caseNo(), c.title(), c.state().name(),
                        c.outcome() == null ? null : c.outcome().name(), true));
            } catch (NotFoundException | ForbiddenException hidden) {
                out.add(new ProblemView(p.id(), p.caseId(), null, null, null, null, false));
            }
        }
        return out;
    }

    /** A row of the problem list: the case's number and title only when the caller may open the case. */
    public record ProblemListRow(long enterpriseId, String enterpriseName, long caseId, String caseNo, String title, String state,
                                 String outcome, java.time.Instant raisedAt, java.time.Instant solvedAt, boolean visible) {}

    /** One page of the problem list and the number of rows in all. */
    record ProblemPage(long total, List<ProblemListRow> items) {}

    /**
     * Problems of enterprises in the caller's scope, in the filter's subtree; with {@code solved} only those whose case
     * ended RESOLVED within the months (by the case's finish time), else those raised within the months — the same
     * rule as the {@code enterprise.problems-solved} figure. Newest first.
     */
    ProblemPage problemList(Actor actor, EnterpriseListFilter filter, int offset, int limit) {
        requireRead(actor);
        List<EnterpriseStore.ProblemLink> links = store.problemLinks(actor.scope(), actor.userId(), filter.range().subtree());
        Map<Long, io.zhian.casework.CaseSummary> summaries = casework.summaries(links.stream().map(EnterpriseStore.ProblemLink::caseId)
                .toList());
        List<ProblemListRow> rows = new ArrayList<>();
        for (EnterpriseStore.ProblemLink l : links) {
            io.zhian.casework.CaseSummary c = summaries.get(l.caseId());
            java.time.Instant solvedAt = c != null && c.outcome() == io.zhian.casework.CaseOutcome.RESOLVED ? c.finishedAt() : null;
            java.time.Instant at = filter.solved() ? solvedAt : l.raisedAt();
            if (at == null || !filter.range().covers(at.atZone(Casework.ZONE).toLocalDate())) {
                continue;
            }
            rows.add(new ProblemListRow(l.enterpriseId(), l.enterpriseName(), l.caseId(), null, null,
                    c == null ? null : c.state().name(), c == null || c.outcome() == null ? null : c.outcome().name(), l.raisedAt(),
                    solvedAt, false));
        }
        if (filter.solved()) {
            rows.sort(java.util.Comparator.comparing(ProblemListRow::solvedAt).reversed());
        }
        List<ProblemListRow> page = new ArrayList<>();
        for (ProblemListRow r : rows.subList(Math.min(offset, rows.size()), Math.min(offset + limit, rows.size()))) {
            try {
                CaseView c = casework.get(actor, r.caseId());
                page.add(new ProblemListRow(r.enterpriseId(), r.enterpriseName(), r.caseId(), c.caseNo(), c.title(), r.state(),
                        r.outcome(), r.raisedAt(), r.solvedAt(), true));
            } catch (NotFoundException | ForbiddenException hidden) {
                page.add(r);
            }
        }
        return new ProblemPage(rows.size(), page);
    }

    // ---- practical deeds ----

    @Transactional
    public long recordDeed(Actor actor, NewDeed in) {
        return recordDeed(actor, in, null);
    }

    /** Records a deed with an optional photo (null: none); a bad photo is refused with the other fields, nothing stored. */
    @Transactional
    public long recordDeed(Actor actor, NewDeed in, byte[] photo) {
        requireRead(actor);
        List<FieldProblem> problems = new ArrayList<>();
        Region region = regionInScope(actor, in.regionCode(), problems);
        String kind = in.beneficiaryKind() == null ? null : in.beneficiaryKind().strip().toUpperCase();
        if (kind == null || kind.isEmpty()) {
            problems.add(new FieldProblem("beneficiaryKind", "is required"));
        } else if (!Set.of("VILLAGE", "GROUP", "PERSON").contains(kind)) {
            problems.add(new FieldProblem("beneficiaryKind", "must be VILLAGE, GROUP or PERSON"));
        }
        String who = strip(in.beneficiaryName());
        if (("GROUP".equals(kind) || "PERSON".equals(kind)) && who == null) {
            problems.add(new FieldProblem("beneficiaryName", "is required for a group or a person"));
        } else if (who != null && who.length() > ("PERSON".equals(kind) ? 32 : 100)) {
            problems.add(new FieldProblem("beneficiaryName", "is too long (a person: name only, at most 32 characters)"));
        }
        String what = strip(in.what());
        if (what == null) {
            problems.add(new FieldProblem("what", "is required"));
        } else if (what.length() > 1000) {
            problems.add(new FieldProblem("what", "must be at most 1000 characters"));
        }
        LocalDate on = date("doneOn", in.doneOn(), problems);
        if (photo != null) {
            DeedPhotos.problem(photo).ifPresent(p -> problems.add(new FieldProblem("photo", p)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertDeed(actor.userId(), actor.displayName(), actor.unitId(), region.id(), kind,
                "VILLAGE".equals(kind) ? null : who, what, on);
        audit.record("DEED_CREATE", "practical_deed", id, kind + " " + on);
        if (photo != null) {
            storePhoto(actor, id, photo);
        }
        return id;
    }

    /** The by-id read of a deed: 404 when missing or outside the caller's scope (the same scope as the deed list). */
    DeedRow deedRow(Actor actor, long id) {
        requireRead(actor);
        DeedRow row = store.findDeed(id).orElseThrow(() -> new NotFoundException("practical_deed", id));
        if (!actor.scope().permits(row.regionId(), row.unitId(), row.userId())) {
            throw NotFoundException.outOfScope("practical_deed", id);
        }
        return row;
    }

    DeedView deed(Actor actor, long id) {
        return deedViews(List.of(deedRow(actor, id))).get(0);
    }

    /** Who may attach, replace or remove a deed's photo: the doer, or a township officer / city administrator in scope. */
    boolean mayEditDeed(Actor actor, long deedId) {
        return mayEditDeed(actor, deedRow(actor, deedId));
    }

    private static boolean mayEditDeed(Actor actor, DeedRow deed) {
        return mayManage(actor) || deed.userId() == actor.userId();
    }

    private static void requireEditDeed(Actor actor, DeedRow deed) {
        if (!mayEditDeed(actor, deed)) {
            throw new ForbiddenException("only the officer who did the deed (or a township officer) changes its photo");
        }
    }

    /** Attaches or replaces the deed's photo; refused with field {@code photo} and nothing stored when it breaks the rules. */
    @Transactional
    public void setDeedPhoto(Actor actor, long deedId, byte[] photo) {
        DeedRow deed = deedRow(actor, deedId);
        requireEditDeed(actor, deed);
        if (photo == null) {
            throw new InvalidInputException("photo", "is required (a JPEG or PNG image, at most 5 MB)");
        }
        DeedPhotos.problem(photo).ifPresent(p -> {
            throw new InvalidInputException("photo", p);
        });
        storePhoto(actor, deedId, photo);
    }

    private void storePhoto(Actor actor, long deedId, byte[] photo) {
        String type = DeedPhotos.detect(photo).orElseThrow();
        String sha = DeedPhotos.sha256(photo);
        boolean replaced = store.putPhoto(deedId, type, photo, sha, actor.userId());
        audit.record(replaced ? "DEED_PHOTO_REPLACE" : "DEED_PHOTO_ADD", "practical_deed", deedId,
                type + " " + photo.length + " bytes sha256=" + sha);
    }

    /** Removes the deed's photo (404 when it has none); audited. */
    @Transactional
    public void removeDeedPhoto(Actor actor, long deedId) {
        DeedRow deed = deedRow(actor, deedId);
        requireEditDeed(actor, deed);
        EnterpriseStore.PhotoRow old = store.photo(deedId).orElseThrow(() -> new NotFoundException("deed_photo", deedId));
        store.removePhoto(deedId);
        audit.record("DEED_PHOTO_REMOVE", "practical_deed", deedId, "removed sha256=" + old.sha256());
    }

    /** The deed's photo, scoped exactly like the deed: an ordinary deed read, no extra reveal step. */
    EnterpriseStore.PhotoRow deedPhoto(Actor actor, long deedId) {
        deedRow(actor, deedId);
        return store.photo(deedId).orElseThrow(() -> new NotFoundException("deed_photo", deedId));
    }

    List<DeedView> deeds(Actor actor, int offset, int limit) {
        return deeds(actor, EnterpriseListFilter.NONE, offset, limit);
    }

    List<DeedView> deeds(Actor actor, EnterpriseListFilter filter, int offset, int limit) {
        requireRead(actor);
        return deedViews(store.deeds(actor.scope(), filter, offset, limit));
    }

    private List<DeedView> deedViews(List<DeedRow> rows) {
        Map<Long, String> regionNames = regions.names(rows.stream().map(DeedRow::regionId).toList());
        Map<Long, String> unitNames = unitNames(rows.stream().map(DeedRow::unitId).toList());
        return rows.stream().map(d -> new DeedView(d.id(), d.doerName(), d.unitId(), unitNames.get(d.unitId()), d.regionId(),
                regionNames.get(d.regionId()), d.beneficiaryKind(),
                switch (d.beneficiaryKind()) {
                    case "PERSON" -> Masking.name(d.beneficiaryName());
                    case "GROUP" -> d.beneficiaryName();
                    default -> regionNames.get(d.regionId());
                }, d.what(), d.doneOn(), d.hasPhoto())).toList();
    }

    long countDeeds(Actor actor) {
        return countDeeds(actor, EnterpriseListFilter.NONE);
    }

    long countDeeds(Actor actor, EnterpriseListFilter filter) {
        requireRead(actor);
        return store.countDeeds(actor.scope(), filter);
    }

    Map<String, Object> deedCounts(Actor actor) {
        return deedCounts(actor, EnterpriseListFilter.NONE);
    }

    /** Deeds in scope (and in the filter) per unit and month, plus totals per unit and per month. */
    Map<String, Object> deedCounts(Actor actor, EnterpriseListFilter filter) {
        requireRead(actor);
        List<Map<String, Object>> rows = store.deedCounts(actor.scope(), filter);
        Map<Long, String> unitNames = unitNames(rows.stream().map(m -> (Long) m.get("unitId")).toList());
        Map<String, Long> byUnit = new LinkedHashMap<>();
        Map<String, Long> byMonth = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (Map<String, Object> m : rows) {
            String unit = unitNames.getOrDefault((Long) m.get("unitId"), "#" + m.get("unitId"));
            m.put("unitName", unit);
            byUnit.merge(unit, (Long) m.get("deeds"), Long::sum);
            byMonth.merge((String) m.get("month"), (Long) m.get("deeds"), Long::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("byUnitAndMonth", rows);
        out.put("byUnit", byUnit);
        out.put("byMonth", byMonth);
        return out;
    }

    // ---- helpers ----

    private Map<Long, String> unitNames(List<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        for (Long id : new java.util.HashSet<>(ids)) {
            units.find(id).map(OrgUnit::name).ifPresent(n -> names.put(id, n));
        }
        return names;
    }

    private Region regionInScope(Actor actor, String regionCode, List<FieldProblem> problems) {
        if (regionCode == null || regionCode.isBlank()) {
            problems.add(new FieldProblem("regionCode", "is required"));
            return null;
        }
        Region region = regions.findByCode(regionCode.strip()).orElse(null);
        if (region == null) {
            problems.add(new FieldProblem("regionCode", "no region has the code " + regionCode.strip()));
        } else if (!actor.scope().coversRegion(region.id())) {
            problems.add(new FieldProblem("regionCode", "is outside your data scope"));
            return null;
        }
        return region;
    }

    private static LocalDate date(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(value.strip());
            if (d.isAfter(LocalDate.now(Casework.ZONE))) {
                problems.add(new FieldProblem(field, "cannot be in the future"));
            }
            return d;
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "'" + value.strip() + "' is not a date like 2026-11-29"));
            return null;
        }
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
