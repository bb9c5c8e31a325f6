package io.zhian.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
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
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Surveys through the API, against the demo city and its demo campaign. */
@ZhianTest
class SurveyTests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;

    private MockHttpSession as(String user) {
        return Sessions.as(mvc, user);
    }

    private Region village(int township, int index) {
        Region t = regions.byLevel(RegionLevel.TOWNSHIP).get(township);
        return regions.children(DataScope.all(), t.id()).get(index);
    }

    private long demoCampaign() {
        return jdbc.sql("SELECT min(id) FROM survey_campaign").query(Long.class).single();
    }

    private long demoFormVersion() {
        return jdbc.sql("SELECT form_version_id FROM survey_campaign WHERE id = :id").param("id", demoCampaign()).query(Long.class).single();
    }

    private ResultActions postJson(MockHttpSession s, String url, String json) throws Exception {
        return mvc.perform(post(url).session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    static String answers(String security, String police) {
        return "{\"security\":\"" + security + "\",\"victim\":\"no\",\"sat_police\":\"" + police + "\",\"sat_court\":\"2\","
                + "\"sat_procuratorate\":\"6\",\"sat_justice\":\"1\"}";
    }

    private ResultActions submit(MockHttpSession s, UUID uuid, long campaign, Region village, String answersJson) throws Exception {
        return postJson(s, "/api/v1/survey/responses", "{\"clientUuid\":\"" + uuid + "\",\"campaignId\":" + campaign
                + ",\"villageId\":" + village.id() + ",\"answers\":" + answersJson + "}");
    }

    @Test
    void demoDataIsThereOnFirstStart() {
        long responses = jdbc.sql("SELECT count(*) FROM survey_response").query(Long.class).single();
        assertThat(responses).isBetween(25_000L, 35_000L);
        assertThat(jdbc.sql("SELECT count(*) FROM survey_campaign_village WHERE campaign_id = :c").param("c", demoCampaign())
                .query(Long.class).single()).isEqualTo(626);
        assertThat(jdbc.sql("SELECT count(*) FROM survey_ranking").query(Long.class).single()).isGreaterThan(50);
    }

    @Autowired List<io.zhian.shared.FigureProvider> figureProviders;

    @Test
    void figuresAreOfferedPerTownshipForTheAssessment() {
        var provider = figureProviders.stream().filter(p -> p.figures().stream()
                .anyMatch(f -> f.code().equals("survey.security-rate"))).findFirst().orElseThrow();
        assertThat(provider.figures()).extracting(io.zhian.shared.FigureProvider.FigureDefinition::code)
                .contains("survey.security-rate", "survey.satisfaction-rate", "survey.security-index", "survey.coverage");
        List<Long> townships = regions.byLevel(RegionLevel.TOWNSHIP).stream().map(Region::id).toList();
        java.time.YearMonth now = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai"));
        for (String code : List.of("survey.security-rate", "survey.satisfaction-rate", "survey.security-index", "survey.coverage")) {
            var values = provider.values(code, now.minusMonths(5), now, townships);
            assertThat(values).as(code).hasSize(28);
            assertThat(values.values()).allMatch(v -> v.value() > 0 && v.value() <= 100 && v.sampleSize() > 30);
        }
        // townships differ: the demo leans some safer than others
        var rates = provider.values("survey.security-rate", now.minusMonths(5), now, townships).values().stream()
                .mapToDouble(io.zhian.shared.FigureProvider.FigureValue::value).summaryStatistics();
        assertThat(rates.getMax() - rates.getMin()).isGreaterThan(5);
        // a month range with no answers leaves the regions out
        assertThat(provider.values("survey.security-rate", now.minusYears(5), now.minusYears(4), townships)).isEmpty();
    }

    @Test
    void aResponseSentTwiceIsStoredOnce() throws Exception {
        UUID uuid = UUID.randomUUID();
        Region v = village(0, 0);
        String first = submit(as("diaocha01"), uuid, demoCampaign(), v, answers("1", "2")).andExpect(status().isCreated())
                .andExpect(jsonPath("$.created").value(true)).andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(first, "$.id")).longValue();
        // the phone lost the answer and sends again, even with other content: same id, nothing new stored
        submit(as("diaocha01"), uuid, demoCampaign(), v, answers("5", "5")).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id)).andExpect(jsonPath("$.created").value(false));
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response WHERE client_uuid = :u").param("u", uuid).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT level FROM survey_scale_answer WHERE response_id = :id AND question = 'security'")
                .param("id", id).query(Integer.class).single()).isEqualTo(1);
        // privacy: the stored answers name no person and no household
        String row = jdbc.sql("SELECT answers::text FROM survey_response WHERE id = :id").param("id", id).query(String.class).single();
        assertThat(row).doesNotContain("组-");
        // someone else cannot claim the UUID
        submit(as("zhen01"), uuid, demoCampaign(), v, answers("1", "1")).andExpect(status().isConflict());
    }

    @Test
    void badAnswersAreRefusedFieldByField() throws Exception {
        Region v = village(0, 0);
        submit(as("diaocha01"), UUID.randomUUID(), demoCampaign(), v, "{\"security\":\"9\",\"victim\":\"yes\",\"nope\":\"x\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'answers.security')].reason").value(org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.containsString("not one of its choices"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'answers.nope')]").isNotEmpty())
                // shown only because victim = yes, and required
                .andExpect(jsonPath("$.errors[?(@.field == 'answers.victim_type')].reason").value(org.hamcrest.Matchers.hasItem("is required")))
                .andExpect(jsonPath("$.errors[?(@.field == 'answers.sat_police')].reason").value(org.hamcrest.Matchers.hasItem("is required")));
        submit(as("diaocha01"), null, demoCampaign(), v, answers("1", "1")).andExpect(status().isBadRequest());
    }

    @Test
    void responsesOutsideTheScopeAreNotFound() throws Exception {
        // township 2's response, by an officer of township 2
        String body = submit(as("zhen02"), UUID.randomUUID(), demoCampaign(), village(1, 0), answers("2", "2"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long other = ((Number) JsonPath.read(body, "$.id")).longValue();
        mvc.perform(get("/api/v1/survey/responses/" + other).session(as("zhen02"))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/survey/responses/" + other).session(as("zhen01"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/survey/responses/" + other).session(as("diaocha01"))).andExpect(status().isNotFound());
        postJson(as("zhen01"), "/api/v1/survey/responses/" + other + "/review", "{\"action\":\"accept\"}").andExpect(status().isNotFound());
        mvc.perform(get("/survey/responses/" + other).session(as("zhen01"))).andExpect(status().isNotFound());
        // the surveyor of township 1 cannot submit for a village of township 2
        submit(as("diaocha01"), UUID.randomUUID(), demoCampaign(), village(1, 0), answers("1", "1")).andExpect(status().isNotFound());
        // lists hold only the own township
        String list = mvc.perform(get("/api/v1/survey/responses").param("size", "500").session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<Number> townships = JsonPath.read(list, "$.items[*].townshipId");
        long own = regions.byLevel(RegionLevel.TOWNSHIP).get(0).id();
        assertThat(townships).isNotEmpty().allMatch(t -> t.longValue() == own);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE object_type = 'survey_response' AND object_id = :id AND outcome = 'DENIED'")
                .param("id", String.valueOf(other)).query(Long.class).single()).isPositive();
    }

    @Test
    void anOfficerReturnsAResponseAndTheSurveyorCorrectsIt() throws Exception {
        String body = submit(as("diaocha01"), UUID.randomUUID(), demoCampaign(), village(0, 1), answers("3", "3"))
                .andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(body, "$.id")).longValue();
        postJson(as("zhen01"), "/api/v1/survey/responses/" + id + "/review", "{\"action\":\"return\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("note"));
        postJson(as("zhen01"), "/api/v1/survey/responses/" + id + "/review", "{\"action\":\"return\",\"note\":\"第一题请复核\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("RETURNED"));
        postJson(as("zhen01"), "/api/v1/survey/responses/" + id + "/review", "{\"action\":\"accept\"}").andExpect(status().isConflict());
        postJson(as("diaocha01"), "/api/v1/survey/responses/" + id + "/resubmit", "{\"answers\":" + answers("2", "3") + "}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SUBMITTED"));
        postJson(as("zhen01"), "/api/v1/survey/responses/" + id + "/review", "{\"action\":\"accept\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ACCEPTED"));
        assertThat(jdbc.sql("SELECT level FROM survey_scale_answer WHERE response_id = :id AND question = 'security'")
                .param("id", id).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aPublishedVersionNeverChanges() throws Exception {
        long published = demoFormVersion();
        postJson(as("admin"), "/api/v1/survey/form-versions/" + published + "/questions",
                "{\"name\":\"extra\",\"type\":\"TEXT\",\"label\":\"补充\"}").andExpect(status().isConflict());
        mvc.perform(post("/api/v1/survey/form-versions/" + published + "/publish").session(as("admin")).with(csrf()))
                .andExpect(status().isConflict());
        // not even by hand: the trigger refuses any UPDATE or DELETE of a published row
        assertThatThrownBy(() -> jdbc.sql("UPDATE survey_form_version SET questions = '[]' WHERE id = :id").param("id", published).update())
                .hasMessageContaining("is published and cannot be changed");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM survey_form_version WHERE id = :id").param("id", published).update())
                .hasMessageContaining("is published and cannot be changed");
        // editing makes a new draft with the same questions, which can be changed and published as the next version
        long formId = jdbc.sql("SELECT form_id FROM survey_form_version WHERE id = :id").param("id", published).query(Long.class).single();
        String draft = mvc.perform(post("/api/v1/survey/forms/" + formId + "/draft").session(as("admin")).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DRAFT")).andReturn().getResponse().getContentAsString();
        long draftId = ((Number) JsonPath.read(draft, "$.id")).longValue();
        int version = JsonPath.read(draft, "$.version");
        postJson(as("admin"), "/api/v1/survey/form-versions/" + draftId + "/questions",
                "{\"name\":\"extra\",\"type\":\"SINGLE\",\"label\":\"是否愿意参加平安志愿者？\",\"required\":true,"
                        + "\"relevant\":\"${victim} = 'no'\",\"choices\":[{\"name\":\"y\",\"label\":\"愿意\"},{\"name\":\"n\",\"label\":\"不愿意\"}]}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.questions.length()").value(10));
        // a condition must point at an earlier question: moving it above victim is refused
        for (int i = 0; i < 7; i++) {
            mvc.perform(post("/api/v1/survey/form-versions/" + draftId + "/questions/" + (10 - i) + "/move").param("direction", "up")
                    .session(as("admin")).with(csrf())).andExpect(status().isOk());
        }
        mvc.perform(post("/api/v1/survey/form-versions/" + draftId + "/questions/3/move").param("direction", "up")
                .session(as("admin")).with(csrf())).andExpect(status().isBadRequest());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                        "/api/v1/survey/form-versions/" + draftId + "/questions/3").session(as("admin")).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.questions.length()").value(9));
        mvc.perform(post("/api/v1/survey/form-versions/" + draftId + "/publish").session(as("admin")).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("PUBLISHED")).andExpect(jsonPath("$.version").value(version));
        assertThat(jdbc.sql("SELECT questions::text FROM survey_form_version WHERE id = :id").param("id", published).query(String.class)
                .single()).doesNotContain("extra");
        // surveyors do not author
        mvc.perform(post("/api/v1/survey/forms/" + formId + "/draft").session(as("diaocha01")).with(csrf())).andExpect(status().isForbidden());
    }

    static byte[] xlsx(String[][] survey, String[][] choices) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fill(wb.createSheet("survey"), survey);
            fill(wb.createSheet("choices"), choices);
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static void fill(Sheet sheet, String[][] rows) {
        for (int r = 0; r < rows.length; r++) {
            Row row = sheet.createRow(r);
            for (int c = 0; c < rows[r].length; c++) {
                row.createCell(c).setCellValue(rows[r][c]);
            }
        }
    }

    static final String[][] CHOICES = {{"list_name", "name", "label"}, {"safe", "1", "很安全"}, {"safe", "2", "安全"},
            {"safe", "3", "基本安全"}, {"safe", "4", "不安全"}, {"safe", "5", "很不安全"}, {"yn", "yes", "是"}, {"yn", "no", "否"}};

    @Test
    void anXlsFormWithABadRowReportsFieldAndReasonAndImportsNothing() throws Exception {
        long formsBefore = jdbc.sql("SELECT count(*) FROM survey_form").query(Long.class).single();
        byte[] bad = xlsx(new String[][] {{"type", "name", "label", "required", "relevant"},
                {"scale5 safe", "security", "治安安全吗？", "yes", ""},
                {"select_one yn", "moved", "是否新迁入？", "yes", ""},
                {"select_one colours", "colour", "颜色", "no", ""},
                {"text", "why", "原因", "maybe", "${moved} = 'yes'"}}, CHOICES);
        mvc.perform(multipart("/api/v1/survey/forms/import").file(new MockMultipartFile("file", "form.xlsx", null, bad))
                        .param("code", "xls-test").param("title", "导入测试").session(as("admin")).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("survey row 4: type"))
                .andExpect(jsonPath("$.errors[0].reason").value(org.hamcrest.Matchers.containsString("colours")))
                .andExpect(jsonPath("$.errors[1].field").value("survey row 5: required"));
        assertThat(jdbc.sql("SELECT count(*) FROM survey_form").query(Long.class).single()).isEqualTo(formsBefore);

        byte[] good = xlsx(new String[][] {{"type", "name", "label::Chinese (zh)", "required", "relevant"},
                {"scale5 safe", "security", "治安安全吗？", "yes", ""},
                {"select_one yn", "moved", "是否新迁入？", "yes", ""},
                {"text", "why", "原因", "no", "${moved} = 'yes'"},
                {"integer", "size", "家庭人口", "", ""}}, CHOICES);
        mvc.perform(multipart("/api/v1/survey/forms/import").file(new MockMultipartFile("file", "form.xlsx", null, good))
                        .param("code", "xls-test").param("title", "导入测试").session(as("admin")).with(csrf()))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("DRAFT"))
                .andExpect(jsonPath("$.questions.length()").value(4))
                .andExpect(jsonPath("$.questions[0].type").value("SCALE5"))
                .andExpect(jsonPath("$.questions[2].relevant").value("${moved} = 'yes'"))
                .andExpect(jsonPath("$.questions[3].type").value("NUMBER"));
    }

    @Test
    void indicesFollowTheConfiguredLevelsAndWeights() throws Exception {
        // a fresh campaign over one village, ten answers with known levels
        Region v = village(0, 2);
        String c = postJson(as("admin"), "/api/v1/survey/campaigns", "{\"name\":\"指数测试\",\"formVersionId\":" + demoFormVersion()
                + ",\"startsOn\":\"" + LocalDate.now().minusDays(1) + "\",\"endsOn\":\"" + LocalDate.now().plusDays(30)
                + "\",\"householdsPerVillage\":12,\"villageIds\":[" + v.id() + "]}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.villages").value(1)).andReturn().getResponse().getContentAsString();
        long campaign = ((Number) JsonPath.read(c, "$.id")).longValue();
        String[] security = {"1", "1", "1", "1", "2", "2", "3", "4", "5", "6"}; // 6 = 不了解: not a valid answer
        for (String s : security) {
            submit(as("diaocha01"), UUID.randomUUID(), campaign, v, answers(s, s)).andExpect(status().isCreated());
        }
        String json = mvc.perform(get("/api/v1/survey/indices").param("dimension", "village").param("campaign", String.valueOf(campaign))
                .session(as("zhen01"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // valid n = 9; 很安全+安全+基本安全 = 7 → 77.78%, Wilson 95% [45.26, 93.68]; index (400+160+60+30+0)/9 = 72.22
        assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-rate'].n")).intValue()).isEqualTo(9);
        assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-rate'].value")).doubleValue()).isEqualTo(77.78);
        assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-rate'].low")).doubleValue()).isEqualTo(45.26);
        assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-rate'].high")).doubleValue()).isEqualTo(93.68);
        assertThat((Boolean) JsonPath.read(json, "$.rows[0].figures['security-rate'].smallSample")).isTrue();
        assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-index'].value")).doubleValue()).isEqualTo(72.22);
        // overall satisfaction pools the four agencies: police as security (7 of 9), court 10× level 2, procuratorate none
        // valid (6), justice 10× level 1 → (7 + 10 + 10) / (9 + 10 + 10) = 93.10%
        assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['satisfaction-rate'].value")).doubleValue()).isEqualTo(93.10);
        assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['satisfaction-procuratorate'].n")).intValue()).isZero();

        // configuration, not code: only 很安全 + 安全 count, other weights
        mvc.perform(put("/api/v1/survey/indices/config/security-rate").session(as("admin")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"counted\":[true,true,false,false,false],\"weights\":[100,80,60,30,0]}"))
                .andExpect(status().isOk());
        mvc.perform(put("/api/v1/survey/indices/config/security-index").session(as("admin")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"counted\":[true,true,true,false,false],\"weights\":[100,90,70,40,0]}"))
                .andExpect(status().isOk());
        mvc.perform(put("/api/v1/survey/indices/config/security-index").session(as("zhen01")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"counted\":[true,true,true,false,false],\"weights\":[100,90,70,40,0]}"))
                .andExpect(status().isForbidden());
        try {
            json = mvc.perform(get("/api/v1/survey/indices").param("dimension", "village").param("campaign", String.valueOf(campaign))
                    .session(as("zhen01"))).andReturn().getResponse().getContentAsString();
            // 6 of 9 = 66.67%, Wilson [35.42, 87.94]; (400 + 180 + 70 + 40) / 9 = 76.67
            assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-rate'].value")).doubleValue()).isEqualTo(66.67);
            assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-rate'].low")).doubleValue()).isEqualTo(35.42);
            assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-rate'].high")).doubleValue()).isEqualTo(87.94);
            assertThat(((Number) JsonPath.read(json, "$.rows[0].figures['security-index'].value")).doubleValue()).isEqualTo(76.67);
        } finally {
            jdbc.sql("UPDATE survey_index_level SET counted = level <= 3, weight = CASE level WHEN 1 THEN 100 WHEN 2 THEN 80 "
                    + "WHEN 3 THEN 60 WHEN 4 THEN 30 ELSE 0 END").update();
        }
        // township 2's officer sees none of it
        String other = mvc.perform(get("/api/v1/survey/indices").param("dimension", "village").param("campaign", String.valueOf(campaign))
                .session(as("zhen02"))).andReturn().getResponse().getContentAsString();
        assertThat((List<?>) JsonPath.read(other, "$.rows")).isEmpty();
        // a team for the village
        postJson(as("admin"), "/api/v1/survey/campaigns/" + campaign + "/villages/" + v.id() + "/team", "{\"username\":\"diaocha01\"}")
                .andExpect(status().isCreated());
        postJson(as("zhen02"), "/api/v1/survey/campaigns/" + campaign + "/villages/" + v.id() + "/team", "{\"username\":\"diaocha01\"}")
                .andExpect(status().isNotFound());
        // coverage of the new campaign: 12 households drawn, none visited yet
        mvc.perform(get("/api/v1/survey/campaigns/" + campaign + "/coverage").session(as("zhen01")))
                .andExpect(jsonPath("$[0].total").value(12)).andExpect(jsonPath("$[0].visited").value(0));
        String visits = mvc.perform(get("/api/v1/survey/campaigns/" + campaign + "/villages/" + v.id() + "/visits").session(as("diaocha01")))
                .andExpect(jsonPath("$[0].householdRef").value(v.name() + "-1组-001")).andReturn().getResponse().getContentAsString();
        long visit = ((Number) JsonPath.read(visits, "$[0].id")).longValue();
        postJson(as("diaocha01"), "/api/v1/survey/visits/" + visit, "{\"outcome\":\"ABSENT\"}").andExpect(jsonPath("$.outcome").value("ABSENT"));
        postJson(as("diaocha01"), "/api/v1/survey/visits/" + visit, "{\"outcome\":\"GONE\"}").andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/survey/campaigns/" + campaign + "/coverage").session(as("zhen01")))
                .andExpect(jsonPath("$[0].visited").value(1)).andExpect(jsonPath("$[0].done").value(0));
    }

    @Test
    void rankingsImportReportsEveryBadRowAndImportsNothing() throws Exception {
        Region t1 = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        long before = jdbc.sql("SELECT count(*) FROM survey_ranking").query(Long.class).single();
        String bad = "period,level,unit,rank,total,score\n2030-01,PREFECTURE," + t1.code() + ",120,249,88.5\n"
                + "2030-01,PREFECTURE,不存在的镇,3,249,90\n2030-13,PROVINCE,PSB,70,60,\n";
        mvc.perform(post("/api/v1/survey/rankings/import").session(as("admin")).with(csrf()).contentType("text/csv").content(bad))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.applied").value(false))
                .andExpect(jsonPath("$.results[1].problems[0].field").value("unit"))
                .andExpect(jsonPath("$.results[2].problems[*].field").value(org.hamcrest.Matchers.contains("period", "rank")));
        assertThat(jdbc.sql("SELECT count(*) FROM survey_ranking").query(Long.class).single()).isEqualTo(before);
        String good = "period,level,unit,rank,total,score\n2030-01,PREFECTURE," + t1.name() + ",170,249,80\n"
                + "2030-02,PREFECTURE," + t1.code() + ",140,249,85\n";
        mvc.perform(post("/api/v1/survey/rankings/import").session(as("admin")).with(csrf()).contentType("text/csv").content(good))
                .andExpect(status().isOk()).andExpect(jsonPath("$.imported").value(2));
        String positions = mvc.perform(get("/api/v1/survey/rankings").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat((List<?>) JsonPath.read(positions, "$.positions[?(@.level == 'PREFECTURE')]")).hasSize(1);
        assertThat(((Number) JsonPath.read(positions, "$.positions[0].rank")).intValue()).isEqualTo(140);
        assertThat(((Number) JsonPath.read(positions, "$.positions[0].gap")).intValue()).isEqualTo(-10);
        assertThat(((Number) JsonPath.read(positions, "$.positions[0].trend")).intValue()).isEqualTo(30);
        assertThat((Boolean) JsonPath.read(positions, "$.positions[0].met")).isTrue();
    }

    // ---- correcting a returned response in the UI ----

    @Autowired io.zhian.identity.internal.UserStore userStore;

    /** A second surveyor, of township 2, to show that a response is corrected by its own surveyor only. */
    private MockHttpSession surveyorOfTownship2() {
        if (userStore.findByUsername("diaocha-t2").isEmpty()) {
            long township = regions.byLevel(RegionLevel.TOWNSHIP).get(1).id();
            long unit = jdbc.sql("SELECT min(id) FROM org_unit WHERE region_id = :r").param("r", township).query(Long.class).single();
            long id = userStore.insert(new io.zhian.identity.NewUser("diaocha-t2", "调查员二（测试）", null, unit, Sessions.PASSWORD, false), null);
            userStore.assign(id, io.zhian.shared.Role.SURVEYOR, io.zhian.identity.ScopeKind.REGION, township, null);
        }
        return as("diaocha-t2");
    }

    @Test
    void theSurveyorCorrectsAReturnedResponseInThePhoneForm() throws Exception {
        String body = submit(as("diaocha01"), UUID.randomUUID(), demoCampaign(), village(0, 2), answers("4", "3"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(body, "$.id")).longValue();
        postJson(as("zhen01"), "/api/v1/survey/responses/" + id + "/review", "{\"action\":\"return\",\"note\":\"安全感一题请当面复核\"}")
                .andExpect(status().isOk());

        // listed on the surveyor's page with the officer's note and a way to correct it
        String mine = mvc.perform(get("/survey/mine").session(as("diaocha01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(mine).contains("data-response=\"" + id + "\"").contains("安全感一题请当面复核")
                .contains("/survey/responses/" + id + "/correct");
        // the form is filled in with the stored answers
        String form = mvc.perform(get("/survey/responses/" + id + "/correct").session(as("diaocha01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(form).contains("安全感一题请当面复核");
        assertThat(form).containsPattern("name=\"security\" value=\"4\"[^>]*checked");
        assertThat(form).doesNotContainPattern("name=\"security\" value=\"1\"[^>]*checked");
        assertThat(form).containsPattern("name=\"sat_police\" value=\"3\"[^>]*checked");
        int version = jdbc.sql("SELECT version FROM survey_response WHERE id = :id").param("id", id).query(Integer.class).single();

        // nobody else may open or send it: an officer in scope, one out of scope, another surveyor, the admin
        for (String other : List.of("zhen01", "zhen02", "admin")) {
            mvc.perform(get("/survey/responses/" + id + "/correct").session(as(other))).andExpect(status().isNotFound());
            mvc.perform(post("/survey/responses/" + id + "/correct").session(as(other)).with(csrf()).param("version", "" + version)
                    .param("security", "1")).andExpect(status().isNotFound());
            postJson(as(other), "/api/v1/survey/responses/" + id + "/resubmit", "{\"answers\":" + answers("1", "1") + "}")
                    .andExpect(status().isNotFound());
        }
        MockHttpSession t2 = surveyorOfTownship2();
        mvc.perform(get("/survey/responses/" + id + "/correct").session(t2)).andExpect(status().isNotFound());
        mvc.perform(get("/survey/mine").session(t2)).andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).doesNotContain("data-response=\"" + id + "\""));

        // a required answer left out: the field and the reason, nothing stored
        mvc.perform(post("/survey/responses/" + id + "/correct").session(as("diaocha01")).with(csrf()).param("version", "" + version)
                        .param("victim", "no").param("sat_police", "3").param("sat_court", "2").param("sat_procuratorate", "6")
                        .param("sat_justice", "1"))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).contains("field-error").contains("is required"));
        assertThat(jdbc.sql("SELECT status FROM survey_response WHERE id = :id").param("id", id).query(String.class).single())
                .isEqualTo("RETURNED");

        // corrected and resubmitted: pending review again; sending the same correction twice lands once
        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/survey/responses/" + id + "/correct").session(as("diaocha01")).with(csrf()).param("version", "" + version)
                            .param("security", "2").param("victim", "no").param("sat_police", "3").param("sat_court", "2")
                            .param("sat_procuratorate", "6").param("sat_justice", "1"))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/survey/mine"));
        }
        assertThat(jdbc.sql("SELECT status || ' ' || version FROM survey_response WHERE id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("SUBMITTED " + (version + 1));
        assertThat(jdbc.sql("SELECT level FROM survey_scale_answer WHERE response_id = :id AND question = 'security'")
                .param("id", id).query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'SURVEY_RESPONSE_RESUBMIT' AND object_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
        assertThat(mvc.perform(get("/survey/mine").session(as("diaocha01"))).andReturn().getResponse().getContentAsString())
                .doesNotContain("data-response=\"" + id + "\"");
        // the same resend through the API: the stored response, unchanged
        postJson(as("diaocha01"), "/api/v1/survey/responses/" + id + "/resubmit",
                "{\"answers\":" + answers("2", "3") + ",\"version\":" + version + "}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(version + 1));
        // a different correction after it went back to review is refused
        postJson(as("diaocha01"), "/api/v1/survey/responses/" + id + "/resubmit",
                "{\"answers\":" + answers("5", "3") + ",\"version\":" + version + "}").andExpect(status().isConflict());
    }

    // ---- visit teams in the UI ----

    @Test
    void anOfficerFormsAVillageTeamOnTheCampaignPage() throws Exception {
        long campaign = demoCampaign();
        Region t1 = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        Region v = village(0, 3);
        String url = "/survey/campaigns/" + campaign + "/villages/" + v.id() + "/team/";
        String page = mvc.perform(get("/survey/campaigns/" + campaign).param("township", "" + t1.id()).session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"team-" + v.id() + "\"").contains("data-username=\"diaocha01\"");

        // bad usernames: the field and the reason, nothing changed
        for (String[] bad : new String[][] {{"nobody-here", "no user has this username"}, {"zhen02", "is not a surveyor"}, {"", "is required"}}) {
            mvc.perform(post(url + "add").session(as("zhen01")).with(csrf()).param("username", bad[0]).param("township", "" + t1.id()))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(result -> {
                        @SuppressWarnings("unchecked")
                        var errors = (java.util.Map<Long, java.util.Map<String, String>>) result.getFlashMap().get("teamErrors");
                        assertThat(errors.get(v.id())).containsKey("username");
                        assertThat(errors.get(v.id()).get("username")).contains(bad[1]);
                    });
        }
        postJson(as("zhen01"), "/api/v1/survey/campaigns/" + campaign + "/villages/" + v.id() + "/team", "{\"username\":\"zhen01\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("username"));
        // the page shows the reason next to the field
        var flash = mvc.perform(post(url + "add").session(as("zhen01")).with(csrf()).param("username", "nobody-here")
                .param("township", "" + t1.id())).andReturn().getFlashMap();
        String shown = mvc.perform(get("/survey/campaigns/" + campaign).param("township", "" + t1.id()).session(as("zhen01"))
                .flashAttrs(flash)).andReturn().getResponse().getContentAsString();
        assertThat(shown).contains("no user has this username").contains("value=\"nobody-here\"");

        java.util.function.Supplier<Long> members = () -> jdbc.sql("""
                SELECT count(*) FROM survey_team_member m JOIN app_user u ON u.id = m.user_id
                WHERE m.campaign_id = :c AND m.village_id = :v AND u.username = 'diaocha01'""")
                .param("c", campaign).param("v", v.id()).query(Long.class).single();
        // township 2's officer cannot touch township 1's teams
        mvc.perform(post(url + "remove").session(as("zhen02")).with(csrf()).param("username", "diaocha01")).andExpect(status().isNotFound());
        assertThat(members.get()).isEqualTo(1);
        // remove, then add back, both audited
        mvc.perform(post(url + "remove").session(as("zhen01")).with(csrf()).param("username", "diaocha01").param("township", "" + t1.id()))
                .andExpect(status().is3xxRedirection());
        assertThat(members.get()).isZero();
        mvc.perform(post(url + "remove").session(as("zhen01")).with(csrf()).param("username", "diaocha01").param("township", "" + t1.id()))
                .andExpect(result -> assertThat(result.getFlashMap().get("teamErrors")).isNotNull());
        mvc.perform(post(url + "add").session(as("zhen01")).with(csrf()).param("username", " diaocha01 ").param("township", "" + t1.id()))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getFlashMap().get("teamErrors")).isNull());
        assertThat(members.get()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action IN ('SURVEY_TEAM_ADD', 'SURVEY_TEAM_REMOVE') AND object_id = :c")
                .param("c", String.valueOf(campaign)).query(Long.class).single()).isGreaterThanOrEqualTo(2);
        // and through the API
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                "/api/v1/survey/campaigns/" + campaign + "/villages/" + v.id() + "/team/nobody-here").session(as("zhen01")).with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("username"));
    }

    // ---- respondent privacy ----

    @Test
    void aResponseKeepsNoTimeOfDay() throws Exception {
        List<String> types = jdbc.sql("""
                SELECT column_name || ':' || data_type FROM information_schema.columns
                WHERE table_name = 'survey_response' AND (data_type LIKE 'timestamp%' OR data_type LIKE 'time %' OR data_type = 'interval')""")
                .query(String.class).list();
        assertThat(types).isEmpty();
        assertThat(jdbc.sql("SELECT data_type FROM information_schema.columns WHERE table_name = 'survey_response' AND column_name = 'collected_on'")
                .query(String.class).single()).isEqualTo("date");
        // nothing on a response names a household or a visit
        assertThat(jdbc.sql("""
                SELECT count(*) FROM information_schema.columns WHERE table_name = 'survey_response'
                AND (column_name LIKE '%household%' OR column_name LIKE '%visit%')""").query(Long.class).single()).isZero();
        // nor does its id's order: new ids are not drawn from a sequence
        assertThat(jdbc.sql("SELECT column_default FROM information_schema.columns WHERE table_name = 'survey_response' AND column_name = 'id'")
                .query(String.class).single()).doesNotContain("nextval").contains("random");
        UUID uuid = UUID.randomUUID();
        postJson(as("diaocha01"), "/api/v1/survey/responses", "{\"clientUuid\":\"" + uuid + "\",\"campaignId\":" + demoCampaign()
                + ",\"villageId\":" + village(0, 0).id() + ",\"answers\":" + answers("1", "1") + ",\"collectedAt\":\"2026-11-01T01:30:00Z\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.id").exists());
        // the day in Asia/Shanghai, and the month from it
        assertThat(jdbc.sql("SELECT collected_on || ' ' || month FROM survey_response WHERE client_uuid = :u").param("u", uuid)
                .query(String.class).single()).isEqualTo("2026-11-01 2026-11-01");
    }
}
