package io.zhian.devices.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.devices.Devices;
import io.zhian.devices.NewDevice;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.ImportReport;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Device import and export as CSV (UTF-8, header row). Import checks every row and reports each one; with
 * all-or-nothing (the default) nothing is written unless every row is good, otherwise the good rows are written
 * and the bad ones reported. The export never contains SIP passwords.
 */
@Service
public class DeviceCsv {

    static final String[] HEADER = {"code", "kind", "name", "region_code", "unit_code", "lon", "lat", "address", "install_date",
            "vendor", "gb_id", "sip_password"};

    private final Devices devices;
    private final JdbcClient jdbc;
    private final AuditTrail audit;

    DeviceCsv(Devices devices, JdbcClient jdbc, AuditTrail audit) {
        this.devices = devices;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public void export(Actor actor, Writer out) {
        if (!Devices.mayRead(actor)) {
            throw new ForbiddenException("your roles do not read the device registry");
        }
        DataScope scope = actor.scope();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            jdbc.sql("""
                            SELECT d.code, d.kind, d.name, r.code, u.code, d.lon, d.lat, d.address, d.install_date, d.vendor, d.gb_id
                            FROM device d JOIN region r ON r.id = d.region_id LEFT JOIN org_unit u ON u.id = d.unit_id WHERE """
                            + scope.where("d.region_id", "d.unit_id", null) + " ORDER BY d.code")
                    .params(scope.params())
                    .query((rs, n) -> {
                        try {
                            csv.printRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                    rs.getObject(6), rs.getObject(7), rs.getString(8), rs.getObject(9), rs.getString(10),
                                    rs.getString(11), "");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return 1;
                    }).list();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        audit.record("DEVICE_EXPORT", "device", null, "csv");
    }

    @Transactional
    public ImportReport importCsv(Actor actor, Reader in, boolean allOrNothing, boolean dryRun) {
        if (!Devices.mayManage(actor)) {
            throw new ForbiddenException("only city administrators import devices");
        }
        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).get().parse(in)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.replace("\ufeff", "").strip()).toList();
            if (!header.containsAll(List.of("code", "kind", "name", "region_code"))) {
                return new ImportReport(0, 0, false, List.of(new ImportReport.RowResult(1, "header", "error",
                        List.of(new FieldProblem("header", "needs at least the columns code,kind,name,region_code; got " + header)))));
            }
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return new ImportReport(0, 0, false, List.of(new ImportReport.RowResult(1, "file", "error",
                    List.of(new FieldProblem("file", "is not readable CSV: " + e.getMessage())))));
        }
        List<ImportReport.RowResult> results = new ArrayList<>();
        List<Devices.Checked> good = new ArrayList<>();
        List<NewDevice> goodRows = new ArrayList<>();
        Map<String, Integer> codes = new HashMap<>();
        Map<String, Integer> gbIds = new HashMap<>();
        for (CSVRecord r : records) {
            int line = (int) r.getRecordNumber() + 1;
            List<FieldProblem> problems = new ArrayList<>();
            Double lon = number(r, "lon", problems);
            Double lat = number(r, "lat", problems);
            NewDevice row = new NewDevice(text(r, "code"), text(r, "kind"), text(r, "name"), text(r, "region_code"), text(r, "unit_code"),
                    lon, lat, text(r, "address"), text(r, "install_date"), text(r, "vendor"), text(r, "gb_id"), text(r, "sip_password"));
            List<FieldProblem> rowProblems = new ArrayList<>();
            Devices.Checked checked = devices.validate(actor.scope(), row, null, rowProblems);
            for (FieldProblem p : rowProblems) {
                problems.add(new FieldProblem(column(p.field()), p.reason()));
            }
            if (row.code() != null && codes.containsKey(row.code())) {
                problems.add(new FieldProblem("code", "duplicates line " + codes.get(row.code())));
            } else if (row.code() != null) {
                codes.put(row.code(), line);
            }
            if (row.gbId() != null && gbIds.containsKey(row.gbId())) {
                problems.add(new FieldProblem("gb_id", "duplicates line " + gbIds.get(row.gbId())));
            } else if (row.gbId() != null) {
                gbIds.put(row.gbId(), line);
            }
            if (problems.isEmpty()) {
                good.add(checked);
                goodRows.add(row);
            }
            results.add(new ImportReport.RowResult(line, row.code(), problems.isEmpty() ? "create" : "error", problems));
        }
        boolean anyBad = good.size() < records.size();
        if (dryRun || good.isEmpty() || (anyBad && allOrNothing)) {
            return new ImportReport(records.size(), 0, false, results);
        }
        for (int i = 0; i < good.size(); i++) {
            devices.insert(good.get(i), goodRows.get(i));
        }
        audit.record("DEVICE_IMPORT", "device", null, good.size() + " of " + records.size() + " rows"
                + (anyBad ? " (bad rows skipped)" : ""));
        return new ImportReport(records.size(), good.size(), true, results);
    }

    private static String column(String field) {
        return switch (field) {
            case "regionCode" -> "region_code";
            case "unitCode" -> "unit_code";
            case "installDate" -> "install_date";
            case "gbId" -> "gb_id";
            case "sipPassword" -> "sip_password";
            default -> field;
        };
    }

    private static String text(CSVRecord r, String column) {
        if (!r.isMapped(column) || !r.isSet(column)) {
            return null;
        }
        String v = r.get(column);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Double number(CSVRecord r, String column, List<FieldProblem> problems) {
        String v = text(r, column);
        if (v == null) {
            return null;
        }
        try {
            return Double.valueOf(v);
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(column, "'" + v + "' is not a number"));
            return null;
        }
    }
}
