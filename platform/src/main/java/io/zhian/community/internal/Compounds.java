package io.zhian.community.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.community.IdCardNumber;
import io.zhian.community.internal.CommunityViews.Compound;
import io.zhian.community.internal.CommunityViews.House;
import io.zhian.community.internal.CommunityViews.Occupancy;
import io.zhian.community.internal.CommunityViews.Resident;
import io.zhian.community.internal.CommunityViews.RevealedResident;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnitKind;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compounds, buildings, houses and residents (以房管人). A compound is in a user's scope when its
 * region or its property company is; everything inside a compound inherits the compound's scope.
 */
@Service
class Compounds {

    /** Roles that see compounds' houses and (masked) residents. */
    static final Set<Role> READERS = Set.of(Role.CITY_ADMIN, Role.PROPERTY_MANAGER, Role.TOWNSHIP_OFFICER, Role.GRID_WORKER);
    /** Roles that change compounds and may reveal personal data with a reason. */
    static final Set<Role> MANAGERS = Set.of(Role.CITY_ADMIN, Role.PROPERTY_MANAGER);
    static final Set<String> OCCUPANCY_KINDS = Set.of("OWNER", "FAMILY", "TENANT", "FLOATING");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{2,32}");
    private static final Pattern PHONE = Pattern.compile("1\\d{10}|0\\d{2,3}-?\\d{7,8}");

    static final String COMPOUND_SQL = """
            SELECT c.id, c.code, c.name, c.region_id, r.name AS region_name, c.unit_id, u.name AS unit_name, c.address, c.lon, c.lat,
              (SELECT count(*) FROM community_house h WHERE h.compound_id = c.id) AS houses,
              (SELECT count(*) FROM community_resident p WHERE p.compound_id = c.id) AS residents,
              (SELECT count(*) FROM community_door d WHERE d.compound_id = c.id) AS doors
            FROM community_compound c JOIN region r ON r.id = c.region_id JOIN org_unit u ON u.id = c.unit_id""";

    record NewResident(String name, String phone, String idNumber, Long houseId, String kind, LocalDate startDate,
                       LocalDate leaseEnd) {}

    private final JdbcClient jdbc;
    private final Regions regions;
    private final OrgUnits units;
    private final AuditTrail audit;
    private final PersonalDataCipher cipher;

    Compounds(JdbcClient jdbc, Regions regions, OrgUnits units, AuditTrail audit, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.units = units;
        this.audit = audit;
        this.cipher = cipher;
    }

    // ---- scope ----

    static void requireAny(Actor actor, Set<Role> roles, String what) {
        if (roles.stream().noneMatch(actor::has)) {
            throw new ForbiddenException("your role may not " + what);
        }
    }

    /** The compound if the actor's scope covers it; 404 (audited as out of scope) otherwise. */
    Compound get(Actor actor, long id) {
        Compound c = jdbc.sql(COMPOUND_SQL + " WHERE c.id = :id").param("id", id).query(Compounds::map).optional()
                .orElseThrow(() -> new NotFoundException("compound", id));
        if (!actor.scope().permits(c.regionId(), c.unitId(), null)) {
            throw NotFoundException.outOfScope("compound", id);
        }
        return c;
    }

    List<Compound> list(Actor actor) {
        DataScope scope = actor.scope();
        return jdbc.sql(COMPOUND_SQL + " WHERE " + scope.where("c.region_id", "c.unit_id", null) + " ORDER BY c.code")
                .params(scope.params()).query(Compounds::map).list();
    }

    Long idByCode(String code) {
        return jdbc.sql("SELECT id FROM community_compound WHERE code = :code").param("code", code).query(Long.class).optional()
                .orElse(null);
    }

    @Transactional
    long createCompound(Actor actor, String code, String name, String regionCode, String unitCode, String address) {
        requireAny(actor, MANAGERS, "register compounds");
        List<FieldProblem> problems = new ArrayList<>();
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            problems.add(new FieldProblem("code", "is required: 2 to 32 letters, digits, '-' or '_'"));
        } else if (idByCode(code.strip()) != null) {
            problems.add(new FieldProblem("code", "is already used by another compound"));
        }
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            problems.add(new FieldProblem("name", "is required (at most 100 characters)"));
        }
        Region region = regionCode == null ? null : regions.findByCode(regionCode.strip()).orElse(null);
        if (region == null) {
            problems.add(new FieldProblem("regionCode", "no region has the code " + regionCode));
        }
        OrgUnit unit = unitCode == null ? null : units.findByCode(unitCode.strip()).orElse(null);
        if (unit == null || unit.kind() != OrgUnitKind.PROPERTY_COMPANY) {
            problems.add(new FieldProblem("unitCode", "must be the code of a property company unit"));
        } else if (!actor.has(Role.CITY_ADMIN) && !actor.scope().coversUnit(unit.id())) {
            problems.add(new FieldProblem("unitCode", "is not your property company"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = jdbc.sql("""
                        INSERT INTO community_compound (code, name, region_id, unit_id, address, lon, lat)
                        VALUES (:code, :name, :region, :unit, :address, :lon, :lat) RETURNING id""")
                .param("code", code.strip()).param("name", name.strip()).param("region", region.id()).param("unit", unit.id())
                .param("address", address == null || address.isBlank() ? null : address.strip())
                .param("lon", region.centreLon()).param("lat", region.centreLat()).query(Long.class).single();
        audit.record("COMPOUND_CREATE", "compound", id, code.strip() + " " + name.strip());
        return id;
    }

    // ---- houses ----

    @Transactional
    long addHouse(Actor actor, long compoundId, String building, String entrance, String room) {
        Compound c = get(actor, compoundId);
        requireAny(actor, MANAGERS, "change houses");
        List<FieldProblem> problems = new ArrayList<>();
        check(problems, "building", building, 50);
        check(problems, "entrance", entrance, 20);
        check(problems, "room", room, 20);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long buildingId = buildingId(c, building.strip());
        Long existing = houseId(compoundId, building.strip(), entrance.strip(), room.strip());
        if (existing != null) {
            throw new InvalidInputException("room", "this house is already registered");
        }
        long id = jdbc.sql("""
                        INSERT INTO community_house (compound_id, building_id, entrance, room, region_id)
                        VALUES (:c, :b, :e, :r, :region) RETURNING id""")
                .param("c", compoundId).param("b", buildingId).param("e", entrance.strip()).param("r", room.strip())
                .param("region", c.regionId()).query(Long.class).single();
        audit.record("HOUSE_CREATE", "house", id, c.code() + " " + building.strip() + " " + entrance.strip() + " " + room.strip());
        return id;
    }

    private long buildingId(Compound c, String name) {
        return jdbc.sql("SELECT id FROM community_building WHERE compound_id = :c AND name = :n").param("c", c.id()).param("n", name)
                .query(Long.class).optional().orElseGet(() -> jdbc.sql("""
                                INSERT INTO community_building (compound_id, name, region_id) VALUES (:c, :n, :r) RETURNING id""")
                        .param("c", c.id()).param("n", name).param("r", c.regionId()).query(Long.class).single());
    }

    Long houseId(long compoundId, String building, String entrance, String room) {
        return jdbc.sql("""
                        SELECT h.id FROM community_house h JOIN community_building b ON b.id = h.building_id
                        WHERE h.compound_id = :c AND b.name = :b AND h.entrance = :e AND h.room = :r""")
                .param("c", compoundId).param("b", building).param("e", entrance).param("r", room).query(Long.class).optional()
                .orElse(null);
    }

    List<House> houses(Actor actor, long compoundId, int offset, int limit) {
        get(actor, compoundId);
        requireAny(actor, READERS, "see houses");
        return jdbc.sql("""
                        SELECT h.id, h.compound_id, b.name AS building, h.entrance, h.room, h.region_id,
                          (SELECT count(*) FROM community_occupancy o WHERE o.house_id = h.id AND o.end_date IS NULL) AS occupants
                        FROM community_house h JOIN community_building b ON b.id = h.building_id
                        WHERE h.compound_id = :c ORDER BY b.name, h.entrance, h.room OFFSET :o LIMIT :l""")
                .param("c", compoundId).param("o", Math.max(0, offset)).param("l", Math.min(Math.max(1, limit), 500))
                .query((rs, n) -> new House(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("building"),
                        rs.getString("entrance"), rs.getString("room"), rs.getLong("region_id"), rs.getInt("occupants"))).list();
    }

    // ---- residents ----

    /** Checks a new resident; problems are collected so forms and import rows can show them all. */
    List<FieldProblem> checkResident(long compoundId, NewResident r) {
        List<FieldProblem> problems = new ArrayList<>();
        check(problems, "name", r.name(), 50);
        if (r.phone() != null && !r.phone().isBlank() && !PHONE.matcher(r.phone().strip()).matches()) {
            problems.add(new FieldProblem("phone", "is not a mobile or landline number"));
        }
        String idProblem = IdCardNumber.problem(r.idNumber());
        if (idProblem != null) {
            problems.add(new FieldProblem("idNumber", idProblem));
        } else if (jdbc.sql("SELECT count(*) FROM community_resident WHERE compound_id = :c AND id_no_hash = :h")
                .param("c", compoundId).param("h", cipher.hash(IdCardNumber.normalise(r.idNumber()))).query(Long.class).single() > 0) {
            problems.add(new FieldProblem("idNumber", "a resident with this ID number is already registered in this compound"));
        }
        if (r.houseId() == null) {
            problems.add(new FieldProblem("house", "is required"));
        } else if (jdbc.sql("SELECT count(*) FROM community_house WHERE id = :h AND compound_id = :c").param("h", r.houseId())
                .param("c", compoundId).query(Long.class).single() == 0) {
            problems.add(new FieldProblem("house", "no such house in this compound"));
        }
        String kind = r.kind() == null ? "" : r.kind().strip().toUpperCase(java.util.Locale.ROOT);
        if (!OCCUPANCY_KINDS.contains(kind)) {
            problems.add(new FieldProblem("kind", "must be OWNER, FAMILY, TENANT or FLOATING"));
        } else if (kind.equals("TENANT") && r.leaseEnd() == null) {
            problems.add(new FieldProblem("leaseEnd", "a tenant needs the lease end date"));
        }
        if (r.startDate() == null) {
            problems.add(new FieldProblem("startDate", "is required"));
        } else if (r.leaseEnd() != null && r.leaseEnd().isBefore(r.startDate())) {
            problems.add(new FieldProblem("leaseEnd", "is before the start date"));
        }
        return problems;
    }

    @Transactional
    long addResident(Actor actor, long compoundId, NewResident r) {
        get(actor, compoundId);
        requireAny(actor, MANAGERS, "register residents");
        List<FieldProblem> problems = checkResident(compoundId, r);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = insertResident(compoundId, r);
        audit.record("RESIDENT_CREATE", "resident", id, "compound=" + compoundId + " house=" + r.houseId() + " kind=" + r.kind());
        return id;
    }

    /** Inserts a checked resident and the occupancy; callers check and audit. */
    long insertResident(long compoundId, NewResident r) {
        String idNo = IdCardNumber.normalise(r.idNumber());
        String phone = r.phone() == null || r.phone().isBlank() ? null : r.phone().strip();
        long id = jdbc.sql("""
                        INSERT INTO community_resident (compound_id, name_enc, phone_enc, id_no_enc, id_no_hash)
                        VALUES (:c, :n, :p, :i, :h) RETURNING id""")
                .param("c", compoundId).param("n", cipher.encrypt("name", r.name().strip()))
                .param("p", cipher.encrypt("phone", phone)).param("i", cipher.encrypt("id_no", idNo)).param("h", cipher.hash(idNo))
                .query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO community_occupancy (resident_id, house_id, kind, start_date, lease_end)
                        VALUES (:r, :h, :k, :s, :l)""")
                .param("r", id).param("h", r.houseId()).param("k", r.kind().strip().toUpperCase(java.util.Locale.ROOT))
                .param("s", r.startDate()).param("l", r.leaseEnd()).update();
        return id;
    }

    /** Moving out end-dates the occupancy; nothing is deleted. */
    @Transactional
    void moveOut(Actor actor, long occupancyId, LocalDate endDate) {
        Map<String, Object> row = jdbc.sql("""
                        SELECT o.id, o.resident_id, o.start_date, o.end_date, p.compound_id FROM community_occupancy o
                        JOIN community_resident p ON p.id = o.resident_id WHERE o.id = :id""")
                .param("id", occupancyId).query().singleRow();
        get(actor, ((Number) row.get("compound_id")).longValue());
        requireAny(actor, MANAGERS, "record moving out");
        LocalDate end = endDate == null ? LocalDate.now() : endDate;
        if (row.get("end_date") != null) {
            throw new InvalidInputException("endDate", "this occupancy has already ended");
        }
        if (end.isBefore(((java.sql.Date) row.get("start_date")).toLocalDate())) {
            throw new InvalidInputException("endDate", "is before the start date");
        }
        jdbc.sql("UPDATE community_occupancy SET end_date = :e WHERE id = :id").param("e", end).param("id", occupancyId).update();
        audit.record("RESIDENT_MOVE_OUT", "occupancy", occupancyId, "end=" + end);
    }

    long residentCompound(long residentId) {
        return jdbc.sql("SELECT compound_id FROM community_resident WHERE id = :id").param("id", residentId).query(Long.class)
                .optional().orElseThrow(() -> new NotFoundException("resident", residentId));
    }

    /** Checks the resident's compound is in scope; returns the compound. */
    Compound residentScope(Actor actor, long residentId) {
        long compoundId = residentCompound(residentId);
        try {
            return get(actor, compoundId);
        } catch (NotFoundException e) {
            throw NotFoundException.outOfScope("resident", residentId);
        }
    }

    List<Resident> residents(Actor actor, long compoundId, Long houseId, int offset, int limit) {
        get(actor, compoundId);
        requireAny(actor, READERS, "see residents");
        List<Resident> list = jdbc.sql("""
                        SELECT id, compound_id, name_enc, phone_enc, id_no_enc FROM community_resident p WHERE compound_id = :c
                          AND (CAST(:h AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM community_occupancy o WHERE o.resident_id = p.id AND o.house_id = :h))
                        ORDER BY id OFFSET :o LIMIT :l""")
                .param("c", compoundId).param("h", houseId).param("o", Math.max(0, offset)).param("l", Math.min(Math.max(1, limit), 500))
                .query(this::masked).list();
        return list.stream().map(r -> new Resident(r.id(), r.compoundId(), r.name(), r.phone(), r.idNumber(), occupancies(r.id())))
                .toList();
    }

    Resident resident(Actor actor, long residentId) {
        residentScope(actor, residentId);
        requireAny(actor, READERS, "see residents");
        Resident r = jdbc.sql("SELECT id, compound_id, name_enc, phone_enc, id_no_enc FROM community_resident WHERE id = :id")
                .param("id", residentId).query(this::masked).single();
        return new Resident(r.id(), r.compoundId(), r.name(), r.phone(), r.idNumber(), occupancies(residentId));
    }

    String maskedName(long residentId) {
        return jdbc.sql("SELECT name_enc FROM community_resident WHERE id = :id").param("id", residentId)
                .query((rs, n) -> Masking.name(cipher.decrypt("name", rs.getBytes(1)))).optional().orElse("-");
    }

    /** The full values for a stated reason; every read is audited, even when the caller's later work fails. */
    RevealedResident reveal(Actor actor, long residentId, String reason) {
        residentScope(actor, residentId);
        requireAny(actor, MANAGERS, "see full personal data");
        if (reason == null || reason.strip().length() < 2) {
            throw new InvalidInputException("reason", "state why you need the full details (at least 2 characters)");
        }
        RevealedResident r = jdbc.sql("SELECT id, name_enc, phone_enc, id_no_enc FROM community_resident WHERE id = :id")
                .param("id", residentId)
                .query((rs, n) -> new RevealedResident(rs.getLong("id"), cipher.decrypt("name", rs.getBytes("name_enc")),
                        cipher.decrypt("phone", rs.getBytes("phone_enc")), cipher.decrypt("id_no", rs.getBytes("id_no_enc"))))
                .single();
        audit.recordPersonalDataRead("resident", residentId, "name,phone,idNumber", reason.strip());
        return r;
    }

    /** Finds the one resident with this ID number inside one compound (keyed hash; no search across compounds). */
    Long findInCompound(long compoundId, String idNumber) {
        if (!IdCardNumber.isValid(idNumber)) {
            return null;
        }
        return jdbc.sql("SELECT id FROM community_resident WHERE compound_id = :c AND id_no_hash = :h").param("c", compoundId)
                .param("h", cipher.hash(IdCardNumber.normalise(idNumber))).query(Long.class).optional().orElse(null);
    }

    private List<Occupancy> occupancies(long residentId) {
        return jdbc.sql("""
                        SELECT o.id, o.house_id, b.name || ' ' || h.entrance || ' ' || h.room AS house, o.kind, o.start_date, o.end_date, o.lease_end
                        FROM community_occupancy o JOIN community_house h ON h.id = o.house_id JOIN community_building b ON b.id = h.building_id
                        WHERE o.resident_id = :r ORDER BY o.start_date, o.id""")
                .param("r", residentId)
                .query((rs, n) -> new Occupancy(rs.getLong("id"), rs.getLong("house_id"), rs.getString("house"), rs.getString("kind"),
                        rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class),
                        rs.getObject("lease_end", LocalDate.class))).list();
    }

    private Resident masked(ResultSet rs, int n) throws SQLException {
        return new Resident(rs.getLong("id"), rs.getLong("compound_id"), Masking.name(cipher.decrypt("name", rs.getBytes("name_enc"))),
                Masking.phone(cipher.decrypt("phone", rs.getBytes("phone_enc"))),
                Masking.idCard(cipher.decrypt("id_no", rs.getBytes("id_no_enc"))), List.of());
    }

    private static void check(List<FieldProblem> problems, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (value.strip().length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
    }

    static Compound map(ResultSet rs, int n) throws SQLException {
        return new Compound(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getLong("region_id"),
                rs.getString("region_name"), rs.getLong("unit_id"), rs.getString("unit_name"), rs.getString("address"),
                rs.getObject("lon", Double.class), rs.getObject("lat", Double.class), rs.getLong("houses"), rs.getLong("residents"),
                rs.getLong("doors"));
    }
}
