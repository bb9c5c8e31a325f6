package io.zhian.mediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.casework.Casework;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Dispute mediation through its API and pages, against the demo city and the real database. */
@ZhianTest
@RecordApplicationEvents
class MediationTests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;
    @Autowired Casework casework;
    @Autowired List<FigureProvider> figures;
    @Autowired ApplicationEvents events;

    private MockHttpSession as(String user) {
        return Sessions.as(mvc, user);
    }

    private Region township(int i) {
        return regions.byLevel(RegionLevel.TOWNSHIP).get(i);
    }

    private Region village(int township, int i) {
        return regions.children(DataScope.all(), township(township).id()).get(i);
    }

    private long register(MockHttpSession session, Region region, String category, String grade, String flags, String title)
            throws Exception {
        String body = "{\"category\":\"" + category + "\",\"riskGrade\":\"" + grade + "\",\"flags\":[" + flags + "],"
                + "\"title\":\"" + title + "\",\"description\":\"两户因院墙位置发生争执，多次协商未果\","
                + "\"regionCode\":\"" + region.code() + "\",\"channel\":\"WALK_IN\","
                + "\"parties\":[{\"role\":\"APPLICANT\",\"name\":\"张三丰\",\"phone\":\"13912345678\"},"
                + "{\"role\":\"RESPONDENT\",\"name\":\"李四海\",\"phone\":\"13887654321\"}]}";
        String response = mvc.perform(post("/api/v1/mediation/disputes").session(session).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(response, "$.dispute.id")).longValue();
    }

    private ResultActions postJson(MockHttpSession session, String url, String json) throws Exception {
        return mvc.perform(post(url).session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private void act(MockHttpSession s, long id, String action, String json) throws Exception {
        postJson(s, "/api/v1/mediation/disputes/" + id + "/actions/" + action, json).andExpect(status().isOk());
    }

    private void session(MockHttpSession s, long id, String kind, String result) throws Exception {
        postJson(s, "/api/v1/mediation/disputes/" + id + "/sessions",
                "{\"kind\":\"" + kind + "\",\"heldOn\":\"" + LocalDate.now(Casework.ZONE) + "\",\"result\":\"" + result + "\"}")
                .andExpect(status().isOk());
    }

    private String agreementJson(LocalDate signed) {
        return "{\"facts\":\"双方因院墙修建位置发生争执，经调解查明院墙越界0.3米。\",\"signedOn\":\"" + signed + "\","
                + "\"parties\":[{\"role\":\"APPLICANT\",\"name\":\"张三丰\",\"idNumber\":\"41138119900101123X\"},"
                + "{\"role\":\"RESPONDENT\",\"name\":\"李四海\"}],"
                + "\"obligations\":[{\"obligor\":\"李四海\",\"content\":\"拆除越界院墙并恢复原状\",\"dueOn\":\"" + signed.plusDays(20) + "\"},"
                + "{\"obligor\":\"张三丰\",\"content\":\"承担院墙修缮费用人民币三千元\",\"dueOn\":\"" + signed.plusDays(30) + "\"}]}";
    }

    private long agreed(MockHttpSession s, long id, LocalDate signed) throws Exception {
        session(s, id, "PEOPLES", "SUCCESS");
        String json = postJson(s, "/api/v1/mediation/disputes/" + id + "/agreement", agreementJson(signed))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.agreement.obligations[0].id")).longValue();
    }

    @Test
    void flagsRaisePriorityAndNotifyTheTownshipOnly() throws Exception {
        long id = register(as("tiaojie01"), village(0, 0), "NEIGHBOUR", "MEDIUM", "\"VIOLENCE\",\"GROUP\"", "扬言报复的邻里纠纷");
        long plain = register(as("tiaojie01"), village(0, 0), "NEIGHBOUR", "MEDIUM", "", "普通邻里纠纷");
        mvc.perform(get("/api/v1/mediation/disputes/" + id).session(as("tiaojie01")))
                .andExpect(jsonPath("$.dispute.priority").value(4))
                .andExpect(jsonPath("$.dispute.flags.length()").value(2))
                .andExpect(jsonPath("$.caseView.parties[0].name").value("张**"));
        mvc.perform(get("/api/v1/mediation/disputes/" + plain).session(as("tiaojie01"))).andExpect(jsonPath("$.dispute.priority").value(2));
        assertThat(events.stream(DisputeFlagged.class).filter(e -> e.disputeId() == plain)).isEmpty();
        assertThat(events.stream(DisputeFlagged.class).filter(e -> e.disputeId() == id))
                .singleElement().satisfies(e -> {
                    assertThat(e.townshipId()).isEqualTo(township(0).id());
                    assertThat(e.flags()).containsExactly("VIOLENCE", "GROUP");
                    assertThat(e.priority()).isEqualTo(4);
                });
        String own = mvc.perform(get("/mediation").session(as("zhen01"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(own).contains("id=\"notifications\"").contains("/mediation/disputes/" + id + "\"").contains("扬言暴力");
        String other = mvc.perform(get("/mediation").session(as("zhen02"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(other).doesNotContain("/mediation/disputes/" + id + "\"");
        // re-grading with a new flag raises the priority and notifies again
        postJson(as("tiaojie01"), "/api/v1/mediation/disputes/" + plain + "/grading", "{\"riskGrade\":\"HIGH\",\"flags\":[\"VULNERABLE\"]}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.dispute.priority").value(4));
        assertThat(events.stream(DisputeFlagged.class).filter(e -> e.disputeId() == plain)).singleElement()
                .satisfies(e -> assertThat(e.flags()).containsExactly("VULNERABLE"));
        postJson(as("tiaojie01"), "/api/v1/mediation/disputes/" + plain + "/grading", "{\"riskGrade\":\"SEVERE\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("riskGrade"));
        // unknown flag and category: every field reported, nothing stored
        long before = jdbc.sql("SELECT count(*) FROM mediation_dispute").query(Long.class).single();
        postJson(as("tiaojie01"), "/api/v1/mediation/disputes", "{\"category\":\"WAR\",\"riskGrade\":\"\",\"flags\":[\"ANGRY\"],"
                + "\"title\":\"\",\"description\":\"x\",\"regionCode\":\"" + village(0, 0).code() + "\",\"channel\":\"WALK_IN\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItems("category", "riskGrade", "flags", "title")));
        assertThat(jdbc.sql("SELECT count(*) FROM mediation_dispute").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void anotherTownshipCannotReadADispute() throws Exception {
        long id = register(as("tiaojie01"), village(0, 1), "FAMILY", "LOW", "", "赡养纠纷");
        mvc.perform(get("/api/v1/mediation/disputes/" + id).session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(get("/mediation/disputes/" + id).session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(get("/mediation/disputes/" + id + "/agreement.pdf").session(as("zhen02"))).andExpect(status().isNotFound());
        postJson(as("zhen02"), "/api/v1/mediation/disputes/" + id + "/sessions", "{\"kind\":\"PEOPLES\",\"heldOn\":\"2026-01-05\",\"result\":\"SUCCESS\"}")
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/mediation/disputes/" + id).session(as("zhen01"))).andExpect(status().isOk());
        // a mediator of township 1 cannot register a dispute in township 2
        postJson(as("tiaojie01"), "/api/v1/mediation/disputes", "{\"category\":\"FAMILY\",\"riskGrade\":\"LOW\",\"title\":\"t\","
                + "\"description\":\"d\",\"regionCode\":\"" + village(1, 0).code() + "\",\"channel\":\"WALK_IN\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("regionCode"));
    }

    @Test
    void illegalMovesAndMissingStepsAreRefused() throws Exception {
        MockHttpSession s = as("tiaojie01");
        long id = register(s, village(0, 0), "LABOUR", "HIGH", "", "拖欠工资纠纷");
        postJson(s, "/api/v1/mediation/disputes/" + id + "/actions/resolve", "{\"reason\":\"x\"}").andExpect(status().isConflict());
        postJson(s, "/api/v1/mediation/disputes/" + id + "/actions/reopen", "{\"reason\":\"x\"}").andExpect(status().isConflict());
        // no agreement before a successful mediation
        postJson(s, "/api/v1/mediation/disputes/" + id + "/agreement", agreementJson(LocalDate.now(Casework.ZONE)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("agreement"));
        // court-linked mediation needs the referral
        postJson(s, "/api/v1/mediation/disputes/" + id + "/sessions", "{\"kind\":\"LINKED\",\"heldOn\":\"2026-01-05\",\"result\":\"ONGOING\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("courtUnit", "courtDate", "courtRef")));
        postJson(s, "/api/v1/mediation/disputes/" + id + "/sessions", "{\"kind\":\"LINKED\",\"heldOn\":\"2026-01-05\",\"result\":\"ONGOING\","
                + "\"courtUnit\":\"示范市人民法院\",\"courtDate\":\"2026-01-04\",\"courtRef\":\"(2026)示0101民诉前调123号\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.sessions[0].courtRef").value("(2026)示0101民诉前调123号"));
        act(s, id, "assign", "{\"toMe\":true}");
        act(s, id, "start", "{}");
        act(s, id, "resolve", "{\"reason\":\"调解成功\"}");
        postJson(s, "/api/v1/mediation/disputes/" + id + "/actions/start", "{}").andExpect(status().isConflict());
    }

    @Test
    void judicialConfirmationAfterThirtyDaysIsRefused() throws Exception {
        MockHttpSession s = as("tiaojie01");
        LocalDate today = LocalDate.now(Casework.ZONE);
        long late = register(s, village(0, 2), "LAND_HOUSING", "MEDIUM", "", "宅基地纠纷");
        agreed(s, late, today.minusDays(40));
        postJson(s, "/api/v1/mediation/disputes/" + late + "/judicial-confirmation",
                "{\"appliedOn\":\"" + today + "\",\"court\":\"示范市人民法院\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("appliedOn"))
                .andExpect(jsonPath("$.errors[0].reason").value(org.hamcrest.Matchers.containsString("30")));
        mvc.perform(get("/api/v1/mediation/disputes/" + late).session(s)).andExpect(jsonPath("$.agreement.judicialAppliedOn").doesNotExist());
        // the page shows the refusal on the field
        String flash = mvc.perform(post("/mediation/disputes/" + late + "/judicial").session(s).with(csrf())
                        .param("appliedOn", today.toString()).param("court", "示范市人民法院"))
                .andExpect(status().is3xxRedirection()).andReturn().getFlashMap().get("formErrors").toString();
        assertThat(flash).contains("appliedOn");

        long inTime = register(s, village(0, 2), "LAND_HOUSING", "MEDIUM", "", "宅基地纠纷（按时申请）");
        agreed(s, inTime, today.minusDays(30));
        postJson(s, "/api/v1/mediation/disputes/" + inTime + "/judicial-confirmation", "{\"appliedOn\":\"" + today + "\",\"court\":\"示范市人民法院\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.agreement.judicialAppliedOn").value(today.toString()));
        postJson(s, "/api/v1/mediation/disputes/" + inTime + "/judicial-confirmation/result", "{\"result\":\"CONFIRMED\",\"note\":\"裁定确认有效\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.agreement.judicialResult").value("CONFIRMED"));
    }

    @Test
    void printedAgreementCarriesChineseNamesAndObligations() throws Exception {
        MockHttpSession s = as("tiaojie01");
        long id = register(s, village(0, 0), "NEIGHBOUR", "LOW", "", "院墙纠纷");
        agreed(s, id, LocalDate.now(Casework.ZONE).minusDays(1));
        // the page shows parties masked
        String page = mvc.perform(get("/mediation/disputes/" + id).session(s)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("张**").doesNotContain("张三丰").doesNotContain("41138119900101123X")
                .contains("hx-post=\"/mediation/disputes/" + id + "/agreement/parties\"");
        // the full names with a reason (audited); without one, the reason is asked for
        String refused = mvc.perform(post("/mediation/disputes/" + id + "/agreement/parties").session(s).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("field-error").doesNotContain("张三丰");
        String revealed = mvc.perform(post("/mediation/disputes/" + id + "/agreement/parties").param("reason", "核对身份").session(s).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(revealed).contains("张三丰").contains("41138119900101123X");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_type = 'mediation_agreement_party'"
                + " AND reason = '核对身份'").query(Long.class).single()).isEqualTo(2);
        // the one reveal fragment serves the casework case page too
        long caseId = jdbc.sql("SELECT case_id FROM mediation_dispute WHERE id = :id").param("id", id).query(Long.class).single();
        assertThat(mvc.perform(get("/casework/cases/" + caseId).session(s)).andReturn().getResponse().getContentAsString())
                .contains("hx-post=\"/casework/cases/" + caseId + "/parties\"").contains("hx-target=\"#parties-cell\"");
        var response = mvc.perform(get("/mediation/disputes/" + id + "/agreement.pdf").session(s)).andExpect(status().isOk())
                .andReturn().getResponse();
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        PrintedText printed = PrintedText.of(response.getContentAsByteArray());
        String text = printed.text;
        assertThat(printed.shown).isGreaterThan(50);
        assertThat(printed.missing).as("glyphs the embedded font cannot draw").isZero();
        assertThat(text).contains("人民调解协议书").contains("张三丰").contains("李四海").contains("拆除越界院墙并恢复原状")
                .contains("承担院墙修缮费用人民币三千元");
        long reads = jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_type = 'mediation_agreement'")
                .query(Long.class).single();
        assertThat(reads).isPositive();
    }

    @Test
    void statisticsAndFiguresMatchAHandComputedSet() throws Exception {
        MockHttpSession s = as("tiaojie01");
        Region v = village(0, 3);
        long a = register(s, v, "NEIGHBOUR", "LOW", "\"VIOLENCE\"", "统计甲");
        long b = register(s, v, "LABOUR", "LOW", "", "统计乙");
        long c = register(s, v, "FAMILY", "LOW", "\"GROUP\"", "统计丙");
        long d = register(s, v, "OTHER", "LOW", "", "统计丁");
        // A: mediated successfully, agreement with one obligation performed and one partly, resolved at township level
        long ob = agreed(s, a, LocalDate.now(Casework.ZONE));
        String detail = mvc.perform(get("/api/v1/mediation/disputes/" + a).session(s)).andReturn().getResponse().getContentAsString();
        List<Number> obligationIds = JsonPath.read(detail, "$.agreement.obligations[*].id");
        postJson(s, "/api/v1/mediation/disputes/" + a + "/obligations/" + obligationIds.get(0), "{\"performance\":\"PERFORMED\"}").andExpect(status().isOk());
        postJson(s, "/api/v1/mediation/disputes/" + a + "/obligations/" + obligationIds.get(1), "{\"performance\":\"PARTLY\"}").andExpect(status().isOk());
        assertThat(ob).isPositive();
        act(s, a, "assign", "{\"toMe\":true}");
        act(s, a, "start", "{}");
        act(s, a, "resolve", "{\"reason\":\"履行协议\"}");
        // B: mediation failed, escalated to the city
        session(s, b, "PEOPLES", "FAILED");
        act(s, b, "escalate", "{\"reason\":\"调解不成，矛盾有激化风险\"}");
        // C: flagged, still open; D: resolved without a concluded mediation
        session(s, d, "ADMINISTRATIVE", "ONGOING");
        act(s, d, "assign", "{\"toMe\":true}");
        act(s, d, "start", "{}");
        act(s, d, "resolve", "{\"reason\":\"当事人自行和解\"}");
        // move the four into March 2021, a month no other data uses
        Instant target = LocalDateTime.of(2021, 3, 15, 12, 0).atZone(Casework.ZONE).toInstant();
        for (long id : List.of(a, b, c, d)) {
            long caseId = jdbc.sql("SELECT case_id FROM mediation_dispute WHERE id = :id").param("id", id).query(Long.class).single();
            Instant created = jdbc.sql("SELECT created_at FROM mediation_dispute WHERE id = :id").param("id", id).query(Instant.class).single();
            Duration back = Duration.between(target, created);
            casework.shiftDemoTimeline(caseId, back, Duration.ZERO);
            jdbc.sql("UPDATE mediation_dispute SET created_at = created_at - CAST(:i AS INTERVAL) WHERE id = :id")
                    .param("i", back.getSeconds() + " seconds").param("id", id).update();
        }
        String json = mvc.perform(get("/api/v1/mediation/statistics").param("from", "2021-03").param("to", "2021-03").session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<Map<String, Object>> rows = JsonPath.read(json, "$");
        assertThat(rows).hasSize(1);
        Map<String, Object> r = rows.get(0);
        assertThat(r.get("townshipId")).isEqualTo(((Number) township(0).id()).intValue());
        assertThat(r.get("month")).isEqualTo("2021-03");
        assertThat(((Number) r.get("cases")).longValue()).isEqualTo(4);
        assertThat(((Number) r.get("resolved")).longValue()).isEqualTo(2);
        assertThat(((Number) r.get("resolvedOnTheSpot")).longValue()).isEqualTo(2);
        assertThat(((Number) r.get("onTheSpotRate")).doubleValue()).isEqualTo(0.5);
        assertThat(((Number) r.get("mediated")).longValue()).isEqualTo(2);
        assertThat(((Number) r.get("successRate")).doubleValue()).isEqualTo(0.5);
        assertThat(((Number) r.get("performanceRate")).doubleValue()).isEqualTo(0.5);
        assertThat(((Number) r.get("flagged")).longValue()).isEqualTo(2);
        assertThat(((Number) r.get("escalationsPrevented")).longValue()).isEqualTo(1);
        assertThat(((Number) r.get("averageDaysToResolve")).doubleValue()).isEqualTo(0.0);
        // zhen02 sees nothing of township 1
        mvc.perform(get("/api/v1/mediation/statistics").param("from", "2021-03").param("to", "2021-03").session(as("zhen02")))
                .andExpect(jsonPath("$.length()").value(0));
        FigureProvider provider = figures.stream().filter(f -> f.figures().stream().anyMatch(x -> x.code().equals("mediation.success-rate")))
                .findFirst().orElseThrow();
        var values = provider.values("mediation.on-the-spot-rate", YearMonth.of(2021, 3), YearMonth.of(2021, 3),
                List.of(township(0).id(), township(1).id()));
        assertThat(values.get(township(0).id()).value()).isEqualTo(50.0);
        assertThat(values.get(township(0).id()).sampleSize()).isEqualTo(4);
        assertThat(values).doesNotContainKey(township(1).id());
        assertThat(provider.values("mediation.disputes", YearMonth.of(2021, 3), YearMonth.of(2021, 3), List.of(v.id())).get(v.id()).value())
                .isEqualTo(4.0);

        // 五零平安村 for 2021: the village of the escalated dispute fails with exactly that count
        String page = mvc.perform(get("/mediation/safe-villages").param("year", "2021").param("show", "fail").session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(v.name()).contains("零矛盾纠纷升级: 1");
        mvc.perform(post("/mediation/safe-villages/counts").session(as("zhen01")).with(csrf()).param("villageCode", village(0, 4).code())
                .param("year", "2021").param("criterion", "DRUG_CASES").param("count", "2").param("sourceNote", "派出所年度通报"))
                .andExpect(status().is3xxRedirection());
        page = mvc.perform(get("/mediation/safe-villages").param("year", "2021").param("show", "fail").session(as("zhen01")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains(village(0, 4).name()).contains("零涉毒案件: 2");
        // a platform-counted criterion cannot be typed in; a village of another township cannot be recorded
        var flash = mvc.perform(post("/mediation/safe-villages/counts").session(as("zhen01")).with(csrf()).param("villageCode", village(1, 0).code())
                .param("year", "2021").param("criterion", "ESCALATED_DISPUTES").param("count", "0").param("sourceNote", "x"))
                .andReturn().getFlashMap().get("errors").toString();
        assertThat(flash).contains("villageCode").contains("criterion");
    }

    @Test
    void excelExportKeepsFiltersAndScope() throws Exception {
        MockHttpSession s = as("tiaojie01");
        long flaggedNeighbour = register(s, village(0, 5), "NEIGHBOUR", "HIGH", "\"REPEAT\"", "导出甲");
        long plainNeighbour = register(s, village(0, 5), "NEIGHBOUR", "HIGH", "", "导出乙");
        String caseNo = JsonPath.read(mvc.perform(get("/api/v1/mediation/disputes/" + flaggedNeighbour).session(s))
                .andReturn().getResponse().getContentAsString(), "$.dispute.caseNo");
        String plainNo = JsonPath.read(mvc.perform(get("/api/v1/mediation/disputes/" + plainNeighbour).session(s))
                .andReturn().getResponse().getContentAsString(), "$.dispute.caseNo");
        var response = mvc.perform(get("/mediation/export.xlsx").param("category", "NEIGHBOUR").param("flagged", "true").session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        List<List<String>> rows = read(response.getContentAsByteArray());
        assertThat(rows.get(0).get(0)).contains("案件编号");
        List<List<String>> data = rows.subList(1, rows.size());
        assertThat(data).extracting(r -> r.get(0)).contains(caseNo).doesNotContain(plainNo);
        assertThat(data).allSatisfy(r -> {
            assertThat(r.get(2)).isEqualTo("NEIGHBOUR");
            assertThat(r.get(4)).isNotEmpty();
            assertThat(r.get(6)).isEqualTo(township(0).name());
        });
        long apiTotal = ((Number) JsonPath.read(mvc.perform(get("/api/v1/mediation/disputes").param("category", "NEIGHBOUR")
                .param("flagged", "true").session(as("zhen01"))).andReturn().getResponse().getContentAsString(), "$.total")).longValue();
        assertThat(data).hasSize((int) apiTotal);
        List<List<String>> other = read(mvc.perform(get("/mediation/export.xlsx").param("category", "NEIGHBOUR").session(as("zhen02")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        assertThat(other).extracting(r -> r.get(0)).doesNotContain(caseNo, plainNo);
        // the page's button keeps the query string
        String page = mvc.perform(get("/mediation").param("category", "NEIGHBOUR").param("flagged", "true").session(as("zhen01")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/mediation/export.xlsx?category=NEIGHBOUR&amp;risk=&amp;flagged=true");
    }

    @Test
    void caseworkAndEnterpriseListsExportWithTheirFiltersAndScope() throws Exception {
        long mine = register(as("tiaojie01"), village(0, 0), "TRAFFIC", "LOW", "", "导出案件");
        String caseNo = JsonPath.read(mvc.perform(get("/api/v1/mediation/disputes/" + mine).session(as("tiaojie01")))
                .andReturn().getResponse().getContentAsString(), "$.dispute.caseNo");
        List<List<String>> all = read(mvc.perform(get("/casework/export.xlsx").param("queue", "all").param("type", "MEDIATION")
                .session(as("zhen01"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        assertThat(all.subList(1, all.size())).extracting(r -> r.get(0)).contains(caseNo);
        assertThat(all.subList(1, all.size())).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("调解纠纷"));
        List<List<String>> other = read(mvc.perform(get("/casework/export.xlsx").param("queue", "all").param("type", "ENTERPRISE_PROBLEM")
                .session(as("zhen01"))).andReturn().getResponse().getContentAsByteArray());
        assertThat(other).extracting(r -> r.get(0)).doesNotContain(caseNo);
        List<List<String>> township2 = read(mvc.perform(get("/casework/export.xlsx").param("queue", "all").session(as("zhen02")))
                .andReturn().getResponse().getContentAsByteArray());
        assertThat(township2).extracting(r -> r.get(0)).doesNotContain(caseNo);
        assertThat(mvc.perform(get("/casework").param("queue", "all").param("type", "MEDIATION").session(as("zhen01")))
                .andReturn().getResponse().getContentAsString()).contains("/casework/export.xlsx?queue=all&amp;type=MEDIATION");
        // enterprise list and deeds: same scope as their pages, contacts masked
        List<List<String>> enterprises = read(mvc.perform(get("/enterprise/export.xlsx").session(as("lianluo01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        assertThat(enterprises.get(0).get(0)).contains("企业名称");
        assertThat(enterprises.subList(1, enterprises.size())).allSatisfy(r -> assertThat(r.size() < 6 ? "" : r.get(5)).matches("(\\d{3}\\*+\\d{4})?"));
        mvc.perform(get("/enterprise/deeds/export.xlsx").session(as("zhen01"))).andExpect(status().isOk());
    }

    @Test
    void theDemoYearHasEveryKindOfRecord() {
        assertThat(jdbc.sql("SELECT count(*) FROM mediation_dispute d WHERE flag_violence OR flag_group").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM mediation_agreement WHERE judicial_result IS NOT NULL").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM mediation_followup").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM mediation_session WHERE kind = 'LINKED'").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(DISTINCT to_char(created_at, 'YYYY-MM')) FROM mediation_dispute").query(Long.class).single())
                .isGreaterThanOrEqualTo(12);
    }

    static List<List<String>> read(byte[] xlsx) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getLastCellNum(); i++) {
                    var cell = row.getCell(i);
                    cells.add(cell == null ? "" : cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                            ? String.valueOf(cell.getNumericCellValue()) : cell.getStringCellValue());
                }
                rows.add(cells);
            }
        }
        return rows;
    }
}
