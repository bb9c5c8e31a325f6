package io.zhian.devices.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.devices.Devices;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Role;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The ledger of maintenance contracts and network rental fees per township and year, in yuan (exact decimals). */
@Service
public class FeeLedger {

    public enum Category { MAINTENANCE_CONTRACT, NETWORK_RENTAL }

    public record Entry(long id, long townshipId, String townshipName, int year, Category category, String party, BigDecimal amount,
                        String note) {}

    public record Total(long townshipId, String townshipName, int year, BigDecimal maintenance, BigDecimal network, BigDecimal total) {}

    private static final BigDecimal MAX = new BigDecimal("999999999999.99");

    private final JdbcClient jdbc;
    private final Regions regions;
    private final AuditTrail audit;

    FeeLedger(JdbcClient jdbc, Regions regions, AuditTrail audit) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.audit = audit;
    }

    private static void requireReader(Actor actor) {
        if (!Devices.mayRead(actor)) {
            throw new ForbiddenException("your roles do not read the device ledger");
        }
    }

    public List<Entry> entries(Actor actor, Integer year) {
        requireReader(actor);
        DataScope scope = actor.scope();
        return jdbc.sql("SELECT f.id, f.township_id, t.name, f.year, f.category, f.party, f.amount, f.note FROM device_fee f "
                        + "JOIN region t ON t.id = f.township_id WHERE " + scope.where("f.township_id", null, null)
                        + " AND (CAST(:year AS INT) IS NULL OR f.year = :year) ORDER BY f.year DESC, t.code, f.category, f.id")
                .params(scope.params()).param("year", year)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), Category.valueOf(rs.getString(5)),
                        rs.getString(6), rs.getBigDecimal(7), rs.getString(8))).list();
    }

    /** Totals per township and year (and the categories), in the caller's scope. */
    public List<Total> totals(Actor actor, Integer year) {
        requireReader(actor);
        DataScope scope = actor.scope();
        return jdbc.sql("""
                        SELECT f.township_id, t.name, f.year,
                          COALESCE(sum(f.amount) FILTER (WHERE f.category = 'MAINTENANCE_CONTRACT'), 0),
                          COALESCE(sum(f.amount) FILTER (WHERE f.category = 'NETWORK_RENTAL'), 0), sum(f.amount)
                        FROM device_fee f JOIN region t ON t.id = f.township_id WHERE """ + scope.where("f.township_id", null, null) + """
                         AND (CAST(:year AS INT) IS NULL OR f.year = :year)
                        GROUP BY f.township_id, t.name, t.code, f.year ORDER BY f.year DESC, t.code""")
                .params(scope.params()).param("year", year)
                .query((rs, n) -> new Total(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        rs.getBigDecimal(6))).list();
    }

    @Transactional
    public long add(Actor actor, String townshipCode, String year, String category, String party, String amount, String note) {
        if (!actor.has(Role.CITY_ADMIN)) {
            throw new ForbiddenException("only city administrators keep the device ledger");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Region township = null;
        if (townshipCode == null || townshipCode.isBlank()) {
            problems.add(new FieldProblem("townshipCode", "is required"));
        } else {
            township = regions.findByCode(townshipCode.strip()).orElse(null);
            if (township == null || township.level() != RegionLevel.TOWNSHIP) {
                problems.add(new FieldProblem("townshipCode", "no township has the code " + townshipCode.strip()));
            }
        }
        Integer y = null;
        try {
            y = year == null ? null : Integer.valueOf(year.strip());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (y == null || y < 2000 || y > 2100) {
            problems.add(new FieldProblem("year", "must be a year between 2000 and 2100"));
        }
        Category c = null;
        try {
            c = category == null ? null : Category.valueOf(category.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (c == null) {
            problems.add(new FieldProblem("category", "must be MAINTENANCE_CONTRACT or NETWORK_RENTAL"));
        }
        if (party == null || party.isBlank()) {
            problems.add(new FieldProblem("party", "is required"));
        } else if (party.strip().length() > 100) {
            problems.add(new FieldProblem("party", "must be at most 100 characters"));
        }
        BigDecimal a = null;
        try {
            a = amount == null ? null : new BigDecimal(amount.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (a == null) {
            problems.add(new FieldProblem("amount", "must be an amount in yuan such as 12800.00"));
        } else if (a.scale() > 2) {
            problems.add(new FieldProblem("amount", "has more than 2 decimals (fen)"));
        } else if (a.signum() < 0 || a.compareTo(MAX) > 0) {
            problems.add(new FieldProblem("amount", "must be between 0 and " + MAX.toPlainString()));
        }
        if (note != null && note.strip().length() > 300) {
            problems.add(new FieldProblem("note", "must be at most 300 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = jdbc.sql("""
                        INSERT INTO device_fee (township_id, year, category, party, amount, note) VALUES (:t, :y, :c, :p, :a, :n) RETURNING id""")
                .param("t", township.id()).param("y", y).param("c", c.name()).param("p", party.strip()).param("a", a.setScale(2))
                .param("n", note == null || note.isBlank() ? null : note.strip()).query(Long.class).single();
        audit.record("DEVICE_FEE_ADD", "device_fee", id, township.code() + " " + y + " " + c + " " + a.setScale(2).toPlainString());
        return id;
    }
}
