package io.zhian.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.dashboard.internal.ReportSchedule;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureDefinition;
import io.zhian.shared.FigureProvider.FigureValue;
import io.zhian.shared.FigureTargets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDVectorFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

@ZhianTest
class ReportTests {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** The workbook's header row (title, description, blank line first). */
    static final int HEADER = 3;

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired List<FigureProvider> providers;
    @Autowired List<FigureTargets> targets;
    @Autowired JdbcClient jdbc;
    @Autowired ReportSchedule schedule;

    static YearMonth lastMonth() {
        return YearMonth.now(ZONE).minusMonths(1);
    }

    @Test
    void aCityMonthlyReportCarriesTheProvidersFiguresInTheWorkbookAndAReadablePdf() throws Exception {
        MockHttpSession dispatcher = Sessions.as(mvc, "jiejing01");
        Region city = regions.root().orElseThrow();
        YearMonth month = lastMonth();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        String json = mvc.perform(post("/api/v1/dashboard/reports").session(dispatcher).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"regionId\": " + city.id() + ", \"kind\": \"MONTH\", \"period\": \"" + month + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(json, "$.id")).longValue();
        assertThat((String) JsonPath.read(json, "$.generatedBy")).isEqualTo("jiejing01");
        assertThat((String) JsonPath.read(json, "$.trigger")).isEqualTo("ON_DEMAND");
        assertThat((String) JsonPath.read(json, "$.period")).isEqualTo(month.toString());

        // the archive row says who and when
        Map<String, Object> row = jdbc.sql("SELECT * FROM dashboard_report WHERE id = :id").param("id", id).query().singleRow();
        assertThat(row.get("generated_by")).isEqualTo("jiejing01");
        assertThat(row.get("region_id")).isEqualTo(city.id());
        assertThat(row.get("period_kind")).isEqualTo("MONTH");
        assertThat(row.get("trigger")).isEqualTo("ON_DEMAND");
        Instant at = ((java.sql.Timestamp) row.get("generated_at")).toInstant();
        assertThat(at).isBetween(before, Instant.now());
        assertThat(((Number) row.get("pdf_size")).intValue()).isGreaterThan(10_000);

        String downloads = "SELECT count(*) FROM audit_event WHERE action = 'DASHBOARD_REPORT_DOWNLOAD' AND object_id = :id"
                + " AND username = 'jiejing01'";
        assertThat(jdbc.sql(downloads).param("id", String.valueOf(id)).query(Long.class).single()).isZero();

        // ---- the workbook: every figure on offer, with the providers' own values ----
        byte[] xlsx = mvc.perform(get("/api/v1/dashboard/reports/" + id + ".xlsx").session(dispatcher))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        List<Long> townshipIds = regions.children(DataScope.all(), city.id()).stream()
                .filter(r -> r.level() == RegionLevel.TOWNSHIP).map(Region::id).toList();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(wb.getSheet("计分卡")).isNotNull();
            assertThat(wb.getSheet("各乡镇")).isNotNull();
            assertThat(wb.getSheet("月度趋势")).isNotNull();
            assertThat(wb.getSheet("计分卡").getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo(city.name() + " " + month.getYear() + "年" + month.getMonthValue() + "月 平安建设月报");

            Map<String, Row> scorecard = rowsByFirstCell(wb.getSheet("计分卡"));
            Map<String, FigureDefinition> offered = new LinkedHashMap<>();
            Map<String, FigureProvider> providerOf = new HashMap<>();
            for (FigureProvider p : providers) {
                for (FigureDefinition d : p.figures()) {
                    offered.putIfAbsent(d.code(), d);
                    providerOf.putIfAbsent(d.code(), p);
                }
            }
            Set<String> expectedCodes = new TreeSet<>(offered.keySet());
            expectedCodes.removeIf(c -> c.startsWith("devices.online-rate."));
            assertThat(new TreeSet<>(scorecard.keySet())).isEqualTo(expectedCodes);
            // preferred figures lead, in their fixed order
            List<String> order = new ArrayList<>(scorecard.keySet());
            assertThat(order.get(0)).isEqualTo("alarms.count");
            assertThat(order.indexOf("mediation.disputes")).isLessThan(order.indexOf("survey.security-rate"));

            int checked = 0;
            for (String code : expectedCodes) {
                Map<Long, FigureValue> values = providerOf.get(code).values(code, month, month, List.of(city.id()));
                FigureValue v = values.get(city.id());
                Cell cell = scorecard.get(code).getCell(3);
                if (v == null) {
                    // no records: a count is 0, anything else is an empty cell, never a made-up number
                    assertThat(cell.getCellType() == CellType.BLANK || cell.getNumericCellValue() == 0).as(code).isTrue();
                } else {
                    assertThat(cell.getCellType()).as(code).isEqualTo(CellType.NUMERIC);
                    assertThat(cell.getNumericCellValue()).as(code).isCloseTo(v.value(), within(0.006));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(5);

            // the target comes from the assessment scheme (demo: 安全感率 ≥ 98 %), and 达标 follows it
            Row security = scorecard.get("survey.security-rate");
            assertThat(targets.stream().map(t -> t.target("survey.security-rate", city.id(), month.getYear()))
                    .filter(java.util.OptionalDouble::isPresent).findFirst().orElseThrow().getAsDouble()).isEqualTo(98.0);
            assertThat(security.getCell(4).getNumericCellValue()).isEqualTo(98.0);
            if (security.getCell(3).getCellType() == CellType.NUMERIC) {
                assertThat(security.getCell(5).getStringCellValue())
                        .isEqualTo(security.getCell(3).getNumericCellValue() >= 98.0 ? "达标" : "未达标");
            }
            // last year's and last month's values are the providers' too
            FigureValue previous = providerOf.get("alarms.count").values("alarms.count", month.minusMonths(1), month.minusMonths(1),
                    List.of(city.id())).get(city.id());
            assertThat(scorecard.get("alarms.count").getCell(6).getNumericCellValue())
                    .isEqualTo(previous == null ? 0.0 : previous.value());

            // per township: the city's row, then one row per township with the provider's value
            Sheet townships = wb.getSheet("各乡镇");
            assertThat(townships.getLastRowNum() - HEADER).isEqualTo(1 + townshipIds.size());
            int column = -1;
            Row head = townships.getRow(HEADER);
            for (Cell c : head) {
                if (c.getStringCellValue().startsWith(offered.get("mediation.disputes").label().split(" / ")[0])
                        || c.getStringCellValue().startsWith("矛盾纠纷")) {
                    column = c.getColumnIndex();
                    break;
                }
            }
            assertThat(column).isGreaterThan(1);
            Map<Long, FigureValue> disputes = providerOf.get("mediation.disputes").values("mediation.disputes", month, month, townshipIds);
            Map<String, Long> idByCode = new HashMap<>();
            regions.children(DataScope.all(), city.id()).forEach(r -> idByCode.put(r.code(), r.id()));
            for (int r = HEADER + 2; r <= townships.getLastRowNum(); r++) {
                Row t = townships.getRow(r);
                FigureValue v = disputes.get(idByCode.get(t.getCell(1).getStringCellValue()));
                assertThat(t.getCell(column).getNumericCellValue()).isEqualTo(v == null ? 0.0 : v.value());
            }
            // twelve months of trend, the last being the report's month
            Row trendHead = wb.getSheet("月度趋势").getRow(HEADER);
            assertThat(trendHead.getCell(trendHead.getLastCellNum() - 1).getStringCellValue()).isEqualTo(month.toString());
            assertThat(trendHead.getLastCellNum()).isEqualTo((short) (3 + 12));
        }

        // ---- the PDF: Chinese text that extracts and draws, the font embedded, a first page to look at ----
        byte[] pdf = mvc.perform(get("/api/v1/dashboard/reports/" + id + ".pdf").session(dispatcher))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        Printed printed = Printed.of(pdf);
        assertThat(printed.text).contains(city.name() + " " + month.getYear() + "年" + month.getMonthValue() + "月 平安建设月报")
                .contains("生成人：jiejing01").contains("主要指标计分卡").contains("去年同期").contains("安全感率")
                .contains("月度趋势").contains("各乡镇主要指标").contains(regions.find(townshipIds.get(0)).orElseThrow().name());
        assertThat(printed.shown).isGreaterThan(500);
        assertThat(printed.missing).isZero();
        assertThat(printed.fonts).isNotEmpty().allSatisfy(f -> {
            assertThat(f.getName()).contains("NotoSansSC");
            assertThat(f.isEmbedded()).isTrue();
        });
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(3);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isCloseTo(595f, within(1f));
            BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, 110);
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            ImageIO.write(image, "png", dir.resolve("report-first-page.png").toFile());
            for (int p = 1; p < doc.getNumberOfPages(); p++) {
                ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(p, 80), "png", dir.resolve("report-page-" + (p + 1) + ".png").toFile());
            }
        }

        // both downloads are audited as this user's
        assertThat(jdbc.sql(downloads).param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'DASHBOARD_REPORT_GENERATE' AND object_id = :id"
                + " AND username = 'jiejing01'").param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
        // and the page lists it with its links
        String page = mvc.perform(get("/dashboard/reports").session(dispatcher)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("report-" + id).contains("/api/v1/dashboard/reports/" + id + ".pdf")
                .contains("/api/v1/dashboard/reports/" + id + ".xlsx");
    }

    @Test
    void aTownshipOfficerSeesOnlyTheirTownshipsReports() throws Exception {
        MockHttpSession zhen = Sessions.as(mvc, "zhen01");
        MockHttpSession dispatcher = Sessions.as(mvc, "jiejing01");
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        Region own = townships.get(0);
        Region other = townships.get(1);
        YearMonth month = lastMonth();

        long ownId = generate(zhen, own.id(), "MONTH", month.toString());
        // an annual report of the running year, made by a city-wide user for another township
        long otherId = generate(dispatcher, other.id(), "YEAR", String.valueOf(month.plusMonths(1).getYear()));

        String list = mvc.perform(get("/api/v1/dashboard/reports").session(zhen)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<Integer> regionIds = JsonPath.read(list, "$[*].regionId");
        List<Integer> ids = JsonPath.read(list, "$[*].id");
        assertThat(regionIds).isNotEmpty().allSatisfy(r -> assertThat(r.longValue()).isEqualTo(own.id()));
        assertThat(ids.stream().map(Integer::longValue).toList()).contains(ownId).doesNotContain(otherId);
        String cityList = mvc.perform(get("/api/v1/dashboard/reports").session(dispatcher)).andReturn().getResponse().getContentAsString();
        assertThat(((List<Integer>) JsonPath.read(cityList, "$[*].id")).stream().map(Integer::longValue).toList())
                .contains(ownId, otherId);

        String denied = "SELECT count(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND object_type = 'dashboard_report'"
                + " AND object_id = :id AND username = 'zhen01'";
        long deniedBefore = jdbc.sql(denied).param("id", String.valueOf(otherId)).query(Long.class).single();
        mvc.perform(get("/api/v1/dashboard/reports/" + otherId + ".pdf").session(zhen)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/dashboard/reports/" + otherId + ".xlsx").session(zhen)).andExpect(status().isNotFound());
        assertThat(jdbc.sql(denied).param("id", String.valueOf(otherId)).query(Long.class).single()).isEqualTo(deniedBefore + 2);
        mvc.perform(get("/api/v1/dashboard/reports/" + ownId + ".pdf").session(zhen)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/dashboard/reports").param("regionId", String.valueOf(other.id())).session(zhen))
                .andExpect(status().isNotFound());
        // nor can they make one for another township, or see it on the page
        long rows = count();
        mvc.perform(post("/api/v1/dashboard/reports").session(zhen).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"regionId\": " + other.id() + ", \"kind\": \"MONTH\", \"period\": \"" + month + "\"}"))
                .andExpect(status().isNotFound());
        assertThat(count()).isEqualTo(rows);
        String page = mvc.perform(get("/dashboard/reports").session(zhen)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("report-" + ownId).doesNotContain("report-" + otherId).doesNotContain(other.name());
        // a role without the wall screen has no reports either
        mvc.perform(get("/api/v1/dashboard/reports").session(Sessions.as(mvc, "tiaojie01"))).andExpect(status().isForbidden());
    }

    @Test
    void badInputIsRefusedWithTheFieldAndTheReasonAndArchivesNothing() throws Exception {
        MockHttpSession dispatcher = Sessions.as(mvc, "jiejing01");
        long city = regions.root().orElseThrow().id();
        YearMonth next = YearMonth.now(ZONE).plusMonths(1);
        long village = regions.byLevel(RegionLevel.VILLAGE).get(0).id();
        long rows = count();
        refused(dispatcher, "{\"regionId\": " + city + ", \"kind\": \"WEEK\", \"period\": \"2026-01\"}", "kind", "not MONTH or YEAR");
        refused(dispatcher, "{\"regionId\": " + city + ", \"kind\": \"MONTH\", \"period\": \"2026-13\"}", "period", "is not a month");
        refused(dispatcher, "{\"regionId\": " + city + ", \"kind\": \"MONTH\", \"period\": \"November\"}", "period", "is not a month");
        refused(dispatcher, "{\"regionId\": " + city + ", \"kind\": \"YEAR\", \"period\": \"2026-11\"}", "period", "is not a year");
        refused(dispatcher, "{\"regionId\": " + city + ", \"kind\": \"MONTH\", \"period\": \"" + next + "\"}", "period", "in the future");
        refused(dispatcher, "{\"regionId\": " + city + ", \"kind\": \"YEAR\", \"period\": \"" + (next.getYear() + 1) + "\"}", "period",
                "in the future");
        refused(dispatcher, "{\"kind\": \"MONTH\", \"period\": \"2026-01\"}", "regionId", "is required");
        refused(dispatcher, "{\"regionId\": " + village + ", \"kind\": \"MONTH\", \"period\": \"2026-01\"}", "regionId", "city or a township");
        mvc.perform(post("/api/v1/dashboard/reports").session(dispatcher).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"regionId\": 999999999, \"kind\": \"MONTH\", \"period\": \"2026-01\"}"))
                .andExpect(status().isNotFound());
        // the page shows the reason beside the field, and keeps what was typed
        String page = mvc.perform(post("/dashboard/reports").session(dispatcher).with(csrf())
                        .param("regionId", String.valueOf(city)).param("kind", "MONTH").param("period", next.toString()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("field-error").contains("in the future").contains("value=\"" + next + "\"");
        assertThat(count()).isEqualTo(rows);
    }

    @Test
    void theMonthEndJobMakesTheCityAndEachTownshipReportOnce() {
        LocalDate firstOfMonth = YearMonth.now(ZONE).atDay(1);
        String period = YearMonth.from(firstOfMonth).minusMonths(1).toString();
        String scheduled = "SELECT count(*) FROM dashboard_report WHERE trigger = 'SCHEDULED' AND period_kind = 'MONTH' AND period = :p";
        List<Long> expected = new ArrayList<>(regions.byLevel(RegionLevel.CITY).stream().map(Region::id).toList());
        expected.addAll(regions.byLevel(RegionLevel.TOWNSHIP).stream().map(Region::id).toList());

        long started = System.nanoTime();
        int made = schedule.run(firstOfMonth);
        System.out.printf("MONTH-END REPORTS: %d reports (city + townships) in %d ms%n", made, (System.nanoTime() - started) / 1_000_000);
        assertThat(made).isEqualTo(expected.size());
        assertThat(jdbc.sql("SELECT region_id FROM dashboard_report WHERE trigger = 'SCHEDULED' AND period = :p")
                .param("p", period).query(Long.class).list()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(jdbc.sql("SELECT DISTINCT generated_by FROM dashboard_report WHERE trigger = 'SCHEDULED' AND period = :p")
                .param("p", period).query(String.class).list()).containsExactly("system");

        // a restart or a second trigger the same day adds nothing
        assertThat(schedule.run(firstOfMonth)).isZero();
        assertThat(schedule.run(firstOfMonth.plusDays(1))).isZero();
        assertThat(jdbc.sql(scheduled).param("p", period).query(Long.class).single()).isEqualTo(expected.size());
    }

    // ---- helpers ----

    private long generate(MockHttpSession session, long regionId, String kind, String period) throws Exception {
        String json = mvc.perform(post("/api/v1/dashboard/reports").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"regionId\": " + regionId + ", \"kind\": \"" + kind + "\", \"period\": \"" + period + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private void refused(MockHttpSession session, String body, String field, String reason) throws Exception {
        String json = mvc.perform(post("/api/v1/dashboard/reports").session(session).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        List<String> fields = JsonPath.read(json, "$.errors[*].field");
        List<String> reasons = JsonPath.read(json, "$.errors[*].reason");
        assertThat(fields).as(body).contains(field);
        assertThat(reasons.get(fields.indexOf(field))).as(body).contains(reason);
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM dashboard_report").query(Long.class).single();
    }

    /** The data rows of a sheet (after the header row) by their first cell. */
    private static Map<String, Row> rowsByFirstCell(Sheet sheet) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int r = HEADER + 1; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            rows.put(row.getCell(0).getStringCellValue(), row);
        }
        return rows;
    }

    /** A PDF read back: its text, its fonts, and how many shown glyphs the embedded font lacks. */
    static final class Printed extends PDFTextStripper {
        int shown;
        int missing;
        String text;
        final List<PDFont> fonts = new ArrayList<>();

        static Printed of(byte[] pdf) throws IOException {
            Printed p = new Printed();
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                p.text = p.getText(doc);
                for (PDPage page : doc.getPages()) {
                    PDResources resources = page.getResources();
                    for (COSName name : resources.getFontNames()) {
                        p.fonts.add(resources.getFont(name));
                    }
                }
            }
            return p;
        }

        Printed() throws IOException {
            super();
        }

        @Override
        protected void showGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement) throws IOException {
            shown++;
            if (font instanceof PDVectorFont vector && !vector.hasGlyph(code)) {
                missing++;
            }
            super.showGlyph(textRenderingMatrix, font, code, displacement);
        }
    }
}
