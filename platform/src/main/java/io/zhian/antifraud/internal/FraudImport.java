package io.zhian.antifraud.internal;

import io.zhian.antifraud.FraudCases;
import io.zhian.antifraud.FraudType;
import io.zhian.antifraud.NewFraudCase;
import io.zhian.audit.AuditTrail;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.RawIdentifier;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.ImportReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports fraud cases from CSV (UTF-8) or Excel (.xlsx, first sheet), with English or Chinese column
 * names. Every row is checked first; nothing is imported unless every row is good.
 */
@Service
public class FraudImport {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Canonical column → accepted header names. */
    static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("case_no", List.of("case_no", "案件编号"));
        COLUMNS.put("region_code", List.of("region_code", "区域代码"));
        COLUMNS.put("fraud_type", List.of("fraud_type", "诈骗类型"));
        COLUMNS.put("occurred_at", List.of("occurred_at", "发案时间"));
        COLUMNS.put("amount_yuan", List.of("amount_yuan", "损失金额", "损失金额(元)"));
        COLUMNS.put("victim_name", List.of("victim_name", "受害人"));
        COLUMNS.put("victim_phone", List.of("victim_phone", "受害人电话"));
        COLUMNS.put("summary", List.of("summary", "简要案情"));
        COLUMNS.put("phone", List.of("phone", "电话"));
        COLUMNS.put("bank_card", List.of("bank_card", "银行卡"));
        COLUMNS.put("payment_account", List.of("payment_account", "支付账户"));
        COLUMNS.put("im_account", List.of("im_account", "社交账号"));
        COLUMNS.put("url", List.of("url", "网址"));
        COLUMNS.put("ip", List.of("ip", "IP"));
        COLUMNS.put("device_id", List.of("device_id", "设备号"));
        COLUMNS.put("app_name", List.of("app_name", "APP", "应用"));
    }

    private static final Map<String, IdentifierType> IDENTIFIER_COLUMNS = Map.of("phone", IdentifierType.PHONE,
            "bank_card", IdentifierType.BANK_CARD, "payment_account", IdentifierType.PAYMENT_ACCOUNT,
            "im_account", IdentifierType.IM_ACCOUNT, "url", IdentifierType.URL, "ip", IdentifierType.IP,
            "device_id", IdentifierType.DEVICE_ID, "app_name", IdentifierType.APP_NAME);

    private static final List<DateTimeFormatter> DATE_TIMES = List.of(DateTimeFormatter.ofPattern("yyyy-M-d H:mm[:ss]"),
            DateTimeFormatter.ofPattern("yyyy/M/d H:mm[:ss]"), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ofPattern("yyyy-M-d"),
            DateTimeFormatter.ofPattern("yyyy/M/d"), DateTimeFormatter.BASIC_ISO_DATE);

    private final FraudCases cases;
    private final Regions regions;
    private final AuditTrail audit;

    FraudImport(FraudCases cases, Regions regions, AuditTrail audit) {
        this.cases = cases;
        this.regions = regions;
        this.audit = audit;
    }

    @Transactional
    public ImportReport importFile(Actor actor, String filename, InputStream in, boolean dryRun) throws IOException {
        if (!FraudCases.mayRecord(actor)) {
            throw new ForbiddenException("only police dispatchers and fraud analysts import fraud cases");
        }
        List<Map<String, String>> rows;
        try {
            rows = filename != null && filename.toLowerCase(Locale.ROOT).endsWith(".xlsx") ? readXlsx(in) : readCsv(in);
        } catch (RuntimeException | IOException e) {
            return fileProblem("is not a readable " + (filename != null && filename.endsWith(".xlsx") ? "Excel" : "CSV")
                    + " file: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            return fileProblem("has no data rows");
        }
        if (!rows.get(0).containsKey("case_no") || !rows.get(0).containsKey("region_code")) {
            return fileProblem("needs the columns case_no/案件编号 and region_code/区域代码 (and fraud_type, occurred_at, amount_yuan)");
        }
        List<ImportReport.RowResult> results = new ArrayList<>();
        List<NewFraudCase> good = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            int line = i + 2;
            List<FieldProblem> problems = new ArrayList<>();
            NewFraudCase c = toCase(row, problems);
            problems.addAll(cases.check(c));
            if (c.regionCode() != null) {
                regions.findByCode(c.regionCode()).filter(r -> !actor.scope().coversRegion(r.id()))
                        .ifPresent(r -> problems.add(new FieldProblem("region_code", "is outside your data scope")));
            }
            if (c.caseNo() != null && seen.containsKey(c.caseNo())) {
                problems.add(new FieldProblem("case_no", "duplicates line " + seen.get(c.caseNo())));
            } else if (c.caseNo() != null) {
                seen.put(c.caseNo(), line);
            }
            results.add(new ImportReport.RowResult(line, c.caseNo(), problems.isEmpty() ? "create" : "error", rename(problems)));
            if (problems.isEmpty()) {
                good.add(c);
            }
        }
        if (good.size() != rows.size() || dryRun) {
            return new ImportReport(rows.size(), 0, false, results);
        }
        for (NewFraudCase c : good) {
            cases.record(actor, c);
        }
        audit.record("FRAUD_CASE_IMPORT", "fraud_case", null, good.size() + " cases from " + filename);
        return new ImportReport(rows.size(), good.size(), true, results);
    }

    private static NewFraudCase toCase(Map<String, String> row, List<FieldProblem> problems) {
        String typeText = row.get("fraud_type");
        FraudType type = FraudType.parse(typeText);
        if (typeText != null && type == null) {
            problems.add(new FieldProblem("fraud_type", "'" + typeText + "' is not a fraud type (e.g. 刷单返利, 虚假投资理财, 冒充公检法)"));
        }
        Instant at = null;
        String when = row.get("occurred_at");
        if (when != null) {
            at = parseTime(when);
            if (at == null) {
                problems.add(new FieldProblem("occurred_at", "'" + when + "' is not a date like 2026-03-05 or 2026-03-05 14:30"));
            }
        }
        long fen = 0;
        String amount = row.get("amount_yuan");
        if (amount == null) {
            problems.add(new FieldProblem("amount_yuan", "is required (0 if no loss)"));
        } else {
            try {
                BigDecimal yuan = new BigDecimal(amount.replace(",", "").replace("，", ""));
                if (yuan.scale() > 2) {
                    problems.add(new FieldProblem("amount_yuan", "has more than 2 decimal places"));
                }
                fen = yuan.movePointRight(2).longValue();
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem("amount_yuan", "'" + amount + "' is not an amount in yuan"));
            }
        }
        List<RawIdentifier> identifiers = new ArrayList<>();
        IDENTIFIER_COLUMNS.forEach((column, kind) -> {
            String v = row.get(column);
            if (v != null) {
                for (String part : v.split("[;；,，\\n]")) {
                    if (!part.isBlank()) {
                        identifiers.add(new RawIdentifier(kind, part.strip()));
                    }
                }
            }
        });
        return new NewFraudCase(row.get("case_no"), row.get("region_code"), type, at, fen, row.get("victim_name"),
                row.get("victim_phone"), row.get("summary"), identifiers);
    }

    private static List<FieldProblem> rename(List<FieldProblem> problems) {
        Map<String, String> names = Map.of("caseNo", "case_no", "regionCode", "region_code", "fraudType", "fraud_type",
                "occurredAt", "occurred_at", "amount", "amount_yuan", "victimPhone", "victim_phone", "victimName", "victim_name");
        List<FieldProblem> out = new ArrayList<>();
        for (FieldProblem p : problems) {
            FieldProblem renamed = new FieldProblem(names.getOrDefault(p.field(), p.field()), p.reason());
            // the same field may be refused twice (parse, then "is required"): report the first reason
            if (out.stream().noneMatch(o -> o.field().equals(renamed.field()))) {
                out.add(renamed);
            }
        }
        return out;
    }

    static Instant parseTime(String text) {
        String t = text.strip();
        for (DateTimeFormatter f : DATE_TIMES) {
            try {
                return LocalDateTime.parse(t, f).atZone(ZONE).toInstant();
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        for (DateTimeFormatter f : DATES) {
            try {
                return LocalDate.parse(t, f).atStartOfDay(ZONE).toInstant();
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<Map<String, String>> readCsv(InputStream in) throws IOException {
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true).get().parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Map<String, String> canonical = canonicalHeaders(parser.getHeaderNames());
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord r : parser) {
                Map<String, String> row = new HashMap<>();
                canonical.forEach((header, column) -> {
                    if (r.isSet(header) && !r.get(header).isBlank()) {
                        row.put(column, r.get(header).strip());
                    }
                });
                markColumns(row, canonical);
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<Map<String, String>> readXlsx(InputStream in) throws IOException {
        try (Workbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            DataFormatter formatter = new DataFormatter(Locale.ROOT);
            Row header = sheet.getRow(sheet.getFirstRowNum());
            List<String> headers = new ArrayList<>();
            for (Cell c : header) {
                while (headers.size() < c.getColumnIndex()) {
                    headers.add("");
                }
                headers.add(formatter.formatCellValue(c).strip());
            }
            Map<String, String> canonical = canonicalHeaders(headers);
            List<Map<String, String>> rows = new ArrayList<>();
            for (int r = sheet.getFirstRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                for (int c = 0; c < headers.size(); c++) {
                    String column = canonical.get(headers.get(c));
                    Cell cell = row.getCell(c);
                    if (column == null || cell == null) {
                        continue;
                    }
                    String v = cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)
                            ? cell.getLocalDateTimeCellValue().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                            : formatter.formatCellValue(cell).strip();
                    if (!v.isBlank()) {
                        values.put(column, v);
                    }
                }
                if (!values.isEmpty()) {
                    markColumns(values, canonical);
                    rows.add(values);
                }
            }
            return rows;
        }
    }

    /** Remembers which columns the file has, so a missing column differs from an empty cell. */
    private static void markColumns(Map<String, String> row, Map<String, String> canonical) {
        if (canonical.containsValue("case_no")) {
            row.putIfAbsent("case_no", null);
        }
        if (canonical.containsValue("region_code")) {
            row.putIfAbsent("region_code", null);
        }
    }

    private static Map<String, String> canonicalHeaders(List<String> headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String h : headers) {
            String clean = h.replace("\ufeff", "").strip();
            COLUMNS.forEach((column, names) -> {
                if (names.stream().anyMatch(n -> n.equalsIgnoreCase(clean))) {
                    map.put(h, column);
                }
            });
        }
        return map;
    }

    private static ImportReport fileProblem(String reason) {
        return new ImportReport(0, 0, false, List.of(new ImportReport.RowResult(1, "file", "error",
                List.of(new FieldProblem("file", reason)))));
    }
}
