package io.zhian.devices;

import io.zhian.audit.AuditTrail;
import io.zhian.devices.internal.PasswordCipher;
import io.zhian.gb28181.GbDeviceId;
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
import io.zhian.shared.SqlArrays;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The device registry. Scoped reads answer "not found" outside the caller's data scope; only city
 * administrators register and change devices. {@link #nearestCameras} is the unscoped lookup the alarms
 * module uses to show cameras near an alarm.
 */
@Service
public class Devices {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final Set<Role> READERS = Set.of(Role.CITY_ADMIN, Role.TOWNSHIP_OFFICER, Role.POLICE_DISPATCHER, Role.GRID_WORKER);
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{2,40}");
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    static final String SELECT = """
            SELECT d.id, d.code, d.kind, d.name, d.region_id, r.name AS region_name, d.township_id, t.name AS township_name,
                   d.unit_id, u.name AS unit_name, d.lon, d.lat, d.address, d.install_date, d.vendor, d.gb_id, d.protocol,
                   d.online, d.status_since, d.last_seen_at, d.fault, d.sip_password IS NOT NULL AS has_password, d.version
            FROM device d JOIN region r ON r.id = d.region_id LEFT JOIN region t ON t.id = d.township_id
                 LEFT JOIN org_unit u ON u.id = d.unit_id""";

    /** A page of devices. */
    public record Page(long total, int page, int size, List<DeviceView> items) {}

    /**
     * List filters; null means "any". {@code regionIds} is a region subtree (already expanded) holding the device's place;
     * {@code observedFrom}..{@code observedUntil} keeps the devices whose status history covers part of that time, i.e.
     * those an online rate over it is computed from (a device counts from its first recorded transition on).
     */
    public record Filter(DeviceKind kind, Boolean online, Long townshipId, String query, long[] regionIds, Instant observedFrom,
                         Instant observedUntil) {
        public static final Filter ANY = new Filter(null, null, null, null);

        public Filter(DeviceKind kind, Boolean online, Long townshipId, String query) {
            this(kind, online, townshipId, query, null, null, null);
        }
    }

    private final JdbcClient jdbc;
    private final Regions regions;
    private final OrgUnits units;
    private final AuditTrail audit;
    private final PasswordCipher cipher;

    Devices(JdbcClient jdbc, Regions regions, OrgUnits units, AuditTrail audit, PasswordCipher cipher) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.units = units;
        this.audit = audit;
        this.cipher = cipher;
    }

    public static boolean mayRead(Actor actor) {
        return actor.hasAny(READERS);
    }

    public static boolean mayManage(Actor actor) {
        return actor.has(Role.CITY_ADMIN);
    }

    static void requireReader(Actor actor) {
        if (!mayRead(actor)) {
            throw new ForbiddenException("your roles do not read the device registry");
        }
    }

    /** For pages: refuses non-administrators before a form is shown. */
    public static void requireManagerForPages(Actor actor) {
        requireManager(actor);
    }

    static void requireManager(Actor actor) {
        if (!mayManage(actor)) {
            throw new ForbiddenException("only city administrators manage the device registry");
        }
    }

    // ---- reads ----

    public DeviceView get(Actor actor, long id) {
        requireReader(actor);
        DeviceView d = find(id).orElseThrow(() -> new NotFoundException("device", id));
        if (!actor.scope().permits(d.regionId(), d.unitId(), null)) {
            throw NotFoundException.outOfScope("device", id);
        }
        return d;
    }

    /** Unscoped, for this module's own machinery (SIP, MQTT); never shown to a user without a scope check. */
    public Optional<DeviceView> find(long id) {
        return jdbc.sql(SELECT + " WHERE d.id = :id").param("id", id).query(Devices::map).optional();
    }

    public Optional<DeviceView> findByCode(String code) {
        return jdbc.sql(SELECT + " WHERE d.code = :code").param("code", code == null ? "" : code.strip()).query(Devices::map).optional();
    }

    public Optional<DeviceView> findByGbId(String gbId) {
        return jdbc.sql(SELECT + " WHERE d.gb_id = :gb").param("gb", gbId).query(Devices::map).optional();
    }

    public Page list(Actor actor, Filter filter, int page, int size) {
        requireReader(actor);
        DataScope scope = actor.scope();
        int s = Math.min(Math.max(size, 1), 500);
        int p = Math.max(page, 0);
        String where = " WHERE " + scope.where("d.region_id", "d.unit_id", null) + FILTER;
        long total = bind(jdbc.sql("SELECT count(*) FROM device d" + where), scope, filter).query(Long.class).single();
        List<DeviceView> items = bind(jdbc.sql(SELECT + where + " ORDER BY d.code OFFSET :offset LIMIT :limit"), scope, filter)
                .param("offset", (long) p * s).param("limit", s).query(Devices::map).list();
        return new Page(total, p, s, items);
    }

    private static final String FILTER = " AND (CAST(:kind AS VARCHAR) IS NULL OR d.kind = :kind)"
            + " AND (CAST(:online AS BOOLEAN) IS NULL OR d.online = :online)"
            + " AND (CAST(:township AS BIGINT) IS NULL OR d.township_id = :township)"
            + " AND (:q = '' OR d.name LIKE :like OR d.code LIKE :like OR d.gb_id LIKE :like OR d.address LIKE :like)"
            + " AND (CAST(:regions AS BIGINT[]) IS NULL OR d.region_id = ANY(CAST(:regions AS BIGINT[])))"
            + " AND (CAST(:observed_until AS TIMESTAMPTZ) IS NULL OR (CAST(:observed_from AS TIMESTAMPTZ) < CAST(:observed_until AS TIMESTAMPTZ)"
            + " AND EXISTS (SELECT 1 FROM device_status_change c WHERE c.device_id = d.id AND c.at < CAST(:observed_until AS TIMESTAMPTZ))))";

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, DataScope scope, Filter f) {
        String q = f.query() == null ? "" : f.query().strip();
        return spec.params(scope.params()).param("kind", f.kind() == null ? null : f.kind().name())
                .param("online", f.online()).param("township", f.townshipId()).param("q", q).param("like", "%" + q + "%")
                .param("regions", f.regionIds() == null ? null : SqlArrays.bigints(f.regionIds()))
                .param("observed_from", f.observedFrom() == null ? null : Timestamp.from(f.observedFrom()))
                .param("observed_until", f.observedUntil() == null ? null : Timestamp.from(f.observedUntil()));
    }

    /** Devices offline now, longest offline first: the offline alert list. */
    public List<DeviceView> offline(Actor actor, DeviceKind kind, int limit) {
        requireReader(actor);
        DataScope scope = actor.scope();
        return jdbc.sql(SELECT + " WHERE NOT d.online AND " + scope.where("d.region_id", "d.unit_id", null)
                        + " AND (CAST(:kind AS VARCHAR) IS NULL OR d.kind = :kind) ORDER BY d.status_since, d.id LIMIT :limit")
                .params(scope.params()).param("kind", kind == null ? null : kind.name()).param("limit", Math.min(Math.max(limit, 1), 5000))
                .query(Devices::map).list();
    }

    /** Devices with a location, for the map (at most {@code limit}). */
    public List<DeviceView> located(Actor actor, int limit) {
        requireReader(actor);
        DataScope scope = actor.scope();
        return jdbc.sql(SELECT + " WHERE d.lon IS NOT NULL AND " + scope.where("d.region_id", "d.unit_id", null)
                        + " ORDER BY d.id LIMIT :limit")
                .params(scope.params()).param("limit", Math.min(Math.max(limit, 1), 20000)).query(Devices::map).list();
    }

    public List<StatusChange> history(Actor actor, long id, int limit) {
        get(actor, id);
        return jdbc.sql("SELECT at, online, reason FROM device_status_change WHERE device_id = :id ORDER BY at DESC, id DESC LIMIT :limit")
                .param("id", id).param("limit", Math.min(Math.max(limit, 1), 1000))
                .query((rs, n) -> new StatusChange(rs.getTimestamp(1).toInstant(), rs.getBoolean(2), rs.getString(3))).list();
    }

    /** Catalog channels of a GB/T 28181 device: channel id → name, status. */
    public List<Map<String, Object>> channels(Actor actor, long id) {
        get(actor, id);
        return jdbc.sql("SELECT channel_id, name, status, updated_at FROM device_channel WHERE device_id = :id ORDER BY channel_id")
                .param("id", id).query((rs, n) -> Map.<String, Object>of("channelId", rs.getString(1),
                        "name", rs.getString(2) == null ? "" : rs.getString(2), "status", rs.getString(3) == null ? "" : rs.getString(3),
                        "updatedAt", rs.getTimestamp(4).toInstant())).list();
    }

    /**
     * The cameras nearest to a point (unscoped: for the dispatch board, which has its own access rules), with
     * the great-circle distance in metres. Cameras without a location are left out.
     */
    public List<NearbyCamera> nearestCameras(double lon, double lat, int limit) {
        int n = Math.min(Math.max(limit, 1), 100);
        double cos = Math.cos(Math.toRadians(lat));
        // candidates by a flat-earth approximation, then ranked by the real distance
        List<NearbyCamera> candidates = jdbc.sql("""
                        SELECT id, name, gb_id, lon, lat, online FROM device WHERE kind = 'CAMERA' AND lon IS NOT NULL AND lat IS NOT NULL
                        ORDER BY (lon - :lon) * (lon - :lon) * :cos2 + (lat - :lat) * (lat - :lat) LIMIT :limit""")
                .param("lon", lon).param("lat", lat).param("cos2", cos * cos).param("limit", n * 2 + 10)
                .query((rs, i) -> new NearbyCamera(rs.getLong("id"), rs.getString("name"), rs.getString("gb_id"),
                        distanceMetres(lon, lat, rs.getDouble("lon"), rs.getDouble("lat")), rs.getBoolean("online"))).list();
        return candidates.stream().sorted(Comparator.comparingDouble(NearbyCamera::distanceMetres)).limit(n).toList();
    }

    /** Haversine distance in metres. */
    public static double distanceMetres(double lon1, double lat1, double lon2, double lat2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The decrypted SIP password of a GB/T 28181 device, for the registrar only. */
    public Optional<String> sipPassword(String gbId) {
        return jdbc.sql("SELECT sip_password FROM device WHERE gb_id = :gb").param("gb", gbId).query(String.class).optional()
                .filter(p -> p != null && !p.isEmpty()).map(cipher::decrypt);
    }

    // ---- changes ----

    @Transactional
    public DeviceView create(Actor actor, NewDevice input) {
        requireManager(actor);
        Checked c = check(actor, input, null);
        long id = insert(c, input);
        audit.record("DEVICE_CREATE", "device", id, c.kind + " " + input.code().strip());
        return find(id).orElseThrow();
    }

    @Transactional
    public DeviceView update(Actor actor, long id, NewDevice input, int expectedVersion) {
        requireManager(actor);
        DeviceView existing = get(actor, id);
        Checked c = check(actor, input, existing);
        String password = input.sipPassword() == null || input.sipPassword().isBlank() ? null : cipher.encrypt(input.sipPassword());
        int updated = jdbc.sql("""
                        UPDATE device SET code = :code, kind = :kind, name = :name, region_id = :region, township_id = :township,
                          unit_id = :unit, lon = :lon, lat = :lat, address = :address, install_date = :installDate, vendor = :vendor,
                          gb_id = :gb, protocol = :protocol, sip_password = CASE WHEN CAST(:gb AS VARCHAR) IS NULL THEN NULL ELSE COALESCE(:password, sip_password) END,
                          version = version + 1
                        WHERE id = :id AND version = :version""")
                .param("code", input.code().strip()).param("kind", c.kind.name()).param("name", input.name().strip())
                .param("region", c.region.id()).param("township", c.townshipId).param("unit", c.unit == null ? null : c.unit.id())
                .param("lon", input.lon()).param("lat", input.lat()).param("address", blank(input.address()))
                .param("installDate", c.installDate).param("vendor", blank(input.vendor())).param("gb", c.gbId)
                .param("protocol", c.gbId == null ? "MQTT" : "GB28181").param("password", password)
                .param("id", id).param("version", expectedVersion).update();
        if (updated == 0) {
            throw new ConflictException("version", "someone else changed this device meanwhile; reload and try again");
        }
        audit.record("DEVICE_UPDATE", "device", id, input.code().strip() + (password != null ? " (SIP password changed)" : ""));
        return find(id).orElseThrow();
    }

    @Transactional
    public void delete(Actor actor, long id) {
        requireManager(actor);
        DeviceView d = get(actor, id);
        jdbc.sql("DELETE FROM device WHERE id = :id").param("id", id).update();
        audit.record("DEVICE_DELETE", "device", id, d.code());
    }

    /** Checked input, ready to store. */
    public record Checked(DeviceKind kind, Region region, Long townshipId, OrgUnit unit, LocalDate installDate, String gbId) {}

    /**
     * Every problem with the input at once (used by the forms, the API and the CSV import). {@code existing} is the
     * device being changed, or null for a new one.
     */
    public Checked check(Actor actor, NewDevice in, DeviceView existing) {
        List<FieldProblem> problems = new ArrayList<>();
        Checked c = validate(actor.scope(), in, existing, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return c;
    }

    public Checked validate(DataScope scope, NewDevice in, DeviceView existing, List<FieldProblem> problems) {
        String code = blank(in.code());
        if (code == null) {
            problems.add(new FieldProblem("code", "is required"));
        } else if (!CODE.matcher(code).matches()) {
            problems.add(new FieldProblem("code", "must be 2–40 letters, digits, '-' or '_'"));
        } else {
            findByCode(code).filter(d -> existing == null || d.id() != existing.id())
                    .ifPresent(d -> problems.add(new FieldProblem("code", "is already used by another device")));
        }
        DeviceKind kind = DeviceKind.parse(in.kind());
        if (kind == null) {
            problems.add(new FieldProblem("kind", in.kind() == null || in.kind().isBlank() ? "is required"
                    : "'" + in.kind().strip() + "' is not one of CAMERA, NVR, DOOR_CONTROLLER, ALARM_PILLAR, LIGHT_BOX, INTERCOM"));
        }
        String name = blank(in.name());
        if (name == null) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.length() > 100) {
            problems.add(new FieldProblem("name", "must be at most 100 characters"));
        }
        Region region = null;
        Long townshipId = null;
        if (blank(in.regionCode()) == null) {
            problems.add(new FieldProblem("regionCode", "is required"));
        } else {
            region = regions.findByCode(in.regionCode()).orElse(null);
            if (region == null) {
                problems.add(new FieldProblem("regionCode", "no region has the code " + in.regionCode().strip()));
            } else if (!scope.coversRegion(region.id())) {
                problems.add(new FieldProblem("regionCode", "is outside your data scope"));
            } else {
                townshipId = townshipOf(region);
            }
        }
        OrgUnit unit = null;
        if (blank(in.unitCode()) != null) {
            unit = units.findByCode(in.unitCode().strip()).orElse(null);
            if (unit == null) {
                problems.add(new FieldProblem("unitCode", "no unit has the code " + in.unitCode().strip()));
            }
        }
        if ((in.lon() == null) != (in.lat() == null)) {
            problems.add(new FieldProblem(in.lon() == null ? "lon" : "lat", "longitude and latitude go together"));
        }
        if (in.lon() != null && (in.lon() < -180 || in.lon() > 180 || in.lon().isNaN())) {
            problems.add(new FieldProblem("lon", "must be between -180 and 180"));
        }
        if (in.lat() != null && (in.lat() < -90 || in.lat() > 90 || in.lat().isNaN())) {
            problems.add(new FieldProblem("lat", "must be between -90 and 90"));
        }
        if (in.address() != null && in.address().strip().length() > 200) {
            problems.add(new FieldProblem("address", "must be at most 200 characters"));
        }
        if (in.vendor() != null && in.vendor().strip().length() > 100) {
            problems.add(new FieldProblem("vendor", "must be at most 100 characters"));
        }
        LocalDate installDate = null;
        if (blank(in.installDate()) != null) {
            try {
                installDate = LocalDate.parse(in.installDate().strip());
                if (installDate.isAfter(LocalDate.now(ZONE))) {
                    problems.add(new FieldProblem("installDate", "lies in the future"));
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("installDate", "'" + in.installDate().strip() + "' is not a date (yyyy-MM-dd)"));
            }
        }
        String gbId = blank(in.gbId());
        if (gbId == null && (kind == DeviceKind.CAMERA || kind == DeviceKind.NVR)) {
            problems.add(new FieldProblem("gbId", "is required for cameras and NVRs (GB/T 28181)"));
        } else if (gbId != null) {
            Optional<String> reason = GbDeviceId.validate(gbId);
            if (reason.isPresent()) {
                problems.add(new FieldProblem("gbId", reason.get()));
            } else {
                String type = GbDeviceId.parse(gbId).typeCode();
                Set<String> allowed = kind == DeviceKind.CAMERA ? Set.of("131", "132")
                        : kind == DeviceKind.NVR ? Set.of("111", "118") : null;
                if (allowed != null && !allowed.contains(type)) {
                    problems.add(new FieldProblem("gbId", "type code " + type + " does not fit a " + kind.name().toLowerCase()
                            + " (expected " + String.join(" or ", allowed.stream().sorted().toList()) + ")"));
                } else if (allowed == null && type.charAt(0) != '1') {
                    problems.add(new FieldProblem("gbId", "type code " + type + " is not a front-end device (1xx)"));
                }
                findByGbId(gbId).filter(d -> existing == null || d.id() != existing.id())
                        .ifPresent(d -> problems.add(new FieldProblem("gbId", "is already used by device " + d.code())));
            }
        }
        String password = in.sipPassword();
        boolean hadPassword = existing != null && existing.hasSipPassword() && gbId != null && gbId.equals(existing.gbId());
        if (gbId != null && (password == null || password.isBlank()) && !hadPassword) {
            problems.add(new FieldProblem("sipPassword", "is required for a GB/T 28181 device"));
        } else if (password != null && !password.isBlank() && (password.length() < 8 || password.length() > 64)) {
            problems.add(new FieldProblem("sipPassword", "must be 8–64 characters"));
        } else if (password != null && !password.isBlank() && gbId == null) {
            problems.add(new FieldProblem("sipPassword", "only GB/T 28181 devices have a SIP password"));
        }
        return new Checked(kind, region, townshipId, unit, installDate, gbId);
    }

    /** Inserts a checked device (also used by the CSV import and the demo data). */
    public long insert(Checked c, NewDevice in) {
        return jdbc.sql("""
                        INSERT INTO device (code, kind, name, region_id, township_id, unit_id, lon, lat, address, install_date, vendor,
                          gb_id, sip_password, protocol)
                        VALUES (:code, :kind, :name, :region, :township, :unit, :lon, :lat, :address, :installDate, :vendor, :gb,
                          :password, :protocol) RETURNING id""")
                .param("code", in.code().strip()).param("kind", c.kind.name()).param("name", in.name().strip())
                .param("region", c.region.id()).param("township", c.townshipId).param("unit", c.unit == null ? null : c.unit.id())
                .param("lon", in.lon()).param("lat", in.lat()).param("address", blank(in.address()))
                .param("installDate", c.installDate).param("vendor", blank(in.vendor())).param("gb", c.gbId)
                .param("password", c.gbId == null || in.sipPassword() == null || in.sipPassword().isBlank() ? null
                        : cipher.encrypt(in.sipPassword()))
                .param("protocol", c.gbId == null ? "MQTT" : "GB28181").query(Long.class).single();
    }

    /** The township a region belongs to (itself if it is one), or null above township level. */
    public Long townshipOf(Region region) {
        if (region.level() == RegionLevel.TOWNSHIP) {
            return region.id();
        }
        if (region.level() == RegionLevel.CITY) {
            return null;
        }
        long[] path = region.pathIds();
        return path.length >= 2 ? path[1] : null;
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static DeviceView map(ResultSet rs, int n) throws SQLException {
        java.sql.Date install = rs.getDate("install_date");
        Timestamp seen = rs.getTimestamp("last_seen_at");
        return new DeviceView(rs.getLong("id"), rs.getString("code"), DeviceKind.valueOf(rs.getString("kind")), rs.getString("name"),
                rs.getLong("region_id"), rs.getString("region_name"), rs.getObject("township_id", Long.class),
                rs.getString("township_name"), rs.getObject("unit_id", Long.class), rs.getString("unit_name"),
                rs.getObject("lon", Double.class), rs.getObject("lat", Double.class), rs.getString("address"),
                install == null ? null : install.toLocalDate(), rs.getString("vendor"), rs.getString("gb_id"), rs.getString("protocol"),
                rs.getBoolean("online"), rs.getTimestamp("status_since").toInstant(), seen == null ? null : seen.toInstant(),
                rs.getString("fault"), rs.getBoolean("has_password"), rs.getInt("version"));
    }
}
