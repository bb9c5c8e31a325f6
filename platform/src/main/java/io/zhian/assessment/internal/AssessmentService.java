package io.zhian.assessment.internal;

import io.zhian.assessment.internal.AssessmentStore.FigureRow;
import io.zhian.assessment.internal.AssessmentStore.InspectionRow;
import io.zhian.assessment.internal.AssessmentStore.PairingRow;
import io.zhian.assessment.internal.AssessmentStore.TaskRow;
import io.zhian.audit.AuditTrail;
import io.zhian.regions.OrgUnit;
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
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Indicators, manual figures, scores and rankings, pairings and tasks, inspections and sanctions, the
 * publicity log. Lists are scoped in SQL; every by-id read and write re-checks the caller's scope first
 * (out of scope answers "not found"), then the role.
 */
@Service
public class AssessmentService {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Set<Role> READERS = Set.of(Role.CITY_ADMIN, Role.TOWNSHIP_OFFICER, Role.SURVEYOR, Role.MEDIATOR);
    static final Set<Role> ENTERERS = Set.of(Role.CITY_ADMIN, Role.TOWNSHIP_OFFICER);
    static final List<String> SANCTION_KINDS = List.of("CRITICISM", "SUMMONS", "LISTED_RECTIFICATION", "DISQUALIFIED");
    static final List<String> PUBLICITY_KINDS = List.of("BANNER", "SLOGAN", "LETTER", "CONTACT_CARD", "MEDIA_COLUMN", "MEDIA_POST");
    static final List<String> FOLLOWUPS = List.of("RECTIFIED", "NOT_RECTIFIED");
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    public record IndicatorInput(String code, String name, String subject, String source, String figureCode, Boolean higherIsBetter,
                                 String aggregation, Double weight, String rule, Double floor, Double target, String unitLabel,
                                 Boolean active, Integer sortOrder, Integer version) {}

    public record IndicatorView(Indicator indicator, boolean enteredByHand, String figureModule, String note) {}

    public record FigureInput(String indicatorCode, String regionCode, String unitCode, String month, Double value, Long sampleSize,
                              String sourceNote) {}

    public record FigureView(long id, long indicatorId, String indicatorName, String indicatorCode, long regionId, String regionName,
                             Long unitId, String unitName, String month, double value, Long sampleSize, String sourceNote,
                             String enteredBy, int version) {}

    public record Ranking(String period, String subject, List<IndicatorView> indicators, List<Scoring.SubjectScore> scores,
                          int peers) {}

    public record HistoryPoint(String period, Double total, Integer rank, int peers) {}

    public record SubjectPage(String kind, long id, String name, String period, Scoring.SubjectScore score, int peers,
                              List<HistoryPoint> history, List<SanctionView> sanctions, List<InspectionView> inspections,
                              List<TaskView> tasks, List<PairingView> pairings) {}

    /** {@code unitVisible}: whether the caller's scope covers the paired unit (a city unit is outside a township's). */
    public record PairingView(long id, long unitId, String unitName, boolean unitVisible, long townshipId, String townshipName,
                              LocalDate startedOn, String note, int openTasks, int overdueTasks) {}

    public record TaskView(long id, long pairingId, long unitId, String unitName, long townshipId, String townshipName, String title,
                           LocalDate dueOn, String status, LocalDate completedOn, String completionNote, boolean overdue, int version) {}

    public record InspectionView(long id, String team, long unitId, String unitName, long regionId, String regionName,
                                 LocalDate inspectedOn, String findings, LocalDate rectifyBy, String followup, LocalDate followupOn,
                                 String followupNote, boolean overdue, int version) {}

    public record SanctionView(long id, long unitId, String unitName, String kind, LocalDate issuedOn, String reason, String issuer,
                               Long inspectionId) {}

    public record PublicityView(long id, long regionId, String regionName, String kind, int quantity, LocalDate doneOn, String note) {}

    private final AssessmentStore store;
    private final FigureSources sources;
    private final Regions regions;
    private final OrgUnits units;
    private final AuditTrail audit;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Clock clock;

    AssessmentService(AssessmentStore store, FigureSources sources, Regions regions, OrgUnits units, AuditTrail audit,
                      org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.sources = sources;
        this.regions = regions;
        this.units = units;
        this.audit = audit;
        this.clock = Clock.system(ZONE);
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    Period defaultPeriod() {
        return Period.lastMonth(today());
    }

    static boolean mayRead(Actor a) {
        return a.hasAny(READERS);
    }

    static boolean mayEnter(Actor a) {
        return a.hasAny(ENTERERS);
    }

    static boolean mayConfigure(Actor a) {
        return a.has(Role.CITY_ADMIN);
    }

    private static void requireReader(Actor a) {
        if (!mayRead(a)) {
            throw new ForbiddenException("your roles do not read assessment data");
        }
    }

    private static void requireAdmin(Actor a, String what) {
        if (!a.has(Role.CITY_ADMIN)) {
            throw new ForbiddenException("only city administrators " + what);
        }
    }

    // ---- indicators ----

    public List<IndicatorView> indicators(Actor actor, boolean activeOnly) {
        requireReader(actor);
        return store.indicators(activeOnly).stream().map(this::view).toList();
    }

    IndicatorView view(Indicator i) {
        if (i.source() == Indicator.Source.MANUAL) {
            return new IndicatorView(i, true, null, "manual");
        }
        return sources.providerOf(i.figureCode())
                .map(p -> new IndicatorView(i, false, FigureSources.module(p), "figure"))
                .orElseGet(() -> new IndicatorView(i, true, null, "figure-not-offered"));
    }

    public List<FigureSources.Offered> offeredFigures(Actor actor) {
        requireReader(actor);
        return sources.offered();
    }

    @Transactional
    public Indicator saveIndicator(Actor actor, Long id, IndicatorInput in) {
        requireAdmin(actor, "configure indicators");
        Indicator existing = id == null ? null : store.indicator(id).orElseThrow(() -> new NotFoundException("assessment_indicator", id));
        Indicator candidate = checkIndicator(in, existing);
        if (existing == null) {
            long newId = store.insertIndicator(candidate);
            audit.record("ASSESSMENT_INDICATOR_CREATE", "assessment_indicator", newId, describe(candidate));
            return store.indicator(newId).orElseThrow();
        }
        if (store.updateIndicator(candidate) == 0) {
            throw new ConflictException("version", "someone else changed this indicator meanwhile; reload and try again");
        }
        audit.record("ASSESSMENT_INDICATOR_UPDATE", "assessment_indicator", id, describe(existing) + " -> " + describe(candidate));
        return store.indicator(id).orElseThrow();
    }

    private static String describe(Indicator i) {
        return i.code() + " " + i.name() + " " + i.subject() + " " + i.source() + (i.figureCode() == null ? "" : "(" + i.figureCode() + ")")
                + " " + (i.higherIsBetter() ? "higher" : "lower") + " " + i.aggregation() + " w=" + i.weight() + " " + i.rule()
                + " floor=" + i.floor() + " target=" + i.target() + " active=" + i.active();
    }

    Indicator checkIndicator(IndicatorInput in, Indicator existing) {
        List<FieldProblem> problems = new ArrayList<>();
        String code = existing != null ? existing.code() : trim(in.code());
        if (existing == null) {
            if (code == null || !CODE.matcher(code).matches()) {
                problems.add(new FieldProblem("code", "is required: 2 to 64 lower-case letters, digits, '.', '_' or '-'"));
            } else if (store.indicatorByCode(code).isPresent()) {
                problems.add(new FieldProblem("code", "is already used by another indicator"));
            }
        }
        String name = trim(in.name());
        if (name == null) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.length() > 100) {
            problems.add(new FieldProblem("name", "must be at most 100 characters"));
        }
        Indicator.Subject subject = parseEnum(Indicator.Subject.class, in.subject(), "subject", problems);
        Indicator.Source source = parseEnum(Indicator.Source.class, in.source(), "source", problems);
        Indicator.Aggregation aggregation = parseEnum(Indicator.Aggregation.class, in.aggregation(), "aggregation", problems);
        Indicator.Rule rule = parseEnum(Indicator.Rule.class, in.rule(), "rule", problems);
        String figureCode = trim(in.figureCode());
        if (source == Indicator.Source.FIGURE && figureCode == null) {
            problems.add(new FieldProblem("figureCode", "is required when the source is a platform figure"));
        } else if (figureCode != null && figureCode.length() > 100) {
            problems.add(new FieldProblem("figureCode", "must be at most 100 characters"));
        }
        if (source == Indicator.Source.MANUAL) {
            figureCode = null;
        }
        if (in.higherIsBetter() == null) {
            problems.add(new FieldProblem("higherIsBetter", "is required: true when a higher value is better"));
        }
        boolean higher = Boolean.TRUE.equals(in.higherIsBetter());
        if (in.weight() == null || !Double.isFinite(in.weight()) || in.weight() <= 0 || in.weight() > 1000) {
            problems.add(new FieldProblem("weight", "must be a number above 0 and at most 1000"));
        }
        Double floor = in.floor();
        Double target = in.target();
        if (floor != null && !Double.isFinite(floor)) {
            problems.add(new FieldProblem("floor", "must be a number"));
        }
        if (target != null && !Double.isFinite(target)) {
            problems.add(new FieldProblem("target", "must be a number"));
        }
        if (rule == Indicator.Rule.LINEAR) {
            if (floor == null) {
                problems.add(new FieldProblem("floor", "is required for the linear rule (the value scoring 0)"));
            }
            if (target == null) {
                problems.add(new FieldProblem("target", "is required for the linear rule (the value scoring 100)"));
            }
            if (floor != null && target != null && in.higherIsBetter() != null) {
                if (higher && target <= floor) {
                    problems.add(new FieldProblem("target", "must be above the floor when a higher value is better"));
                } else if (!higher && target >= floor) {
                    problems.add(new FieldProblem("target", "must be below the floor when a lower value is better"));
                }
            }
        } else if (rule == Indicator.Rule.THRESHOLD) {
            if (target == null) {
                problems.add(new FieldProblem("target", "is required for the threshold rule (the value to reach)"));
            }
            floor = null;
        } else if (rule == Indicator.Rule.RANK) {
            floor = null;
            target = null;
        }
        String unitLabel = trim(in.unitLabel());
        if (unitLabel != null && unitLabel.length() > 20) {
            problems.add(new FieldProblem("unitLabel", "must be at most 20 characters"));
        }
        if (existing != null && in.version() == null) {
            problems.add(new FieldProblem("version", "is required when changing an indicator"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Indicator(existing == null ? 0 : existing.id(), code, name, subject, source, figureCode, higher, aggregation,
                in.weight(), rule, floor, target, unitLabel, in.active() == null || in.active(),
                in.sortOrder() == null ? (existing == null ? 0 : existing.sortOrder()) : in.sortOrder(),
                existing == null ? 0 : in.version());
    }

    // ---- manual figures ----

    public List<FigureView> figures(Actor actor, Long indicatorId, String month, Long regionId, int limit) {
        requireReader(actor);
        LocalDate m = month == null || month.isBlank() ? null : parseMonth(month, "month");
        return figureViews(store.figures(actor.scope(), indicatorId, m, regionId, Math.min(Math.max(limit, 1), 1000)));
    }

    FigureRow figureRow(Actor actor, long id) {
        requireReader(actor);
        FigureRow row = store.figure(id).orElseThrow(() -> new NotFoundException("assessment_figure", id));
        if (!actor.scope().permits(row.regionId(), row.unitId(), null)) {
            throw NotFoundException.outOfScope("assessment_figure", id);
        }
        return row;
    }

    public FigureView figure(Actor actor, long id) {
        return figureViews(List.of(figureRow(actor, id))).get(0);
    }

    /** Enters (or corrects) the figure of one township or unit for one month. */
    @Transactional
    public FigureView enterFigure(Actor actor, FigureInput in) {
        if (!mayEnter(actor)) {
            throw new ForbiddenException("only township officers and city administrators enter figures");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Indicator ind = null;
        String code = trim(in.indicatorCode());
        if (code == null) {
            problems.add(new FieldProblem("indicatorCode", "is required"));
        } else {
            ind = store.indicatorByCode(code).orElse(null);
            if (ind == null) {
                problems.add(new FieldProblem("indicatorCode", "no indicator has the code " + code));
            } else if (!ind.active()) {
                problems.add(new FieldProblem("indicatorCode", "the indicator is not in use"));
            } else if (!sources.entersByHand(ind)) {
                problems.add(new FieldProblem("indicatorCode", "this indicator comes from the live figure " + ind.figureCode()
                        + " and is not entered by hand"));
            }
        }
        long regionId = 0;
        Long unitId = null;
        if (ind != null && ind.subject() == Indicator.Subject.UNIT) {
            String unitCode = trim(in.unitCode());
            Optional<OrgUnit> unit = unitCode == null ? Optional.empty() : units.findByCode(unitCode);
            if (unit.isEmpty()) {
                problems.add(new FieldProblem("unitCode", unitCode == null ? "is required for a unit indicator" : "no unit has the code " + unitCode));
            } else if (!actor.scope().permits(unit.get().regionId(), unit.get().id(), null)) {
                problems.add(new FieldProblem("unitCode", "is outside your data scope"));
            } else {
                regionId = unit.get().regionId();
                unitId = unit.get().id();
            }
        } else if (ind != null) {
            Region township = township(actor, in.regionCode(), "regionCode", problems);
            if (township != null) {
                regionId = township.id();
            }
        }
        LocalDate month = null;
        String monthText = trim(in.month());
        if (monthText == null) {
            problems.add(new FieldProblem("month", "is required (YYYY-MM)"));
        } else {
            try {
                month = parseMonth(monthText, "month");
                if (month.isAfter(today().withDayOfMonth(1))) {
                    problems.add(new FieldProblem("month", "lies in the future"));
                }
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        Double value = in.value();
        if (value == null) {
            problems.add(new FieldProblem("value", "is required"));
        } else if (!Double.isFinite(value) || value < 0) {
            problems.add(new FieldProblem("value", "must be a number of 0 or more"));
        } else if (ind != null && "%".equals(ind.unitLabel()) && value > 100) {
            problems.add(new FieldProblem("value", "is a percentage: at most 100"));
        } else if (value >= 1e10) {
            problems.add(new FieldProblem("value", "is too large"));
        }
        if (in.sampleSize() != null && (in.sampleSize() < 0 || in.sampleSize() > 100_000_000)) {
            problems.add(new FieldProblem("sampleSize", "must be a whole number of 0 or more"));
        }
        String note = trim(in.sourceNote());
        if (note == null || note.length() < 2) {
            problems.add(new FieldProblem("sourceNote", "is required: say where the figure comes from (at least 2 characters)"));
        } else if (note.length() > 500) {
            problems.add(new FieldProblem("sourceNote", "must be at most 500 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Optional<FigureRow> existing = store.figureAt(ind.id(), regionId, unitId, month);
        long id;
        if (existing.isPresent()) {
            id = existing.get().id();
            if (store.updateFigure(id, value, in.sampleSize(), note, actor.userId(), actor.displayName(), existing.get().version()) == 0) {
                throw new ConflictException("version", "someone else changed this figure meanwhile; try again");
            }
            audit.record("ASSESSMENT_FIGURE_UPDATE", "assessment_figure", id, ind.code() + " " + YearMonth.from(month) + " "
                    + existing.get().value() + " -> " + value + " (" + note + ")");
        } else {
            try {
                id = store.insertFigure(ind.id(), regionId, unitId, month, value, in.sampleSize(), note, actor.userId(), actor.displayName());
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // someone entered the same indicator, subject and month at the same moment
                throw new ConflictException("month", "a figure for this month was entered meanwhile; reload and correct it");
            }
            audit.record("ASSESSMENT_FIGURE_ENTER", "assessment_figure", id, ind.code() + " " + YearMonth.from(month) + " region="
                    + regionId + (unitId == null ? "" : " unit=" + unitId) + " value=" + value + " (" + note + ")");
        }
        return figure(actor, id);
    }

    @Transactional
    public void deleteFigure(Actor actor, long id) {
        FigureRow row = figureRow(actor, id);
        if (!mayEnter(actor)) {
            throw new ForbiddenException("only township officers and city administrators remove figures");
        }
        store.deleteFigure(id);
        audit.record("ASSESSMENT_FIGURE_DELETE", "assessment_figure", id, "indicator=" + row.indicatorId() + " " + row.month()
                + " value=" + row.value());
    }

    private List<FigureView> figureViews(List<FigureRow> rows) {
        Map<Long, Indicator> inds = new HashMap<>();
        store.indicators(false).forEach(i -> inds.put(i.id(), i));
        Map<Long, String> regionNames = regions.names(rows.stream().map(FigureRow::regionId).collect(java.util.stream.Collectors.toSet()));
        Map<Long, String> unitNames = unitNames(rows.stream().map(FigureRow::unitId).toList());
        return rows.stream().map(r -> {
            Indicator i = inds.get(r.indicatorId());
            return new FigureView(r.id(), r.indicatorId(), i.name(), i.code(), r.regionId(), regionNames.get(r.regionId()), r.unitId(),
                    r.unitId() == null ? null : unitNames.get(r.unitId()), YearMonth.from(r.month()).toString(), r.value(),
                    r.sampleSize(), r.sourceNote(), r.enteredByName(), r.version());
        }).toList();
    }

    // ---- scores and rankings ----

    List<Scoring.Subject> subjects(Indicator.Subject kind) {
        if (kind == Indicator.Subject.TOWNSHIP) {
            return regions.byLevel(RegionLevel.TOWNSHIP).stream().map(r -> new Scoring.Subject(r.id(), r.name(), r.id())).toList();
        }
        List<Scoring.Subject> list = new ArrayList<>();
        for (Long id : store.assessedUnitIds()) {
            units.find(id).ifPresent(u -> list.add(new Scoring.Subject(u.id(), u.name(), u.regionId())));
        }
        return list;
    }

    /** Scores every subject of the kind (peers are needed for ranks) and returns all of them, ranked. */
    List<Scoring.SubjectScore> scoreAll(Indicator.Subject kind, Period period) {
        List<Indicator> inds = store.indicators(true).stream().filter(i -> i.subject() == kind).toList();
        List<Scoring.Subject> subjects = subjects(kind);
        Map<Long, Map<Long, Scoring.Value>> values = new HashMap<>();
        for (Indicator i : inds) {
            values.put(i.id(), sources.values(i, period, subjects));
        }
        return Scoring.score(inds, subjects, values);
    }

    private static boolean visible(Actor actor, Indicator.Subject kind, Scoring.SubjectScore s) {
        return kind == Indicator.Subject.TOWNSHIP ? actor.scope().coversRegion(s.subjectId())
                : actor.scope().permits(s.regionId(), s.subjectId(), null);
    }

    /** The ranking; a scoped user sees the rows of their own scope with their places among all peers. */
    public Ranking ranking(Actor actor, String subject, String period) {
        requireReader(actor);
        Indicator.Subject kind = parseSubject(subject);
        Period p = period == null || period.isBlank() ? defaultPeriod() : Period.parse(period);
        List<Scoring.SubjectScore> all = scoreAll(kind, p);
        List<IndicatorView> inds = store.indicators(true).stream().filter(i -> i.subject() == kind).map(this::view).toList();
        return new Ranking(p.key(), kind.name(), inds, all.stream().filter(s -> visible(actor, kind, s)).toList(), all.size());
    }

    public SubjectPage township(Actor actor, long regionId, String period) {
        requireReader(actor);
        Region region = regions.get(actor.scope(), regionId);
        if (region.level() != RegionLevel.TOWNSHIP) {
            throw new NotFoundException("township", regionId);
        }
        Period p = period == null || period.isBlank() ? defaultPeriod() : Period.parse(period);
        return page(actor, Indicator.Subject.TOWNSHIP, region.id(), region.name(), p);
    }

    public SubjectPage unit(Actor actor, long unitId, String period) {
        requireReader(actor);
        OrgUnit unit = units.get(actor.scope(), unitId);
        Period p = period == null || period.isBlank() ? defaultPeriod() : Period.parse(period);
        return page(actor, Indicator.Subject.UNIT, unit.id(), unit.name(), p);
    }

    private SubjectPage page(Actor actor, Indicator.Subject kind, long id, String name, Period p) {
        List<Scoring.SubjectScore> all = scoreAll(kind, p);
        Scoring.SubjectScore score = all.stream().filter(s -> s.subjectId() == id).findFirst().orElse(null);
        List<HistoryPoint> history = new ArrayList<>();
        int count = switch (p.kind()) {
            case MONTH -> 12;
            case QUARTER -> 4;
            case YEAR -> 3;
        };
        for (Period h : p.history(count)) {
            List<Scoring.SubjectScore> scores = h.equals(p) ? all : scoreAll(kind, h);
            Scoring.SubjectScore s = scores.stream().filter(x -> x.subjectId() == id).findFirst().orElse(null);
            history.add(new HistoryPoint(h.key(), s == null ? null : s.total(), s == null ? null : s.rank(),
                    (int) scores.stream().filter(x -> x.rank() != null).count()));
        }
        DataScope scope = actor.scope();
        boolean township = kind == Indicator.Subject.TOWNSHIP;
        List<SanctionView> sanctions;
        List<InspectionView> inspections;
        if (township) {
            // the township page lists what concerns units at home in the township
            long[] subtree = regions.subtreeIds(List.of(id));
            Set<Long> inTownship = new HashSet<>();
            Arrays.stream(subtree).forEach(inTownship::add);
            sanctions = sanctionViews(store.sanctions(scope, null, null, 2000).stream().filter(s -> inTownship.contains(s.regionId())).toList());
            inspections = inspectionViews(store.inspections(scope, null, null, 2000).stream()
                    .filter(i -> inTownship.contains(i.regionId())).toList());
        } else {
            sanctions = sanctionViews(store.sanctions(scope, id, null, 500));
            inspections = inspectionViews(store.inspections(scope, id, null, 500));
        }
        List<TaskView> tasks = taskViews(store.tasks(scope, township ? null : id, township ? id : null));
        List<PairingView> pairings = pairingViews(scope, store.pairings(scope, township ? null : id, township ? id : null));
        return new SubjectPage(kind.name(), id, name, p.key(), score, (int) all.stream().filter(x -> x.rank() != null).count(),
                history, sanctions, inspections, tasks, pairings);
    }

    // ---- pairings and tasks ----

    public List<PairingView> pairings(Actor actor) {
        requireReader(actor);
        return pairingViews(actor.scope(), store.pairings(actor.scope(), null, null));
    }

    public List<TaskView> tasks(Actor actor, Long unitId, Long townshipId) {
        requireReader(actor);
        return taskViews(store.tasks(actor.scope(), unitId, townshipId));
    }

    @Transactional
    public PairingView createPairing(Actor actor, String unitCode, String townshipCode, String startedOn, String note) {
        requireAdmin(actor, "pair units with townships");
        List<FieldProblem> problems = new ArrayList<>();
        OrgUnit unit = unit(unitCode, "unitCode", problems);
        Region township = township(actor, townshipCode, "townshipCode", problems);
        LocalDate started = date(startedOn, "startedOn", true, problems);
        String n = trim(note);
        if (n != null && n.length() > 500) {
            problems.add(new FieldProblem("note", "must be at most 500 characters"));
        }
        if (unit != null && township != null && store.pairingExists(unit.id(), township.id())) {
            problems.add(new FieldProblem("townshipCode", unit.name() + " is already paired with " + township.name()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id;
        try {
            id = store.insertPairing(unit.id(), township.id(), started, n);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new ConflictException("townshipCode", unit.name() + " was paired with " + township.name() + " meanwhile");
        }
        audit.record("ASSESSMENT_PAIRING_CREATE", "assessment_pairing", id, unit.code() + " -> " + township.code());
        return pairingViews(actor.scope(), List.of(store.pairing(id).orElseThrow())).get(0);
    }

    PairingRow pairingRow(Actor actor, long id) {
        requireReader(actor);
        PairingRow p = store.pairing(id).orElseThrow(() -> new NotFoundException("assessment_pairing", id));
        if (!actor.scope().permits(p.townshipId(), p.unitId(), null)) {
            throw NotFoundException.outOfScope("assessment_pairing", id);
        }
        return p;
    }

    @Transactional
    public TaskView addTask(Actor actor, long pairingId, String title, String dueOn) {
        PairingRow p = pairingRow(actor, pairingId);
        requireAdmin(actor, "set pairing tasks");
        List<FieldProblem> problems = new ArrayList<>();
        String t = trim(title);
        if (t == null) {
            problems.add(new FieldProblem("title", "is required"));
        } else if (t.length() > 200) {
            problems.add(new FieldProblem("title", "must be at most 200 characters"));
        }
        LocalDate due = date(dueOn, "dueOn", true, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertTask(p.id(), t, due);
        audit.record("ASSESSMENT_TASK_CREATE", "assessment_task", id, "pairing=" + p.id() + " due=" + due + " " + t);
        return taskViews(List.of(store.task(id).orElseThrow())).get(0);
    }

    @Transactional
    public TaskView completeTask(Actor actor, long taskId, String note, String completedOn, Integer version) {
        requireReader(actor);
        TaskRow task = store.task(taskId).orElseThrow(() -> new NotFoundException("assessment_task", taskId));
        if (!actor.scope().permits(task.townshipId(), task.unitId(), null)) {
            throw NotFoundException.outOfScope("assessment_task", taskId);
        }
        if (!actor.has(Role.CITY_ADMIN) && !actor.has(Role.TOWNSHIP_OFFICER) && actor.unitId() != task.unitId()) {
            throw new ForbiddenException("only the paired unit, township officers or city administrators complete tasks");
        }
        if (!"OPEN".equals(task.status())) {
            throw new ConflictException("status", "the task is already done");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String n = trim(note);
        if (n == null || n.length() < 2) {
            problems.add(new FieldProblem("completionNote", "is required: say what was done (at least 2 characters)"));
        } else if (n.length() > 1000) {
            problems.add(new FieldProblem("completionNote", "must be at most 1000 characters"));
        }
        LocalDate on = date(completedOn, "completedOn", false, problems);
        if (on == null && problems.stream().noneMatch(p -> p.field().equals("completedOn"))) {
            on = today();
        }
        if (on != null && on.isAfter(today())) {
            problems.add(new FieldProblem("completedOn", "lies in the future"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (store.completeTask(taskId, on, n, version == null ? task.version() : version) == 0) {
            throw new ConflictException("version", "someone else changed this task meanwhile; reload and try again");
        }
        audit.record("ASSESSMENT_TASK_DONE", "assessment_task", taskId, "on=" + on + " " + n);
        return taskViews(List.of(store.task(taskId).orElseThrow())).get(0);
    }

    /** The limit of a records list behind a figure; the page says when it is reached. */
    static final int RECORDS_LIMIT = 2000;

    /** Pairing tasks due in {@code from}..{@code to} for townships in the region's subtree (the on-time rate's base). */
    public List<TaskView> tasksDue(Actor actor, long[] subtree, LocalDate from, LocalDate to) {
        requireReader(actor);
        return taskViews(store.tasksDueIn(actor.scope(), subtree, from, to, RECORDS_LIMIT));
    }

    /** Inspections whose rectification fell due in {@code from}..{@code to} in the region's subtree (the rectified rate's base). */
    public List<InspectionView> inspectionsDue(Actor actor, long[] subtree, LocalDate from, LocalDate to) {
        requireReader(actor);
        return inspectionViews(store.inspectionsDueIn(actor.scope(), subtree, from, to, RECORDS_LIMIT));
    }

    /** Publicity entries done in {@code from}..{@code to} in the region's subtree (what the publicity figure sums). */
    public List<PublicityView> publicityIn(Actor actor, long[] subtree, LocalDate from, LocalDate to) {
        requireReader(actor);
        List<AssessmentStore.PublicityRow> rows = store.publicityIn(actor.scope(), subtree, from, to, RECORDS_LIMIT);
        Map<Long, String> names = regions.names(rows.stream().map(AssessmentStore.PublicityRow::regionId).collect(java.util.stream.Collectors.toSet()));
        return rows.stream().map(r -> new PublicityView(r.id(), r.regionId(), names.get(r.regionId()), r.kind(), r.quantity(),
                r.doneOn(), r.note())).toList();
    }

    // ---- supervision ----

    public List<InspectionView> inspections(Actor actor, Long unitId) {
        requireReader(actor);
        return inspectionViews(store.inspections(actor.scope(), unitId, null, 500));
    }

    InspectionRow inspectionRow(Actor actor, long id) {
        requireReader(actor);
        InspectionRow row = store.inspection(id).orElseThrow(() -> new NotFoundException("assessment_inspection", id));
        if (!actor.scope().permits(row.regionId(), row.unitId(), null)) {
            throw NotFoundException.outOfScope("assessment_inspection", id);
        }
        return row;
    }

    public InspectionView inspection(Actor actor, long id) {
        return inspectionViews(List.of(inspectionRow(actor, id))).get(0);
    }

    @Transactional
    public InspectionView createInspection(Actor actor, String team, String unitCode, String inspectedOn, String findings,
                                           String rectifyBy) {
        requireAdmin(actor, "record supervision inspections");
        List<FieldProblem> problems = new ArrayList<>();
        String tm = trim(team);
        if (tm == null) {
            problems.add(new FieldProblem("team", "is required: the members of the supervision team"));
        } else if (tm.length() > 300) {
            problems.add(new FieldProblem("team", "must be at most 300 characters"));
        }
        OrgUnit unit = unit(unitCode, "unitCode", problems);
        LocalDate on = date(inspectedOn, "inspectedOn", true, problems);
        if (on != null && on.isAfter(today())) {
            problems.add(new FieldProblem("inspectedOn", "lies in the future"));
        }
        String f = trim(findings);
        if (f == null) {
            problems.add(new FieldProblem("findings", "is required"));
        } else if (f.length() > 2000) {
            problems.add(new FieldProblem("findings", "must be at most 2000 characters"));
        }
        LocalDate by = date(rectifyBy, "rectifyBy", false, problems);
        if (by != null && on != null && by.isBefore(on)) {
            problems.add(new FieldProblem("rectifyBy", "must not be before the inspection date"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertInspection(tm, unit.id(), unit.regionId(), on, f, by, actor.userId());
        audit.record("ASSESSMENT_INSPECTION_CREATE", "assessment_inspection", id, unit.code() + " " + on + " team=" + tm);
        return inspection(actor, id);
    }

    @Transactional
    public InspectionView followUp(Actor actor, long id, String outcome, String note, Integer version) {
        InspectionRow row = inspectionRow(actor, id);
        requireAdmin(actor, "record rectification follow-ups");
        List<FieldProblem> problems = new ArrayList<>();
        String o = trim(outcome) == null ? null : trim(outcome).toUpperCase();
        if (o == null || !FOLLOWUPS.contains(o)) {
            problems.add(new FieldProblem("outcome", "must be one of " + FOLLOWUPS));
        }
        String n = trim(note);
        if (n == null || n.length() < 2) {
            problems.add(new FieldProblem("note", "is required: what the follow-up found (at least 2 characters)"));
        } else if (n.length() > 1000) {
            problems.add(new FieldProblem("note", "must be at most 1000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (store.followUp(id, o, today(), n, version == null ? row.version() : version) == 0) {
            throw new ConflictException("version", "someone else changed this inspection meanwhile; reload and try again");
        }
        audit.record("ASSESSMENT_INSPECTION_FOLLOWUP", "assessment_inspection", id, row.followup() + " -> " + o + " " + n);
        return inspection(actor, id);
    }

    public List<SanctionView> sanctions(Actor actor, Long unitId) {
        requireReader(actor);
        return sanctionViews(store.sanctions(actor.scope(), unitId, null, 500));
    }

    @Transactional
    public SanctionView addSanction(Actor actor, String unitCode, String kind, String issuedOn, String reason, String issuer,
                                    Long inspectionId) {
        requireAdmin(actor, "issue sanctions");
        List<FieldProblem> problems = new ArrayList<>();
        OrgUnit unit = unit(unitCode, "unitCode", problems);
        String k = trim(kind) == null ? null : trim(kind).toUpperCase();
        if (k == null || !SANCTION_KINDS.contains(k)) {
            problems.add(new FieldProblem("kind", "must be one of " + SANCTION_KINDS));
        }
        LocalDate on = date(issuedOn, "issuedOn", true, problems);
        if (on != null && on.isAfter(today())) {
            problems.add(new FieldProblem("issuedOn", "lies in the future"));
        }
        String r = trim(reason);
        if (r == null || r.length() < 2) {
            problems.add(new FieldProblem("reason", "is required (at least 2 characters)"));
        } else if (r.length() > 1000) {
            problems.add(new FieldProblem("reason", "must be at most 1000 characters"));
        }
        String is = trim(issuer);
        if (is == null) {
            problems.add(new FieldProblem("issuer", "is required: who issued the sanction"));
        } else if (is.length() > 100) {
            problems.add(new FieldProblem("issuer", "must be at most 100 characters"));
        }
        if (inspectionId != null) {
            Optional<InspectionRow> insp = store.inspection(inspectionId);
            if (insp.isEmpty() || (unit != null && insp.get().unitId() != unit.id())) {
                problems.add(new FieldProblem("inspectionId", "no inspection of this unit has the id " + inspectionId));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertSanction(unit.id(), unit.regionId(), k, on, r, is, inspectionId, actor.userId());
        audit.record("ASSESSMENT_SANCTION_ISSUE", "assessment_sanction", id, unit.code() + " " + k + " " + on + " by " + is + ": " + r);
        events.publishEvent(new io.zhian.assessment.SanctionIssued(id, unit.id(), unit.regionId(), k));
        return sanctionViews(store.sanctions(DataScope.all(), unit.id(), null, 500)).stream().filter(s -> s.id() == id)
                .findFirst().orElseThrow();
    }

    // ---- publicity ----

    public List<PublicityView> publicity(Actor actor, Long regionId, String period) {
        requireReader(actor);
        Period p = period == null || period.isBlank() ? Period.parse(String.valueOf(today().getYear())) : Period.parse(period);
        List<AssessmentStore.PublicityRow> rows = store.publicity(actor.scope(), regionId, p.firstDay(), p.lastDay(), 500);
        Map<Long, String> names = regions.names(rows.stream().map(AssessmentStore.PublicityRow::regionId).collect(java.util.stream.Collectors.toSet()));
        return rows.stream().map(r -> new PublicityView(r.id(), r.regionId(), names.get(r.regionId()), r.kind(), r.quantity(),
                r.doneOn(), r.note())).toList();
    }

    /** Quantities per township and month (all kinds together, and per kind) for a period, within scope. */
    public List<Map<String, Object>> publicityCounts(Actor actor, String period) {
        requireReader(actor);
        Period p = period == null || period.isBlank() ? Period.parse(String.valueOf(today().getYear())) : Period.parse(period);
        List<Map<String, Object>> rows = store.publicityCounts(actor.scope(), p.firstDay(), p.lastDay());
        Map<Long, String> names = regions.names(rows.stream().map(r -> ((Number) r.get("region_id")).longValue())
                .collect(java.util.stream.Collectors.toSet()));
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            long regionId = ((Number) r.get("region_id")).longValue();
            String month = YearMonth.from(((java.sql.Date) r.get("month")).toLocalDate()).toString();
            Map<String, Object> line = byKey.computeIfAbsent(regionId + "/" + month, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("regionId", regionId);
                m.put("regionName", names.get(regionId));
                m.put("month", month);
                m.put("total", 0L);
                m.put("entries", 0L);
                PUBLICITY_KINDS.forEach(kind -> m.put(kind, 0L));
                return m;
            });
            long q = ((Number) r.get("quantity")).longValue();
            line.put((String) r.get("kind"), (Long) line.get(r.get("kind")) + q);
            line.put("total", (Long) line.get("total") + q);
            line.put("entries", (Long) line.get("entries") + ((Number) r.get("entries")).longValue());
        }
        return new ArrayList<>(byKey.values());
    }

    @Transactional
    public PublicityView recordPublicity(Actor actor, String townshipCode, String kind, Integer quantity, String doneOn, String note) {
        if (!mayEnter(actor)) {
            throw new ForbiddenException("only township officers and city administrators record publicity");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Region township = township(actor, townshipCode, "townshipCode", problems);
        String k = trim(kind) == null ? null : trim(kind).toUpperCase();
        if (k == null || !PUBLICITY_KINDS.contains(k)) {
            problems.add(new FieldProblem("kind", "must be one of " + PUBLICITY_KINDS));
        }
        if (quantity == null || quantity <= 0 || quantity > 1_000_000) {
            problems.add(new FieldProblem("quantity", "must be a whole number from 1 to 1000000"));
        }
        LocalDate on = date(doneOn, "doneOn", true, problems);
        if (on != null && on.isAfter(today())) {
            problems.add(new FieldProblem("doneOn", "lies in the future"));
        }
        String n = trim(note);
        if (n != null && n.length() > 500) {
            problems.add(new FieldProblem("note", "must be at most 500 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertPublicity(township.id(), k, quantity, on, n, actor.userId());
        audit.record("ASSESSMENT_PUBLICITY_RECORD", "assessment_publicity", id, township.code() + " " + k + " x" + quantity + " " + on);
        return new PublicityView(id, township.id(), township.name(), k, quantity, on, n);
    }

    // ---- views and checks ----

    private List<PairingView> pairingViews(DataScope scope, List<PairingRow> rows) {
        Map<Long, String> unitNames = unitNames(rows.stream().map(PairingRow::unitId).toList());
        Map<Long, String> regionNames = regions.names(rows.stream().map(PairingRow::townshipId).collect(java.util.stream.Collectors.toSet()));
        LocalDate today = today();
        Map<Long, int[]> taskCounts = new HashMap<>();
        for (TaskRow t : store.tasks(scope, null, null)) {
            int[] c = taskCounts.computeIfAbsent(t.pairingId(), k -> new int[2]);
            if ("OPEN".equals(t.status())) {
                c[0]++;
                if (t.dueOn().isBefore(today)) {
                    c[1]++;
                }
            }
        }
        Map<Long, Boolean> visible = new HashMap<>();
        for (PairingRow p : rows) {
            visible.computeIfAbsent(p.unitId(), id -> units.find(id).map(u -> scope.permits(u.regionId(), u.id(), null)).orElse(false));
        }
        return rows.stream().map(p -> {
            int[] c = taskCounts.getOrDefault(p.id(), new int[2]);
            return new PairingView(p.id(), p.unitId(), unitNames.get(p.unitId()), visible.get(p.unitId()), p.townshipId(),
                    regionNames.get(p.townshipId()), p.startedOn(), p.note(), c[0], c[1]);
        }).toList();
    }

    private List<TaskView> taskViews(List<TaskRow> rows) {
        Map<Long, String> unitNames = unitNames(rows.stream().map(TaskRow::unitId).toList());
        Map<Long, String> regionNames = regions.names(rows.stream().map(TaskRow::townshipId).collect(java.util.stream.Collectors.toSet()));
        LocalDate today = today();
        return rows.stream().map(t -> new TaskView(t.id(), t.pairingId(), t.unitId(), unitNames.get(t.unitId()), t.townshipId(),
                regionNames.get(t.townshipId()), t.title(), t.dueOn(), t.status(), t.completedOn(), t.completionNote(),
                "OPEN".equals(t.status()) && t.dueOn().isBefore(today), t.version())).toList();
    }

    private List<InspectionView> inspectionViews(List<InspectionRow> rows) {
        Map<Long, String> unitNames = unitNames(rows.stream().map(InspectionRow::unitId).toList());
        Map<Long, String> regionNames = regions.names(rows.stream().map(InspectionRow::regionId).collect(java.util.stream.Collectors.toSet()));
        LocalDate today = today();
        return rows.stream().map(i -> new InspectionView(i.id(), i.team(), i.unitId(), unitNames.get(i.unitId()), i.regionId(),
                regionNames.get(i.regionId()), i.inspectedOn(), i.findings(), i.rectifyBy(), i.followup(), i.followupOn(),
                i.followupNote(), "PENDING".equals(i.followup()) && i.rectifyBy() != null && i.rectifyBy().isBefore(today),
                i.version())).toList();
    }

    private List<SanctionView> sanctionViews(List<AssessmentStore.SanctionRow> rows) {
        Map<Long, String> unitNames = unitNames(rows.stream().map(AssessmentStore.SanctionRow::unitId).toList());
        return rows.stream().map(s -> new SanctionView(s.id(), s.unitId(), unitNames.get(s.unitId()), s.kind(), s.issuedOn(), s.reason(),
                s.issuer(), s.inspectionId())).toList();
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

    private Region township(Actor actor, String code, String field, List<FieldProblem> problems) {
        String c = trim(code);
        if (c == null) {
            problems.add(new FieldProblem(field, "is required: the township's division code"));
            return null;
        }
        Region r = regions.findByCode(c).orElse(null);
        if (r == null) {
            problems.add(new FieldProblem(field, "no region has the code " + c));
            return null;
        }
        if (r.level() != RegionLevel.TOWNSHIP) {
            problems.add(new FieldProblem(field, r.name() + " is not a township or street"));
            return null;
        }
        if (!actor.scope().coversRegion(r.id())) {
            problems.add(new FieldProblem(field, "is outside your data scope"));
            return null;
        }
        return r;
    }

    private OrgUnit unit(String code, String field, List<FieldProblem> problems) {
        String c = trim(code);
        if (c == null) {
            problems.add(new FieldProblem(field, "is required: the unit's code"));
            return null;
        }
        Optional<OrgUnit> u = units.findByCode(c);
        if (u.isEmpty()) {
            problems.add(new FieldProblem(field, "no unit has the code " + c));
            return null;
        }
        return u.get();
    }

    static Indicator.Subject parseSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            return Indicator.Subject.TOWNSHIP;
        }
        String s = subject.strip().toUpperCase();
        if (s.equals("TOWNSHIPS")) {
            s = "TOWNSHIP";
        } else if (s.equals("UNITS")) {
            s = "UNIT";
        }
        try {
            return Indicator.Subject.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("subject", "must be township or unit");
        }
    }

    static LocalDate parseMonth(String text, String field) {
        try {
            return YearMonth.parse(text.strip()).atDay(1);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + text.strip() + "' is not a month: use YYYY-MM");
        }
    }

    private static LocalDate date(String text, String field, boolean required, List<FieldProblem> problems) {
        String t = trim(text);
        if (t == null) {
            if (required) {
                problems.add(new FieldProblem(field, "is required (YYYY-MM-DD)"));
            }
            return null;
        }
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "'" + t + "' is not a date: use YYYY-MM-DD"));
            return null;
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String field, List<FieldProblem> problems) {
        String t = trim(text);
        if (t == null) {
            problems.add(new FieldProblem(field, "is required: one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
        try {
            return Enum.valueOf(type, t.toUpperCase());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "'" + t + "' is not one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
