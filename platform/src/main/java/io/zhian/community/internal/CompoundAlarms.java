package io.zhian.community.internal;

import io.zhian.alarms.AlarmRequested;
import io.zhian.alarms.AlarmStatusChanged;
import io.zhian.audit.AuditTrail;
import io.zhian.community.internal.CommunityViews.Alarm;
import io.zhian.community.internal.CommunityViews.Compound;
import io.zhian.shared.Actor;
import io.zhian.shared.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one-key alarm (一键报警): a press on a compound's alarm panel or the button on the compound page
 * is stored and published as {@link AlarmRequested} (through the event publication registry, in the
 * same transaction); the alarms module's {@link AlarmStatusChanged} updates the stage shown here.
 */
@Service
class CompoundAlarms {

    static final String SOURCE_PREFIX = "compound-alarm:";
    static final Set<String> RAISERS = Set.of("CITY_ADMIN", "PROPERTY_MANAGER", "GRID_WORKER", "TOWNSHIP_OFFICER");

    private final JdbcClient jdbc;
    private final Compounds compounds;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final LiveBoard board;

    CompoundAlarms(JdbcClient jdbc, Compounds compounds, ApplicationEventPublisher events, AuditTrail audit, LiveBoard board) {
        this.jdbc = jdbc;
        this.compounds = compounds;
        this.events = events;
        this.audit = audit;
        this.board = board;
    }

    /** The button on the page or in the app. */
    @Transactional
    Alarm raise(Actor actor, long compoundId, String place, String description) {
        Compound c = compounds.get(actor, compoundId);
        if (actor.roles().stream().noneMatch(r -> RAISERS.contains(r.name()))) {
            throw new io.zhian.shared.ForbiddenException("your role may not raise a compound alarm");
        }
        if (place != null && place.strip().length() > 100) {
            throw new InvalidInputException("place", "must be at most 100 characters");
        }
        String location = c.name() + (place == null || place.isBlank() ? "" : " " + place.strip());
        Alarm a = store(c, "PAGE", "page:" + java.util.UUID.randomUUID(), location, Instant.now(), actor.userId(),
                description == null || description.isBlank() ? "一键报警（页面）" : description.strip());
        audit.record("COMPOUND_ALARM_RAISE", "compound_alarm", a.id(), location);
        return a;
    }

    /** A panel press reported by a device; the same press twice (same device and press id) is one alarm. */
    @Transactional
    Alarm raiseFromPanel(long compoundId, String deviceId, String pressId, String place, Instant at) {
        Compound c = jdbcCompound(compoundId);
        String dedup = "panel:" + deviceId + ":" + pressId;
        Alarm existing = find(dedup);
        if (existing != null) {
            return existing;
        }
        return store(c, "PANEL", dedup, c.name() + (place == null || place.isBlank() ? "" : " " + place.strip()), at, null,
                "一键报警（报警柱 " + deviceId + "）");
    }

    private Compound jdbcCompound(long compoundId) {
        return jdbc.sql(Compounds.COMPOUND_SQL + " WHERE c.id = :id").param("id", compoundId).query(Compounds::map).single();
    }

    private Alarm store(Compound c, String source, String dedup, String location, Instant at, Long by, String description) {
        long id = jdbc.sql("""
                        INSERT INTO community_alarm (compound_id, source, dedup_key, location, raised_at, raised_by, stage_at)
                        VALUES (:c, :s, :d, :l, :at, :by, :at) RETURNING id""")
                .param("c", c.id()).param("s", source).param("d", dedup).param("l", location).param("at", java.sql.Timestamp.from(at))
                .param("by", by).query(Long.class).single();
        events.publishEvent(new AlarmRequested("COMPOUND", SOURCE_PREFIX + id, SOURCE_PREFIX + dedup, c.regionId(), c.lon(), c.lat(),
                location, description, at));
        board.changed(Set.of(c.id()), false);
        return find(dedup);
    }

    List<Alarm> list(Actor actor, long compoundId) {
        compounds.get(actor, compoundId);
        return jdbc.sql(SELECT + " WHERE compound_id = :c ORDER BY raised_at DESC LIMIT 50").param("c", compoundId).query(CompoundAlarms::map)
                .list();
    }

    private Alarm find(String dedup) {
        return jdbc.sql(SELECT + " WHERE dedup_key = :d").param("d", dedup).query(CompoundAlarms::map).optional().orElse(null);
    }

    @ApplicationModuleListener(id = "community-alarm-status")
    void on(AlarmStatusChanged e) {
        if (e.sourceRef() == null || !e.sourceRef().startsWith(SOURCE_PREFIX)) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(e.sourceRef().substring(SOURCE_PREFIX.length()));
        } catch (NumberFormatException ex) {
            return;
        }
        Long compound = jdbc.sql("""
                        UPDATE community_alarm SET stage = :s, alarm_id = :a, stage_at = :at WHERE id = :id AND stage_at <= :at
                        RETURNING compound_id""")
                .param("s", e.stage()).param("a", e.alarmId()).param("at", java.sql.Timestamp.from(e.at())).param("id", id)
                .query(Long.class).optional().orElse(null);
        if (compound != null) {
            board.changed(Set.of(compound), false);
        }
    }

    private static final String SELECT = "SELECT id, compound_id, source, location, raised_at, stage, alarm_id, stage_at FROM community_alarm";

    static Alarm map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Alarm(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("source"), rs.getString("location"),
                PoliceRequests.instant(rs, "raised_at"), rs.getString("stage"), rs.getObject("alarm_id", Long.class),
                PoliceRequests.instant(rs, "stage_at"));
    }
}
