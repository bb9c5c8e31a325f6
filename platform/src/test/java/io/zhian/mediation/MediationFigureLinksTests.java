package io.zhian.mediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The mediation figures behind the wall screen: disputes resolved by resolution date, the per-region figures answered in one
 * pass, and each figure's link to the dispute list showing exactly the disputes it counts.
 */
@ZhianTest
class MediationFigureLinksTests {

    private static final YearMonth MAY = YearMonth.of(2020, 5);

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;
    @Autowired Casework casework;
    @Autowired List<FigureProvider> providers;

    private MockHttpSession as(String user) {
        return Sessions.as(mvc, user);
    }

    private Region township(int i) {
        return regions.byLevel(RegionLevel.TOWNSHIP).get(i);
    }

    private Region village(int township, int i) {
        return regions.children(DataScope.all(), township(township).id()).get(i);
    }

    private FigureProvider mediation() {
        return providers.stream().filter(p -> p.figures().stream().anyMatch(f -> f.code().equals("mediation.resolved"))).findFirst()
                .orElseThrow();
    }

    private ResultActions postJson(MockHttpSession s, String url, String json) throws Exception {
        return mvc.perform(post(url).session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private long register(MockHttpSession s, Region region, String flags, String title) throws Exception {
        String body = "{\"category\":\"NEIGHBOUR\",\"riskGrade\":\"LOW\",\"flags\":[" + flags + "],\"title\":\"" + title + "\","
                + "\"description\":\"两户因排水沟走向发生争执，多次协商未果\",\"regionCode\":\"" + region.code() + "\",\"channel\":\"WALK_IN\","
                + "\"parties\":[{\"role\":\"APPLICANT\",\"name\":\"赵一\",\"phone\":\"13912345678\"}]}";
        String response = postJson(s, "/api/v1/mediation/disputes", body).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString();
        return ((Number) JsonPath.read(response, "$.dispute.id")).longValue();
    }

    private void act(MockHttpSession s, long id, String action, String json) throws Exception {
        postJson(s, "/api/v1/mediation/disputes/" + id + "/actions/" + action, json).andExpect(status().isOk());
    }

    private void resolve(MockHttpSession s, long id) throws Exception {
        act(s, id, "assign", "{\"toMe\":true}");
        act(s, id, "start", "{}");
        act(s, id, "resolve", "{\"reason\":\"双方达成和解\"}");
    }

    private void session(MockHttpSession s, long id, String result) throws Exception {
        postJson(s, "/api/v1/mediation/disputes/" + id + "/sessions", "{\"kind\":\"PEOPLES\",\"heldOn\":\"" + LocalDate.now(Casework.ZONE)
                + "\",\"result\":\"" + result + "\"}").andExpect(status().isOk());
    }

    /** Moves a dispute (and its case) so that it was registered at {@code registered} and, if finished, finished at {@code finished}. */
    private void place(long disputeId, LocalDateTime registered, LocalDateTime finished) {
        long caseId = jdbc.sql("SELECT case_id FROM mediation_dispute WHERE id = :id").param("id", disputeId).query(Long.class).single();
        Instant created = jdbc.sql("SELECT created_at FROM casework_case WHERE id = :id").param("id", caseId).query(Instant.class).single();
        Instant done = jdbc.sql("SELECT finished_at FROM casework_case WHERE id = :id").param("id", caseId).query(Instant.class).list()
                .get(0);
        Instant reg = registered.atZone(Casework.ZONE).toInstant();
        Duration back = finished == null || done == null ? Duration.between(reg, created) : Duration.between(finished.atZone(Casework.ZONE).toInstant(), done);
        Duration openFor = Duration.between(reg, created).minus(back);
        casework.shiftDemoTimeline(caseId, back, openFor);
        jdbc.sql("UPDATE mediation_dispute SET created_at = :at WHERE id = :id").param("at", java.sql.Timestamp.from(reg))
                .param("id", disputeId).update();
    }

    private String page(MockHttpSession s, String link) throws Exception {
        return mvc.perform(get(link).session(s)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    /** The dispute table of a list page (the notifications above it name flagged disputes too). */
    private static String table(String html) {
        return html.substring(html.indexOf("id=\"dispute-table\""));
    }

    @Test
    void resolvedCountsByResolutionDateAndEveryFigureLinksToTheDisputesItCounts() throws Exception {
        MockHttpSession s = as("tiaojie01");
        Region v0 = village(0, 6);
        // township 1: A registered in April and resolved in May; B registered and resolved in May (flagged, mediated
        // successfully, agreement with one obligation checked); C registered in May, mediation failed, resolved in June;
        // D registered in May (flagged), mediation ongoing, escalated; township 2: E registered and resolved in May
        long a = register(s, v0, "", "链接纠纷甲");
        resolve(s, a);
        long b = register(s, v0, "\"VIOLENCE\"", "链接纠纷乙");
        session(s, b, "SUCCESS");
        String agreement = postJson(s, "/api/v1/mediation/disputes/" + b + "/agreement", "{\"facts\":\"双方因排水沟走向发生争执，经调解达成一致。\","
                + "\"signedOn\":\"" + LocalDate.now(Casework.ZONE) + "\",\"parties\":[{\"role\":\"APPLICANT\",\"name\":\"赵一\"},"
                + "{\"role\":\"RESPONDENT\",\"name\":\"钱二\"}],\"obligations\":[{\"obligor\":\"钱二\",\"content\":\"改挖排水沟\",\"dueOn\":\""
                + LocalDate.now(Casework.ZONE).plusDays(10) + "\"}]}").andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long obligation = ((Number) JsonPath.read(agreement, "$.agreement.obligations[0].id")).longValue();
        postJson(s, "/api/v1/mediation/disputes/" + b + "/obligations/" + obligation, "{\"performance\":\"PERFORMED\"}").andExpect(status().isOk());
        resolve(s, b);
        long c = register(s, v0, "", "链接纠纷丙");
        session(s, c, "FAILED");
        resolve(s, c);
        long d = register(s, v0, "\"GROUP\"", "链接纠纷丁");
        session(s, d, "ONGOING");
        act(s, d, "escalate", "{\"reason\":\"群体性风险上升\"}");
        long e = register(as("zhen02"), village(1, 6), "", "链接纠纷戊");
        resolve(as("zhen02"), e);
        place(a, LocalDateTime.of(2020, 4, 20, 9, 0), LocalDateTime.of(2020, 5, 6, 10, 0));
        place(b, LocalDateTime.of(2020, 5, 3, 9, 0), LocalDateTime.of(2020, 5, 20, 10, 0));
        place(c, LocalDateTime.of(2020, 5, 8, 9, 0), LocalDateTime.of(2020, 6, 2, 10, 0));
        place(d, LocalDateTime.of(2020, 5, 12, 9, 0), null);
        place(e, LocalDateTime.of(2020, 5, 14, 9, 0), LocalDateTime.of(2020, 5, 30, 10, 0));

        FigureProvider p = mediation();
        long t0 = township(0).id();
        long t1 = township(1).id();
        long city = regions.root().orElseThrow().id();
        List<Long> asked = List.of(t0, t1, city, v0.id());
        Map<Long, FigureProvider.FigureValue> resolved = p.values("mediation.resolved", MAY, MAY, asked);
        assertThat(resolved.get(t0).value()).isEqualTo(2.0); // A, B
        assertThat(resolved.get(v0.id()).value()).isEqualTo(2.0);
        assertThat(resolved.get(t1).value()).isEqualTo(1.0); // E
        assertThat(resolved.get(city).value()).isEqualTo(3.0);
        assertThat(p.values("mediation.resolved", YearMonth.of(2020, 6), YearMonth.of(2020, 6), asked).get(t0).value()).isEqualTo(1.0); // C
        assertThat(p.values("mediation.resolved", YearMonth.of(2020, 4), YearMonth.of(2020, 6), List.of(city)).get(city).value())
                .isEqualTo(4.0);
        Map<Long, FigureProvider.FigureValue> registered = p.values("mediation.disputes", MAY, MAY, asked);
        assertThat(registered.get(t0).value()).isEqualTo(3.0); // B, C, D
        assertThat(registered.get(city).value()).isEqualTo(4.0);
        assertThat(p.values("mediation.success-rate", MAY, MAY, List.of(t0)).get(t0).value()).isEqualTo(50.0); // B of B, C
        assertThat(p.values("mediation.escalations-prevented", MAY, MAY, List.of(t0)).get(t0).value()).isEqualTo(1.0); // B
        assertThat(p.figures()).anyMatch(f -> f.code().equals("mediation.resolved") && f.unit().equals("件") && f.higherIsBetter());

        // each link lists exactly what its figure counts, for the township officer
        Map<String, List<String>> shown = new HashMap<>();
        shown.put("mediation.resolved", List.of("链接纠纷甲", "链接纠纷乙"));
        shown.put("mediation.disputes", List.of("链接纠纷乙", "链接纠纷丙", "链接纠纷丁"));
        shown.put("mediation.on-the-spot-rate", List.of("链接纠纷乙", "链接纠纷丙", "链接纠纷丁"));
        shown.put("mediation.success-rate", List.of("链接纠纷乙", "链接纠纷丙"));
        shown.put("mediation.performance-rate", List.of("链接纠纷乙"));
        shown.put("mediation.escalations-prevented", List.of("链接纠纷乙"));
        List<String> all = List.of("链接纠纷甲", "链接纠纷乙", "链接纠纷丙", "链接纠纷丁", "链接纠纷戊");
        for (Map.Entry<String, List<String>> x : shown.entrySet()) {
            String link = p.recordsLink(x.getKey(), t0, MAY, MAY).orElseThrow();
            assertThat(link).startsWith("/mediation?region=" + t0 + "&from=2020-05&to=2020-05");
            String html = page(as("zhen01"), link);
            List<String> absent = new ArrayList<>(all);
            absent.removeAll(x.getValue());
            assertThat(table(html)).as(x.getKey()).contains(x.getValue()).doesNotContain(absent);
            assertThat(html).contains("id=\"active-filter\"").contains("区域: " + township(0).name()).contains("2020-05");
        }
        // the city link holds the other township's dispute too
        String cityLink = p.recordsLink("mediation.resolved", city, MAY, MAY).orElseThrow();
        assertThat(table(page(as("admin"), cityLink))).contains("链接纠纷甲", "链接纠纷乙", "链接纠纷戊").doesNotContain("链接纠纷丙", "链接纠纷丁");
        // the API reads the same filters
        String api = mvc.perform(get("/api/v1/mediation/disputes").param("region", String.valueOf(t0)).param("from", "2020-05")
                .param("to", "2020-05").param("counted", "resolved").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(((Number) JsonPath.read(api, "$.total")).intValue()).isEqualTo(2);
        // another township's officer gets 404 for this township; bad values are field errors
        mvc.perform(get(p.recordsLink("mediation.disputes", t0, MAY, MAY).orElseThrow()).session(as("zhen02"))).andExpect(status().isNotFound());
        String bad = page(as("zhen01"), "/mediation?region=abc&counted=everything&from=2020-13");
        assertThat(bad).contains("&#39;abc&#39; is not a region id").contains("must be one of").contains("is not a month");
        assertThat(p.recordsLink("mediation.nonsense", t0, MAY, MAY)).isEmpty();
    }

    @Test
    void figuresForEveryTownshipAtOnceMatchTheStatisticsPerTownship() throws Exception {
        YearMonth to = YearMonth.now(Casework.ZONE);
        YearMonth from = to.minusMonths(11);
        String json = mvc.perform(get("/api/v1/mediation/statistics").param("from", from.toString()).param("to", to.toString())
                .session(as("admin"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<Map<String, Object>> rows = JsonPath.read(json, "$");
        Map<Long, long[]> byTownship = new HashMap<>(); // cases, on the spot, escalations prevented, flagged
        for (Map<String, Object> r : rows) {
            long[] t = byTownship.computeIfAbsent(((Number) r.get("townshipId")).longValue(), k -> new long[4]);
            t[0] += ((Number) r.get("cases")).longValue();
            t[1] += ((Number) r.get("resolvedOnTheSpot")).longValue();
            t[2] += ((Number) r.get("escalationsPrevented")).longValue();
            t[3] += ((Number) r.get("flagged")).longValue();
        }
        assertThat(byTownship).hasSizeGreaterThan(20);
        List<Long> townships = regions.byLevel(RegionLevel.TOWNSHIP).stream().map(Region::id).toList();
        FigureProvider p = mediation();
        Map<Long, FigureProvider.FigureValue> disputes = p.values("mediation.disputes", from, to, townships);
        Map<Long, FigureValue2> expected = new HashMap<>();
        byTownship.forEach((id, t) -> expected.put(id, new FigureValue2(t[0], t[1], t[2], t[3])));
        assertThat(disputes.keySet()).isEqualTo(expected.keySet());
        Map<Long, FigureProvider.FigureValue> spot = p.values("mediation.on-the-spot-rate", from, to, townships);
        Map<Long, FigureProvider.FigureValue> prevented = p.values("mediation.escalations-prevented", from, to, townships);
        expected.forEach((id, x) -> {
            assertThat(disputes.get(id).value()).isEqualTo((double) x.cases());
            assertThat(spot.get(id).value()).isCloseTo(100.0 * x.onTheSpot() / x.cases(), org.assertj.core.data.Offset.offset(0.051));
            assertThat(spot.get(id).sampleSize()).isEqualTo(x.cases());
            assertThat(prevented.get(id).value()).isEqualTo((double) x.prevented());
            assertThat(prevented.get(id).sampleSize()).isEqualTo(x.flagged());
        });
        // a township asked alone gets the value it gets among all
        long one = townships.get(3);
        assertThat(p.values("mediation.disputes", from, to, List.of(one)).get(one)).isEqualTo(disputes.get(one));
    }

    private record FigureValue2(long cases, long onTheSpot, long prevented, long flagged) {}
}
