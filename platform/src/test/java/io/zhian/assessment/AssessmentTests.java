package io.zhian.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Indicators fed by providers and by hand, scores and breakdowns, data scope, supervision and the unit page. */
@ZhianTest
class AssessmentTests {

    /** The quarter of the last complete month: the demo has a year of figures up to that month. */
    private static final String QUARTER;

    static {
        java.time.YearMonth last = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).minusMonths(1);
        QUARTER = last.getYear() + "-Q" + ((last.getMonthValue() + 2) / 3);
    }

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired OrgUnits units;
    @Autowired JdbcClient jdbc;
    @Autowired IssuedSanctions issued;

    private MockHttpSession as(String user) {
        return Sessions.as(mvc, user);
    }

    private Region township(int index) {
        return regions.byLevel(RegionLevel.TOWNSHIP).get(index);
    }

    private OrgUnit unit(String code) {
        return units.findByCode(code).orElseThrow();
    }

    private ResultActions postJson(MockHttpSession s, String url, String json) throws Exception {
        return mvc.perform(post(url).session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static long id(String json) {
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private long createIndicator(String json) throws Exception {
        String body = postJson(as("admin"), "/api/v1/assessment/indicators", json).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(body, "$.indicator.id")).longValue();
    }

    private Map<String, Object> line(String pageJson, long indicatorId) {
        List<Map<String, Object>> lines = JsonPath.read(pageJson, "$.score.lines[?(@.indicatorId == " + indicatorId + ")]");
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    @Test
    void providerFiguresAreScoredByTheConfiguredRuleWithTheBreakdownAndMissingStaysMissing() throws Exception {
        long safety = createIndicator("""
                {"code":"t-safety","name":"测试安全感率","subject":"TOWNSHIP","source":"FIGURE","figureCode":"test.safety-rate",
                 "higherIsBetter":true,"aggregation":"MEAN","weight":10,"rule":"LINEAR","floor":80,"target":100,"unitLabel":"%"}""");
        long cases = createIndicator("""
                {"code":"t-cases","name":"测试案件量","subject":"TOWNSHIP","source":"FIGURE","figureCode":"test.case-count",
                 "higherIsBetter":false,"aggregation":"SUM","weight":5,"rule":"THRESHOLD","target":12,"unitLabel":"起"}""");
        mvc.perform(get("/api/v1/assessment/indicators").session(as("admin")))
                .andExpect(jsonPath("$[?(@.indicator.code == 't-safety')].enteredByHand").value(Matchers.contains(false)))
                // the demo's police figure is not offered by any module on this branch: entered by hand, and said so
                .andExpect(jsonPath("$[?(@.indicator.code == 'criminal-cases')].note").value(Matchers.contains("figure-not-offered")));

        // township 1: 95 -> (95-80)/(100-80) = 75; 30 cases in a quarter = 10 a month <= 12 -> 100
        String t1 = mvc.perform(get("/api/v1/assessment/townships/" + township(0).id()).param("period", QUARTER).session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Map<String, Object> l = line(t1, safety);
        assertThat(((Number) l.get("value")).doubleValue()).isEqualTo(95.0);
        assertThat(((Number) l.get("sampleSize")).longValue()).isEqualTo(200);
        assertThat(((Number) l.get("subScore")).doubleValue()).isCloseTo(75.0, within(1e-9));
        assertThat(((Number) l.get("weight")).doubleValue()).isEqualTo(10.0);
        double covered = ((Number) JsonPath.read(t1, "$.score.coveredWeight")).doubleValue();
        assertThat(((Number) l.get("contribution")).doubleValue()).isCloseTo(10 * 75.0 / covered, within(1e-9));
        Map<String, Object> c = line(t1, cases);
        assertThat(((Number) c.get("value")).doubleValue()).isCloseTo(10.0, within(1e-9));
        assertThat(((Number) c.get("subScore")).doubleValue()).isEqualTo(100.0);
        // the total is the sum of the contributions
        List<Number> contributions = JsonPath.read(t1, "$.score.lines[?(@.contribution != null)].contribution");
        assertThat(contributions.stream().mapToDouble(Number::doubleValue).sum())
                .isCloseTo(((Number) JsonPath.read(t1, "$.score.total")).doubleValue(), within(1e-6));

        // township 3: exactly at the floor scores 0, which is not missing
        String t3 = mvc.perform(get("/api/v1/assessment/townships/" + township(2).id()).param("period", QUARTER).session(as("admin")))
                .andReturn().getResponse().getContentAsString();
        assertThat(((Number) line(t3, safety).get("subScore")).doubleValue()).isEqualTo(0.0);
        // township 5 has no value: missing, no sub-score, no contribution, and its weight is not covered
        String t5 = mvc.perform(get("/api/v1/assessment/townships/" + township(4).id()).param("period", QUARTER).session(as("admin")))
                .andReturn().getResponse().getContentAsString();
        Map<String, Object> missing = line(t5, safety);
        assertThat(missing.get("value")).isNull();
        assertThat(missing.get("subScore")).isNull();
        assertThat(missing.get("contribution")).isNull();
        assertThat(((Number) JsonPath.read(t5, "$.score.coveredWeight")).doubleValue())
                .isEqualTo(((Number) JsonPath.read(t5, "$.score.totalWeight")).doubleValue() - 15.0);

        // the breakdown page shows it too, the missing value as missing
        String page = mvc.perform(get("/assessment/townships/" + township(4).id()).param("period", QUARTER).session(as("admin")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("测试安全感率").contains("缺数据");

        // the ranking: places follow totals, ties share a place
        String ranking = mvc.perform(get("/api/v1/assessment/rankings").param("period", QUARTER).session(as("admin")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<Number> totals = JsonPath.read(ranking, "$.scores[?(@.total != null)].total");
        List<Integer> places = JsonPath.read(ranking, "$.scores[?(@.total != null)].rank");
        assertThat(totals).hasSize(28);
        for (int i = 1; i < totals.size(); i++) {
            assertThat(Math.round(totals.get(i).doubleValue() * 100)).isLessThanOrEqualTo(Math.round(totals.get(i - 1).doubleValue() * 100));
            boolean tie = Math.round(totals.get(i).doubleValue() * 100) == Math.round(totals.get(i - 1).doubleValue() * 100);
            assertThat(places.get(i)).isEqualTo(tie ? places.get(i - 1) : i + 1);
        }
        // a township officer sees only their own row, with its place among all 28
        mvc.perform(get("/api/v1/assessment/rankings").param("period", QUARTER).session(as("zhen01")))
                .andExpect(jsonPath("$.peers").value(28)).andExpect(jsonPath("$.scores.length()").value(1))
                .andExpect(jsonPath("$.scores[0].subjectId").value(township(0).id()));
    }

    @Test
    void badIndicatorConfigurationIsRefusedFieldByField() throws Exception {
        postJson(as("admin"), "/api/v1/assessment/indicators", """
                {"code":"X","name":"","subject":"VILLAGE","source":"FIGURE","higherIsBetter":true,"aggregation":"MEAN","weight":0,
                 "rule":"LINEAR","floor":100,"target":80}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("code", "name", "subject", "figureCode",
                        "weight", "target")));
        postJson(as("zhen01"), "/api/v1/assessment/indicators", "{}").andExpect(status().isForbidden());
    }

    @Test
    void aManualFigureIsEnteredAuditedCorrectedAndScopedToTheOfficersTownship() throws Exception {
        Region own = township(0);
        Region other = township(1);
        long audits = count("audit_event");
        String json = postJson(as("zhen01"), "/api/v1/assessment/figures", """
                {"indicatorCode":"criminal-cases","regionCode":"%s","month":"2024-05","value":7,"sourceNote":"派出所月报"}"""
                .formatted(own.code())).andExpect(status().isCreated())
                .andExpect(jsonPath("$.regionId").value(own.id())).andExpect(jsonPath("$.value").value(7.0))
                .andReturn().getResponse().getContentAsString();
        long id = id(json);
        // entering the same month again corrects it
        postJson(as("zhen01"), "/api/v1/assessment/figures", """
                {"indicatorCode":"criminal-cases","regionCode":"%s","month":"2024-05","value":6,"sourceNote":"派出所月报（更正）"}"""
                .formatted(own.code())).andExpect(status().isCreated()).andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.value").value(6.0));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE object_type = 'assessment_figure' AND object_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(2);
        assertThat(count("audit_event")).isGreaterThan(audits);
        // the figure is scored: linear from floor 12 to target 2 cases a month, 6 -> (6-12)/(2-12) = 60; nothing else
        // was reported for that month, so every other indicator is missing and the total is this one sub-score
        long criminal = jdbc.sql("SELECT id FROM assessment_indicator WHERE code = 'criminal-cases'").query(Long.class).single();
        String scored = mvc.perform(get("/api/v1/assessment/townships/" + own.id()).param("period", "2024-05").session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Map<String, Object> l = line(scored, criminal);
        assertThat(((Number) l.get("value")).doubleValue()).isEqualTo(6.0);
        assertThat(((Number) l.get("subScore")).doubleValue()).isCloseTo(60.0, within(1e-9));
        assertThat(l.get("origin")).isEqualTo("manual");
        assertThat(l.get("sampleSize")).isNull();
        assertThat(((Number) JsonPath.read(scored, "$.score.coveredWeight")).doubleValue()).isEqualTo(15.0);
        assertThat(((Number) JsonPath.read(scored, "$.score.total")).doubleValue()).isCloseTo(60.0, within(1e-9));
        assertThat(((Number) JsonPath.read(scored, "$.score.rank")).intValue()).isEqualTo(1);

        // the other township's officer cannot read or delete it; guessing ids answers 404
        mvc.perform(get("/api/v1/assessment/figures/" + id).session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/assessment/figures/" + id).session(as("zhen02")).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/assessment/figures/" + id).session(as("zhen01"))).andExpect(status().isOk());
        // zhen01 cannot write township 2's figure
        postJson(as("zhen01"), "/api/v1/assessment/figures", """
                {"indicatorCode":"criminal-cases","regionCode":"%s","month":"2024-05","value":3,"sourceNote":"越权录入"}"""
                .formatted(other.code())).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("regionCode"))
                .andExpect(jsonPath("$.errors[0].reason").value(Matchers.containsString("outside your data scope")));
        // nor read township 2's figures by id
        long theirs = jdbc.sql("SELECT id FROM assessment_figure WHERE region_id = :r AND unit_id IS NULL LIMIT 1")
                .param("r", other.id()).query(Long.class).single();
        mvc.perform(get("/api/v1/assessment/figures/" + theirs).session(as("zhen01"))).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/assessment/figures/" + theirs).session(as("zhen01")).with(csrf())).andExpect(status().isNotFound());
        String list = mvc.perform(get("/api/v1/assessment/figures").param("limit", "1000").session(as("zhen01")))
                .andReturn().getResponse().getContentAsString();
        List<Number> regionIds = JsonPath.read(list, "$[*].regionId");
        assertThat(regionIds).isNotEmpty().allMatch(r -> r.longValue() == own.id());
    }

    @Test
    void badManualFiguresAreRefusedWithFieldAndReasonAndNothingIsStored() throws Exception {
        // a percentage indicator whose figure no module offers: entered by hand
        createIndicator("""
                {"code":"t-manual-rate","name":"测试手工比率","subject":"TOWNSHIP","source":"FIGURE","figureCode":"test.not-offered",
                 "higherIsBetter":true,"aggregation":"MEAN","weight":1,"rule":"LINEAR","floor":80,"target":100,"unitLabel":"%"}""");
        as("zhen01");
        long figures = count("assessment_figure");
        long audits = count("audit_event");
        postJson(as("zhen01"), "/api/v1/assessment/figures", """
                {"indicatorCode":"t-manual-rate","regionCode":"%s","month":"2026-13","value":120,"sampleSize":-4,"sourceNote":""}"""
                .formatted(township(0).code()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("month", "value", "sampleSize", "sourceNote")))
                .andExpect(jsonPath("$.errors[?(@.field == 'value')].reason").value(Matchers.hasItem(Matchers.containsString("percentage"))));
        postJson(as("zhen01"), "/api/v1/assessment/figures", """
                {"indicatorCode":"publicity","regionCode":"%s","month":"2026-01","value":3,"sourceNote":"手工"}"""
                .formatted(township(0).code()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("indicatorCode"))
                .andExpect(jsonPath("$.errors[0].reason").value(Matchers.containsString("not entered by hand")));
        // the form re-shows with the reasons beside the fields
        String page = mvc.perform(post("/assessment/figures").session(as("zhen01")).with(csrf()).param("indicatorCode", "criminal-cases")
                        .param("regionCode", township(0).code()).param("month", "2026-01").param("value", "abc").param("sourceNote", "x"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("&#39;abc&#39; is not a number").contains("id=\"figure-form\"");
        assertThat(count("assessment_figure")).isEqualTo(figures);
        assertThat(count("audit_event")).isEqualTo(audits);
    }

    @Test
    void inspectionsOfAnotherTownshipAnswer404AndSanctionsShowOnTheUnitPage() throws Exception {
        OrgUnit gc2 = unit("GC-002");
        OrgUnit gc1 = unit("GC-001");
        String json = postJson(as("admin"), "/api/v1/assessment/inspections", """
                {"team":"第九督导组（赵某、钱某）","unitCode":"GC-002","inspectedOn":"2026-11-02","findings":"台账缺失","rectifyBy":"2026-11-20"}""")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long inspection = id(json);
        mvc.perform(get("/api/v1/assessment/inspections/" + inspection).session(as("zhen01"))).andExpect(status().isNotFound());
        // the out-of-scope read is audited as a denial
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND outcome = 'DENIED'
                  AND object_type = 'assessment_inspection' AND object_id = :id""")
                .param("id", String.valueOf(inspection)).query(Long.class).single()).isEqualTo(1);
        postJson(as("zhen01"), "/api/v1/assessment/inspections/" + inspection + "/follow-up", "{\"outcome\":\"RECTIFIED\",\"note\":\"已改\"}")
                .andExpect(status().isNotFound());
        mvc.perform(get("/assessment/units/" + gc2.id()).session(as("zhen01"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/assessment/inspections/" + inspection).session(as("zhen02"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.followup").value("PENDING"));
        // township officers do not run supervision
        postJson(as("zhen02"), "/api/v1/assessment/inspections/" + inspection + "/follow-up", "{\"outcome\":\"RECTIFIED\",\"note\":\"已改\"}")
                .andExpect(status().isForbidden());
        postJson(as("admin"), "/api/v1/assessment/inspections/" + inspection + "/follow-up", "{\"outcome\":\"NOT_RECTIFIED\",\"note\":\"复查未整改\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.followup").value("NOT_RECTIFIED"));

        // a sanction, refused field by field when incomplete, then shown on the unit's page
        postJson(as("admin"), "/api/v1/assessment/sanctions", "{\"unitCode\":\"GC-001\",\"kind\":\"SPANKING\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("kind", "issuedOn", "reason", "issuer")));
        postJson(as("admin"), "/api/v1/assessment/sanctions", """
                {"unitCode":"GC-001","kind":"SUMMONS","issuedOn":"2026-11-10","reason":"安全感测评排名末位（测试）","issuer":"市委政法委"}""")
                .andExpect(status().isCreated());
        assertThat(issued.received).anyMatch(e -> e.unitId() == gc1.id() && e.kind().equals("SUMMONS") && e.regionId() == gc1.regionId());
        String unitPage = mvc.perform(get("/assessment/units/" + gc1.id()).session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(unitPage).contains(gc1.name()).contains("约谈").contains("安全感测评排名末位（测试）").contains("id=\"sanctions\"");
        String townshipPage = mvc.perform(get("/assessment/townships/" + township(0).id()).session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(townshipPage).contains("安全感测评排名末位（测试）");
        mvc.perform(get("/assessment/townships/" + township(1).id()).session(as("zhen01"))).andExpect(status().isNotFound());
    }

    @Test
    void pairingTasksAreOwedCompletedAndOverdueOnesAreMarked() throws Exception {
        String pairing = postJson(as("admin"), "/api/v1/assessment/pairings", """
                {"unitCode":"PM-01","townshipCode":"%s","startedOn":"2026-01-01"}""".formatted(township(0).code()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long pairingId = id(pairing);
        postJson(as("admin"), "/api/v1/assessment/pairings", """
                {"unitCode":"PM-01","townshipCode":"%s","startedOn":"2026-01-01"}""".formatted(township(0).code()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("townshipCode"));
        long late = id(postJson(as("admin"), "/api/v1/assessment/pairings/" + pairingId + "/tasks",
                "{\"title\":\"逾期测试任务\",\"dueOn\":\"2020-01-01\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.overdue").value(true)).andReturn().getResponse().getContentAsString());
        String page = mvc.perform(get("/assessment/pairings").session(as("zhen01"))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("逾期测试任务");
        mvc.perform(get("/assessment/pairings").session(as("zhen02"))).andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).doesNotContain("逾期测试任务"));
        postJson(as("zhen02"), "/api/v1/assessment/tasks/" + late + "/complete", "{\"completionNote\":\"完成\"}").andExpect(status().isNotFound());
        postJson(as("zhen01"), "/api/v1/assessment/tasks/" + late + "/complete", "{\"completionNote\":\"\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("completionNote"));
        postJson(as("zhen01"), "/api/v1/assessment/tasks/" + late + "/complete", "{\"completionNote\":\"已补办\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DONE")).andExpect(jsonPath("$.overdue").value(false));

        // the unit is scored on its tasks due in March 2024: two done on time, one late -> 66.67 %;
        // linear from 50 to 100 -> (66.67 - 50) / 50 = 33.33; the other unit indicators have no data that month
        String[][] march = {{"2024-03-05", "2024-03-04"}, {"2024-03-15", "2024-03-15"}, {"2024-03-25", "2024-04-02"}};
        for (String[] t : march) {
            long task = id(postJson(as("admin"), "/api/v1/assessment/pairings/" + pairingId + "/tasks",
                    "{\"title\":\"三月任务\",\"dueOn\":\"" + t[0] + "\"}").andReturn().getResponse().getContentAsString());
            postJson(as("admin"), "/api/v1/assessment/tasks/" + task + "/complete",
                    "{\"completionNote\":\"完成\",\"completedOn\":\"" + t[1] + "\"}").andExpect(status().isOk());
        }
        long onTime = jdbc.sql("SELECT id FROM assessment_indicator WHERE code = 'unit-task-on-time'").query(Long.class).single();
        String unitScore = mvc.perform(get("/api/v1/assessment/units/" + unit("PM-01").id()).param("period", "2024-03").session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Map<String, Object> l = line(unitScore, onTime);
        assertThat(((Number) l.get("value")).doubleValue()).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(((Number) l.get("sampleSize")).longValue()).isEqualTo(3);
        assertThat(((Number) l.get("subScore")).doubleValue()).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(((Number) JsonPath.read(unitScore, "$.score.coveredWeight")).doubleValue()).isEqualTo(40.0);
        assertThat(((Number) JsonPath.read(unitScore, "$.score.total")).doubleValue()).isCloseTo(100.0 / 3, within(1e-9));
    }

    @Test
    void publicityIsCountedPerTownshipAndMonth() throws Exception {
        Region own = township(0);
        postJson(as("zhen01"), "/api/v1/assessment/publicity", """
                {"townshipCode":"%s","kind":"BANNER","quantity":12,"doneOn":"2023-03-05","note":"集市宣传"}""".formatted(own.code()))
                .andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/assessment/publicity", """
                {"townshipCode":"%s","kind":"LETTER","quantity":300,"doneOn":"2023-03-20"}""".formatted(own.code()))
                .andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/assessment/publicity", """
                {"townshipCode":"%s","kind":"BANNER","quantity":0,"doneOn":"2023-03-05"}""".formatted(township(1).code()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("townshipCode", "quantity")));
        mvc.perform(get("/api/v1/assessment/publicity/counts").param("period", "2023").session(as("zhen01")))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].month").value("2023-03")).andExpect(jsonPath("$[0].BANNER").value(12))
                .andExpect(jsonPath("$[0].LETTER").value(300)).andExpect(jsonPath("$[0].total").value(312))
                .andExpect(jsonPath("$[0].entries").value(2));
        mvc.perform(get("/api/v1/assessment/publicity/counts").param("period", "2023").session(as("zhen02")))
                .andExpect(jsonPath("$.length()").value(0));
    }
    @Test
    void administratorsSeeTheConfigurationAndSupervisionFormsAndBadFormsReshowWithReasons() throws Exception {
        for (String[] page : new String[][] {{"/assessment/indicators", "indicator-form"}, {"/assessment/supervision", "sanction-form"},
                {"/assessment/pairings", "pairing-form"}, {"/assessment/publicity", "publicity-form"}, {"/assessment/figures", "figure-form"},
                {"/assessment?subject=unit", "ranking-table"}}) {
            String html = mvc.perform(get(page[0]).session(as("admin"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(html).as(page[0]).contains("id=\"" + page[1] + "\"");
        }
        String edit = mvc.perform(get("/assessment/indicators").param("edit",
                        String.valueOf(jdbc.sql("SELECT id FROM assessment_indicator WHERE code = 'security-rate'").query(Long.class).single()))
                        .session(as("admin")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(edit).contains("value=\"security-rate\"").contains("value=\"survey.security-rate\"");
        long before = count("assessment_indicator");
        String html = mvc.perform(post("/assessment/indicators").session(as("admin")).with(csrf()).param("code", "bad code")
                        .param("name", "坏指标").param("subject", "TOWNSHIP").param("source", "MANUAL").param("higherIsBetter", "true")
                        .param("aggregation", "MEAN").param("rule", "LINEAR").param("weight", "ten").param("floor", "1").param("target", "2"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("&#39;ten&#39; is not a number");
        html = mvc.perform(post("/assessment/indicators").session(as("admin")).with(csrf()).param("code", "bad code")
                        .param("name", "坏指标").param("subject", "TOWNSHIP").param("source", "MANUAL").param("higherIsBetter", "true")
                        .param("aggregation", "MEAN").param("rule", "LINEAR").param("weight", "10").param("floor", "5").param("target", "2"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("lower-case letters").contains("must be above the floor");
        assertThat(count("assessment_indicator")).isEqualTo(before);
        String form = mvc.perform(post("/assessment/sanctions").session(as("admin")).with(csrf()).param("unitCode", "NOPE")
                        .param("kind", "SUMMONS"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(form).contains("no unit has the code NOPE").contains("is required (YYYY-MM-DD)");
    }
}
