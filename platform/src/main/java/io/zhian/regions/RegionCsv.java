package io.zhian.regions;

import io.zhian.audit.AuditTrail;
import io.zhian.regions.internal.RegionRules;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.ImportReport;
import io.zhian.shared.Role;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Region import and export as CSV (UTF-8, header row). Import checks every row first and writes
 * nothing unless all rows are good; the report lists each row with its problems.
 */
@Service
public class RegionCsv {

    static final String[] HEADER = {"code", "name", "kind", "parent_code", "centre_lon", "centre_lat", "population", "boundary"};

    private final Regions regions;
    private final JdbcClient jdbc;
    private final AuditTrail audit;

    RegionCsv(Regions regions, JdbcClient jdbc, AuditTrail audit) {
        this.regions = regions;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public void export(DataScope scope, Writer out) {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            jdbc.sql("SELECT r.code, r.name, r.kind, p.code AS parent_code, r.centre_lon, r.centre_lat, r.population, r.boundary "
                            + "FROM region r LEFT JOIN region p ON p.id = r.parent_id WHERE " + scope.where("r.id", null, null)
                            + " ORDER BY r.path")
                    .params(scope.params())
                    .query((rs, n) -> {
                        try {
                            csv.printRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getObject(5), rs.getObject(6), rs.getObject(7), rs.getString(8));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return 1;
                    }).list();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Transactional
    public ImportReport importCsv(Actor actor, Reader in, boolean dryRun) {
        if (!actor.has(Role.CITY_ADMIN)) {
            throw new ForbiddenException("only city administrators may import regions");
        }
        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get().parse(in)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.replace("\ufeff", "").strip()).toList();
            if (!header.containsAll(List.of("code", "name", "kind", "parent_code"))) {
                return new ImportReport(0, 0, false, List.of(new ImportReport.RowResult(1, "header", "error",
                        List.of(new FieldProblem("header", "needs at least the columns code,name,kind,parent_code; got " + header)))));
            }
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return new ImportReport(0, 0, false, List.of(new ImportReport.RowResult(1, "file", "error",
                    List.of(new FieldProblem("file", "is not readable CSV: " + e.getMessage())))));
        }
        Map<String, Region> inFile = new HashMap<>();
        List<NewRegion> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (CSVRecord r : records) {
            NewRegion row = toRow(r);
            rows.add(row);
            lines.add((int) r.getRecordNumber() + 1);
            if (row.code() != null && row.kind() != null) {
                inFile.putIfAbsent(row.code(), new Region(-1, row.code(), row.name(), row.kind().level(), row.kind(), null,
                        "/", null, null, null, false, 0));
            }
        }
        List<ImportReport.RowResult> results = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean allGood = true;
        for (int i = 0; i < rows.size(); i++) {
            NewRegion row = rows.get(i);
            List<FieldProblem> problems = new ArrayList<>(parseProblems(records.get(i)));
            Optional<Region> existing = row.code() == null ? Optional.empty() : regions.findByCode(row.code());
            Region parent = null;
            if (row.parentCode() != null) {
                parent = inFile.containsKey(row.parentCode()) ? inFile.get(row.parentCode())
                        : regions.findByCode(row.parentCode()).orElse(null);
                if (parent == null) {
                    problems.add(new FieldProblem("parent_code", "no region has the code " + row.parentCode()
                            + " (neither in the database nor earlier in this file)"));
                }
            }
            boolean parentMissing = row.parentCode() != null && parent == null;
            for (FieldProblem p : RegionRules.check(row.code(), row.name(), row.kind(), parent, row.centreLon(),
                    row.centreLat(), row.boundary(), row.population())) {
                if (!p.field().equals("parentCode")) {
                    problems.add(p);
                } else if (!parentMissing) {
                    problems.add(new FieldProblem("parent_code", p.reason()));
                }
            }
            if (existing.isPresent() && row.kind() != null && existing.get().kind().level() != row.kind().level()) {
                problems.add(new FieldProblem("kind", "region " + row.code() + " exists as a " + existing.get().level()
                        + "; its level cannot change"));
            }
            if (row.code() != null && seen.containsKey(row.code())) {
                problems.add(new FieldProblem("code", "duplicates line " + seen.get(row.code())));
            } else if (row.code() != null) {
                seen.put(row.code(), lines.get(i));
            }
            allGood &= problems.isEmpty();
            results.add(new ImportReport.RowResult(lines.get(i), row.code(),
                    problems.isEmpty() ? (existing.isPresent() ? "update" : "create") : "error", problems));
        }
        if (!allGood || dryRun || rows.isEmpty()) {
            return new ImportReport(rows.size(), 0, false, results);
        }
        List<NewRegion> ordered = rows.stream().sorted(Comparator.comparingInt(r -> r.kind().level().ordinal())).toList();
        int written = regions.upsertAll(ordered);
        audit.record("REGION_IMPORT", "region", null, written + " rows");
        return new ImportReport(rows.size(), written, true, results);
    }

    private static NewRegion toRow(CSVRecord r) {
        return new NewRegion(text(r, "code"), text(r, "name"), RegionKind.parse(text(r, "kind")), text(r, "parent_code"),
                number(text(r, "centre_lon")), number(text(r, "centre_lat")), text(r, "boundary"),
                integer(text(r, "population")));
    }

    private static List<FieldProblem> parseProblems(CSVRecord r) {
        List<FieldProblem> problems = new ArrayList<>();
        String kind = text(r, "kind");
        if (kind != null && RegionKind.parse(kind) == null) {
            problems.add(new FieldProblem("kind", "'" + kind + "' is not one of CITY, STREET, TOWN, TOWNSHIP, COMMUNITY, VILLAGE, GRID (or 市/街道/镇/乡/社区/村/网格)"));
        }
        for (String col : List.of("centre_lon", "centre_lat")) {
            String v = text(r, col);
            if (v != null && number(v) == null) {
                problems.add(new FieldProblem(col, "'" + v + "' is not a number"));
            }
        }
        String pop = text(r, "population");
        if (pop != null && integer(pop) == null) {
            problems.add(new FieldProblem("population", "'" + pop + "' is not a whole number"));
        }
        return problems;
    }

    private static String text(CSVRecord r, String column) {
        if (!r.isMapped(column) || !r.isSet(column)) {
            return null;
        }
        String v = r.get(column);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Double number(String v) {
        try {
            return v == null ? null : Double.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(String v) {
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
