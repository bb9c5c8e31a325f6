package io.zhian.antifraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.RawIdentifier;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import io.zhian.shared.FigureProvider.FigureValue;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The anti-fraud figures against a hand-computed set in April 2018 (no demo case is that old), two townships: the
 * counts, losses and newly linked series per township, per village and for the city, and the register each figure
 * links to listing exactly the cases behind it.
 */
@ZhianTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AntifraudFiguresTests {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final YearMonth APRIL = YearMonth.of(2018, 4);

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired FraudCases cases;
    @Autowired List<FigureProvider> providers;

    private Region townA;
    private Region townB;
    private Region a1;
    private Region a2;
    private Region b1;
    private long city;
    private FigureProvider figures;

    @BeforeAll
    void recordTheSet() {
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        townA = townships.get(10);
        townB = townships.get(11);
        a1 = regions.children(DataScope.all(), townA.id()).get(0);
        a2 = regions.children(DataScope.all(), townA.id()).get(1);
        b1 = regions.children(DataScope.all(), townB.id()).get(0);
        city = regions.root().orElseThrow().id();
        figures = providers.stream().filter(p -> p.figures().stream().anyMatch(d -> d.code().startsWith("antifraud."))).findFirst()
                .orElseThrow();
        List<NewFraudCase> set = new ArrayList<>();
        // series 1 (phone …01): March in A, April in A (its linking case: the second by occurrence), April in B
        set.add(fraud("AFT-S1-MAR", a1, "2018-03-20T10:00", 70_000, "19918040001"));
        set.add(fraud("AFT-S1-APR-A", a2, "2018-04-05T10:00", 100_050, "19918040001"));
        set.add(fraud("AFT-S1-APR-B", b1, "2018-04-10T10:00", 50_000, "19918040001"));
        // series 2 (…02): both in B in April, linked by the second
        set.add(fraud("AFT-S2-1", b1, "2018-04-02T09:00", 150_000, "19918040002"));
        set.add(fraud("AFT-S2-2", b1, "2018-04-25T09:00", 25_025, "19918040002"));
        // series 3 (…03): first in A late April, linked in May
        set.add(fraud("AFT-S3-1", a1, "2018-04-28T09:00", 30_000, "19918040003"));
        set.add(fraud("AFT-S3-2", a1, "2018-05-03T09:00", 5_000, "19918040003"));
        // lone cases in A: mid-April, the last minutes of April (city time), the first minutes of May
        set.add(fraud("AFT-LONE-1", a1, "2018-04-15T12:00", 200_000, "19918040011"));
        set.add(fraud("AFT-LONE-2", a2, "2018-04-30T23:50", 50, "19918040012"));
        set.add(fraud("AFT-LONE-3", a2, "2018-05-01T00:10", 9_900, "19918040013"));
        cases.recordAll(set);
    }

    private static NewFraudCase fraud(String no, Region village, String at, long fen, String phone) {
        Instant occurred = LocalDateTime.parse(at).atZone(ZONE).toInstant();
        return new NewFraudCase(no, village.code(), FraudType.FAKE_INVESTMENT, occurred, fen, null, null, "figure test",
                List.of(new RawIdentifier(IdentifierType.PHONE, phone)));
    }

    private Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to) {
        return figures.values(code, from, to, List.of(townA.id(), townB.id(), city, a1.id(), a2.id()));
    }

    @Test
    void casesAndLossesCountEveryCaseThatOccurredInTheMonthsOverTheSubtree() {
        // April: A has S1-APR-A, S3-1, LONE-1, LONE-2 (23:50 on the 30th); B has S1-APR-B, S2-1, S2-2
        Map<Long, FigureValue> april = values("antifraud.cases", APRIL, APRIL);
        assertThat(april.get(townA.id())).isEqualTo(new FigureValue(4, 4));
        assertThat(april.get(townB.id())).isEqualTo(new FigureValue(3, 3));
        assertThat(april.get(city)).isEqualTo(new FigureValue(7, 7));
        assertThat(april.get(a1.id())).isEqualTo(new FigureValue(2, 2));
        assertThat(april.get(a2.id())).isEqualTo(new FigureValue(2, 2));
        // losses: A 1000.50 + 300 + 2000 + 0.50; B 500 + 1500 + 250.25
        Map<Long, FigureValue> loss = values("antifraud.loss-yuan", APRIL, APRIL);
        assertThat(loss.get(townA.id())).isEqualTo(new FigureValue(3301.0, 4));
        assertThat(loss.get(townB.id())).isEqualTo(new FigureValue(2250.25, 3));
        assertThat(loss.get(city)).isEqualTo(new FigureValue(5551.25, 7));
        // March..May adds S1-MAR, S3-2 and LONE-3 to A
        assertThat(values("antifraud.cases", APRIL.minusMonths(1), APRIL.plusMonths(1)).get(townA.id()).value()).isEqualTo(7.0);
        // a region without cases in the months is left out
        assertThat(figures.values("antifraud.cases", YearMonth.of(2017, 4), YearMonth.of(2017, 4), List.of(townA.id()))).isEmpty();
    }

    @Test
    void aSeriesCountsOnceInTheMonthAndRegionOfTheCaseThatLinkedIt() {
        Map<Long, FigureValue> april = values("antifraud.series-linked", APRIL, APRIL);
        // S1 linked by S1-APR-A (village a2 of A); S2 by S2-2 (B); S3 only in May
        assertThat(april.get(townA.id())).isEqualTo(new FigureValue(1, 1));
        assertThat(april.get(townB.id())).isEqualTo(new FigureValue(1, 1));
        assertThat(april.get(city)).isEqualTo(new FigureValue(2, 2));
        assertThat(april.get(a2.id())).isEqualTo(new FigureValue(1, 1));
        assertThat(april).doesNotContainKey(a1.id());
        Map<Long, FigureValue> spring = values("antifraud.series-linked", APRIL.minusMonths(1), APRIL.plusMonths(1));
        assertThat(spring.get(townA.id()).value()).isEqualTo(2.0);
        assertThat(spring.get(a1.id()).value()).isEqualTo(1.0);
        assertThat(spring.get(city).value()).isEqualTo(3.0);
        assertThat(figures.figures()).extracting(FigureProvider.FigureDefinition::code)
                .containsExactly("antifraud.cases", "antifraud.loss-yuan", "antifraud.series-linked");
    }

    @Test
    void eachFigureLinksToTheRegisterListingExactlyItsCases() throws Exception {
        assertThat(figures.recordsLink("antifraud.cases", townA.id(), APRIL, APRIL))
                .contains("/antifraud?region=" + townA.id() + "&from=2018-04&to=2018-04");
        String casesPage = page(figures.recordsLink("antifraud.cases", townA.id(), APRIL, APRIL).orElseThrow(), "fanzha01");
        assertThat(caseNos(casesPage)).containsExactlyInAnyOrder("AFT-S1-APR-A", "AFT-S3-1", "AFT-LONE-1", "AFT-LONE-2");
        assertThat(casesPage).contains("共 4 条").contains("id=\"filter-chip\"").contains(townA.name()).contains("2018-04")
                .contains("id=\"filter-clear\"");
        assertThat(caseNos(page(figures.recordsLink("antifraud.loss-yuan", city, APRIL, APRIL).orElseThrow(), "fanzha01"))).hasSize(7);
        String linked = page(figures.recordsLink("antifraud.series-linked", city, APRIL, APRIL).orElseThrow(), "fanzha01");
        assertThat(caseNos(linked)).containsExactlyInAnyOrder("AFT-S1-APR-A", "AFT-S2-2");
        assertThat(linked).contains("新串并系列");
        assertThat(caseNos(page("/antifraud?region=" + townA.id() + "&from=2018-03&to=2018-05&series=linked", "fanzha01")))
                .containsExactlyInAnyOrder("AFT-S1-APR-A", "AFT-S3-2");
        // the older month parameter still narrows the same way
        assertThat(caseNos(page("/antifraud?region=" + townB.id() + "&month=2018-04", "fanzha01"))).hasSize(3);
    }

    @Test
    void aRegionOutsideTheScopeIsNotFoundAndBadValuesAreNamed() throws Exception {
        mvc.perform(get("/antifraud").param("region", String.valueOf(townA.id())).param("from", "2018-04").param("to", "2018-04")
                .session(Sessions.as(mvc, "zhen01"))).andExpect(status().isNotFound());
        // the township officer's own township: nothing of this set
        Region own = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        assertThat(caseNos(page("/antifraud?region=" + own.id() + "&from=2018-04&to=2018-04", "zhen01"))).isEmpty();
        String bad = mvc.perform(get("/antifraud").param("region", "x1").param("from", "April").param("to", "2018-04")
                        .param("series", "all").session(Sessions.as(mvc, "fanzha01")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("is not a region id").contains("is not a month like 2026-11").contains("(only the case that linked each series)")
                .contains("共 0 条").contains("id=\"case-table\"");
        assertThat(mvc.perform(get("/antifraud").param("from", "2018-05").param("to", "2018-04").session(Sessions.as(mvc, "fanzha01")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString()).contains("must not be before");
        mvc.perform(get("/antifraud").param("region", "99999999").session(Sessions.as(mvc, "fanzha01"))).andExpect(status().isNotFound());
    }

    private String page(String link, String user) throws Exception {
        return mvc.perform(get(link).session(Sessions.as(mvc, user))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private static List<String> caseNos(String page) {
        String table = page.substring(page.indexOf("id=\"case-table\""));
        table = table.substring(table.indexOf("<tbody>"), table.indexOf("</tbody>"));
        List<String> nos = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"/antifraud/cases/\\d+\">([^<]+)</a>").matcher(table);
        while (m.find()) {
            nos.add(m.group(1));
        }
        return nos;
    }
}
