package io.zhian.devices.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.devices.DeviceView;
import io.zhian.devices.Devices;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Maintenance tickets for faulty or offline devices, with a refused-illegal-move state machine. */
@Service
public class MaintenanceTickets {

    public static final Set<Role> WORKERS = Set.of(Role.CITY_ADMIN, Role.TOWNSHIP_OFFICER);
    public static final Duration SUGGEST_AFTER = Duration.ofHours(24);

    public record Ticket(long id, long deviceId, String deviceCode, String deviceName, String townshipName, TicketState state,
                         String fault, String assignee, String resolution, String openedBy, Instant openedAt, Instant updatedAt,
                         Instant closedAt, int version) {}

    public record Event(TicketState from, TicketState to, String actor, String note, Instant at) {}

    /** A device that has been offline long enough to deserve a ticket and has none open. */
    public record Suggestion(long deviceId, String code, String name, String townshipName, Instant offlineSince) {}

    private static final String SELECT = """
            SELECT m.id, m.device_id, d.code, d.name, t.name AS township_name, m.state, m.fault, m.assignee, m.resolution,
                   m.opened_by, m.opened_at, m.updated_at, m.closed_at, m.version, d.region_id, d.unit_id
            FROM maintenance_ticket m JOIN device d ON d.id = m.device_id LEFT JOIN region t ON t.id = d.township_id""";

    private final JdbcClient jdbc;
    private final Devices devices;
    private final AuditTrail audit;
    private final DeviceStatusTracker tracker;

    MaintenanceTickets(JdbcClient jdbc, Devices devices, AuditTrail audit, DeviceStatusTracker tracker) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.audit = audit;
        this.tracker = tracker;
    }

    static void requireWorker(Actor actor) {
        if (WORKERS.stream().noneMatch(actor::has)) {
            throw new ForbiddenException("your roles do not handle maintenance tickets");
        }
    }

    public List<Ticket> list(Actor actor, TicketState state, int limit) {
        if (!Devices.mayRead(actor)) {
            throw new ForbiddenException("your roles do not read the device registry");
        }
        DataScope scope = actor.scope();
        return jdbc.sql(SELECT + " WHERE " + scope.where("d.region_id", "d.unit_id", null)
                        + " AND (CAST(:state AS VARCHAR) IS NULL OR m.state = :state) ORDER BY m.opened_at DESC, m.id DESC LIMIT :limit")
                .params(scope.params()).param("state", state == null ? null : state.name()).param("limit", Math.min(Math.max(limit, 1), 1000))
                .query(MaintenanceTickets::map).list();
    }

    public Ticket get(Actor actor, long id) {
        if (!Devices.mayRead(actor)) {
            throw new ForbiddenException("your roles do not read the device registry");
        }
        Row row = jdbc.sql(SELECT + " WHERE m.id = :id").param("id", id)
                .query((rs, n) -> new Row(map(rs, n), rs.getLong("region_id"), rs.getObject("unit_id", Long.class))).optional()
                .orElseThrow(() -> new NotFoundException("maintenance_ticket", id));
        if (!actor.scope().permits(row.regionId, row.unitId, null)) {
            throw NotFoundException.outOfScope("maintenance_ticket", id);
        }
        return row.ticket;
    }

    private record Row(Ticket ticket, long regionId, Long unitId) {}

    public List<Event> events(Actor actor, long id) {
        get(actor, id);
        return jdbc.sql("SELECT from_state, to_state, actor, note, at FROM maintenance_ticket_event WHERE ticket_id = :id ORDER BY at, id")
                .param("id", id).query((rs, n) -> new Event(rs.getString(1) == null ? null : TicketState.valueOf(rs.getString(1)),
                        TicketState.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant())).list();
    }

    @Transactional
    public Ticket open(Actor actor, long deviceId, String fault) {
        requireWorker(actor);
        DeviceView device = devices.get(actor, deviceId);
        if (fault == null || fault.isBlank()) {
            throw new InvalidInputException("fault", "is required");
        }
        if (fault.strip().length() > 500) {
            throw new InvalidInputException("fault", "must be at most 500 characters");
        }
        long open = jdbc.sql("SELECT count(*) FROM maintenance_ticket WHERE device_id = :d AND state <> 'VERIFIED'")
                .param("d", deviceId).query(Long.class).single();
        if (open > 0) {
            throw new ConflictException("deviceId", "device " + device.code() + " already has an unfinished ticket");
        }
        long id = jdbc.sql("INSERT INTO maintenance_ticket (device_id, state, fault, opened_by) VALUES (:d, 'OPEN', :fault, :by) RETURNING id")
                .param("d", deviceId).param("fault", fault.strip()).param("by", actor.username()).query(Long.class).single();
        event(id, null, TicketState.OPEN, actor.username(), fault.strip());
        audit.record("DEVICE_TICKET_OPEN", "maintenance_ticket", id, device.code());
        return get(actor, id);
    }

    /** assign (needs assignee), fix (needs resolution), verify, reject (a fix that did not hold; needs a note). */
    @Transactional
    public Ticket act(Actor actor, long id, String action, String assignee, String note, Integer expectedVersion) {
        requireWorker(actor);
        Ticket t = get(actor, id);
        TicketState next = action == null ? null : t.state().after(action);
        if (next == null) {
            if (action == null || !List.of("assign", "fix", "verify", "reject").contains(action)) {
                throw new InvalidInputException("action", "must be assign, fix, verify or reject");
            }
            throw new ConflictException("state", "a " + t.state() + " ticket cannot be " + switch (action) {
                case "assign" -> "assigned";
                case "fix" -> "marked fixed";
                case "verify" -> "verified";
                default -> "rejected";
            });
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (action.equals("assign") && (assignee == null || assignee.isBlank())) {
            problems.add(new FieldProblem("assignee", "is required"));
        }
        if (assignee != null && assignee.strip().length() > 100) {
            problems.add(new FieldProblem("assignee", "must be at most 100 characters"));
        }
        if ((action.equals("fix") || action.equals("reject")) && (note == null || note.isBlank())) {
            problems.add(new FieldProblem("note", action.equals("fix") ? "say what was done" : "say why the fix did not hold"));
        }
        if (note != null && note.strip().length() > 500) {
            problems.add(new FieldProblem("note", "must be at most 500 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int updated = jdbc.sql("""
                        UPDATE maintenance_ticket SET state = :state, assignee = COALESCE(:assignee, assignee),
                          resolution = CASE WHEN :action = 'fix' THEN :note ELSE resolution END,
                          closed_at = CASE WHEN :state = 'VERIFIED' THEN now() ELSE NULL END, updated_at = now(), version = version + 1
                        WHERE id = :id AND state = :from AND (CAST(:version AS INT) IS NULL OR version = :version)""")
                .param("state", next.name()).param("assignee", assignee == null || assignee.isBlank() ? null : assignee.strip())
                .param("action", action).param("note", note == null ? null : note.strip()).param("id", id)
                .param("from", t.state().name()).param("version", expectedVersion).update();
        if (updated == 0) {
            throw new ConflictException("version", "someone else changed this ticket meanwhile; reload and try again");
        }
        event(id, t.state(), next, actor.username(), action.equals("assign") ? assignee.strip() : note == null ? null : note.strip());
        audit.record("DEVICE_TICKET_" + action.toUpperCase(), "maintenance_ticket", id, t.state() + " -> " + next);
        return get(actor, id);
    }

    /** Devices offline for more than 24 hours with no unfinished ticket: candidates for a new ticket. */
    public List<Suggestion> suggestions(Actor actor, int limit) {
        if (!Devices.mayRead(actor)) {
            throw new ForbiddenException("your roles do not read the device registry");
        }
        DataScope scope = actor.scope();
        return jdbc.sql("""
                        SELECT d.id, d.code, d.name, t.name, d.status_since FROM device d LEFT JOIN region t ON t.id = d.township_id
                        WHERE NOT d.online AND d.status_since < :limit AND """ + scope.where("d.region_id", "d.unit_id", null) + """
                         AND NOT EXISTS (SELECT 1 FROM maintenance_ticket m WHERE m.device_id = d.id AND m.state <> 'VERIFIED')
                        ORDER BY d.status_since, d.id LIMIT :n""")
                .params(scope.params()).param("limit", Timestamp.from(tracker.now().minus(SUGGEST_AFTER)))
                .param("n", Math.min(Math.max(limit, 1), 500))
                .query((rs, n) -> new Suggestion(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant())).list();
    }

    private void event(long ticketId, TicketState from, TicketState to, String actor, String note) {
        jdbc.sql("INSERT INTO maintenance_ticket_event (ticket_id, from_state, to_state, actor, note) VALUES (:t, :f, :to, :a, :n)")
                .param("t", ticketId).param("f", from == null ? null : from.name()).param("to", to.name()).param("a", actor)
                .param("n", note).update();
    }

    static Ticket map(ResultSet rs, int n) throws SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Ticket(rs.getLong("id"), rs.getLong("device_id"), rs.getString("code"), rs.getString("name"),
                rs.getString("township_name"), TicketState.valueOf(rs.getString("state")), rs.getString("fault"),
                rs.getString("assignee"), rs.getString("resolution"), rs.getString("opened_by"), rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), closed == null ? null : closed.toInstant(), rs.getInt("version"));
    }
}
