package io.zhian.casework;

import io.zhian.audit.AuditTrail;
import io.zhian.casework.internal.CaseStore;
import io.zhian.casework.internal.CaseStore.CaseRow;
import io.zhian.casework.internal.CaseStore.Change;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Masking;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The casework mechanism: intake, the state machine, queues, escalation, statistics. Every by-id read
 * and write re-checks the caller's scope; a case outside it answers "not found".
 */
@Service
public class Casework {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final Set<Role> WORKERS = Set.of(Role.TOWNSHIP_OFFICER, Role.GRID_WORKER, Role.MEDIATOR, Role.LIAISON_OFFICER,
            Role.CITY_ADMIN);
    static final Pattern PHONE = Pattern.compile("[0-9+\\- ]{5,20}");
    static final String SYSTEM = "系统";

    /** A page of cases. */
    public record Page(long total, int page, int size, List<CaseView> items) {}

    private final CaseStore store;
    private final Regions regions;
    private final OrgUnits units;
    private final AuditTrail audit;

    private final io.zhian.identity.UserDirectory users;

    Casework(CaseStore store, Regions regions, OrgUnits units, AuditTrail audit, io.zhian.identity.UserDirectory users) {
        this.users = users;
        this.store = store;
        this.regions = regions;
        this.units = units;
        this.audit = audit;
    }

    public static boolean mayWork(Actor actor) {
        return actor.hasAny(WORKERS);
    }

    static void requireWorker(Actor actor) {
        if (!mayWork(actor)) {
            throw new ForbiddenException("your roles do not handle governance cases");
        }
    }

    public List<CaseType> types() {
        return store.types();
    }

    public WorkingCalendar calendar() {
        return store.calendar();
    }

    /** End of the n-th working day after the day of {@code from} (city time). */
    public Instant dueAfter(Instant from, int workingDays) {
        LocalDate due = store.calendar().addWorkingDays(from.atZone(ZONE).toLocalDate(), workingDays);
        return due.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    /** Upper bound of "due soon": the end of the second working day from today. */
    public Instant dueSoonLimit(Instant now) {
        return dueAfter(now, 2);
    }

    // ---- intake ----

    @Transactional
    public long create(Actor actor, NewCase input) {
        requireWorker(actor);
        List<FieldProblem> problems = new ArrayList<>();
        CaseType type = checkType(input.typeCode(), problems);
        checkText(input.title(), input.description(), problems);
        Channel channel = Channel.parse(input.channel());
        if (channel == null) {
            problems.add(new FieldProblem("channel", input.channel() == null || input.channel().isBlank() ? "is required"
                    : "must be one of " + Arrays.toString(Channel.values())));
        }
        Region region = null;
        if (input.regionCode() == null || input.regionCode().isBlank()) {
            problems.add(new FieldProblem("regionCode", "is required"));
        } else {
            region = regions.findByCode(input.regionCode()).orElse(null);
            if (region == null) {
                problems.add(new FieldProblem("regionCode", "no region has the code " + input.regionCode().strip()));
            } else if (!actor.scope().coversRegion(region.id())) {
                problems.add(new FieldProblem("regionCode", "is outside your data scope"));
            }
        }
        checkParties(input.parties(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = insert(type, input.title().strip(), input.description().strip(), region, channel, null, null, null, false,
                actor.userId(), actor.displayName(), input.parties());
        audit.record("CASEWORK_CREATE", "casework_case", id, type.code() + " " + input.title().strip());
        return id;
    }

    /** Citizen intake (Open311): no acting user; the caller has already found the region. */
    @Transactional
    public long createPublic(String typeCode, String description, Region region, Double lat, Double lon, String address,
                             NewParty reporter) {
        List<FieldProblem> problems = new ArrayList<>();
        CaseType type = checkType(typeCode, problems);
        String title = description == null ? "" : description.strip().codePoints().limit(40)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        checkText(title, description, problems);
        List<NewParty> parties = reporter == null ? List.of() : List.of(reporter);
        checkParties(parties, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = insert(type, title, description.strip(), region, Channel.ONLINE, lat, lon, address, true, null,
                "市民（网上受理）", parties);
        audit.record("CASEWORK_CREATE_PUBLIC", "casework_case", id, type.code());
        return id;
    }

    private long insert(CaseType type, String title, String description, Region region, Channel channel, Double lat, Double lon,
                        String address, boolean publicIntake, Long userId, String actorName, List<NewParty> parties) {
        Region handling = handlingRegion(region);
        Optional<OrgUnit> unit = unitFor(handling);
        Instant now = Instant.now();
        String caseNo = store.nextCaseNo(now.atZone(ZONE).getYear());
        long id = store.insert(caseNo, type.code(), title, description, region.id(), handling.id(), channel,
                unit.map(OrgUnit::id).orElse(null), dueAfter(now, type.dueWorkingDays()), lat, lon, address, publicIntake, userId);
        for (NewParty p : parties) {
            store.insertParty(id, p.role() == null || p.role().isBlank() ? "APPLICANT" : p.role().strip().toUpperCase(),
                    p.name().strip(), blank(p.phone()));
        }
        store.event(id, userId, actorName, "CREATE", null, CaseState.REGISTERED, unit.map(OrgUnit::id).orElse(null),
                channel.name());
        return id;
    }

    private CaseType checkType(String code, List<FieldProblem> problems) {
        if (code == null || code.isBlank()) {
            problems.add(new FieldProblem("typeCode", "is required"));
            return null;
        }
        Optional<CaseType> type = store.type(code);
        if (type.isEmpty()) {
            problems.add(new FieldProblem("typeCode", "'" + code.strip() + "' is not a case type"));
        }
        return type.orElse(null);
    }

    private static void checkText(String title, String description, List<FieldProblem> problems) {
        if (title == null || title.isBlank()) {
            problems.add(new FieldProblem("title", "is required"));
        } else if (title.strip().length() > 200) {
            problems.add(new FieldProblem("title", "must be at most 200 characters"));
        }
        if (description == null || description.isBlank()) {
            problems.add(new FieldProblem("description", "is required"));
        } else if (description.strip().length() > 4000) {
            problems.add(new FieldProblem("description", "must be at most 4000 characters"));
        }
    }

    private static void checkParties(List<NewParty> parties, List<FieldProblem> problems) {
        if (parties.size() > 20) {
            problems.add(new FieldProblem("parties", "at most 20 parties per case"));
        }
        for (NewParty p : parties) {
            if (p.name() == null || p.name().isBlank()) {
                problems.add(new FieldProblem("parties", "every party needs a name"));
                break;
            }
            if (p.name().strip().length() > 64) {
                problems.add(new FieldProblem("parties", "a name must be at most 64 characters"));
                break;
            }
            if (p.phone() != null && !p.phone().isBlank() && !PHONE.matcher(p.phone().strip()).matches()) {
                problems.add(new FieldProblem("parties", "phone: digits only (5 to 20), '+', '-' and spaces allowed"));
                break;
            }
        }
    }

    // ---- the region tree: who handles, where escalation goes ----

    /** Cases are handled at township level (or the city, for city-level cases). */
    private Region handlingRegion(Region region) {
        if (region.level() == RegionLevel.CITY || region.level() == RegionLevel.TOWNSHIP) {
            return region;
        }
        for (Region r : regions.ancestors(region)) {
            if (r.level() == RegionLevel.TOWNSHIP) {
                return r;
            }
        }
        return region;
    }

    /** The unit that receives cases in a region: its 综治中心, else the body in charge at that level. */
    private Optional<OrgUnit> unitFor(Region region) {
        List<OrgUnitKind> kinds = switch (region.level()) {
            case CITY -> List.of(OrgUnitKind.GOVERNANCE_CENTRE, OrgUnitKind.POLITICAL_LEGAL_COMMITTEE);
            case TOWNSHIP -> List.of(OrgUnitKind.GOVERNANCE_CENTRE, OrgUnitKind.TOWNSHIP_GOVERNMENT);
            default -> List.of(OrgUnitKind.VILLAGE_COMMITTEE);
        };
        for (OrgUnitKind kind : kinds) {
            List<OrgUnit> found = units.list(DataScope.all(), null, kind, region.id(), 0, 1);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    // ---- reads ----

    /** The by-id read: 404 when missing or outside the caller's scope. */
    CaseRow row(Actor actor, long id) {
        requireWorker(actor);
        CaseRow row = store.find(id).orElseThrow(() -> new NotFoundException("casework_case", id));
        if (!CaseStore.permits(actor.scope(), row)) {
            throw NotFoundException.outOfScope("casework_case", id);
        }
        return row;
    }

    public CaseView get(Actor actor, long id) {
        return views(actor, List.of(row(actor, id))).get(0);
    }

    public Page list(Actor actor, CaseStore.Filter filter, int page, int size) {
        requireWorker(actor);
        int s = Math.min(Math.max(size, 1), 500);
        int p = Math.max(page, 0);
        Instant now = Instant.now();
        Instant soon = dueSoonLimit(now);
        long total = store.count(actor.scope(), actor.userId(), actor.unitId(), filter, now, soon);
        List<CaseRow> rows = store.list(actor.scope(), actor.userId(), actor.unitId(), filter, now, soon, p * s, s);
        return new Page(total, p, s, views(actor, rows));
    }

    public List<CaseView.TimelineEntry> timeline(Actor actor, long id) {
        row(actor, id);
        List<CaseStore.EventRow> events = store.timeline(id);
        Map<Long, String> unitNames = unitNames(events.stream().map(CaseStore.EventRow::unitId).toList());
        return events.stream().map(e -> new CaseView.TimelineEntry(e.at(), e.actorName(), e.action(),
                e.fromState() == null ? null : CaseState.valueOf(e.fromState()), CaseState.valueOf(e.toState()),
                e.unitId() == null ? null : unitNames.get(e.unitId()), e.note())).toList();
    }

    /** Full names and phones of a case's parties: needs a reason; every party read is audited. */
    public List<CaseView.PartyView> revealParties(Actor actor, long id, String reason) {
        row(actor, id);
        if (reason == null || reason.strip().length() < 2) {
            throw new InvalidInputException("reason", "state why you need the full details (at least 2 characters)");
        }
        List<CaseView.PartyView> out = new ArrayList<>();
        for (CaseStore.PartyRow p : store.parties(id)) {
            audit.recordPersonalDataRead("casework_party", p.id(), "name,phone", reason.strip());
            out.add(new CaseView.PartyView(p.id(), p.role(), p.name(), p.phone()));
        }
        return out;
    }

    public List<CaseView> views(Actor actor, List<CaseRow> rows) {
        Set<Long> regionIds = new HashSet<>();
        List<Long> unitIds = new ArrayList<>();
        rows.forEach(r -> {
            regionIds.add(r.regionId());
            regionIds.add(r.handlingRegionId());
            unitIds.add(r.assigneeUnitId());
        });
        Map<Long, String> regionNames = regions.names(regionIds);
        Map<Long, String> unitNames = unitNames(unitIds);
        Map<String, CaseType> types = new HashMap<>();
        store.types().forEach(t -> types.put(t.code(), t));
        Instant now = Instant.now();
        return rows.stream().map(r -> {
            List<CaseView.PartyView> parties = rows.size() == 1 ? store.parties(r.id()).stream()
                    .map(p -> new CaseView.PartyView(p.id(), p.role(), Masking.name(p.name()), Masking.phone(p.phone()))).toList()
                    : List.of();
            List<String> allowed = Arrays.stream(CaseAction.values()).filter(a -> a.allowedFrom(r.state()))
                    .filter(a -> a != CaseAction.SEND_BACK || r.previousUnitId() != null).map(CaseAction::slug).toList();
            CaseType t = types.get(r.typeCode());
            return new CaseView(r.id(), r.caseNo(), r.typeCode(), t == null ? r.typeCode() : t.nameZh(), r.title(), r.description(),
                    r.regionId(), regionNames.get(r.regionId()), r.handlingRegionId(), regionNames.get(r.handlingRegionId()),
                    r.channel(), r.state(), r.outcome(), r.outcomeReason(), r.assigneeUnitId(),
                    r.assigneeUnitId() == null ? null : unitNames.get(r.assigneeUnitId()), r.assigneeUserId(), r.assigneeName(),
                    r.previousName(), r.returnedToUserId() != null && r.returnedToUserId() == actor.userId(), r.escalated(),
                    r.reopenCount(), r.dueAt(), r.finishedAt() == null ? r.dueAt().isBefore(now) : r.finishedAt().isAfter(r.dueAt()),
                    r.createdAt(), r.updatedAt(), r.finishedAt(), parties, allowed, r.version());
        }).toList();
    }

    private Map<Long, String> unitNames(List<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        for (Long id : ids) {
            if (id != null && !names.containsKey(id)) {
                units.find(id).ifPresent(u -> names.put(id, u.name()));
            }
        }
        return names;
    }

    // ---- the state machine ----

    @Transactional
    public CaseView act(Actor actor, long id, CaseAction action, ActionInput input) {
        CaseRow row = row(actor, id);
        move(row, action, input == null ? ActionInput.empty() : input, actor.userId(), actor.displayName(), actor.unitId());
        return get(actor, id);
    }

    private void move(CaseRow row, CaseAction action, ActionInput in, Long userId, String userName, Long userUnitId) {
        if (!action.allowedFrom(row.state())) {
            throw new ConflictException("state", "cannot " + action.slug() + " case " + row.caseNo() + ": it is " + row.state()
                    + (row.outcome() == null ? "" : " (" + row.outcome() + ")"));
        }
        String reason = in.reason() == null || in.reason().isBlank() ? null : in.reason().strip();
        if (reason != null && reason.length() > 1000) {
            throw new InvalidInputException("reason", "must be at most 1000 characters");
        }
        boolean needsReason = switch (action) {
            case ASSIGN, START -> false;
            case CLOSE -> row.state() != CaseState.RESOLVED;
            default -> true;
        };
        if (needsReason && reason == null) {
            throw new InvalidInputException("reason", "is required to " + action.slug() + " a case");
        }
        Change c = Change.of(row);
        Instant now = Instant.now();
        Long eventUnit = row.assigneeUnitId();
        CaseState to;
        switch (action) {
            case ASSIGN -> {
                OrgUnit unit = in.unitCode() == null || in.unitCode().isBlank() ? currentUnit(row) : unit(in.unitCode());
                boolean toMe = Boolean.TRUE.equals(in.toMe());
                if (toMe && userId == null) {
                    throw new InvalidInputException("toMe", "no acting user");
                }
                Long handlerId = toMe ? userId : null;
                String handlerName = toMe ? userName : null;
                if (!toMe && in.assigneeUsername() != null && !in.assigneeUsername().isBlank()) {
                    var person = users.findByUsername(in.assigneeUsername().strip())
                            .filter(io.zhian.identity.UserDirectory.UserSummary::enabled)
                            .orElseThrow(() -> new InvalidInputException("assigneeUsername", "no active user is called " + in.assigneeUsername()));
                    if (person.unitId() != unit.id()) {
                        throw new InvalidInputException("assigneeUsername", person.username() + " does not belong to " + unit.name());
                    }
                    handlerId = person.id();
                    handlerName = person.displayName();
                }
                to = CaseState.ASSIGNED;
                c = handOn(c, unit, handlerId, handlerName, userId, userName, userUnitId, to);
                eventUnit = unit.id();
            }
            case START -> {
                to = CaseState.IN_PROGRESS;
                c = new Change(to, null, null, c.assigneeUnitId(), userId, userName, c.previousUnitId(), c.previousUserId(),
                        c.previousName(), null, c.handlingRegionId(), c.escalated(), c.reopenCount(), c.dueAt(), null);
            }
            case RESOLVE -> {
                to = CaseState.RESOLVED;
                c = finish(c, to, CaseOutcome.RESOLVED, reason, now);
            }
            case CLOSE -> {
                to = CaseState.CLOSED;
                if (row.state() == CaseState.RESOLVED) {
                    c = new Change(to, c.outcome(), c.outcomeReason(), c.assigneeUnitId(), c.assigneeUserId(), c.assigneeName(),
                            c.previousUnitId(), c.previousUserId(), c.previousName(), null, c.handlingRegionId(), c.escalated(),
                            c.reopenCount(), c.dueAt(), c.finishedAt());
                } else {
                    CaseOutcome outcome = parseOutcome(in.outcome());
                    if (outcome != CaseOutcome.CLOSED_UNRESOLVED && outcome != CaseOutcome.TRANSFERRED) {
                        throw new InvalidInputException("outcome",
                                "closing an open case needs outcome CLOSED_UNRESOLVED or TRANSFERRED (use resolve, withdraw or refer otherwise)");
                    }
                    c = finish(c, to, outcome, reason, now);
                }
            }
            case WITHDRAW -> {
                to = CaseState.CLOSED;
                c = finish(c, to, CaseOutcome.WITHDRAWN, reason, now);
            }
            case REFER -> {
                to = CaseState.CLOSED;
                c = finish(c, to, CaseOutcome.REFERRED_TO_COURT, reason, now);
            }
            case SEND_BACK -> {
                if (row.previousUnitId() == null) {
                    throw new ConflictException("state", "case " + row.caseNo() + " has no previous handler to send it back to");
                }
                to = CaseState.ASSIGNED;
                c = new Change(to, null, null, row.previousUnitId(), row.previousUserId(), row.previousName(), userUnitId, userId,
                        userName, row.previousUserId(), unitRegion(row.previousUnitId(), row.handlingRegionId()), c.escalated(),
                        c.reopenCount(), c.dueAt(), null);
                eventUnit = row.previousUnitId();
            }
            case TRANSFER -> {
                if (in.unitCode() == null || in.unitCode().isBlank()) {
                    throw new InvalidInputException("unitCode", "is required: the unit that takes the case over");
                }
                OrgUnit unit = unit(in.unitCode());
                if (unit.id() == (row.assigneeUnitId() == null ? -1 : row.assigneeUnitId())) {
                    throw new InvalidInputException("unitCode", "the case is already with " + unit.name());
                }
                to = CaseState.ASSIGNED;
                c = handOn(c, unit, null, null, userId, userName, userUnitId, to);
                eventUnit = unit.id();
            }
            case ESCALATE -> {
                Region handling = regions.find(row.handlingRegionId()).orElseThrow();
                if (handling.level() == RegionLevel.CITY || handling.parentId() == null) {
                    throw new ConflictException("state", "case " + row.caseNo() + " is already handled at the city level");
                }
                Region up = regions.find(handling.parentId()).orElseThrow();
                OrgUnit unit = unitFor(up).orElseThrow(() -> new ConflictException("state",
                        "no unit receives escalated cases in " + up.name()));
                to = CaseState.ASSIGNED;
                c = handOn(c, unit, null, null, userId, userName, userUnitId, to);
                c = new Change(c.state(), c.outcome(), c.outcomeReason(), c.assigneeUnitId(), c.assigneeUserId(), c.assigneeName(),
                        c.previousUnitId(), c.previousUserId(), c.previousName(), null, up.id(), true, c.reopenCount(), c.dueAt(), null);
                eventUnit = unit.id();
            }
            case REOPEN -> {
                to = CaseState.ASSIGNED;
                int days = store.type(row.typeCode()).map(CaseType::dueWorkingDays).orElse(15);
                c = new Change(to, null, null, c.assigneeUnitId(), null, null, c.previousUnitId(), c.previousUserId(),
                        c.previousName(), null, c.handlingRegionId(), c.escalated(), c.reopenCount() + 1, dueAfter(now, days), null);
            }
            default -> throw new IllegalStateException(action.name());
        }
        if (!store.update(row, c)) {
            throw new ConflictException("version", "case " + row.caseNo() + " was changed meanwhile; reload and try again");
        }
        store.event(row.id(), userId, userName, action.name(), row.state(), to, eventUnit, reason);
        audit.record("CASEWORK_" + action.name(), "casework_case", row.id(),
                row.caseNo() + " " + row.state() + "->" + to + (c.outcome() == null ? "" : " " + c.outcome()));
    }

    /** Hands the case to a unit (and maybe a person); the actor becomes the previous handler for send-back. */
    private Change handOn(Change c, OrgUnit unit, Long assigneeId, String assigneeName, Long userId, String userName,
                          Long userUnitId, CaseState to) {
        return new Change(to, null, null, unit.id(), assigneeId, assigneeName,
                userUnitId != null ? userUnitId : c.assigneeUnitId(), userId, userName, null,
                unit.regionId(), c.escalated(), c.reopenCount(), c.dueAt(), null);
    }

    private static Change finish(Change c, CaseState to, CaseOutcome outcome, String reason, Instant now) {
        return new Change(to, outcome, reason, c.assigneeUnitId(), c.assigneeUserId(), c.assigneeName(), c.previousUnitId(),
                c.previousUserId(), c.previousName(), null, c.handlingRegionId(), c.escalated(), c.reopenCount(), c.dueAt(), now);
    }

    private long unitRegion(Long unitId, long fallback) {
        return units.find(unitId).map(OrgUnit::regionId).orElse(fallback);
    }

    private OrgUnit currentUnit(CaseRow row) {
        if (row.assigneeUnitId() == null) {
            throw new InvalidInputException("unitCode", "is required: the case has no unit yet");
        }
        return units.find(row.assigneeUnitId()).orElseThrow();
    }

    private OrgUnit unit(String code) {
        OrgUnit unit = units.findByCode(code.strip()).orElseThrow(
                () -> new InvalidInputException("unitCode", "no unit has the code " + code.strip()));
        if (!unit.active()) {
            throw new InvalidInputException("unitCode", unit.name() + " is not active");
        }
        return unit;
    }

    static CaseOutcome parseOutcome(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return CaseOutcome.valueOf(value.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("outcome", "'" + value + "' is not one of " + Arrays.toString(CaseOutcome.values()));
        }
    }

    // ---- escalation when overdue ----

    /**
     * Escalates every open case past its due time one level up the region tree (township → city),
     * once. Runs on a schedule; tests call it with a chosen "now". Returns how many moved.
     */
    @Transactional
    public int escalateOverdue(Instant now) {
        int moved = 0;
        for (CaseRow row : store.overdueNotEscalated(now)) {
            Region handling = regions.find(row.handlingRegionId()).orElse(null);
            if (handling == null || handling.level() == RegionLevel.CITY || handling.parentId() == null) {
                continue;
            }
            String note = "逾期自动升级 / overdue since " + row.dueAt().atZone(ZONE).toLocalDateTime();
            move(row, CaseAction.ESCALATE, new ActionInput(null, null, note, null), null, SYSTEM, null);
            moved++;
        }
        return moved;
    }

    // ---- statistics ----

    /**
     * Per township (cases are rolled up from villages and grids) and creation month: cases, outcomes,
     * resolution rate = resolved / (resolved + closed unresolved + referred to court) — withdrawn and
     * transferred cases are no decision on the merits — average days to resolve, overdue count
     * (finished late or still open past due).
     */
    public List<Map<String, Object>> statistics(Actor actor, String typeCode) {
        requireWorker(actor);
        Map<Long, Long> township = new HashMap<>();
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        for (Map<String, Object> r : store.statistics(actor.scope(), typeCode, Instant.now())) {
            long regionId = ((Number) r.get("region_id")).longValue();
            long t = township.computeIfAbsent(regionId, id -> regions.find(id).map(reg -> {
                long[] path = reg.pathIds();
                return path.length > 1 ? path[1] : path[0];
            }).orElse(id));
            String month = (String) r.get("month");
            Map<String, Object> acc = rows.computeIfAbsent(month + "/" + t, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("regionId", t);
                m.put("month", month);
                for (String f : List.of("cases", "resolved", "closed_unresolved", "withdrawn", "transferred", "referred_to_court", "open",
                        "overdue")) {
                    m.put(f, 0L);
                }
                m.put("resolve_days_sum", 0.0);
                return m;
            });
            for (String f : List.of("cases", "resolved", "closed_unresolved", "withdrawn", "transferred", "referred_to_court", "open",
                    "overdue")) {
                acc.put(f, (Long) acc.get(f) + ((Number) r.get(f)).longValue());
            }
            acc.put("resolve_days_sum", (Double) acc.get("resolve_days_sum") + ((Number) r.get("resolve_days_sum")).doubleValue());
        }
        Map<Long, String> names = regions.names(new HashSet<>(township.values()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> acc : rows.values()) {
            long resolved = (Long) acc.get("resolved");
            long decided = resolved + (Long) acc.get("closed_unresolved") + (Long) acc.get("referred_to_court");
            double days = (Double) acc.remove("resolve_days_sum");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("regionId", acc.get("regionId"));
            m.put("regionName", names.get((Long) acc.get("regionId")));
            m.put("month", acc.get("month"));
            m.put("cases", acc.get("cases"));
            m.put("resolved", resolved);
            m.put("closedUnresolved", acc.get("closed_unresolved"));
            m.put("withdrawn", acc.get("withdrawn"));
            m.put("transferred", acc.get("transferred"));
            m.put("referredToCourt", acc.get("referred_to_court"));
            m.put("open", acc.get("open"));
            m.put("resolutionRate", decided == 0 ? null : Math.round(1000.0 * resolved / decided) / 1000.0);
            m.put("averageDaysToResolve", resolved == 0 ? null : Math.round(10.0 * days / resolved) / 10.0);
            m.put("overdue", acc.get("overdue"));
            out.add(m);
        }
        return out;
    }

    // ---- demo data ----

    /**
     * Synthetic cases for the demo city, deterministic from the seed: a few per township in several
     * states. Uses no acting user (the demo loader calls it); names and phones are invented.
     */
    @Transactional
    /**
     * The outcome of each given case that has one (open cases are absent), for modules that count
     * results of cases they raised without reaching into this module's tables. No scope check: callers
     * pass ids of cases they linked themselves and show only counts.
     */
    public java.util.Map<Long, CaseOutcome> outcomes(java.util.Collection<Long> caseIds) {
        java.util.Map<Long, CaseOutcome> result = new java.util.HashMap<>();
        store.outcomes(caseIds).forEach((id, outcome) -> result.put(id, CaseOutcome.valueOf(outcome)));
        return result;
    }

    /**
     * Summaries of the given cases (missing ids are absent), for modules that link cases they raised.
     * No scope check: callers pass ids they linked themselves and re-check their own records' scope.
     */
    public Map<Long, CaseSummary> summaries(java.util.Collection<Long> caseIds) {
        return store.summaries(caseIds);
    }

    /**
     * Demo data and tests only: moves a case's timeline back by {@code back}, and its creation (and due time)
     * a further {@code openFor} back, so that a generated year of cases reads as a year with realistic
     * handling times. Never called by the application itself.
     */
    @Transactional
    public void shiftDemoTimeline(long caseId, java.time.Duration back, java.time.Duration openFor) {
        store.shiftTimeline(caseId, back, openFor);
    }

    public int seedDemo(long seed) {
        Random random = new Random(seed);
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        String[] surnames = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
        String[][] topics = {{"DISPUTE", "邻里宅基地边界纠纷"}, {"DISPUTE", "婚姻家庭赡养纠纷"}, {"DISPUTE", "劳务费拖欠纠纷"},
                {"ENTERPRISE_PROBLEM", "企业用工招聘困难"}, {"ENTERPRISE_PROBLEM", "企业用电增容诉求"}};
        int n = 0;
        for (Region township : townships) {
            List<Region> villages = regions.children(DataScope.all(), township.id());
            int count = 2 + random.nextInt(3);
            for (int i = 0; i < count && !villages.isEmpty(); i++) {
                Region village = villages.get(random.nextInt(villages.size()));
                String[] topic = topics[random.nextInt(topics.length)];
                CaseType type = store.type(topic[0]).orElseThrow();
                NewParty party = new NewParty("APPLICANT", surnames[random.nextInt(surnames.length)] + "某某",
                        String.format("1390000%04d", random.nextInt(10000)));
                long id = insert(type, topic[1], topic[1] + "（演示数据）", village, Channel.values()[random.nextInt(Channel.values().length)],
                        null, null, null, false, null, SYSTEM, List.of(party));
                int steps = random.nextInt(4);
                CaseRow row = store.find(id).orElseThrow();
                if (steps >= 1) {
                    move(row, CaseAction.ASSIGN, ActionInput.empty(), null, SYSTEM, null);
                }
                if (steps >= 2) {
                    move(store.find(id).orElseThrow(), CaseAction.START, ActionInput.empty(), null, SYSTEM, null);
                }
                if (steps >= 3) {
                    move(store.find(id).orElseThrow(), CaseAction.RESOLVE, new ActionInput(null, null, "调解成功（演示）", null),
                            null, SYSTEM, null);
                }
                n++;
            }
        }
        return n;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
