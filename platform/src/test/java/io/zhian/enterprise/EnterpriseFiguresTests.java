package io.zhian.enterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.casework.ActionInput;
import io.zhian.casework.CaseAction;
import io.zhian.casework.Casework;
import io.zhian.enterprise.internal.EnterpriseService;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureValue;
import io.zhian.shared.Role;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The enterprise figures against a hand-computed set in autumn 2018 (older than any demo record) in the first two
 * townships: problems solved in October and deeds done in September, per township, village and city, and the lists
 * each figure links to.
 */
@ZhianTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnterpriseFiguresTests {

    private static final YearMonth SEPTEMBER = YearMonth.of(2018, 9);
    private static final YearMonth OCTOBER = YearMonth.of(2018, 10);

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired OrgUnits units;
    @Autowired EnterpriseService service;
    @Autowired Casework casework;
    @Autowired JdbcClient jdbc;
    @Autowired List<FigureProvider> providers;

    private Region townA;
    private Region townB;
    private Region a1;
    private Region a2;
    private Region b1;
    private long city;
    private FigureProvider figures;
    private Actor officer;

    @BeforeAll
    void recordTheSet() {
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        townA = townships.get(0);
        townB = townships.get(1);
        a1 = regions.children(DataScope.all(), townA.id()).get(0);
        a2 = regions.children(DataScope.all(), townA.id()).get(1);
        b1 = regions.children(DataScope.all(), townB.id()).get(0);
        city = regions.root().orElseThrow().id();
        figures = providers.stream().filter(p -> p.figures().stream().anyMatch(d -> d.code().startsWith("enterprise."))).findFirst()
                .orElseThrow();
        officer = new Actor(0, "figures-test", "测试干部", units.findByCode("GC-001").orElseThrow().id(), townA.id(),
                Set.of(Role.CITY_ADMIN), DataScope.all());
        long e1 = enterprise("甲镇图表测试一厂", a1, "0000001");
        long e2 = enterprise("甲镇图表测试二厂", a2, "0000002");
        long e3 = enterprise("乙镇图表测试三厂", b1, "0000003");
        // October 2018: two solved in a1 (one in the last minutes of the month), one in B; not counted: solved on the
        // first of November, closed unresolved in October, still open
        solve(e1, "图表诉求一", "2018-10-05T10:00");
        solve(e1, "图表诉求二", "2018-10-31T23:30");
        solve(e2, "图表诉求三", "2018-11-01T00:30");
        long unresolved = service.raiseProblem(officer, e2, "图表诉求四", "未能解决", "WALK_IN");
        casework.act(officer, unresolved, CaseAction.CLOSE, new ActionInput(null, null, "企业放弃", "CLOSED_UNRESOLVED"));
        finishAt(unresolved, "2018-10-10T10:00");
        service.raiseProblem(officer, e2, "图表诉求五", "办理中", "WALK_IN");
        solve(e3, "图表诉求六", "2018-10-20T10:00");
        // deeds: September in a1 (first and last day), a2 and B; outside: 31 August and 1 October in a1
        deed(a1, "图表实事九月一日", "2018-09-01");
        deed(a1, "图表实事九月末", "2018-09-30");
        deed(a2, "图表实事九月中", "2018-09-15");
        deed(b1, "图表实事乙镇", "2018-09-10");
        deed(a1, "图表实事八月", "2018-08-31");
        deed(a1, "图表实事十月", "2018-10-01");
    }

    private long enterprise(String name, Region village, String serial) {
        String body = "91999902MA" + serial;
        return service.create(officer, new EnterpriseService.NewEnterprise(name, body + CreditCode.checkCharacter(body).orElseThrow(),
                village.code(), false, null, null));
    }

    private void solve(long enterpriseId, String title, String at) {
        long caseId = service.raiseProblem(officer, enterpriseId, title, "图表测试", "WALK_IN");
        casework.act(officer, caseId, CaseAction.ASSIGN, ActionInput.empty());
        casework.act(officer, caseId, CaseAction.START, ActionInput.empty());
        casework.act(officer, caseId, CaseAction.RESOLVE, new ActionInput(null, null, "已解决", null));
        finishAt(caseId, at);
    }

    private void finishAt(long caseId, String at) {
        jdbc.sql("UPDATE casework_case SET finished_at = :at WHERE id = :id")
                .param("at", Timestamp.from(LocalDateTime.parse(at).atZone(Casework.ZONE).toInstant())).param("id", caseId).update();
    }

    private void deed(Region village, String what, String on) {
        service.recordDeed(officer, new EnterpriseService.NewDeed(village.code(), "VILLAGE", null, what, on));
    }

    private Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to) {
        return figures.values(code, from, to, List.of(townA.id(), townB.id(), city, a1.id(), a2.id()));
    }

    @Test
    void problemsSolvedCountResolvedCasesByTheirFinishInTheMonthsOverTheSubtree() {
        Map<Long, FigureValue> october = values("enterprise.problems-solved", OCTOBER, OCTOBER);
        assertThat(october.get(townA.id())).isEqualTo(new FigureValue(2, 2));
        assertThat(october.get(townB.id())).isEqualTo(new FigureValue(1, 1));
        assertThat(october.get(city)).isEqualTo(new FigureValue(3, 3));
        assertThat(october.get(a1.id())).isEqualTo(new FigureValue(2, 2));
        assertThat(october).doesNotContainKey(a2.id());
        assertThat(values("enterprise.problems-solved", OCTOBER, OCTOBER.plusMonths(1)).get(a2.id())).isEqualTo(new FigureValue(1, 1));
        assertThat(values("enterprise.problems-solved", SEPTEMBER, SEPTEMBER)).isEmpty();
    }

    @Test
    void deedsCountTheDaysDoneInTheMonthsOverTheSubtree() {
        Map<Long, FigureValue> september = values("enterprise.deeds", SEPTEMBER, SEPTEMBER);
        assertThat(september.get(townA.id())).isEqualTo(new FigureValue(3, 3));
        assertThat(september.get(townB.id())).isEqualTo(new FigureValue(1, 1));
        assertThat(september.get(city)).isEqualTo(new FigureValue(4, 4));
        assertThat(september.get(a1.id())).isEqualTo(new FigureValue(2, 2));
        assertThat(september.get(a2.id())).isEqualTo(new FigureValue(1, 1));
        assertThat(values("enterprise.deeds", SEPTEMBER.minusMonths(1), OCTOBER).get(townA.id()).value()).isEqualTo(5.0);
        assertThat(figures.figures()).extracting(FigureProvider.FigureDefinition::code)
                .containsExactly("enterprise.problems-solved", "enterprise.deeds");
    }

    @Test
    void eachFigureLinksToTheListOfItsRecordsInTheViewersScope() throws Exception {
        String deedsLink = figures.recordsLink("enterprise.deeds", townA.id(), SEPTEMBER, SEPTEMBER).orElseThrow();
        assertThat(deedsLink).isEqualTo("/enterprise/deeds?region=" + townA.id() + "&from=2018-09&to=2018-09");
        String deeds = page(deedsLink, "zhen01");
        assertThat(texts(deeds, "deed-table", "href=\"/enterprise/deeds/\\d+\">([^<]+)</a>"))
                .containsExactlyInAnyOrder("图表实事九月一日", "图表实事九月末", "图表实事九月中");
        assertThat(deeds).contains("共 3 条").contains("id=\"filter-chip\"").contains(townA.name()).contains("2018-09")
                .contains("id=\"filter-clear\"");
        assertThat(texts(page(figures.recordsLink("enterprise.deeds", city, SEPTEMBER, SEPTEMBER).orElseThrow(), "admin"), "deed-table",
                "href=\"/enterprise/deeds/\\d+\">([^<]+)</a>")).hasSize(4);

        String solvedLink = figures.recordsLink("enterprise.problems-solved", townA.id(), OCTOBER, OCTOBER).orElseThrow();
        assertThat(solvedLink).isEqualTo("/enterprise/problems?region=" + townA.id() + "&from=2018-10&to=2018-10&solved=true");
        String solved = page(solvedLink, "zhen01");
        assertThat(texts(solved, "problem-table", "class=\"problem-case\" href=\"/casework/cases/\\d+\">[^ ]+ ([^<]+)</a>"))
                .containsExactlyInAnyOrder("图表诉求一", "图表诉求二");
        assertThat(solved).contains("共 2 条").contains("id=\"filter-chip\"").contains("期间内已解决");
        assertThat(texts(page(figures.recordsLink("enterprise.problems-solved", city, OCTOBER, OCTOBER).orElseThrow(), "admin"),
                "problem-table", "class=\"problem-case\" href=\"/casework/cases/\\d+\">[^ ]+ ([^<]+)</a>"))
                .containsExactlyInAnyOrder("图表诉求一", "图表诉求二", "图表诉求六");
        // without solved=true the months are those the problems were raised in (all five raised now, none in 2018)
        assertThat(page("/enterprise/problems?region=" + townA.id() + "&from=2018-10&to=2018-10", "zhen01")).contains("共 0 条");
        assertThat(page("/enterprise/problems?region=" + a2.id(), "zhen01")).contains("图表诉求四").contains("图表诉求五");
    }

    @Test
    void aRegionOutsideTheScopeIsNotFoundAndBadValuesAreNamed() throws Exception {
        mvc.perform(get(figures.recordsLink("enterprise.deeds", townB.id(), SEPTEMBER, SEPTEMBER).orElseThrow())
                .session(Sessions.as(mvc, "zhen01"))).andExpect(status().isNotFound());
        mvc.perform(get(figures.recordsLink("enterprise.problems-solved", townA.id(), OCTOBER, OCTOBER).orElseThrow())
                .session(Sessions.as(mvc, "zhen02"))).andExpect(status().isNotFound());
        String bad = mvc.perform(get("/enterprise/problems").param("region", "town").param("from", "2018-9").param("solved", "maybe")
                        .session(Sessions.as(mvc, "zhen01")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("is not a region id").contains("is not a month like 2026-11").contains("must be true or false")
                .contains("共 0 条");
        assertThat(mvc.perform(get("/enterprise/deeds").param("from", "2018-10").param("to", "2018-09").session(Sessions.as(mvc, "zhen01")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString()).contains("must not be before")
                .contains("id=\"new-deed\"");
    }

    private String page(String link, String user) throws Exception {
        return mvc.perform(get(link).session(Sessions.as(mvc, user))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private static List<String> texts(String page, String tableId, String regex) {
        String table = page.substring(page.indexOf("id=\"" + tableId + "\""));
        table = table.substring(table.indexOf("<tbody>"), table.indexOf("</tbody>"));
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(table);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
