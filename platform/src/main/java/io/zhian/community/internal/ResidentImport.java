package io.zhian.community.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.community.IdCardNumber;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ImportReport;
import io.zhian.shared.Masking;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk import of residents from CSV or Excel (.xlsx), header row with the columns
 * {@code building,entrance,room,name,phone,id_number,kind,start_date,lease_end}. Every row is checked
 * (ID check digit, unknown house, duplicate in the compound or earlier in the file); all-or-nothing
 * imports nothing when any row is bad, otherwise only the good rows are imported.
 */
@Service
class ResidentImport {

    static final List<String> COLUMNS = List.of("building", "entrance", "room", "name", "phone", "id_number", "kind",
            "start_date", "lease_end");

    private final Compounds compounds;
    private final AuditTrail audit;

    ResidentImport(Compounds compounds, AuditTrail audit) {
        this.compounds = compounds;
        this.audit = audit;
    }

    @Transactional
    ImportReport importFile(Actor actor, long compoundId, String filename, InputStream in, boolean allOrNothing) {
        compounds.get(actor, compoundId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "import residents");
        List<Map<String, String>> rows;
        try {
            rows = filename != null && filename.toLowerCase(Locale.ROOT).endsWith(".xlsx") ? readXlsx(in) : readCsv(in);
        } catch (IOException | RuntimeException e) {
            return fileProblem("is not a readable CSV or .xlsx file: " + e.getMessage());
        }
        if (rows.isEmpty() || !rows.get(0).keySet().containsAll(COLUMNS.subList(0, 8))) {
            return fileProblem("needs a header row with the columns " + String.join(",", COLUMNS));
        }
        List<ImportReport.RowResult> results = new ArrayList<>();
        List<Compounds.NewResident> good = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            int line = i + 2;
            List<FieldProblem> problems = new ArrayList<>();
            Long house = compounds.houseId(compoundId, r.get("building"), r.get("entrance"), r.get("room"));
            LocalDate start = date(r.get("start_date"), "start_date", problems);
            LocalDate leaseEnd = date(r.get("lease_end"), "lease_end", problems);
            Compounds.NewResident resident = new Compounds.NewResident(r.get("name"), r.get("phone"), r.get("id_number"),
                    house, r.get("kind"), start, leaseEnd);
            for (FieldProblem p : compounds.checkResident(compoundId, resident)) {
                if (p.field().equals("house")) {
                    problems.add(new FieldProblem("house", "unknown house " + r.get("building") + " " + r.get("entrance") + " "
                            + r.get("room")));
                } else if (!(p.field().equals("startDate") && start == null && r.get("start_date") != null)) {
                    problems.add(new FieldProblem(column(p.field()), p.reason()));
                }
            }
            String idNo = IdCardNumber.normalise(r.get("id_number"));
            if (idNo != null && !idNo.isEmpty()) {
                Integer earlier = seen.putIfAbsent(idNo, line);
                if (earlier != null) {
                    problems.add(new FieldProblem("id_number", "duplicates line " + earlier));
                }
            }
            String key = Masking.idCard(idNo);
            results.add(new ImportReport.RowResult(line, key, problems.isEmpty() ? "create" : "error", problems));
            if (problems.isEmpty()) {
                good.add(resident);
            }
        }
        boolean anyBad = good.size() < rows.size();
        if (good.isEmpty() || (allOrNothing && anyBad)) {
            return new ImportReport(rows.size(), 0, false, results);
        }
        for (Compounds.NewResident r : good) {
            compounds.insertResident(compoundId, r);
        }
        audit.record("RESIDENT_IMPORT", "compound", compoundId, good.size() + " of " + rows.size() + " rows imported"
                + (allOrNothing ? " (all-or-nothing)" : " (good rows only)"));
        return new ImportReport(rows.size(), good.size(), true, results);
    }

    private static String column(String field) {
        return switch (field) {
            case "idNumber" -> "id_number";
            case "startDate" -> "start_date";
            case "leaseEnd" -> "lease_end";
            default -> field;
        };
    }

    private static LocalDate date(String s, String field, List<FieldProblem> problems) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "must be a date like 2026-01-31"));
            return null;
        }
    }

    private static ImportReport fileProblem(String reason) {
        return new ImportReport(0, 0, false, List.of(new ImportReport.RowResult(1, "file", "error",
                List.of(new FieldProblem("file", reason)))));
    }

    private static List<Map<String, String>> readCsv(InputStream in) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).get().parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.replace("\ufeff", "").strip().toLowerCase(Locale.ROOT))
                    .toList();
            for (CSVRecord rec : parser) {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), i < rec.size() ? blankToNull(rec.get(i)) : null);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Map<String, String>> readXlsx(InputStream in) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        DataFormatter format = new DataFormatter(Locale.ROOT);
        try (Workbook wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            Row headerRow = sheet.getRow(sheet.getFirstRowNum());
            if (headerRow == null) {
                return rows;
            }
            List<String> header = new ArrayList<>();
            for (Cell c : headerRow) {
                while (header.size() < c.getColumnIndex()) {
                    header.add("");
                }
                header.add(format.formatCellValue(c).strip().toLowerCase(Locale.ROOT));
            }
            for (int i = sheet.getFirstRowNum() + 1; i <= sheet.getLastRowNum(); i++) {
                Row row = sheet.getRow(i);
                if (row == null) {
                    continue;
                }
                Map<String, String> m = new HashMap<>();
                boolean any = false;
                for (int c = 0; c < header.size(); c++) {
                    Cell cell = row.getCell(c);
                    String v = null;
                    if (cell != null) {
                        v = cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)
                                ? cell.getLocalDateTimeCellValue().toLocalDate().toString() : format.formatCellValue(cell);
                    }
                    v = blankToNull(v);
                    any |= v != null;
                    m.put(header.get(c), v);
                }
                if (any) {
                    rows.add(m);
                }
            }
        }
        return rows;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
