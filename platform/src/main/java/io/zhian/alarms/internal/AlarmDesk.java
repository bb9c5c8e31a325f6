package io.zhian.alarms.internal;

import io.zhian.alarms.AlarmRequested;
import io.zhian.alarms.AlarmStatusChanged;
import io.zhian.alarms.NearbyCamera;
import io.zhian.alarms.NearbyCameras;
import io.zhian.alarms.internal.AlarmStore.AlarmRow;
import io.zhian.alarms.internal.AlarmStore.MessageRow;
import io.zhian.audit.AuditTrail;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Masking;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The dispatch desk (接警台): takes alarms in, moves them through their stages, sends dispatch
 * messages. Every by-id read re-checks the caller's scope; an alarm outside it is "not found".
 */
@Service
class AlarmDesk {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Set<Role> READERS = Set.of(Role.POLICE_DISPATCHER, Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN);
    static final String SYSTEM = "系统";
    private static final Pattern PHONE = Pattern.compile("[0-9+\\- ]{5,20}");
    private static final Set<String> SOURCES = Set.of("COMPOUND", "DEVICE", "LIGHT_BOX", "MANUAL");
    private static final Logger log = LoggerFactory.getLogger(AlarmDesk.class);

    private final AlarmStore store;
    private final Regions regions;
    private final OrgUnits units;
    private final ResponseTargets targets;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final DispatchBoard board;
    private final ObjectProvider<NearbyCameras> cameras;

    AlarmDesk(AlarmStore store, Regions regions, OrgUnits units, ResponseTargets targets, AuditTrail audit,
              ApplicationEventPublisher events, DispatchBoard board, ObjectProvider<NearbyCameras> cameras) {
        this.store = store;
        this.regions = regions;
        this.units = units;
        this.targets = targets;
        this.audit = audit;
        this.events = events;
        this.board = board;
        this.cameras = cameras;
    }

    static boolean mayRead(Actor actor) {
        return actor.hasAny(READERS);
    }

    static boolean mayDispatch(Actor actor) {
        return actor.has(Role.POLICE_DISPATCHER);
    }

    private static void requireReader(Actor actor) {
        if (!mayRead(actor)) {
            throw new ForbiddenException("your roles do not work with alarms");
        }
    }

    private static void requireDispatcher(Actor actor) {
        if (!mayDispatch(actor)) {
            throw new ForbiddenException("only police dispatchers may take in and dispatch alarms");
        }
    }

    // ---- intake ----

    /** An alarm raised by another module; the same dedup key twice is one alarm. Returns the new id, empty for a duplicate. */
    @Transactional
    public Optional<Long> intake(AlarmRequested e) {
        String given = e.sourceKind() == null ? "" : e.sourceKind().strip().toUpperCase();
        String kind = SOURCES.contains(given) ? given : "DEVICE";
        String dedup = e.dedupKey() == null || e.dedupKey().isBlank() ? kind + ":" + e.sourceRef() + ":" + e.at() : e.dedupKey().strip();
        if (store.idByDedupKey(dedup).isPresent()) {
            return Optional.empty();
        }
        // nothing accepted is lost: an unknown region is taken in at city level and says so
        Region region = regions.find(e.regionId()).orElse(null);
        String description = e.description() == null || e.description().isBlank() ? "（未说明）" : e.description().strip();
        if (region == null) {
            region = regions.root().orElseThrow();
            description = "[未知区域 " + e.regionId() + "] " + description;
        }
        Region township = township(region);
        int[] t = targets.forTownship(township);
        Instant now = Instant.now();
        Optional<Long> id = store.insert(new AlarmStore.NewAlarmRow(kind, cut(e.sourceRef(), 120), cut(dedup, 200), region.id(),
                township == null ? null : township.id(), validLon(e.lon()), validLat(e.lat()), cut(e.location(), 200),
                AlarmCategory.forSource(kind).name(), cut(description, 2000), null, t[0], t[1], e.at() == null ? now : e.at(), now,
                null));
        id.ifPresent(alarmId -> {
            store.event(alarmId, now, null, SYSTEM, "RECEIVE", null, AlarmStage.RECEIVED, null, kind + " " + e.sourceRef());
            audit.record("ALARM_RECEIVE", "alarm", alarmId, kind + " " + e.sourceRef());
            changed(alarmId, kind, e.sourceRef(), AlarmStage.RECEIVED, now);
        });
        return id;
    }

    /** A dispatcher's manual entry. */
    @Transactional
    public long create(Actor actor, ManualAlarm in) {
        requireDispatcher(actor);
        List<FieldProblem> problems = new ArrayList<>();
        Region region = null;
        if (in.regionCode() == null || in.regionCode().isBlank()) {
            problems.add(new FieldProblem("regionCode", "is required"));
        } else {
            region = regions.findByCode(in.regionCode()).orElse(null);
            if (region == null) {
                problems.add(new FieldProblem("regionCode", "no region has the code " + in.regionCode().strip()));
            } else if (!actor.scope().coversRegion(region.id())) {
                problems.add(new FieldProblem("regionCode", "is outside your data scope"));
            }
        }
        if (in.address() == null || in.address().isBlank()) {
            problems.add(new FieldProblem("address", "is required"));
        } else if (in.address().strip().length() > 200) {
            problems.add(new FieldProblem("address", "must be at most 200 characters"));
        }
        AlarmCategory category = AlarmCategory.parse(in.category());
        if (category == null) {
            problems.add(new FieldProblem("category", in.category() == null || in.category().isBlank() ? "is required"
                    : "must be one of " + Arrays.toString(AlarmCategory.values())));
        }
        if (in.description() == null || in.description().isBlank()) {
            problems.add(new FieldProblem("description", "is required"));
        } else if (in.description().strip().length() > 2000) {
            problems.add(new FieldProblem("description", "must be at most 2000 characters"));
        }
        String phone = blank(in.callerPhone());
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problems.add(new FieldProblem("callerPhone", "digits only (5 to 20), '+', '-' and spaces allowed"));
        }
        Double lon = coordinate("lon", in.lon(), 73, 136, problems);
        Double lat = coordinate("lat", in.lat(), 3, 54, problems);
        if ((lon == null) != (lat == null) && !problems.stream().anyMatch(p -> p.field().equals("lon") || p.field().equals("lat"))) {
            problems.add(new FieldProblem(lon == null ? "lon" : "lat", "give both longitude and latitude, or neither"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Region township = township(region);
        int[] t = targets.forTownship(township);
        Instant now = Instant.now();
        long id = store.insert(new AlarmStore.NewAlarmRow("MANUAL", null, null, region.id(), township == null ? null : township.id(),
                lon, lat, in.address().strip(), category.name(), in.description().strip(), phone, t[0], t[1], now, now,
                actor.userId())).orElseThrow();
        store.event(id, now, actor.userId(), actor.displayName(), "RECEIVE", null, AlarmStage.RECEIVED, null, "MANUAL");
        audit.record("ALARM_CREATE", "alarm", id, category + " " + region.code());
        changed(id, "MANUAL", null, AlarmStage.RECEIVED, now);
        return id;
    }

    private Region township(Region region) {
        if (region.level() == RegionLevel.TOWNSHIP) {
            return region;
        }
        if (region.level() == RegionLevel.CITY) {
            return null;
        }
        return regions.ancestors(region).stream().filter(r -> r.level() == RegionLevel.TOWNSHIP).findFirst().orElse(null);
    }

    private static Double coordinate(String field, String value, double min, double max, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(value.strip());
            if (v < min || v > max) {
                problems.add(new FieldProblem(field, "must be between " + (int) min + " and " + (int) max + " (WGS-84, China)"));
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "must be a decimal number"));
            return null;
        }
    }

    private static Double validLon(Double v) {
        return v == null || v < -180 || v > 180 ? null : v;
    }

    private static Double validLat(Double v) {
        return v == null || v < -90 || v > 90 ? null : v;
    }

    // ---- reads ----

    AlarmRow row(Actor actor, long id) {
        requireReader(actor);
        AlarmRow row = store.find(id).orElseThrow(() -> new NotFoundException("alarm", id));
        if (!actor.scope().permits(row.regionId(), row.unitId(), null)) {
            throw NotFoundException.outOfScope("alarm", id);
        }
        return row;
    }

    public AlarmView get(Actor actor, long id) {
        return views(actor, List.of(row(actor, id))).get(0);
    }

    /** Open alarms and those finished in the last hour, newest first. */
    public List<AlarmView> board(Actor actor) {
        requireReader(actor);
        return views(actor, store.board(actor.scope(), Instant.now().minus(Duration.ofHours(1))));
    }

    public record Page(long total, int page, int size, List<AlarmView> items) {}

    public Page list(Actor actor, String stage, String q, int page, int size) {
        return list(actor, stage, q, AlarmListFilter.NONE, page, size);
    }

    /** The list narrowed by a figure's filter (already checked against the caller's scope). */
    public Page list(Actor actor, String stage, String q, AlarmListFilter filter, int page, int size) {
        requireReader(actor);
        String s = null;
        if (stage != null && !stage.isBlank()) {
            try {
                s = AlarmStage.valueOf(stage.strip().toUpperCase()).name();
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("stage", "'" + stage + "' is not one of " + Arrays.toString(AlarmStage.values()));
            }
        }
        String query = q == null ? "" : q.strip();
        int sz = Math.min(Math.max(size, 1), 500);
        int p = Math.max(page, 0);
        return new Page(store.count(actor.scope(), s, query, filter), p, sz,
                views(actor, store.list(actor.scope(), s, query, filter, p * sz, sz)));
    }

    public List<AlarmView.TimelineEntry> timeline(Actor actor, long id) {
        row(actor, id);
        List<AlarmStore.EventRow> rows = store.timeline(id);
        Map<Long, String> unitNames = unitNames(rows.stream().map(AlarmStore.EventRow::unitId).toList());
        return rows.stream().map(e -> new AlarmView.TimelineEntry(e.at(), e.actorName(), e.action(), e.fromStage(), e.toStage(),
                e.unitId() == null ? null : unitNames.get(e.unitId()), e.note())).toList();
    }

    /** The caller's full phone number: needs a reason, and the read is audited. */
    public String revealCallerPhone(Actor actor, long id, String reason) {
        AlarmRow row = row(actor, id);
        if (reason == null || reason.strip().length() < 2) {
            throw new InvalidInputException("reason", "state why you need the full number (at least 2 characters)");
        }
        audit.recordPersonalDataRead("alarm", id, "caller_phone", reason.strip());
        return row.callerPhone();
    }

    /** The cameras nearest the alarm; empty when no module offers camera data. */
    public Optional<List<NearbyCamera>> cameras(AlarmView alarm, int limit) {
        // the first by order, so that a second implementation (a test double, a second camera system) does not break the board
        NearbyCameras provider = cameras.orderedStream().findFirst().orElse(null);
        if (provider == null) {
            return Optional.empty();
        }
        Double lon = alarm.lon();
        Double lat = alarm.lat();
        if (lon == null || lat == null) {
            Region region = regions.find(alarm.regionId()).orElse(null);
            lon = region == null ? null : region.centreLon();
            lat = region == null ? null : region.centreLat();
        }
        if (lon == null || lat == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(provider.near(lon, lat, limit));
        } catch (RuntimeException e) {
            log.warn("Nearby cameras unavailable: {}", e.toString());
            return Optional.empty();
        }
    }

    List<AlarmView> views(Actor actor, List<AlarmRow> rows) {
        Set<Long> regionIds = new HashSet<>();
        rows.forEach(r -> {
            regionIds.add(r.regionId());
            if (r.townshipId() != null) {
                regionIds.add(r.townshipId());
            }
        });
        Map<Long, String> regionNames = regions.names(regionIds);
        List<MessageRow> messages = store.messagesOfAlarms(rows.stream().map(AlarmRow::id).toList());
        List<Long> unitIds = new ArrayList<>(rows.stream().map(AlarmRow::unitId).toList());
        messages.forEach(m -> unitIds.add(m.unitId()));
        Map<Long, String> unitNames = unitNames(unitIds);
        Map<Long, List<AlarmView.MessageView>> byAlarm = new HashMap<>();
        Map<Long, String> alarmNos = new HashMap<>();
        rows.forEach(r -> alarmNos.put(r.id(), r.alarmNo()));
        for (MessageRow m : messages) {
            byAlarm.computeIfAbsent(m.alarmId(), k -> new ArrayList<>()).add(message(m, alarmNos.get(m.alarmId()), unitNames));
        }
        boolean dispatcher = mayDispatch(actor);
        Instant now = Instant.now();
        return rows.stream().map(r -> {
            Double toDispatch = r.dispatchedAt() == null ? null : minutes(Duration.between(r.receivedAt(), r.dispatchedAt()));
            Double toArrival = r.onSceneAt() == null ? null : minutes(Duration.between(r.receivedAt(), r.onSceneAt()));
            Boolean withinTarget = r.onSceneAt() == null ? null
                    : Duration.between(r.receivedAt(), r.onSceneAt()).compareTo(Duration.ofMinutes(r.arrivalTargetMin())) <= 0;
            // open and past the target of its current stage: not yet dispatched, or dispatched but not yet there
            boolean overdue = switch (r.stage()) {
                case RECEIVED -> now.isAfter(r.receivedAt().plus(Duration.ofMinutes(r.dispatchTargetMin())));
                case DISPATCHED, EN_ROUTE -> now.isAfter(r.receivedAt().plus(Duration.ofMinutes(r.arrivalTargetMin())));
                default -> false;
            };
            List<String> allowed = dispatcher ? Arrays.stream(AlarmAction.values()).filter(a -> a.allowedFrom(r.stage()))
                    .map(AlarmAction::slug).toList() : List.of();
            return new AlarmView(r.id(), r.alarmNo(), r.sourceKind(), r.sourceRef(), r.regionId(), regionNames.get(r.regionId()),
                    r.townshipId(), r.townshipId() == null ? null : regionNames.get(r.townshipId()), r.lon(), r.lat(), r.address(),
                    r.category(), r.description(), Masking.phone(r.callerPhone()), r.stage().name(), r.stage().isFinal(),
                    r.outcomeReason(), r.unitId(), r.unitId() == null ? null : unitNames.get(r.unitId()), r.dispatchTargetMin(),
                    r.arrivalTargetMin(), r.raisedAt(), r.receivedAt(), r.dispatchedAt(), r.enRouteAt(), r.onSceneAt(), r.clearedAt(),
                    r.finishedAt(), r.stageAt(), toDispatch, toArrival, withinTarget, overdue, allowed,
                    byAlarm.getOrDefault(r.id(), List.of()), r.version());
        }).toList();
    }

    private static AlarmView.MessageView message(MessageRow m, String alarmNo, Map<Long, String> unitNames) {
        return new AlarmView.MessageView(m.id(), m.alarmId(), alarmNo, m.unitId(), unitNames.get(m.unitId()), m.body(),
                m.sentByName(), m.sentAt(), m.deliveredAt(), m.acknowledgedAt(), m.acknowledgedByName());
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

    // ---- the stages ----

    @Transactional
    public AlarmView act(Actor actor, long id, AlarmAction action, String unitCode, String reason) {
        AlarmRow row = row(actor, id);
        requireDispatcher(actor);
        move(row, action, unitCode, reason, actor.userId(), actor.displayName(), Instant.now());
        return get(actor, id);
    }

    /** One stage change: checked, stored with its time and actor, audited and published. */
    void move(AlarmRow row, AlarmAction action, String unitCode, String reason, Long userId, String userName, Instant at) {
        if (!action.allowedFrom(row.stage())) {
            throw new ConflictException("stage", "cannot " + action.slug() + " alarm " + row.alarmNo() + ": it is " + row.stage());
        }
        String why = blank(reason);
        if (why != null && why.length() > 500) {
            throw new InvalidInputException("reason", "must be at most 500 characters");
        }
        if (action.needsReason() && why == null) {
            throw new InvalidInputException("reason", "is required to " + action.slug() + " an alarm");
        }
        Long unitId = row.unitId();
        if (action == AlarmAction.DISPATCH) {
            if (unitCode == null || unitCode.isBlank()) {
                throw new InvalidInputException("unitCode", "is required: the unit or patrol to send");
            }
            OrgUnit unit = units.findByCode(unitCode.strip()).orElseThrow(
                    () -> new InvalidInputException("unitCode", "no unit has the code " + unitCode.strip()));
            if (!unit.active()) {
                throw new InvalidInputException("unitCode", unit.name() + " is not active");
            }
            if (unit.id() == (row.unitId() == null ? -1 : row.unitId())) {
                throw new InvalidInputException("unitCode", "the alarm is already dispatched to " + unit.name());
            }
            unitId = unit.id();
        }
        AlarmStage to = action.to();
        if (!store.move(row, to, unitId, action.needsReason() ? why : row.outcomeReason(), at)) {
            throw new ConflictException("version", "alarm " + row.alarmNo() + " was changed meanwhile; reload and try again");
        }
        store.event(row.id(), at, userId, userName, action.name(), row.stage(), to, unitId, why);
        audit.record("ALARM_" + action.name(), "alarm", row.id(), row.alarmNo() + " " + row.stage() + "->" + to
                + (action == AlarmAction.DISPATCH ? " unit=" + unitCode.strip() : ""));
        changed(row.id(), row.sourceKind(), row.sourceRef(), to, at);
    }

    /** Tells the source (through the outbox) and, once committed, the boards. */
    private void changed(long id, String sourceKind, String sourceRef, AlarmStage stage, Instant at) {
        events.publishEvent(new AlarmStatusChanged(id, sourceKind, sourceRef, stage.name(), at));
        afterCommit(() -> board.alarmChanged(id));
    }

    static void afterCommit(Runnable r) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    r.run();
                }
            });
        } else {
            r.run();
        }
    }

    // ---- dispatch messages (对讲调度) ----

    /** Sends a text dispatch message about an alarm to a unit (by default the unit dispatched). */
    @Transactional
    public long sendMessage(Actor actor, long alarmId, String unitCode, String body) {
        AlarmRow row = row(actor, alarmId);
        requireDispatcher(actor);
        List<FieldProblem> problems = new ArrayList<>();
        String text = blank(body);
        if (text == null) {
            problems.add(new FieldProblem("body", "is required"));
        } else if (text.length() > 500) {
            problems.add(new FieldProblem("body", "must be at most 500 characters"));
        }
        Long unitId = row.unitId();
        if (unitCode != null && !unitCode.isBlank()) {
            Optional<OrgUnit> unit = units.findByCode(unitCode.strip());
            if (unit.isEmpty()) {
                problems.add(new FieldProblem("unitCode", "no unit has the code " + unitCode.strip()));
            } else {
                unitId = unit.get().id();
            }
        } else if (unitId == null) {
            problems.add(new FieldProblem("unitCode", "is required: the alarm is not dispatched to a unit yet"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertMessage(alarmId, unitId, text, actor.userId(), actor.displayName(), Instant.now());
        audit.record("ALARM_MESSAGE_SEND", "alarm_message", id, row.alarmNo() + " unit=" + unitId);
        long unit = unitId;
        afterCommit(() -> board.messageSent(id, unit, alarmId));
        return id;
    }

    /** The messages sent to the caller's own unit, newest first; listing them delivers them. */
    @Transactional
    public List<AlarmView.MessageView> inbox(Actor actor) {
        List<MessageRow> rows = store.inbox(actor.unitId(), 100);
        List<Long> delivered = store.markDelivered(rows.stream().filter(m -> m.deliveredAt() == null).map(MessageRow::id).toList(),
                Instant.now());
        if (!delivered.isEmpty()) {
            rows = store.inbox(actor.unitId(), 100);
            Set<Long> alarms = new HashSet<>();
            rows.stream().filter(m -> delivered.contains(m.id()) && m.alarmId() != null).forEach(m -> alarms.add(m.alarmId()));
            afterCommit(() -> alarms.forEach(board::alarmChanged));
        }
        Map<Long, String> unitNames = unitNames(List.of(actor.unitId()));
        Map<Long, String> alarmNos = new HashMap<>();
        for (MessageRow m : rows) {
            if (m.alarmId() != null && !alarmNos.containsKey(m.alarmId())) {
                store.find(m.alarmId()).ifPresent(a -> alarmNos.put(a.id(), a.alarmNo()));
            }
        }
        return rows.stream().map(m -> message(m, alarmNos.get(m.alarmId()), unitNames)).toList();
    }

    /** A user of the receiving unit confirms the message. */
    @Transactional
    public void acknowledge(Actor actor, long messageId) {
        MessageRow m = store.message(messageId).orElseThrow(() -> new NotFoundException("alarm_message", messageId));
        if (m.unitId() != actor.unitId()) {
            throw NotFoundException.outOfScope("alarm_message", messageId);
        }
        if (!store.acknowledge(messageId, actor.userId(), actor.displayName(), Instant.now())) {
            throw new ConflictException("acknowledgedAt", "this message was acknowledged already");
        }
        audit.record("ALARM_MESSAGE_ACK", "alarm_message", messageId, null);
        if (m.alarmId() != null) {
            afterCommit(() -> board.alarmChanged(m.alarmId()));
        }
    }

    /** Minutes to one decimal: 5.7 minutes is late against a 5-minute target, "5 minutes" would hide it. */
    private static double minutes(Duration d) {
        return Math.round(d.toSeconds() / 6.0) / 10.0;
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.length() <= max ? t : t.substring(0, max);
    }
}
