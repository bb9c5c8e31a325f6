package io.zhian.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The casework mechanism through its API and pages, against the demo city. */
@ZhianTest
class CaseworkTests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired OrgUnits units;
    @Autowired JdbcClient jdbc;
    @Autowired Casework casework;

    private MockHttpSession zhen01() {
        return Sessions.as(mvc, "zhen01");
    }

    private Region village(int township) {
        Region t = regions.byLevel(RegionLevel.TOWNSHIP).get(township);
        return regions.children(DataScope.all(), t.id()).get(0);
    }

    private long create(MockHttpSession session, Region region, String type) throws Exception {
        String body = "{\"typeCode\":\"" + type + "\",\"title\":\"宅基地边界纠纷\",\"description\":\"两户因院墙位置发生争执\","
                + "\"regionCode\":\"" + region.code() + "\",\"channel\":\"WALK_IN\","
                + "\"parties\":[{\"role\":\"APPLICANT\",\"name\":\"测试甲\",\"phone\":\"13912345678\"}]}";
        String response = mvc.perform(post("/api/v1/casework/cases").session(session).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(response, "$.id")).longValue();
    }

    private ResultActions act(MockHttpSession session, long id, String action, String json) throws Exception {
        return mvc.perform(post("/api/v1/casework/cases/" + id + "/" + action).session(session).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private int version(long id) {
        return jdbc.sql("SELECT version FROM casework_case WHERE id = :id").param("id", id).query(Integer.class).single();
    }

    private long events(long id) {
        return jdbc.sql("SELECT count(*) FROM casework_event WHERE case_id = :id").param("id", id).query(Long.class).single();
    }

    private List<Long> queue(MockHttpSession session, String queue) throws Exception {
        String json = mvc.perform(get("/api/v1/casework/cases").param("queue", queue).param("size", "500").session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<Number> ids = JsonPath.read(json, "$.items[*].id");
        return ids.stream().map(Number::longValue).toList();
    }

    @Test
    void aCaseGoesThroughItsLifeAndEveryStepIsOnTheTimeline() throws Exception {
        long id = create(zhen01(), village(0), "DISPUTE");
        mvc.perform(get("/api/v1/casework/cases/" + id).session(zhen01()))
                .andExpect(jsonPath("$.caseNo").value(org.hamcrest.Matchers.matchesPattern("CW\\d{4}-\\d{6}")))
                .andExpect(jsonPath("$.state").value("REGISTERED"))
                .andExpect(jsonPath("$.assigneeUnitName").value(org.hamcrest.Matchers.endsWith("综治中心")))
                .andExpect(jsonPath("$.parties[0].phone").value("139****5678"))
                .andExpect(jsonPath("$.parties[0].name").value("测**"));
        assertThat(queue(zhen01(), "unassigned")).contains(id);
        act(zhen01(), id, "assign", "{\"toMe\":true}").andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ASSIGNED"));
        assertThat(queue(zhen01(), "mine")).contains(id);
        assertThat(queue(zhen01(), "unassigned")).doesNotContain(id);
        act(zhen01(), id, "start", "{}").andExpect(jsonPath("$.state").value("IN_PROGRESS"));
        act(zhen01(), id, "resolve", "{}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        act(zhen01(), id, "resolve", "{\"reason\":\"双方达成和解\"}").andExpect(jsonPath("$.state").value("RESOLVED"))
                .andExpect(jsonPath("$.outcome").value("RESOLVED"));
        act(zhen01(), id, "close", "{}").andExpect(jsonPath("$.state").value("CLOSED")).andExpect(jsonPath("$.outcome").value("RESOLVED"));
        act(zhen01(), id, "reopen", "{}").andExpect(status().isBadRequest());
        act(zhen01(), id, "reopen", "{\"reason\":\"当事人反映协议未履行\"}").andExpect(jsonPath("$.state").value("ASSIGNED"))
                .andExpect(jsonPath("$.outcome").doesNotExist()).andExpect(jsonPath("$.reopenCount").value(1));
        mvc.perform(get("/api/v1/casework/cases/" + id + "/timeline").session(zhen01()))
                .andExpect(jsonPath("$[*].action").value(org.hamcrest.Matchers.contains(
                        "CREATE", "ASSIGN", "START", "RESOLVE", "CLOSE", "REOPEN")))
                .andExpect(jsonPath("$[5].note").value("当事人反映协议未履行"))
                .andExpect(jsonPath("$[1].actorName").value("乡镇干部甲（演示）"));
        String page = mvc.perform(get("/casework/cases/" + id).session(zhen01())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("当事人反映协议未履行").contains("action-start").doesNotContain("action-resolve");
    }

    @Test
    void illegalMovesAreRefusedWith409AndChangeNothing() throws Exception {
        long id = create(zhen01(), village(0), "ENTERPRISE_PROBLEM");
        int before = version(id);
        long eventsBefore = events(id);
        act(zhen01(), id, "resolve", "{\"reason\":\"x\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("REGISTERED")));
        act(zhen01(), id, "reopen", "{\"reason\":\"x\"}").andExpect(status().isConflict());
        act(zhen01(), id, "send-back", "{\"reason\":\"x\"}").andExpect(status().isConflict());
        act(zhen01(), id, "close", "{\"reason\":\"x\",\"outcome\":\"RESOLVED\"}").andExpect(status().isBadRequest());
        act(zhen01(), id, "fly", "{}").andExpect(status().isNotFound());
        assertThat(version(id)).isEqualTo(before);
        assertThat(events(id)).isEqualTo(eventsBefore);
        act(zhen01(), id, "withdraw", "{\"reason\":\"企业自行解决\"}").andExpect(jsonPath("$.outcome").value("WITHDRAWN"));
        act(zhen01(), id, "start", "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("CLOSED (WITHDRAWN)")));
        // a form post shows the conflict on the case page
        String page = mvc.perform(post("/casework/cases/" + id + "/actions/start").session(zhen01()).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getFlashMap().get("conflict").toString();
        assertThat(page).contains("CLOSED");
    }

    @Test
    void transferAndSendBackReachThePreviousHandlerAndKeepTheTimeline() throws Exception {
        long id = create(zhen01(), village(0), "DISPUTE");
        act(zhen01(), id, "transfer", "{\"unitCode\":\"SFS-001\"}").andExpect(status().isBadRequest());
        act(zhen01(), id, "transfer", "{\"unitCode\":\"NOPE\",\"reason\":\"x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("unitCode"));
        act(zhen01(), id, "transfer", "{\"unitCode\":\"SFS-001\",\"reason\":\"需司法所组织调解\"}")
                .andExpect(jsonPath("$.assigneeUnitName").value(org.hamcrest.Matchers.endsWith("司法所")));
        MockHttpSession mediator = Sessions.as(mvc, "tiaojie01");
        act(mediator, id, "send-back", "{\"reason\":\"材料不全，请补充当事人身份信息\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.assigneeName").value("乡镇干部甲（演示）"));
        assertThat(queue(zhen01(), "returned")).contains(id);
        mvc.perform(get("/api/v1/casework/cases/" + id).session(zhen01())).andExpect(jsonPath("$.returnedToMe").value(true));
        act(zhen01(), id, "start", "{}").andExpect(status().isOk());
        assertThat(queue(zhen01(), "returned")).doesNotContain(id);
        mvc.perform(get("/api/v1/casework/cases/" + id + "/timeline").session(zhen01()))
                .andExpect(jsonPath("$[*].action").value(org.hamcrest.Matchers.contains("CREATE", "TRANSFER", "SEND_BACK", "START")))
                .andExpect(jsonPath("$[1].note").value("需司法所组织调解"))
                .andExpect(jsonPath("$[2].note").value("材料不全，请补充当事人身份信息"));
        act(zhen01(), id, "refer", "{\"reason\":\"一方坚持起诉\"}").andExpect(jsonPath("$.outcome").value("REFERRED_TO_COURT"));
    }

    @Test
    void overdueCasesEscalateToTheCityOnceAndShowInTheQueues() throws Exception {
        long overdue = create(zhen01(), village(0), "DISPUTE");
        long soon = create(zhen01(), village(0), "DISPUTE");
        Instant now = Instant.now();
        jdbc.sql("UPDATE casework_case SET due_at = :due WHERE id = :id").param("due", java.sql.Timestamp.from(now.minus(Duration.ofHours(1))))
                .param("id", overdue).update();
        jdbc.sql("UPDATE casework_case SET due_at = :due WHERE id = :id").param("due", java.sql.Timestamp.from(now.plus(Duration.ofHours(2))))
                .param("id", soon).update();
        assertThat(queue(zhen01(), "overdue")).contains(overdue).doesNotContain(soon);
        String caseNo = jdbc.sql("SELECT case_no FROM casework_case WHERE id = :id").param("id", overdue).query(String.class).single();
        assertThat(mvc.perform(get("/casework").param("queue", "overdue").session(zhen01())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains(caseNo).contains("即将到期").contains("退回给我");
        mvc.perform(get("/casework/new").session(zhen01())).andExpect(status().isOk());
        assertThat(queue(zhen01(), "due-soon")).contains(soon).doesNotContain(overdue);
        assertThat(casework.escalateOverdue(now)).isGreaterThanOrEqualTo(1);
        Region city = regions.root().orElseThrow();
        mvc.perform(get("/api/v1/casework/cases/" + overdue).session(zhen01()))
                .andExpect(jsonPath("$.state").value("ASSIGNED"))
                .andExpect(jsonPath("$.escalated").value(true))
                .andExpect(jsonPath("$.handlingRegionId").value(city.id()))
                .andExpect(jsonPath("$.assigneeUnitId").value(units.findByCode("PLC").orElseThrow().id()));
        mvc.perform(get("/api/v1/casework/cases/" + overdue + "/timeline").session(zhen01()))
                .andExpect(jsonPath("$[1].action").value("ESCALATE")).andExpect(jsonPath("$[1].actorName").value("系统"));
        assertThat(casework.escalateOverdue(now)).isZero();
        // already at the city: a manual escalation is refused
        act(Sessions.as(mvc, "admin"), overdue, "escalate", "{\"reason\":\"再升级\"}").andExpect(status().isConflict());
        act(zhen01(), soon, "escalate", "{\"reason\":\"涉及多个乡镇\"}").andExpect(jsonPath("$.handlingRegionId").value(city.id()));
    }

    @Test
    void aTownshipOfficerNeitherSeesNorChangesAnotherTownshipsCases() throws Exception {
        long own = create(zhen01(), village(0), "DISPUTE");
        long foreign = create(Sessions.as(mvc, "zhen02"), village(1), "DISPUTE");
        mvc.perform(get("/api/v1/casework/cases/" + foreign).session(zhen01())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/casework/cases/" + foreign + "/timeline").session(zhen01())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/casework/cases/" + foreign + "/parties").param("reason", "核实").session(zhen01()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/casework/cases/" + foreign).session(zhen01())).andExpect(status().isNotFound());
        int before = version(foreign);
        act(zhen01(), foreign, "withdraw", "{\"reason\":\"x\"}").andExpect(status().isNotFound());
        act(zhen01(), foreign + 100000, "withdraw", "{\"reason\":\"x\"}").andExpect(status().isNotFound());
        assertThat(version(foreign)).isEqualTo(before);
        assertThat(queue(zhen01(), "all")).contains(own).doesNotContain(foreign);
        // creating in another township is refused by field
        mvc.perform(post("/api/v1/casework/cases").session(zhen01()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"typeCode\":\"DISPUTE\",\"title\":\"t\",\"description\":\"d\",\"regionCode\":\"" + village(1).code()
                                + "\",\"channel\":\"WALK_IN\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("regionCode"));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'ACCESS_DENIED' OR outcome = 'DENIED'")
                .query(Long.class).single()).isPositive();
        // the form shows every field error
        String page = mvc.perform(post("/casework/cases").session(zhen01()).with(csrf()).param("typeCode", "X").param("title", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("is not a case type").contains("regionCode").contains("channel");
    }

    @Test
    void partiesAreMaskedAndAFullReadNeedsAReasonAndIsAudited() throws Exception {
        long id = create(zhen01(), village(0), "DISPUTE");
        String page = mvc.perform(get("/casework/cases/" + id).session(zhen01())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("139****5678").doesNotContain("13912345678");
        mvc.perform(get("/api/v1/casework/cases/" + id + "/parties").session(zhen01())).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(get("/api/v1/casework/cases/" + id + "/parties").param("reason", "电话回访").session(zhen01()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].phone").value("13912345678"))
                .andExpect(jsonPath("$[0].name").value("测试甲"));
        long partyId = jdbc.sql("SELECT id FROM casework_party WHERE case_id = :id").param("id", id).query(Long.class).single();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_type = 'casework_party' "
                + "AND object_id = :id AND reason = '电话回访'").param("id", String.valueOf(partyId)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void statisticsComputeRatesFromOutcomes() throws Exception {
        MockHttpSession zhen02 = Sessions.as(mvc, "zhen02");
        long a = create(zhen02, village(1), "ENTERPRISE_PROBLEM");
        long b = create(zhen02, village(1), "ENTERPRISE_PROBLEM");
        long c = create(zhen02, village(1), "ENTERPRISE_PROBLEM");
        act(zhen02, a, "assign", "{\"toMe\":true}");
        act(zhen02, a, "start", "{}");
        act(zhen02, a, "resolve", "{\"reason\":\"已协调供电部门\"}").andExpect(status().isOk());
        act(zhen02, b, "close", "{\"reason\":\"政策不允许\",\"outcome\":\"CLOSED_UNRESOLVED\"}").andExpect(status().isOk());
        act(zhen02, c, "withdraw", "{\"reason\":\"企业撤回\"}").andExpect(status().isOk());
        String json = mvc.perform(get("/api/v1/casework/statistics").param("type", "ENTERPRISE_PROBLEM").session(zhen02))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // this month's row of the township (the demo's enterprise problems fill earlier months)
        String month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        List<java.util.Map<String, Object>> rows = JsonPath.read(json, "$[?(@.regionId == "
                + regions.byLevel(RegionLevel.TOWNSHIP).get(1).id() + " && @.month == '" + month + "')]");
        assertThat(rows).hasSize(1);
        assertThat(((Number) rows.get(0).get("resolved")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) rows.get(0).get("withdrawn")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) rows.get(0).get("resolutionRate")).doubleValue()).isLessThan(1.0).isGreaterThan(0.0);
        assertThat(json).doesNotContain(village(0).name());
    }

    @Test
    void aCaseCanBeHandedToANamedMemberOfTheUnitOnly() throws Exception {
        long id = create(zhen01(), village(0), "DISPUTE");
        // tiaojie01 (调解员) works in SFS-001, zhen01 in GC-001
        act(zhen01(), id, "assign", "{\"unitCode\":\"GC-001\",\"assigneeUsername\":\"tiaojie01\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("assigneeUsername"));
        act(zhen01(), id, "assign", "{\"unitCode\":\"GC-001\",\"assigneeUsername\":\"nobody-here\"}")
                .andExpect(status().isBadRequest());
        act(zhen01(), id, "assign", "{\"unitCode\":\"SFS-001\",\"assigneeUsername\":\"tiaojie01\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.assigneeName").value("调解员（演示）"));
        assertThat(queue(Sessions.as(mvc, "tiaojie01"), "mine")).contains(id);
    }
}
