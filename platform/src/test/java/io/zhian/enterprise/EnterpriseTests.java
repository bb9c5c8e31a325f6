package io.zhian.enterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Enterprises, pairings, problems through casework, live figures, masking, scope, deeds — API and pages. */
@ZhianTest
class EnterpriseTests {

    private static final AtomicInteger SEQ = new AtomicInteger(100);

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;

    private MockHttpSession as(String user) {
        return Sessions.as(mvc, user);
    }

    private Region village(int township) {
        Region t = regions.byLevel(RegionLevel.TOWNSHIP).get(township);
        return regions.children(DataScope.all(), t.id()).get(0);
    }

    private static String freshCode() {
        return CreditCodeTests.withCheck(String.format("91999901MA%07d", SEQ.incrementAndGet()));
    }

    private ResultActions postJson(MockHttpSession s, String url, String json) throws Exception {
        return mvc.perform(post(url).session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private long createEnterprise(MockHttpSession s, Region region, String name) throws Exception {
        String json = postJson(s, "/api/v1/enterprise/enterprises", "{\"name\":\"" + name + "\",\"creditCode\":\"" + freshCode()
                + "\",\"regionCode\":\"" + region.code() + "\",\"aboveSize\":true,\"contactName\":\"测试联系人\",\"contactPhone\":\"13912345678\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private long figure(MockHttpSession s, String name) throws Exception {
        String json = mvc.perform(get("/api/v1/enterprise/statistics").session(s)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$." + name)).longValue();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void badInputNamesEveryFieldAndStoresNothing() throws Exception {
        as("zhen01"); // sign in first: the sign-in itself is audited
        long before = count("enterprise");
        long audits = count("audit_event");
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises",
                "{\"name\":\" \",\"creditCode\":\"91999901MA00000010\",\"regionCode\":\"\",\"contactPhone\":\"call me\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("name", "creditCode", "regionCode",
                        "contactPhone", "contactName")))
                .andExpect(jsonPath("$.errors[?(@.field == 'creditCode')].reason").value(Matchers.hasItem(
                        Matchers.containsString("check character"))));
        // a region outside the creator's scope is refused too
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises", "{\"name\":\"外乡企业\",\"creditCode\":\"" + freshCode()
                + "\",\"regionCode\":\"" + village(1).code() + "\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("regionCode"));
        // the form shows the reasons beside the fields
        String page = mvc.perform(post("/enterprise").session(as("zhen01")).with(csrf()).param("name", "")
                        .param("creditCode", "123").param("regionCode", village(0).code()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("must be 18 characters").contains("is required");
        assertThat(count("enterprise")).isEqualTo(before);
        assertThat(count("audit_event")).isEqualTo(audits);
        // duplicate code
        String code = freshCode();
        String body = "{\"name\":\"重复企业\",\"creditCode\":\"" + code + "\",\"regionCode\":\"" + village(0).code() + "\"}";
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises", body).andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises", body).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("creditCode"));
    }

    @Test
    void townshipOfficersSeeOnlyTheirOwnTownshipAndGuessedIdsAnswer404() throws Exception {
        long mine = createEnterprise(as("zhen01"), village(0), "一号镇企业");
        long theirs = createEnterprise(as("zhen02"), village(1), "二号镇企业");
        mvc.perform(get("/api/v1/enterprise/enterprises/" + theirs).session(as("zhen01"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/enterprise/enterprises/" + mine).session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(get("/enterprise/" + mine).session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/enterprise/enterprises/" + (theirs + 100000)).session(as("zhen01"))).andExpect(status().isNotFound());
        postJson(as("zhen02"), "/api/v1/enterprise/enterprises/" + mine + "/problems", "{\"title\":\"x\",\"description\":\"y\"}")
                .andExpect(status().isNotFound());
        postJson(as("zhen02"), "/api/v1/enterprise/enterprises/" + mine + "/visits", "{\"visitedOn\":\"2026-10-01\",\"notes\":\"y\"}")
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/enterprise/enterprises/" + mine + "/contact").param("reason", "核实").session(as("zhen02")))
                .andExpect(status().isNotFound());
        String list = mvc.perform(get("/api/v1/enterprise/enterprises").param("size", "500").session(as("zhen01")))
                .andReturn().getResponse().getContentAsString();
        List<Number> ids = JsonPath.read(list, "$.items[*].id");
        assertThat(ids.stream().map(Number::longValue).toList()).contains(mine).doesNotContain(theirs);
        // people without an enterprise role get nothing
        mvc.perform(get("/api/v1/enterprise/enterprises").session(as("fanzha01"))).andExpect(status().isForbidden());
    }

    @Test
    void aProblemBecomesACaseworkCaseAndResolvingItRaisesTheLiveSolvedFigure() throws Exception {
        long id = createEnterprise(as("zhen01"), village(0), "诉求企业");
        long problems = figure(as("zhen01"), "problems");
        long solved = figure(as("zhen01"), "solved");
        long otherTownship = figure(as("zhen02"), "solved");
        String json = postJson(as("zhen01"), "/api/v1/enterprise/enterprises/" + id + "/problems",
                "{\"title\":\"用电增容\",\"description\":\"新生产线需要增容至800千伏安\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long caseId = ((Number) JsonPath.read(json, "$.caseId")).longValue();
        assertThat(jdbc.sql("SELECT type_code FROM casework_case WHERE id = :id").param("id", caseId).query(String.class).single())
                .isEqualTo("ENTERPRISE_PROBLEM");
        assertThat(figure(as("zhen01"), "problems")).isEqualTo(problems + 1);
        assertThat(figure(as("zhen01"), "solved")).isEqualTo(solved);
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("zhen01")))
                .andExpect(jsonPath("$.problems[0].caseId").value(caseId))
                .andExpect(jsonPath("$.problems[0].state").value("REGISTERED"));
        // a problem without a title is refused by casework, field named
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises/" + id + "/problems", "{\"description\":\"y\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("title"));
        // resolve through the casework API
        for (String[] step : new String[][] {{"assign", "{\"toMe\":true}"}, {"start", "{}"}, {"resolve", "{\"reason\":\"供电公司完成增容\"}"}}) {
            postJson(as("zhen01"), "/api/v1/casework/cases/" + caseId + "/" + step[0], step[1]).andExpect(status().isOk());
        }
        assertThat(figure(as("zhen01"), "solved")).isEqualTo(solved + 1);
        assertThat(figure(as("zhen02"), "solved")).isEqualTo(otherTownship);
        String page = mvc.perform(get("/enterprise/" + id).session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/casework/cases/" + caseId).contains("已化解");
        String listPage = mvc.perform(get("/enterprise").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(listPage).contains("id=\"fig-solved\">" + (solved + 1) + "<");
    }

    @Test
    void aPairedLiaisonOfficerSeesTheEnterpriseLogsVisitsAndRaisesProblems() throws Exception {
        long id = createEnterprise(as("zhen01"), village(0), "联包企业");
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("lianluo01"))).andExpect(status().isNotFound());
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises/" + id + "/pairings", "{\"username\":\"nobody\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("username"));
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises/" + id + "/pairings", "{\"username\":\"lianluo01\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$[0].username").value("lianluo01"));
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("lianluo01"))).andExpect(status().isOk());
        postJson(as("lianluo01"), "/api/v1/enterprise/enterprises/" + id + "/visits", "{\"visitedOn\":\"2099-01-01\",\"notes\":\"\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("visitedOn", "notes")));
        postJson(as("lianluo01"), "/api/v1/enterprise/enterprises/" + id + "/visits", "{\"visitedOn\":\"2026-11-02\",\"notes\":\"了解用工需求\"}")
                .andExpect(status().isCreated());
        String json = postJson(as("lianluo01"), "/api/v1/enterprise/enterprises/" + id + "/problems",
                "{\"title\":\"招工难\",\"description\":\"缺少熟练焊工20名\"}").andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        long caseId = ((Number) JsonPath.read(json, "$.caseId")).longValue();
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("lianluo01")))
                .andExpect(jsonPath("$.visits[0].notes").value("了解用工需求"))
                .andExpect(jsonPath("$.problems[0].caseId").value(caseId))
                .andExpect(jsonPath("$.problems[0].visible").value(true));
        // pairing is a manager's job
        postJson(as("lianluo01"), "/api/v1/enterprise/enterprises/" + id + "/pairings", "{\"username\":\"zhen01\"}")
                .andExpect(status().isForbidden());
    }

    @Test
    void theContactIsMaskedAndAFullReadNeedsAReasonAndIsAudited() throws Exception {
        long id = createEnterprise(as("zhen01"), village(0), "联系人企业");
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("zhen01")))
                .andExpect(jsonPath("$.enterprise.contactPhone").value("139****5678"))
                .andExpect(jsonPath("$.enterprise.contactName").value("测****"));
        String page = mvc.perform(get("/enterprise/" + id).session(as("zhen01"))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("139****5678").doesNotContain("13912345678");
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id + "/contact").session(as("zhen01")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id + "/contact").param("reason", "约定走访时间").session(as("zhen01")))
                .andExpect(jsonPath("$.contactPhone").value("13912345678")).andExpect(jsonPath("$.contactName").value("测试联系人"));
        String fragment = mvc.perform(post("/enterprise/" + id + "/contact").param("reason", "电话回访").session(as("zhen01")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(fragment).contains("13912345678");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_type = 'enterprise' "
                + "AND object_id = :id").param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void deedsAreCountedByUnitAndMonthAndPeopleAreMasked() throws Exception {
        String json = mvc.perform(get("/api/v1/enterprise/deeds/counts").session(as("zhen01"))).andReturn().getResponse()
                .getContentAsString();
        long oct = monthCount(json, "2026-10");
        String village = village(0).code();
        postJson(as("zhen01"), "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + village
                + "\",\"beneficiaryKind\":\"PERSON\",\"beneficiaryName\":\"王大爷\",\"what\":\"代办养老保险认证\",\"doneOn\":\"2026-10-08\"}")
                .andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + village
                + "\",\"beneficiaryKind\":\"VILLAGE\",\"what\":\"修复村口路灯\",\"doneOn\":\"2026-10-20\"}").andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + village
                + "\",\"beneficiaryKind\":\"GROUP\",\"beneficiaryName\":\"留守儿童\",\"what\":\"课后托管\",\"doneOn\":\"2026-11-03\"}")
                .andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + village(1).code()
                + "\",\"beneficiaryKind\":\"ALIEN\",\"what\":\"\",\"doneOn\":\"yesterday\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("regionCode", "beneficiaryKind", "what", "doneOn")));
        json = mvc.perform(get("/api/v1/enterprise/deeds/counts").session(as("zhen01"))).andReturn().getResponse().getContentAsString();
        assertThat(monthCount(json, "2026-10")).isEqualTo(oct + 2);
        List<String> units = JsonPath.read(json, "$.byUnitAndMonth[*].unitName");
        assertThat(units).isNotEmpty();
        // zhen02 does not see zhen01's deeds
        String other = mvc.perform(get("/api/v1/enterprise/deeds").session(as("zhen02"))).andReturn().getResponse().getContentAsString();
        assertThat(other).doesNotContain("代办养老保险认证");
        String page = mvc.perform(get("/enterprise/deeds").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("代办养老保险认证").contains("王**").doesNotContain("王大爷").contains("留守儿童").contains("2026-10");
    }

    private static long monthCount(String json, String month) {
        Object v = JsonPath.read(json, "$.byMonth");
        Number n = v instanceof java.util.Map<?, ?> m ? (Number) m.get(month) : null;
        return n == null ? 0 : n.longValue();
    }
}
