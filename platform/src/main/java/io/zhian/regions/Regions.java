package io.zhian.regions;

import io.zhian.audit.AuditTrail;
import io.zhian.regions.internal.RegionRules;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import io.zhian.shared.SqlArrays;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The region tree. Reads that take a {@link DataScope} return only what the scope covers and answer
 * "not found" for the rest; the unscoped lookups ({@link #find}, {@link #subtreeIds}) are for other
 * modules' own checks and never reach a user directly.
 */
@Service
public class Regions {

    static final String COLUMNS = "id, code, name, level, kind, parent_id, path, centre_lon, centre_lat, population, "
            + "boundary IS NOT NULL AS has_boundary, version";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    Regions(JdbcClient jdbc, NamedParameterJdbcTemplate named, AuditTrail audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.named = named;
        this.audit = audit;
        this.events = events;
    }

    // ---- unscoped lookups for other modules ----

    public Optional<Region> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE id = :id").param("id", id).query(Regions::map).optional();
    }

    public Optional<Region> findByCode(String code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE code = :code").param("code", code == null ? "" : code.strip())
                .query(Regions::map).optional();
    }

    public Optional<Region> root() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE parent_id IS NULL ORDER BY id LIMIT 1").query(Regions::map).optional();
    }

    /** Ids of the given regions and everything below them. */
    public long[] subtreeIds(Collection<Long> regionIds) {
        if (regionIds.isEmpty()) {
            return new long[0];
        }
        List<String> prefixes = jdbc.sql("SELECT path FROM region WHERE id = ANY(CAST(:ids AS BIGINT[]))")
                .param("ids", SqlArrays.bigints(regionIds)).query(String.class).list();
        if (prefixes.isEmpty()) {
            return new long[0];
        }
        return jdbc.sql("SELECT id FROM region WHERE path LIKE ANY(CAST(:prefixes AS TEXT[]))")
                .param("prefixes", SqlArrays.texts(prefixes.stream().map(p -> p + "%").toList()))
                .query(Long.class).list().stream().mapToLong(Long::longValue).toArray();
    }

    /** For each of the given regions, the ids of it and everything below it, in one query. */
    public Map<Long, long[]> subtrees(Collection<Long> regionIds) {
        Map<Long, List<Long>> lists = new HashMap<>();
        if (!regionIds.isEmpty()) {
            jdbc.sql("SELECT a.id, r.id FROM region a JOIN region r ON r.path LIKE a.path || '%' WHERE a.id = ANY(CAST(:ids AS BIGINT[]))")
                    .param("ids", SqlArrays.bigints(regionIds))
                    .query((rs, n) -> lists.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(rs.getLong(2)))
                    .list();
        }
        Map<Long, long[]> out = new HashMap<>();
        lists.forEach((id, ids) -> out.put(id, ids.stream().mapToLong(Long::longValue).toArray()));
        return out;
    }

    public Map<Long, String> names(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.sql("SELECT id, name FROM region WHERE id = ANY(CAST(:ids AS BIGINT[]))").param("ids", SqlArrays.bigints(ids))
                .query((rs, n) -> names.put(rs.getLong(1), rs.getString(2))).list();
        return names;
    }

    public List<Region> ancestors(Region region) {
        long[] ids = region.pathIds();
        List<Long> list = Arrays.stream(ids).boxed().toList();
        Map<Long, Region> byId = new HashMap<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE id = ANY(CAST(:ids AS BIGINT[]))").param("ids", SqlArrays.bigints(list))
                .query(Regions::map).list().forEach(r -> byId.put(r.id(), r));
        return list.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    public List<Region> byLevel(RegionLevel level) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE level = :level ORDER BY code").param("level", level.name())
                .query(Regions::map).list();
    }

    // ---- scoped reads ----

    /** The highest regions the scope covers: the tree a user browses starts here. */
    public List<Region> scopeRoots(DataScope scope) {
        if (scope.isAll()) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE parent_id IS NULL ORDER BY code").query(Regions::map).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM region r WHERE " + scope.where("r.id", null, null)
                        + " AND (r.parent_id IS NULL OR NOT (r.parent_id = ANY(CAST(:scope_regions AS BIGINT[])))) ORDER BY code")
                .params(scope.params()).query(Regions::map).list();
    }

    public Region get(DataScope scope, long id) {
        Region region = find(id).orElseThrow(() -> new NotFoundException("region", id));
        if (!scope.coversRegion(region.id())) {
            throw NotFoundException.outOfScope("region", id);
        }
        return region;
    }

    public Optional<String> boundary(DataScope scope, long id) {
        get(scope, id);
        return jdbc.sql("SELECT boundary FROM region WHERE id = :id").param("id", id).query(String.class).optional();
    }

    public List<Region> children(DataScope scope, long parentId) {
        get(scope, parentId);
        return jdbc.sql("SELECT " + COLUMNS + " FROM region r WHERE parent_id = :parent AND " + scope.where("r.id", null, null)
                        + " ORDER BY code")
                .param("parent", parentId).params(scope.params()).query(Regions::map).list();
    }

    /** Children with their boundaries, for drawing a map of the region. */
    public List<Map<String, Object>> childShapes(DataScope scope, long parentId) {
        get(scope, parentId);
        return jdbc.sql("SELECT id, code, name, level, centre_lon, centre_lat, boundary FROM region r WHERE parent_id = :parent AND "
                        + scope.where("r.id", null, null) + " ORDER BY code")
                .param("parent", parentId).params(scope.params())
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("code", rs.getString("code"));
                    m.put("name", rs.getString("name"));
                    m.put("level", rs.getString("level"));
                    m.put("centreLon", rs.getObject("centre_lon"));
                    m.put("centreLat", rs.getObject("centre_lat"));
                    m.put("boundary", rs.getString("boundary"));
                    return m;
                }).list();
    }

    public List<Region> search(DataScope scope, String query, RegionLevel level, int limit) {
        String q = query == null ? "" : query.strip();
        return jdbc.sql("SELECT " + COLUMNS + " FROM region r WHERE " + scope.where("r.id", null, null)
                        + " AND (:q = '' OR r.name LIKE :like OR r.code LIKE :prefix)"
                        + " AND (CAST(:level AS VARCHAR) IS NULL OR r.level = :level) ORDER BY code LIMIT :limit")
                .params(scope.params()).param("q", q).param("like", "%" + q + "%").param("prefix", q + "%")
                .param("level", level == null ? null : level.name()).param("limit", Math.min(Math.max(limit, 1), 1000))
                .query(Regions::map).list();
    }

    public long countInScope(DataScope scope, RegionLevel level) {
        return jdbc.sql("SELECT count(*) FROM region r WHERE " + scope.where("r.id", null, null) + " AND r.level = :level")
                .params(scope.params()).param("level", level.name()).query(Long.class).single();
    }

    // ---- changes ----

    /** City administrators create any region; township officers create grids inside their scope. */
    @Transactional
    public Region create(Actor actor, NewRegion input) {
        Region parent = input.parentCode() == null || input.parentCode().isBlank() ? null
                : findByCode(input.parentCode()).orElse(null);
        if (parent != null && !actor.scope().coversRegion(parent.id())) {
            throw NotFoundException.outOfScope("region", input.parentCode());
        }
        requireMayChange(actor, input.kind() == null ? null : input.kind().level());
        List<FieldProblem> problems = new ArrayList<>(RegionRules.check(input.code(), input.name(), input.kind(), parent,
                input.centreLon(), input.centreLat(), input.boundary(), input.population()));
        if (input.parentCode() != null && !input.parentCode().isBlank() && parent == null) {
            problems.add(new FieldProblem("parentCode", "no region has the code " + input.parentCode()));
        }
        if (input.code() != null && findByCode(input.code()).isPresent()) {
            problems.add(new FieldProblem("code", "is already used by another region"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = insert(input, parent);
        audit.record("REGION_CREATE", "region", id, input.code() + " " + input.name());
        events.publishEvent(new RegionTreeChanged(new long[] {id}));
        return find(id).orElseThrow();
    }

    /** Change name, centre, boundary or population; the code and the place in the tree stay. */
    @Transactional
    public Region update(Actor actor, long id, String name, Double lon, Double lat, String boundary, Integer population,
                         int expectedVersion) {
        Region region = get(actor.scope(), id);
        requireMayChange(actor, region.level());
        Region parent = region.parentId() == null ? null : find(region.parentId()).orElse(null);
        List<FieldProblem> problems = RegionRules.check(region.code(), name, region.kind(), parent, lon, lat, boundary, population);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        double[] centre = centre(lon, lat, boundary);
        int updated = jdbc.sql("""
                        UPDATE region SET name = :name, centre_lon = :lon, centre_lat = :lat, boundary = :boundary,
                          population = :population, version = version + 1, updated_at = now()
                        WHERE id = :id AND version = :version""")
                .param("name", name.strip()).param("lon", centre == null ? null : centre[0])
                .param("lat", centre == null ? null : centre[1]).param("boundary", blankToNull(boundary))
                .param("population", population).param("id", id).param("version", expectedVersion).update();
        if (updated == 0) {
            throw new ConflictException("version", "someone else changed this region meanwhile; reload and try again");
        }
        audit.record("REGION_UPDATE", "region", id, "name=" + name.strip());
        return find(id).orElseThrow();
    }

    @Transactional
    public void delete(Actor actor, long id) {
        Region region = get(actor.scope(), id);
        requireMayChange(actor, region.level());
        long children = jdbc.sql("SELECT count(*) FROM region WHERE parent_id = :id").param("id", id).query(Long.class).single();
        if (children > 0) {
            throw new ConflictException("id", "this region still has " + children + " sub-regions");
        }
        try {
            jdbc.sql("DELETE FROM region WHERE id = :id").param("id", id).update();
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("id", "this region is still referenced by units, users or records");
        }
        audit.record("REGION_DELETE", "region", id, region.code() + " " + region.name());
        events.publishEvent(new RegionTreeChanged(new long[] {id}));
    }

    /**
     * Creates or updates many regions at once, parents before children (used by CSV import and the demo
     * city). No actor check here: callers check roles. Returns the number of rows written.
     */
    @Transactional
    public int upsertAll(List<NewRegion> rows) {
        Map<String, Region> known = new HashMap<>();
        int written = 0;
        List<Long> ids = new ArrayList<>();
        for (NewRegion row : rows) {
            Region parent = row.parentCode() == null || row.parentCode().isBlank() ? null
                    : Optional.ofNullable(known.get(row.parentCode())).or(() -> findByCode(row.parentCode())).orElseThrow();
            Optional<Region> existing = findByCode(row.code());
            long id;
            if (existing.isPresent()) {
                id = existing.get().id();
                double[] centre = centre(row.centreLon(), row.centreLat(), row.boundary());
                jdbc.sql("""
                                UPDATE region SET name = :name, centre_lon = :lon, centre_lat = :lat, boundary = :boundary,
                                  population = :population, version = version + 1, updated_at = now() WHERE id = :id""")
                        .param("name", row.name().strip()).param("lon", centre == null ? null : centre[0])
                        .param("lat", centre == null ? null : centre[1]).param("boundary", blankToNull(row.boundary()))
                        .param("population", row.population()).param("id", id).update();
            } else {
                id = insert(row, parent);
            }
            ids.add(id);
            known.put(row.code(), find(id).orElseThrow());
            written++;
        }
        if (!ids.isEmpty()) {
            events.publishEvent(new RegionTreeChanged(ids.stream().mapToLong(Long::longValue).toArray()));
        }
        return written;
    }

    /** Fast path for a fresh tree (demo city, benchmark city): batch inserts, no per-row lookups. */
    @Transactional
    public int loadFreshTree(List<NewRegion> rows) {
        List<Long> newIds = jdbc.sql("SELECT nextval(pg_get_serial_sequence('region', 'id')) FROM generate_series(1, :n)")
                .param("n", rows.size()).query(Long.class).list();
        Map<String, Long> ids = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        List<MapSqlParameterSource> batch = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            NewRegion row = rows.get(i);
            long id = newIds.get(i);
            String parentPath;
            Long parentId;
            if (row.parentCode() == null) {
                parentPath = "/";
                parentId = null;
            } else {
                parentPath = paths.get(row.parentCode());
                if (parentPath == null) {
                    Region parent = findByCode(row.parentCode()).orElseThrow(
                            () -> new IllegalArgumentException("parent " + row.parentCode() + " must come first"));
                    parentPath = parent.path();
                    parentId = parent.id();
                } else {
                    parentId = ids.get(row.parentCode());
                }
            }
            String path = parentPath + id + "/";
            paths.put(row.code(), path);
            ids.put(row.code(), id);
            double[] centre = centre(row.centreLon(), row.centreLat(), row.boundary());
            batch.add(new MapSqlParameterSource().addValue("id", id).addValue("code", row.code()).addValue("name", row.name())
                    .addValue("level", row.kind().level().name()).addValue("kind", row.kind().name())
                    .addValue("parent", parentId).addValue("path", path)
                    .addValue("lon", centre == null ? null : centre[0]).addValue("lat", centre == null ? null : centre[1])
                    .addValue("boundary", blankToNull(row.boundary())).addValue("population", row.population()));
        }
        for (int from = 0; from < batch.size(); from += 1000) {
            named.batchUpdate("""
                    INSERT INTO region (id, code, name, level, kind, parent_id, path, centre_lon, centre_lat, boundary, population)
                    VALUES (:id, :code, :name, :level, :kind, :parent, :path, :lon, :lat, :boundary, :population)""",
                    batch.subList(from, Math.min(from + 1000, batch.size())).toArray(MapSqlParameterSource[]::new));
        }
        events.publishEvent(new RegionTreeChanged(newIds.stream().mapToLong(Long::longValue).toArray()));
        return rows.size();
    }

    private long insert(NewRegion row, Region parent) {
        long id = jdbc.sql("SELECT nextval(pg_get_serial_sequence('region', 'id'))").query(Long.class).single();
        String path = (parent == null ? "/" : parent.path()) + id + "/";
        double[] centre = centre(row.centreLon(), row.centreLat(), row.boundary());
        jdbc.sql("""
                        INSERT INTO region (id, code, name, level, kind, parent_id, path, centre_lon, centre_lat, boundary, population)
                        VALUES (:id, :code, :name, :level, :kind, :parent, :path, :lon, :lat, :boundary, :population)""")
                .param("id", id).param("code", row.code().strip()).param("name", row.name().strip())
                .param("level", row.kind().level().name()).param("kind", row.kind().name())
                .param("parent", parent == null ? null : parent.id()).param("path", path)
                .param("lon", centre == null ? null : centre[0]).param("lat", centre == null ? null : centre[1])
                .param("boundary", blankToNull(row.boundary())).param("population", row.population()).update();
        return id;
    }

    /** Role rule for changing regions: city administrators anything, township officers grids only. */
    public static boolean mayChange(Actor actor, RegionLevel level) {
        return actor.has(Role.CITY_ADMIN) || (level == RegionLevel.GRID && actor.has(Role.TOWNSHIP_OFFICER));
    }

    private static void requireMayChange(Actor actor, RegionLevel level) {
        if (!mayChange(actor, level)) {
            throw new ForbiddenException("your role may not change " + (level == null ? "regions" : level + " regions"));
        }
    }

    private static double[] centre(Double lon, Double lat, String boundary) {
        if (lon != null && lat != null) {
            return new double[] {lon, lat};
        }
        if (boundary != null && !boundary.isBlank()) {
            return RegionRules.centreOf(boundary);
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static Region map(ResultSet rs, int n) throws SQLException {
        return new Region(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                RegionLevel.valueOf(rs.getString("level")), RegionKind.valueOf(rs.getString("kind")),
                rs.getObject("parent_id", Long.class), rs.getString("path"), rs.getObject("centre_lon", Double.class),
                rs.getObject("centre_lat", Double.class), rs.getObject("population", Integer.class),
                rs.getBoolean("has_boundary"), rs.getInt("version"));
    }
}
