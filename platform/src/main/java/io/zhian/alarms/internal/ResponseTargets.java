package io.zhian.alarms.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.regions.Region;
import io.zhian.regions.RegionKind;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Response targets per township: minutes from receipt to dispatch and from receipt to arrival on
 * scene. A township without its own row gets the defaults: urban streets (街道) a shorter arrival
 * target than towns and rural townships.
 */
@Service
class ResponseTargets {

    record Target(long townshipId, String townshipName, int dispatchMinutes, int arrivalMinutes, boolean configured,
                  String updatedBy) {}

    private final JdbcClient jdbc;
    private final Regions regions;
    private final AuditTrail audit;
    private final int dispatchDefault;
    private final int arrivalUrbanDefault;
    private final int arrivalDefault;

    ResponseTargets(JdbcClient jdbc, Regions regions, AuditTrail audit,
                    @Value("${zhian.alarms.targets.dispatch-minutes:3}") int dispatchDefault,
                    @Value("${zhian.alarms.targets.arrival-minutes-urban:5}") int arrivalUrbanDefault,
                    @Value("${zhian.alarms.targets.arrival-minutes:10}") int arrivalDefault) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.audit = audit;
        this.dispatchDefault = dispatchDefault;
        this.arrivalUrbanDefault = arrivalUrbanDefault;
        this.arrivalDefault = arrivalDefault;
    }

    /** The targets in force for a township (null: city level, the defaults). */
    int[] forTownship(Region township) {
        if (township == null) {
            return new int[] {dispatchDefault, arrivalDefault};
        }
        return jdbc.sql("SELECT dispatch_minutes, arrival_minutes FROM alarm_target WHERE township_id = :id")
                .param("id", township.id()).query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)}).optional()
                .orElseGet(() -> new int[] {dispatchDefault, township.kind() == RegionKind.STREET ? arrivalUrbanDefault : arrivalDefault});
    }

    /** Every township with its targets, configured or default. */
    List<Target> all() {
        Map<Long, Target> configured = new HashMap<>();
        jdbc.sql("SELECT township_id, dispatch_minutes, arrival_minutes, updated_by FROM alarm_target")
                .query((rs, n) -> configured.put(rs.getLong(1), new Target(rs.getLong(1), null, rs.getInt(2), rs.getInt(3), true,
                        rs.getString(4)))).list();
        List<Target> out = new ArrayList<>();
        for (Region t : regions.byLevel(RegionLevel.TOWNSHIP)) {
            Target c = configured.get(t.id());
            out.add(c != null ? new Target(t.id(), t.name(), c.dispatchMinutes(), c.arrivalMinutes(), true, c.updatedBy())
                    : new Target(t.id(), t.name(), dispatchDefault,
                    t.kind() == RegionKind.STREET ? arrivalUrbanDefault : arrivalDefault, false, null));
        }
        return out;
    }

    static boolean mayEdit(Actor actor) {
        return actor.has(Role.CITY_ADMIN);
    }

    /** Sets a township's targets (city administrators); applies to alarms received from now on. */
    @Transactional
    public void set(Actor actor, long townshipId, String dispatchMinutes, String arrivalMinutes) {
        if (!mayEdit(actor)) {
            throw new ForbiddenException("only city administrators may change response targets");
        }
        Region township = regions.find(townshipId).filter(r -> r.level() == RegionLevel.TOWNSHIP)
                .orElseThrow(() -> new NotFoundException("township", townshipId));
        List<FieldProblem> problems = new ArrayList<>();
        Integer d = minutes("dispatchMinutes", dispatchMinutes, problems);
        Integer a = minutes("arrivalMinutes", arrivalMinutes, problems);
        if (d != null && a != null && d > a) {
            problems.add(new FieldProblem("dispatchMinutes", "must not be longer than the arrival target"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        jdbc.sql("""
                        INSERT INTO alarm_target (township_id, dispatch_minutes, arrival_minutes, updated_by, updated_at)
                        VALUES (:id, :d, :a, :by, now())
                        ON CONFLICT (township_id) DO UPDATE SET dispatch_minutes = :d, arrival_minutes = :a, updated_by = :by,
                          updated_at = now()""")
                .param("id", townshipId).param("d", d).param("a", a).param("by", actor.displayName()).update();
        audit.record("ALARM_TARGET_SET", "alarm_target", townshipId, township.name() + " dispatch=" + d + "min arrival=" + a + "min");
    }

    private static Integer minutes(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        try {
            int m = Integer.parseInt(value.strip());
            if (m < 1 || m > 240) {
                problems.add(new FieldProblem(field, "must be between 1 and 240 minutes"));
                return null;
            }
            return m;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "must be a whole number of minutes"));
            return null;
        }
    }
}
