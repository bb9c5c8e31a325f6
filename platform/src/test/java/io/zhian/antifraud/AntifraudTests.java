package io.zhian.antifraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** Case intake links cases into series with evidence; analysts decide; everything stays in scope. */
@ZhianTest
class AntifraudTests {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;

    private MockHttpSession analyst() {
        return Sessions.as(mvc, "fanzha01");
    }

    private Region village(int township, int index) {
        Region t = regions.byLevel(RegionLevel.TOWNSHIP).get(township);
        return regions.children(DataScope.all(), t.id()).get(index);
    }

    private String newCaseNo() {
        return "T" + System.nanoTime() % 100000000 + SEQ.incrementAndGet();
    }

    private long intake(String caseNo, Region region, String identifiers) throws Exception {
        String body = "{\"caseNo\":\"" + caseNo + "\",\"regionCode\":\"" + region.code() + "\",\"fraudType\":\"刷单返利\","
                + "\"occurredAt\":\"2026-10-05 14:30\",\"amountYuan\":12000.50,\"victimName\":\"测试甲\",\"victimPhone\":\"13911112222\","
                + "\"identifiers\":[" + identifiers + "]}";
        String response = mvc.perform(post("/api/v1/antifraud/cases").session(analyst()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(response, "$.id")).longValue();
    }

    private long seriesOf(long caseId) {
        return jdbc.sql("SELECT series_id FROM fraud_series_member WHERE case_id = :id").param("id", caseId).query(Long.class).single();
    }

    @Test
    void casesSharingAPhoneInAnyFormatFormOneSeriesWithEvidence() throws Exception {
        long a = intake(newCaseNo(), village(0, 0), "{\"type\":\"PHONE\",\"value\":\"138 1234 5601\"},{\"type\":\"IM_ACCOUNT\",\"value\":\"wx_t1\"}");
        long b = intake(newCaseNo(), village(3, 0), "{\"type\":\"PHONE\",\"value\":\"+86-138-1234-5601\"}");
        long c = intake(newCaseNo(), village(4, 0), "{\"type\":\"PHONE\",\"value\":\"13812345699\"}");
        assertThat(seriesOf(a)).isEqualTo(seriesOf(b)).isNotEqualTo(seriesOf(c));
        mvc.perform(get("/api/v1/antifraud/cases/" + b + "/evidence").param("with", String.valueOf(a)).session(analyst()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].sameSeries").value(true))
                .andExpect(jsonPath("$[0].hops[0].shared[0]").value("PHONE:+8613812345601 (10)"));
        String page = mvc.perform(get("/antifraud/cases/" + b).session(analyst())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("PHONE:+8613812345601").contains("证据链");
        String graph = mvc.perform(get("/api/v1/antifraud/cases/" + a + "/graph").session(analyst()))
                .andReturn().getResponse().getContentAsString();
        assertThat(graph).contains("PHONE:+8613812345601").doesNotContain("wx_t1"); // only shared identifiers are drawn
    }

    @Test
    void aBankHotlineSharedByManyCasesLinksNothing() throws Exception {
        long a = intake(newCaseNo(), village(0, 1), "{\"type\":\"PHONE\",\"value\":\"95588\"},{\"type\":\"IM_ACCOUNT\",\"value\":\"无\"}");
        long size = jdbc.sql("SELECT count(*) FROM fraud_series_member WHERE series_id = :s").param("s", seriesOf(a)).query(Long.class).single();
        assertThat(size).isEqualTo(1);
        long gangCase = jdbc.sql("""
                SELECT c.id FROM fraud_case c JOIN fraud_case_identifier i ON i.case_id = c.id JOIN fraud_series_member m ON m.case_id = c.id
                WHERE i.normalized = '+8695588' AND m.series_id IN (SELECT series_id FROM fraud_series_member GROUP BY series_id HAVING count(*) > 3)
                ORDER BY c.id LIMIT 1""").query(Long.class).single();
        String graph = mvc.perform(get("/api/v1/antifraud/cases/" + gangCase + "/graph").session(analyst()))
                .andReturn().getResponse().getContentAsString();
        assertThat(graph).contains("\"category\":1").doesNotContain("+8695588");
        mvc.perform(get("/api/v1/antifraud/cases/" + a).session(analyst()))
                .andExpect(jsonPath("$.identifiers[1].rejectedReason").isNotEmpty());
        mvc.perform(get("/api/v1/antifraud/quality").session(analyst()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.hubs[?(@.identifier.value=='+8695588')]").exists());
    }

    @Test
    void badIntakeNamesEveryFieldAndStoresNothing() throws Exception {
        long before = jdbc.sql("SELECT count(*) FROM fraud_case").query(Long.class).single();
        mvc.perform(post("/api/v1/antifraud/cases").session(analyst()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"caseNo\":\"x\",\"regionCode\":\"000\",\"fraudType\":\"刷单返利\",\"occurredAt\":\"2099-01-01\",\"amountYuan\":-1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field=='caseNo')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='regionCode')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='occurredAt')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='amountYuan')]").exists());
        mvc.perform(post("/api/v1/antifraud/cases").session(analyst()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"caseNo\":\"GOOD-1\",\"fraudType\":\"不存在\",\"amountYuan\":1.234}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field=='fraudType')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='amountYuan')]").exists())
                // reading errors and rule errors come back together
                .andExpect(jsonPath("$.errors[?(@.field=='regionCode')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='occurredAt')]").exists());
        String page = mvc.perform(post("/antifraud/cases").session(analyst()).with(csrf()).param("caseNo", "")
                        .param("amountYuan", "十块").param("identifiers", "电话 13800001111"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("is not an amount in yuan").contains("write one per line as TYPE: value")
                .contains("caseNo").contains("is required: 4 to 40 letters");
        assertThat(jdbc.sql("SELECT count(*) FROM fraud_case").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void townshipOfficersSeeOnlyTheirTownshipsCasesAndCannotDecide() throws Exception {
        String shared = "{\"type\":\"BANK_CARD\",\"value\":\"6222 0210 0000 1234 567\"}";
        long own = intake(newCaseNo(), village(0, 2), shared);
        long foreign = intake(newCaseNo(), village(1, 2), shared);
        assertThat(seriesOf(own)).isEqualTo(seriesOf(foreign));
        MockHttpSession zhen01 = Sessions.as(mvc, "zhen01");
        mvc.perform(get("/api/v1/antifraud/cases/" + own).session(zhen01)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/antifraud/cases/" + foreign).session(zhen01)).andExpect(status().isNotFound());
        mvc.perform(get("/antifraud/cases/" + foreign).session(zhen01)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/antifraud/series/" + seriesOf(own)).session(zhen01))
                .andExpect(jsonPath("$.hiddenCases").value(1)).andExpect(jsonPath("$.cases.length()").value(1));
        String evidence = mvc.perform(get("/api/v1/antifraud/cases/" + own + "/evidence").session(zhen01))
                .andReturn().getResponse().getContentAsString();
        assertThat(evidence).doesNotContain(jdbc.sql("SELECT case_no FROM fraud_case WHERE id = :id").param("id", foreign)
                .query(String.class).single());
        mvc.perform(post("/api/v1/antifraud/decisions").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"caseA\":" + own + ",\"caseB\":" + foreign + ",\"kind\":\"CANNOT_LINK\",\"note\":\"不同团伙\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/antifraud/cases").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{}")).andExpect(status().isForbidden());
        String list = mvc.perform(get("/api/v1/antifraud/cases").param("size", "500").session(zhen01)).andReturn().getResponse().getContentAsString();
        Region township = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        List<Integer> regionIds = JsonPath.read(list, "$.items[*].regionId");
        for (Integer regionId : regionIds) {
            assertThat(regions.find(regionId).orElseThrow().path()).startsWith(township.path());
        }
    }

    @Test
    void analystDecisionsSplitAndJoinSeriesAndPersist() throws Exception {
        String card = "{\"type\":\"BANK_CARD\",\"value\":\"6222 0210 0000 9876 543\"}";
        long a = intake(newCaseNo(), village(2, 0), card);
        long b = intake(newCaseNo(), village(2, 1), card);
        long lone = intake(newCaseNo(), village(2, 2), "{\"type\":\"PHONE\",\"value\":\"13700009999\"}");
        assertThat(seriesOf(a)).isEqualTo(seriesOf(b));
        mvc.perform(post("/api/v1/antifraud/decisions").session(analyst()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"caseA\":" + a + ",\"caseB\":" + b + ",\"kind\":\"CANNOT_LINK\",\"note\":\"卡号为被盗用的同一张卡\"}"))
                .andExpect(status().isOk());
        assertThat(seriesOf(a)).isNotEqualTo(seriesOf(b));
        mvc.perform(post("/api/v1/antifraud/decisions").session(analyst()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"caseA\":" + a + ",\"caseB\":" + lone + ",\"kind\":\"MUST_LINK\",\"note\":\"同一嫌疑人供述\"}"))
                .andExpect(status().isOk());
        assertThat(seriesOf(a)).isEqualTo(seriesOf(lone));
        mvc.perform(post("/api/v1/antifraud/decisions").session(analyst()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"caseA\":" + a + ",\"kind\":\"SOMETIMES\",\"note\":\"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field=='caseB')]").exists()).andExpect(jsonPath("$.errors[?(@.field=='kind')]").exists());
        assertThat(jdbc.sql("SELECT count(*) FROM fraud_link_decision WHERE case_a = :a OR case_b = :a").param("a", a)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action IN ('FRAUD_MUST_LINK', 'FRAUD_CANNOT_LINK') AND object_id = :a")
                .param("a", String.valueOf(a)).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void consultationsAndAssignmentsAreRecordedOnTheSeries() throws Exception {
        long a = intake(newCaseNo(), village(5, 0), "{\"type\":\"DEVICE_ID\",\"value\":\"490154203237518\"}");
        intake(newCaseNo(), village(5, 1), "{\"type\":\"DEVICE_ID\",\"value\":\"49-015420-323751-8\"}");
        long series = seriesOf(a);
        mvc.perform(post("/api/v1/antifraud/series/" + series + "/consultations").session(analyst()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"heldAt\":\"2026-11-20 09:00\",\"participants\":\"刑侦大队、反诈中心\",\"conclusion\":\"同一设备作案，并案侦查\"}"))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/antifraud/series/" + series + "/consultations").session(analyst()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"participants\":\"\",\"conclusion\":\"\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(3));
        mvc.perform(post("/api/v1/antifraud/series/" + series + "/assignment").session(analyst()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"unitCode\":\"PS-006\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.assignedUnitName").isNotEmpty())
                .andExpect(jsonPath("$.consultations[0].conclusion").value("同一设备作案，并案侦查"));
    }

    @Test
    void victimDetailsAreMaskedAndFullReadsAudited() throws Exception {
        long a = intake(newCaseNo(), village(0, 3), "");
        mvc.perform(get("/api/v1/antifraud/cases/" + a).session(analyst()))
                .andExpect(jsonPath("$.case.victimPhoneMasked").value("139****2222"))
                .andExpect(jsonPath("$.case.victimNameMasked").value("测**"));
        mvc.perform(get("/api/v1/antifraud/cases/" + a + "/victim").session(analyst())).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/antifraud/cases/" + a + "/victim").param("reason", "回访受害人").session(analyst()))
                .andExpect(jsonPath("$.victimPhone").value("13911112222"));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_type = 'fraud_case' "
                + "AND object_id = :id").param("id", String.valueOf(a)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void csvAndExcelImportsReportEveryRowAndAreAllOrNothing() throws Exception {
        Region v = village(6, 0);
        String n1 = newCaseNo();
        String n2 = newCaseNo();
        String bad = "案件编号,区域代码,诈骗类型,发案时间,损失金额,电话\n"
                + n1 + "," + v.code() + ",冒充公检法,2026-09-01 10:00,5000,13600001111\n"
                + n2 + ",000,冒充公检法,2026-09-01,abc,\n";
        mvc.perform(multipart("/api/v1/antifraud/import").file(new MockMultipartFile("file", "cases.csv", "text/csv",
                        bad.getBytes(StandardCharsets.UTF_8))).session(analyst()).with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.results[0].status").value("create"))
                .andExpect(jsonPath("$.results[1].line").value(3))
                .andExpect(jsonPath("$.results[1].problems[?(@.field=='region_code')]").exists())
                .andExpect(jsonPath("$.results[1].problems[?(@.field=='amount_yuan')]").exists());
        assertThat(jdbc.sql("SELECT count(*) FROM fraud_case WHERE case_no = :n").param("n", n1).query(Long.class).single()).isZero();

        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            XSSFSheet sheet = wb.createSheet("案件");
            String[][] rows = {{"case_no", "region_code", "fraud_type", "occurred_at", "amount_yuan", "bank_card"},
                    {n1, v.code(), "FAKE_LOAN", "2026-09-02 08:15", "880.5", "6222 0210 0000 5555 111; 6222021000005555222"},
                    {n2, v.code(), "虚假网络贷款", "2026/9/3", "1200", "6222 0210 0000 5555 111"}};
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            wb.write(xlsx);
        }
        mvc.perform(multipart("/api/v1/antifraud/import").file(new MockMultipartFile("file", "cases.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.toByteArray())).session(analyst()).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.imported").value(2));
        long id1 = jdbc.sql("SELECT id FROM fraud_case WHERE case_no = :n").param("n", n1).query(Long.class).single();
        long id2 = jdbc.sql("SELECT id FROM fraud_case WHERE case_no = :n").param("n", n2).query(Long.class).single();
        assertThat(seriesOf(id1)).isEqualTo(seriesOf(id2));
        assertThat(jdbc.sql("SELECT amount_fen FROM fraud_case WHERE id = :id").param("id", id1).query(Long.class).single()).isEqualTo(88050);
    }

    @Test
    void statisticsRollUpToTownshipsAndAddUp() throws Exception {
        String byRegion = mvc.perform(get("/api/v1/antifraud/statistics").param("by", "region").session(analyst()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<Integer> counts = JsonPath.read(byRegion, "$[*].cases");
        List<String> labels = JsonPath.read(byRegion, "$[*].label");
        long total = jdbc.sql("SELECT count(*) FROM fraud_case").query(Long.class).single();
        assertThat(counts.stream().mapToLong(Integer::longValue).sum()).isEqualTo(total);
        assertThat(labels).allMatch(l -> l.endsWith("街道") || l.endsWith("镇") || l.endsWith("乡"));
        mvc.perform(get("/api/v1/antifraud/statistics").param("by", "weekday").session(analyst())).andExpect(status().isBadRequest());
        String page = mvc.perform(get("/antifraud/statistics").session(analyst())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("刷单返利").contains("按乡镇/街道");
    }
}
