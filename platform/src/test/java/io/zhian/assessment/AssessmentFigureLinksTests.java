package io.zhian.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.FigureProvider;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** The assessment module's figures link to the publicity, task and inspection lists they count. */
@ZhianTest
class AssessmentFigureLinksTests {

    private static final YearMonth JULY = YearMonth.of(2022, 7);

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired OrgUnits units;
    @Autowired JdbcClient jdbc;
    @Autowired List<FigureProvider> providers;

    private Region township(int i) {
        return regions.byLevel(RegionLevel.TOWNSHIP).get(i);
    }

    private FigureProvider assessment() {
        return providers.stream().filter(p -> p.figures().stream().anyMatch(f -> f.code().equals("assessment.publicity.count")))
                .findFirst().orElseThrow();
    }

    private void publicity(Region region, int quantity, LocalDate on, String note) {
        jdbc.sql("INSERT INTO assessment_publicity (region_id, kind, quantity, done_on, note) VALUES (:r, 'BANNER', :q, :on, :n)")
                .param("r", region.id()).param("q", quantity).param("on", on).param("n", note).update();
    }

    private long pairing(OrgUnit unit, Region township) {
        jdbc.sql("INSERT INTO assessment_pairing (unit_id, township_id, started_on) VALUES (:u, :t, DATE '2022-01-01') ON CONFLICT DO NOTHING")
                .param("u", unit.id()).param("t", township.id()).update();
        return jdbc.sql("SELECT id FROM assessment_pairing WHERE unit_id = :u AND township_id = :t").param("u", unit.id())
                .param("t", township.id()).query(Long.class).single();
    }

    private void task(long pairing, String title, LocalDate due, LocalDate completed) {
        jdbc.sql("""
                        INSERT INTO assessment_task (pairing_id, title, due_on, status, completed_on, completion_note)
                        VALUES (:p, :t, :d, :s, :c, :n)""")
                .param("p", pairing).param("t", title).param("d", due).param("s", completed == null ? "OPEN" : "DONE").param("c", completed)
                .param("n", completed == null ? null : "完成").update();
    }

    private void inspection(OrgUnit unit, String findings, LocalDate rectifyBy) {
        jdbc.sql("""
                        INSERT INTO assessment_inspection (team, unit_id, region_id, inspected_on, findings, rectify_by)
                        VALUES ('链接督导组', :u, :r, :on, :f, :by)""")
                .param("u", unit.id()).param("r", unit.regionId()).param("on", rectifyBy.minusDays(10)).param("f", findings)
                .param("by", rectifyBy).update();
    }

    private String page(MockHttpSession s, String link) throws Exception {
        return mvc.perform(get(link).session(s)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void eachFigureLinksToTheRecordsItCounts() throws Exception {
        Region t0 = township(0);
        Region t1 = township(1);
        Region village = regions.children(io.zhian.shared.DataScope.all(), t0.id()).get(0);
        MockHttpSession zhen01 = Sessions.as(mvc, "zhen01");
        FigureProvider p = assessment();

        publicity(village, 5, LocalDate.of(2022, 7, 10), "链接宣传甲");
        publicity(t0, 7, LocalDate.of(2022, 7, 31), "链接宣传乙");
        publicity(t0, 9, LocalDate.of(2022, 8, 1), "链接宣传丙");
        publicity(t1, 11, LocalDate.of(2022, 7, 10), "链接宣传丁");
        assertThat(p.values("assessment.publicity.count", JULY, JULY, List.of(t0.id())).get(t0.id()).value()).isEqualTo(12.0);
        String link = p.recordsLink("assessment.publicity.count", t0.id(), JULY, JULY).orElseThrow();
        assertThat(link).isEqualTo("/assessment/publicity?region=" + t0.id() + "&from=2022-07&to=2022-07");
        String html = page(zhen01, link);
        assertThat(html.substring(html.indexOf("id=\"publicity-table\""))).contains("链接宣传甲", "链接宣传乙").doesNotContain("链接宣传丙", "链接宣传丁");
        assertThat(html).contains("id=\"active-filter\"").contains("区域: " + t0.name()).contains("2022-07");

        long own = pairing(units.findByCode("GC-001").orElseThrow(), t0);
        long other = pairing(units.findByCode("GC-002").orElseThrow(), t1);
        task(own, "链接任务甲", LocalDate.of(2022, 7, 5), LocalDate.of(2022, 7, 4));
        task(own, "链接任务乙", LocalDate.of(2022, 7, 20), null);
        task(own, "链接任务丙", LocalDate.of(2022, 8, 5), LocalDate.of(2022, 8, 1));
        task(other, "链接任务丁", LocalDate.of(2022, 7, 5), LocalDate.of(2022, 7, 1));
        var rate = p.values("assessment.pairing.on-time-rate", JULY, JULY, List.of(t0.id())).get(t0.id());
        assertThat(rate.value()).isEqualTo(50.0);
        assertThat(rate.sampleSize()).isEqualTo(2);
        html = page(zhen01, p.recordsLink("assessment.pairing.on-time-rate", t0.id(), JULY, JULY).orElseThrow());
        assertThat(html.substring(html.indexOf("id=\"task-table\""))).contains("链接任务甲", "链接任务乙").doesNotContain("链接任务丙", "链接任务丁");

        OrgUnit gc1 = units.findByCode("GC-001").orElseThrow();
        OrgUnit gc2 = units.findByCode("GC-002").orElseThrow();
        inspection(gc1, "链接检查甲", LocalDate.of(2022, 7, 15));
        inspection(gc1, "链接检查乙", LocalDate.of(2022, 9, 15));
        inspection(gc2, "链接检查丙", LocalDate.of(2022, 7, 15));
        String inspections = p.recordsLink("assessment.inspection.rectified-rate", gc1.regionId(), JULY, JULY).orElseThrow();
        assertThat(inspections).startsWith("/assessment/supervision?region=");
        html = page(zhen01, inspections);
        String table = html.substring(html.indexOf("id=\"inspection-table\""));
        assertThat(table.substring(0, table.indexOf("</table>")))
                .contains("链接检查甲").doesNotContain("链接检查乙", "链接检查丙");

        // another township's officer: 404; bad values: field errors, the usual lists stay
        mvc.perform(get(link).session(Sessions.as(mvc, "zhen02"))).andExpect(status().isNotFound());
        html = page(zhen01, "/assessment/publicity?region=q&from=2022-7");
        assertThat(html).contains("&#39;q&#39; is not a whole number").contains("is not a month");
        assertThat(p.recordsLink("assessment.nothing", t0.id(), JULY, JULY)).isEmpty();
    }
}
