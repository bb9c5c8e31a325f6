package io.zhian.regions;

import io.zhian.audit.AuditTrail;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organisation units. A unit row is in scope when its home region or the unit itself is. */
@Service
public class OrgUnits {

    private static final String COLUMNS = "id, code, name, kind, region_id, parent_id, active, version";
    private static final String FILTER = " AND (:q = '' OR u.name LIKE :like OR u.code LIKE :like)"
            + " AND (CAST(:kind AS VARCHAR) IS NULL OR u.kind = :kind)"
            + " AND (CAST(:region AS BIGINT) IS NULL OR u.region_id = :region)";
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{2,32}");

    private final JdbcClient jdbc;
    private final Regions regions;
    private final AuditTrail audit;

    OrgUnits(JdbcClient jdbc, Regions regions, AuditTrail audit) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.audit = audit;
    }

    public Optional<OrgUnit> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM org_unit WHERE id = :id").param("id", id).query(OrgUnits::map).optional();
    }

    public Optional<OrgUnit> findByCode(String code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM org_unit WHERE code = :code").param("code", code).query(OrgUnits::map).optional();
    }

    public OrgUnit get(DataScope scope, long id) {
        OrgUnit unit = find(id).orElseThrow(() -> new NotFoundException("unit", id));
        if (!scope.permits(unit.regionId(), unit.id(), null)) {
            throw NotFoundException.outOfScope("unit", id);
        }
        return unit;
    }

    public List<OrgUnit> list(DataScope scope, String query, OrgUnitKind kind, Long regionId, int offset, int limit) {
        String q = query == null ? "" : query.strip();
        return jdbc.sql("SELECT " + COLUMNS + " FROM org_unit u WHERE " + scope.where("u.region_id", "u.id", null)
                        + FILTER + " ORDER BY u.code OFFSET :offset LIMIT :limit")
                .params(scope.params()).param("q", q).param("like", "%" + q + "%")
                .param("kind", kind == null ? null : kind.name()).param("region", regionId)
                .param("offset", Math.max(offset, 0)).param("limit", Math.min(Math.max(limit, 1), 500))
                .query(OrgUnits::map).list();
    }

    public long count(DataScope scope, String query, OrgUnitKind kind, Long regionId) {
        String q = query == null ? "" : query.strip();
        return jdbc.sql("SELECT count(*) FROM org_unit u WHERE " + scope.where("u.region_id", "u.id", null)
                        + FILTER)
                .params(scope.params()).param("q", q).param("like", "%" + q + "%")
                .param("kind", kind == null ? null : kind.name()).param("region", regionId)
                .query(Long.class).single();
    }

    @Transactional
    public OrgUnit create(Actor actor, NewOrgUnit input) {
        requireAdmin(actor);
        List<FieldProblem> problems = new ArrayList<>();
        Region region = check(input.code(), input.name(), input.kind(), input.regionCode(), problems);
        if (input.code() != null && findByCode(input.code().strip()).isPresent()) {
            problems.add(new FieldProblem("code", "is already used by another unit"));
        }
        OrgUnit parent = null;
        if (input.parentCode() != null && !input.parentCode().isBlank()) {
            parent = findByCode(input.parentCode().strip()).orElse(null);
            if (parent == null) {
                problems.add(new FieldProblem("parentCode", "no unit has the code " + input.parentCode()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = jdbc.sql("""
                        INSERT INTO org_unit (code, name, kind, region_id, parent_id) VALUES (:code, :name, :kind, :region, :parent)
                        RETURNING id""")
                .param("code", input.code().strip()).param("name", input.name().strip()).param("kind", input.kind().name())
                .param("region", region.id()).param("parent", parent == null ? null : parent.id()).query(Long.class).single();
        audit.record("UNIT_CREATE", "unit", id, input.code() + " " + input.name());
        return find(id).orElseThrow();
    }

    @Transactional
    public OrgUnit update(Actor actor, long id, String name, OrgUnitKind kind, String regionCode, boolean active,
                          int expectedVersion) {
        OrgUnit unit = get(actor.scope(), id);
        requireAdmin(actor);
        List<FieldProblem> problems = new ArrayList<>();
        Region region = check(unit.code(), name, kind, regionCode, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int n = jdbc.sql("""
                        UPDATE org_unit SET name = :name, kind = :kind, region_id = :region, active = :active,
                          version = version + 1, updated_at = now() WHERE id = :id AND version = :version""")
                .param("name", name.strip()).param("kind", kind.name()).param("region", region.id())
                .param("active", active).param("id", id).param("version", expectedVersion).update();
        if (n == 0) {
            throw new ConflictException("version", "someone else changed this unit meanwhile; reload and try again");
        }
        audit.record("UNIT_UPDATE", "unit", id, "name=" + name.strip() + " region=" + region.code() + " active=" + active);
        return find(id).orElseThrow();
    }

    /** Bulk creation for the demo city and first start; callers check roles. */
    @Transactional
    public void loadAll(List<NewOrgUnit> units) {
        for (NewOrgUnit u : units) {
            Region region = regions.findByCode(u.regionCode()).orElseThrow(
                    () -> new IllegalArgumentException("unknown region " + u.regionCode()));
            Long parent = u.parentCode() == null ? null : findByCode(u.parentCode()).map(OrgUnit::id).orElse(null);
            jdbc.sql("INSERT INTO org_unit (code, name, kind, region_id, parent_id) VALUES (:code, :name, :kind, :region, :parent)")
                    .param("code", u.code()).param("name", u.name()).param("kind", u.kind().name())
                    .param("region", region.id()).param("parent", parent).update();
        }
    }

    private Region check(String code, String name, OrgUnitKind kind, String regionCode, List<FieldProblem> problems) {
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            problems.add(new FieldProblem("code", "is required: 2 to 32 letters, digits, '-' or '_'"));
        }
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.strip().length() > 100) {
            problems.add(new FieldProblem("name", "must be at most 100 characters"));
        }
        if (kind == null) {
            problems.add(new FieldProblem("kind", "is required"));
        }
        Region region = regionCode == null ? null : regions.findByCode(regionCode).orElse(null);
        if (region == null) {
            problems.add(new FieldProblem("regionCode", regionCode == null || regionCode.isBlank() ? "is required"
                    : "no region has the code " + regionCode));
        }
        return region;
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.has(Role.CITY_ADMIN)) {
            throw new ForbiddenException("only city administrators may change units");
        }
    }

    static OrgUnit map(ResultSet rs, int n) throws SQLException {
        return new OrgUnit(rs.getLong("id"), rs.getString("code"), rs.getString("name"), OrgUnitKind.valueOf(rs.getString("kind")),
                rs.getLong("region_id"), rs.getObject("parent_id", Long.class), rs.getBoolean("active"), rs.getInt("version"));
    }
}
