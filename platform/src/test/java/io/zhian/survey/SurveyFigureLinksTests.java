package io.zhian.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.Role;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Survey figures for the wall screen: each links to the records it is computed from, all regions are answered at once with
 * the values the index tables give, and the rankings against targets are readable through {@link SurveyRankings}.
 */
@ZhianTest
class SurveyFigureLinksTests {

    private static final YearMonth MAY = YearMonth.of(2019, 5);

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;
    @Autowired List<FigureProvider> providers;
    @Autowired SurveyRankings rankings;

    private MockHttpSession as(String user) {
        return Sessions.as(mvc, user);
    }

    private Region township(int i) {
        return regions.byLevel(RegionLevel.TOWNSHIP).get(i);
    }

    private Region village(int township, int i) {
        return regions.children(DataScope.all(), township(township).id()).get(i);
    }

    private FigureProvider survey() {
        return providers.stream().filter(p -> p.figures().stream().anyMatch(f -> f.code().equals("survey.coverage"))).findFirst()
                .orElseThrow();
    }

    private long campaign(String name, LocalDate starts, LocalDate ends) {
        long version = jdbc.sql("SELECT form_version_id FROM survey_campaign ORDER BY id LIMIT 1").query(Long.class).single();
        return jdbc.sql("""
                        INSERT INTO survey_campaign (name, form_version_id, starts_on, ends_on, households_per_village, sampling_rule)
                        VALUES (:n, :v, :s, :e, 4, 'test') RETURNING id""")
                .param("n", name).param("v", version).param("s", starts).param("e", ends).query(Long.class).single();
    }

    /** A response with one five-level answer to the security question (level 0 = not a valid answer). */
    private long response(long campaign, Region village, LocalDate month, String status, int securityLevel) {
        long version = jdbc.sql("SELECT form_version_id FROM survey_campaign WHERE id = :c").param("c", campaign).query(Long.class).single();
        long id = jdbc.sql("""
                        INSERT INTO survey_response (client_uuid, campaign_id, form_version_id, village_id, township_id, month, status, answers,
                          collected_on)
                        VALUES (:u, :c, :v, :village, :township, :month, :status, CAST('{}' AS JSONB), :month) RETURNING id""")
                .param("u", UUID.randomUUID()).param("c", campaign).param("v", version).param("village", village.id())
                .param("township", village.parentId()).param("month", month).param("status", status).query(Long.class).single();
        jdbc.sql("INSERT INTO survey_scale_answer (response_id, question, level) VALUES (:r, 'security', :l)")
                .param("r", id).param("l", securityLevel).update();
        return id;
    }

    private void visit(long campaign, Region village, String household, String outcome) {
        jdbc.sql("""
                        INSERT INTO survey_visit (campaign_id, village_id, township_id, household_ref, outcome, visited_at)
                        VALUES (:c, :v, :t, :h, :o, CASE WHEN CAST(:o AS VARCHAR) IS NULL THEN NULL ELSE now() END)""")
                .param("c", campaign).param("v", village.id()).param("t", village.parentId()).param("h", household).param("o", outcome).update();
    }

    private String page(MockHttpSession s, String link, String tableId) throws Exception {
        String html = mvc.perform(get(link).session(s)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return html.substring(html.indexOf("id=\"" + tableId + "\""));
    }

    @Test
    void indexAndCoverageFiguresLinkToTheResponsesAndHouseholdsTheyCount() throws Exception {
        long c = campaign("链接测试活动", LocalDate.of(2019, 5, 1), LocalDate.of(2019, 5, 31));
        Region v = village(0, 1);
        long counted = response(c, v, MAY.atDay(1), "SUBMITTED", 2);
        long accepted = response(c, v, MAY.atDay(1), "ACCEPTED", 1);
        long returned = response(c, v, MAY.atDay(1), "RETURNED", 1);
        long invalid = response(c, v, MAY.atDay(1), "SUBMITTED", 0);
        long june = response(c, v, MAY.plusMonths(1).atDay(1), "SUBMITTED", 1);
        long elsewhere = response(c, village(1, 1), MAY.atDay(1), "SUBMITTED", 1);
        FigureProvider p = survey();
        long t0 = township(0).id();
        var rate = p.values("survey.security-rate", MAY, MAY, List.of(t0, township(1).id())).get(t0);
        assertThat(rate.sampleSize()).isEqualTo(2);
        assertThat(rate.value()).isEqualTo(100.0);
        String link = p.recordsLink("survey.security-rate", t0, MAY, MAY).orElseThrow();
        assertThat(link).isEqualTo("/survey/responses?region=" + t0 + "&from=2019-05&to=2019-05&index=security-rate");
        String table = page(as("zhen01"), link, "response-table");
        assertThat(table).contains("/survey/responses/" + counted + "\"", "/survey/responses/" + accepted + "\"");
        for (long out : List.of(returned, invalid, june, elsewhere)) {
            assertThat(table).doesNotContain("/survey/responses/" + out + "\"");
        }
        assertThat(p.recordsLink("survey.security-index", t0, MAY, MAY).orElseThrow()).endsWith("&index=security-index");
        assertThat(p.recordsLink("survey.satisfaction-rate", t0, MAY, MAY).orElseThrow()).endsWith("&index=satisfaction-rate");
        String html = mvc.perform(get(link).session(as("zhen01"))).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("区域: " + township(0).name()).contains("2019-05").contains("安全感率");
        // the city officer of another township: 404; bad values: field errors
        mvc.perform(get(link).session(as("zhen02"))).andExpect(status().isNotFound());
        String bad = mvc.perform(get("/survey/responses?region=zz&from=2019-5&index=happiness").session(as("zhen01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("&#39;zz&#39; is not a region id").contains("is not a month").contains("&#39;happiness&#39; is not one of");

        // coverage: 3 households drawn in township 1 in May, 2 visited; township 2's and a July campaign's are not counted
        visit(c, v, "链接户-1", "DONE");
        visit(c, v, "链接户-2", "ABSENT");
        visit(c, v, "链接户-3", null);
        visit(c, village(1, 1), "链接户-4", "DONE");
        long july = campaign("链接测试活动七月", LocalDate.of(2019, 7, 1), LocalDate.of(2019, 7, 31));
        visit(july, v, "链接户-5", "DONE");
        var coverage = p.values("survey.coverage", MAY, MAY, List.of(t0)).get(t0);
        assertThat(coverage.sampleSize()).isEqualTo(3);
        assertThat(coverage.value()).isCloseTo(200.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        String visits = p.recordsLink("survey.coverage", t0, MAY, MAY).orElseThrow();
        assertThat(visits).isEqualTo("/survey/visits?region=" + t0 + "&from=2019-05&to=2019-05");
        assertThat(page(as("zhen01"), visits, "visit-table")).contains("链接户-1", "链接户-2", "链接户-3").doesNotContain("链接户-4", "链接户-5");
        assertThat(page(as("zhen01"), visits + "&visited=true", "visit-table")).contains("链接户-1", "链接户-2").doesNotContain("链接户-3");
        mvc.perform(get(visits).session(as("diaocha01"))).andExpect(status().isForbidden());
    }

    @Test
    void allTownshipsAtOnceGiveTheValuesOfTheIndexTableAndOfCoveragePerTownship() throws Exception {
        YearMonth to = YearMonth.now(ZoneId.of("Asia/Shanghai"));
        YearMonth from = to.minusMonths(5);
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        List<Long> ids = townships.stream().map(Region::id).toList();
        FigureProvider p = survey();
        String json = mvc.perform(get("/api/v1/survey/indices").param("dimension", "township").param("from", from.toString())
                .param("to", to.toString()).session(as("admin"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        for (String index : List.of("security-rate", "satisfaction-rate", "security-index")) {
            Map<Long, FigureProvider.FigureValue> values = p.values("survey." + index, from, to, ids);
            assertThat(values).hasSize(ids.size());
            List<Map<String, Object>> rows = JsonPath.read(json, "$.rows");
            for (Map<String, Object> row : rows) {
                long id = ((Number) row.get("id")).longValue();
                @SuppressWarnings("unchecked")
                Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) row.get("figures")).get(index);
                assertThat(values.get(id).sampleSize()).as(index).isEqualTo(((Number) f.get("n")).longValue());
                assertThat(values.get(id).value()).as(index).isCloseTo(((Number) f.get("value")).doubleValue(),
                        org.assertj.core.data.Offset.offset(0.0051));
            }
        }
        Map<Long, FigureProvider.FigureValue> coverage = p.values("survey.coverage", from, to, ids);
        for (long id : ids) {
            long[] subtree = regions.subtreeIds(List.of(id));
            Map<String, Object> row = jdbc.sql("""
                            SELECT count(*) AS total, count(v.outcome) AS visited FROM survey_visit v JOIN survey_campaign c ON c.id = v.campaign_id
                            WHERE c.starts_on <= :to AND c.ends_on >= :from AND v.village_id = ANY(CAST(:ids AS BIGINT[]))""")
                    .param("from", from.atDay(1)).param("to", to.atEndOfMonth()).param("ids", io.zhian.shared.SqlArrays.bigints(subtree))
                    .query().singleRow();
            long total = ((Number) row.get("total")).longValue();
            assertThat(coverage.get(id).sampleSize()).isEqualTo(total);
            assertThat(coverage.get(id).value()).isCloseTo(100.0 * ((Number) row.get("visited")).longValue() / total,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        long city = regions.root().orElseThrow().id();
        assertThat(p.values("survey.security-rate", from, to, List.of(city)).get(city).sampleSize())
                .isEqualTo(((Number) JsonPath.read(json, "$.total.figures['security-rate'].n")).longValue());
    }

    @Test
    void surveyRankingsGiveEachPositionWithItsTargetAndGap() throws Exception {
        Region t = township(2);
        String csv = "period,level,unit,rank,total,score\n2031-01,PREFECTURE," + t.code() + ",180,249,79.5\n"
                + "2031-02,PREFECTURE," + t.code() + ",100,249,86.25\n";
        mvc.perform(post("/api/v1/survey/rankings/import").session(as("admin")).with(csrf()).contentType("text/csv").content(csv))
                .andExpect(status().isOk());
        int target = jdbc.sql("SELECT target_rank FROM survey_ranking_target WHERE level = 'PREFECTURE'").query(Integer.class).single();
        Actor officer = new Actor(-1, "test-officer", "测试乡镇干部", 0, t.id(), Set.of(Role.TOWNSHIP_OFFICER),
                DataScope.of(regions.subtreeIds(List.of(t.id())), new long[0], null));
        List<RankingPosition> positions = rankings.latest(officer);
        RankingPosition p = positions.stream().filter(x -> x.level().equals("PREFECTURE")).findFirst().orElseThrow();
        assertThat(p.unitName()).isEqualTo(t.name());
        assertThat(p.regionId()).isEqualTo(t.id());
        assertThat(p.period()).isEqualTo("2031-02");
        assertThat(p.rank()).isEqualTo(100);
        assertThat(p.total()).isEqualTo(249);
        assertThat(p.targetRank()).isEqualTo(target);
        assertThat(p.gap()).isEqualTo(100 - target);
        assertThat(p.met()).isEqualTo(100 <= target);
        assertThat(p.previousRank()).isEqualTo(180);
        assertThat(p.previousPeriod()).isEqualTo("2031-01");
        assertThat(p.trend()).isEqualTo(80);
        assertThat(p.score()).isEqualByComparingTo("86.25");
        assertThat(p.levelName()).isNotBlank();
        // scoped as the page: another township's officer does not see it; a surveyor may not read rankings
        Actor other = new Actor(-1, "test-officer-2", "测试乡镇干部二", 0, township(3).id(), Set.of(Role.TOWNSHIP_OFFICER),
                DataScope.of(regions.subtreeIds(List.of(township(3).id())), new long[0], null));
        assertThat(rankings.latest(other)).noneMatch(x -> t.name().equals(x.unitName()) && x.period().equals("2031-02"));
        Actor surveyor = new Actor(-1, "test-surveyor", "测试调查员", 0, t.id(), Set.of(Role.SURVEYOR), officer.scope());
        assertThatThrownBy(() -> rankings.latest(surveyor)).isInstanceOf(ForbiddenException.class);
        // the page the screen links to, narrowed to a level
        assertThat(SurveyRankings.page("PREFECTURE")).isEqualTo("/survey/rankings?level=PREFECTURE");
        String html = mvc.perform(get(SurveyRankings.page("PREFECTURE")).session(as("admin"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains(t.name()).contains("id=\"active-filter\"");
        String bad = mvc.perform(get("/survey/rankings?level=GALAXY").session(as("admin"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("&#39;GALAXY&#39; is not one of");
    }
}
