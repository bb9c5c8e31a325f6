package io.zhian.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.RegionKind;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Alarm intake and dispatch through the API and pages, against the demo city. */
@ZhianTest
@RecordApplicationEvents
class AlarmsTests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationEventPublisher events;
    @Autowired PlatformTransactionManager transactions;
    @Autowired List<FigureProvider> figureProviders;
    @Autowired ApplicationEvents recorded;
    @Autowired org.springframework.context.ApplicationContext context;

    private MockHttpSession as(String user) {
        return Sessions.as(mvc, user);
    }

    private Region township(int index) {
        return regions.byLevel(RegionLevel.TOWNSHIP).get(index);
    }

    private Region village(int township) {
        return regions.children(DataScope.all(), township(township).id()).get(0);
    }

    private long create(Region region, String phone) throws Exception {
        String body = "{\"regionCode\":\"" + region.code() + "\",\"address\":\"" + region.name() + "3组\",\"category\":\"PUBLIC_ORDER\","
                + "\"description\":\"有人酒后滋事\",\"callerPhone\":" + (phone == null ? "null" : "\"" + phone + "\"") + "}";
        String json = mvc.perform(post("/api/v1/alarms").session(as("jiejing01")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.stage").value("RECEIVED"))
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private ResultActions act(String user, long id, String action, String json) throws Exception {
        return mvc.perform(post("/api/v1/alarms/" + id + "/" + action).session(as(user)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM alarm").query(Long.class).single();
    }

    @Test
    void anAlarmGoesThroughItsStagesAndIllegalMovesAreRefused() throws Exception {
        long id = create(village(0), "13912345678");
        int version = jdbc.sql("SELECT version FROM alarm WHERE id = :id").param("id", id).query(Integer.class).single();
        act("jiejing01", id, "arrive", "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("RECEIVED")));
        act("jiejing01", id, "close", "{}").andExpect(status().isConflict());
        act("jiejing01", id, "dispatch", "{}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("unitCode"));
        act("jiejing01", id, "dispatch", "{\"unitCode\":\"NOPE\"}").andExpect(status().isBadRequest());
        act("jiejing01", id, "fly", "{}").andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT version FROM alarm WHERE id = :id").param("id", id).query(Integer.class).single()).isEqualTo(version);

        mvc.perform(get("/api/v1/alarms/" + id).session(as("jiejing01"))).andExpect(jsonPath("$.overdue").value(false));
        jdbc.sql("UPDATE alarm SET received_at = received_at - interval '4 minutes' WHERE id = :id").param("id", id).update();
        mvc.perform(get("/api/v1/alarms/" + id).session(as("jiejing01"))).andExpect(jsonPath("$.overdue").value(true));
        jdbc.sql("UPDATE alarm SET received_at = received_at + interval '4 minutes' WHERE id = :id").param("id", id).update();
        act("jiejing01", id, "dispatch", "{\"unitCode\":\"PS-001\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.stage").value("DISPATCHED")).andExpect(jsonPath("$.unitName").value(Matchers.endsWith("派出所")))
                .andExpect(jsonPath("$.dispatchedAt").isNotEmpty());
        act("jiejing01", id, "depart", "{}").andExpect(jsonPath("$.stage").value("EN_ROUTE"));
        act("jiejing01", id, "arrive", "{}").andExpect(jsonPath("$.stage").value("ON_SCENE")).andExpect(jsonPath("$.onSceneAt").isNotEmpty())
                .andExpect(jsonPath("$.arrivedWithinTarget").value(true));
        act("jiejing01", id, "cancel", "{\"reason\":\"晚了\"}").andExpect(status().isConflict());
        act("jiejing01", id, "clear", "{}").andExpect(jsonPath("$.stage").value("CLEARED"));
        act("jiejing01", id, "close", "{}").andExpect(jsonPath("$.stage").value("CLOSED")).andExpect(jsonPath("$.finished").value(true))
                .andExpect(jsonPath("$.allowedActions").isEmpty());
        act("jiejing01", id, "dispatch", "{\"unitCode\":\"PS-002\"}").andExpect(status().isConflict());

        mvc.perform(get("/api/v1/alarms/" + id + "/timeline").session(as("jiejing01")))
                .andExpect(jsonPath("$[*].toStage").value(Matchers.contains("RECEIVED", "DISPATCHED", "EN_ROUTE", "ON_SCENE", "CLEARED",
                        "CLOSED")))
                .andExpect(jsonPath("$[1].actorName").value("接警调度员（演示）"));
        List<String> stages = recorded.stream(AlarmStatusChanged.class).filter(e -> e.alarmId() == id).map(AlarmStatusChanged::stage)
                .toList();
        assertThat(stages).containsExactly("RECEIVED", "DISPATCHED", "EN_ROUTE", "ON_SCENE", "CLEARED", "CLOSED");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE object_type = 'alarm' AND object_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(6);
    }

    @Test
    void cancelAndUnfoundedNeedAReason() throws Exception {
        long a = create(village(0), null);
        act("jiejing01", a, "cancel", "{}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        act("jiejing01", a, "cancel", "{\"reason\":\"报警人称已解决\"}").andExpect(jsonPath("$.stage").value("CANCELLED"))
                .andExpect(jsonPath("$.outcomeReason").value("报警人称已解决"));
        long b = create(village(0), null);
        act("jiejing01", b, "dispatch", "{\"unitCode\":\"PS-001\"}").andExpect(status().isOk());
        act("jiejing01", b, "arrive", "{}").andExpect(status().isOk());
        act("jiejing01", b, "unfounded", "{\"reason\":\" \"}").andExpect(status().isBadRequest());
        act("jiejing01", b, "unfounded", "{\"reason\":\"到场核实无警情\"}").andExpect(jsonPath("$.stage").value("UNFOUNDED"));
    }

    @Test
    void theSameAlarmRequestedTwiceIsOneAlarm() throws Exception {
        Region village = village(1);
        AlarmRequested e = new AlarmRequested("COMPOUND", "compound-alarm:77", "panel-press-77", village.id(), 112.1, 32.7,
                "翰林公馆 3号楼 2单元", "一键报警：住户求助", Instant.now());
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(s -> {
            events.publishEvent(e);
            events.publishEvent(e);
        });
        tx.executeWithoutResult(s -> events.publishEvent(e));
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline && jdbc.sql("""
                SELECT count(*) FROM event_publication WHERE listener_id = 'alarms.intake' AND completion_date IS NULL""")
                .query(Long.class).single() > 0) {
            Thread.sleep(100);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM alarm WHERE dedup_key = 'panel-press-77'").query(Long.class).single()).isEqualTo(1);
        Map<String, Object> row = jdbc.sql("SELECT source_kind, region_id, township_id, category, stage, address FROM alarm WHERE dedup_key = 'panel-press-77'")
                .query().singleRow();
        assertThat(row).containsEntry("source_kind", "COMPOUND").containsEntry("region_id", village.id())
                .containsEntry("township_id", township(1).id()).containsEntry("category", "HELP").containsEntry("stage", "RECEIVED")
                .containsEntry("address", "翰林公馆 3号楼 2单元");
    }

    @Test
    void statisticsMatchAHandComputedSet() throws Exception {
        Region township = township(5);
        Region village = regions.children(DataScope.all(), township.id()).get(0);
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        Instant base = YearMonth.of(2020, 3).atDay(10).atTime(9, 0).atZone(zone).toInstant();
        // minutes to dispatch 1,1,2,3,5 and to arrival 4,6,8,10,12; target 10 → 4 of 5 in time; one cancelled before dispatch
        int[][] minutes = {{1, 4}, {1, 6}, {2, 8}, {3, 10}, {5, 12}};
        int i = 0;
        for (int[] m : minutes) {
            Instant received = base.plus(Duration.ofHours(i++));
            insert(village, township, received, received.plus(Duration.ofMinutes(m[0])), received.plus(Duration.ofMinutes(m[1])), "CLOSED");
        }
        insert(village, township, base.plus(Duration.ofDays(3)), null, null, "CANCELLED");

        mvc.perform(get("/api/v1/alarms/statistics").param("from", "2020-03").param("to", "2020-03").session(as("jiejing01")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].townshipName").value(township.name()))
                .andExpect(jsonPath("$[0].month").value("2020-03"))
                .andExpect(jsonPath("$[0].alarms").value(6))
                .andExpect(jsonPath("$[0].arrived").value(5))
                .andExpect(jsonPath("$[0].dispatchP50").value(2.0))
                .andExpect(jsonPath("$[0].dispatchP90").value(4.2))
                .andExpect(jsonPath("$[0].arrivalP50").value(8.0))
                .andExpect(jsonPath("$[0].arrivalP90").value(11.2))
                .andExpect(jsonPath("$[0].arrivedWithinTarget").value(4))
                .andExpect(jsonPath("$[0].compliancePercent").value(80.0))
                .andExpect(jsonPath("$[0].cancelled").value(1));
        // the township officer of another township sees none of it
        mvc.perform(get("/api/v1/alarms/statistics").param("from", "2020-03").param("to", "2020-03").session(as("zhen01")))
                .andExpect(jsonPath("$.length()").value(0));
        String csv = mvc.perform(get("/alarms/statistics.csv").param("from", "2020-03").param("to", "2020-03").session(as("jiejing01")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains(township.name() + ",2020-03,6,5,5,1.0,2.0,3.0,4.2,8.0,11.2,4,80.0,1,0".replace(",5,1.0,2.0,3.0,4.2", ",5,2.0,4.2"));
        mvc.perform(get("/alarms/statistics.xlsx").param("from", "2020-03").param("to", "2020-03").session(as("jiejing01")))
                .andExpect(status().isOk());

        FigureProvider figures = figureProviders.stream().filter(f -> f.figures().stream().anyMatch(d -> d.code().startsWith("alarms.")))
                .findFirst().orElseThrow();
        YearMonth march = YearMonth.of(2020, 3);
        assertThat(figures.values("alarms.count", march, march, List.of(township.id(), township(6).id())))
                .containsOnlyKeys(township.id()).extractingByKey(township.id()).extracting(FigureProvider.FigureValue::value).isEqualTo(6.0);
        assertThat(figures.values("alarms.arrival-p90-minutes", march, march, List.of(township.id())).get(township.id()).value()).isEqualTo(11.2);
        assertThat(figures.values("alarms.arrival-compliance-rate", march, march, List.of(township.id())).get(township.id()).value())
                .isEqualTo(80.0);
        // the city aggregates its whole subtree
        long city = regions.root().orElseThrow().id();
        assertThat(figures.values("alarms.count", march, march, List.of(city)).get(city).value()).isEqualTo(6.0);
    }

    @Test
    void theDispatchP90IsOneQueryForAllAskedRegionsAndEveryFigureLinksToTheAlarmsItCounts() throws Exception {
        Region seventh = township(7);
        Region eighth = township(8);
        Region v7 = regions.children(DataScope.all(), seventh.id()).get(0);
        Region v8 = regions.children(DataScope.all(), eighth.id()).get(0);
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        YearMonth august = YearMonth.of(2017, 8);
        Instant base = august.atDay(3).atTime(8, 0).atZone(zone).toInstant();
        // seventh township in August 2017: dispatched after 1, 2, 3, 4, 10 minutes; arrived after 6, 9 and 15 (target 10)
        int[][] minutes = {{1, 6}, {2, 9}, {3, 15}, {4, -1}, {10, -1}};
        int i = 0;
        for (int[] m : minutes) {
            Instant received = base.plus(Duration.ofHours(i++));
            insert(v7, seventh, received, received.plus(Duration.ofMinutes(m[0])),
                    m[1] < 0 ? null : received.plus(Duration.ofMinutes(m[1])), m[1] < 0 ? "DISPATCHED" : "CLOSED");
        }
        insert(v7, seventh, base.plus(Duration.ofDays(2)), null, null, "CANCELLED"); // never dispatched
        // the eighth township: one alarm dispatched after 6 minutes; outside the period: the seventh in July and September
        insert(v8, eighth, base.plus(Duration.ofDays(5)), base.plus(Duration.ofDays(5)).plus(Duration.ofMinutes(6)), null, "DISPATCHED");
        Instant july = august.minusMonths(1).atEndOfMonth().atTime(23, 50).atZone(zone).toInstant();
        insert(v7, seventh, july, july.plus(Duration.ofMinutes(30)), july.plus(Duration.ofMinutes(40)), "CLOSED");
        Instant september = august.plusMonths(1).atDay(1).atTime(0, 5).atZone(zone).toInstant();
        insert(v7, seventh, september, september.plus(Duration.ofMinutes(30)), null, "DISPATCHED");

        FigureProvider figures = figureProviders.stream().filter(f -> f.figures().stream().anyMatch(d -> d.code().startsWith("alarms.")))
                .findFirst().orElseThrow();
        assertThat(figures.figures()).extracting(FigureProvider.FigureDefinition::code).contains("alarms.dispatch-p90-minutes");
        long city = regions.root().orElseThrow().id();
        List<Long> asked = List.of(seventh.id(), eighth.id(), city, township(9).id());
        // P90 of 1, 2, 3, 4, 10 interpolates at 3.6: 4 + 0.6 × 6 = 7.6; the city adds 6: 6 + 0.5 × 4 = 8.0
        Map<Long, FigureProvider.FigureValue> p90 = figures.values("alarms.dispatch-p90-minutes", august, august, asked);
        assertThat(p90).containsOnlyKeys(seventh.id(), eighth.id(), city);
        assertThat(p90.get(seventh.id())).isEqualTo(new FigureProvider.FigureValue(7.6, 5));
        assertThat(p90.get(eighth.id())).isEqualTo(new FigureProvider.FigureValue(6.0, 1));
        assertThat(p90.get(city)).isEqualTo(new FigureProvider.FigureValue(8.0, 6));
        // a village answers for itself; the other figures come from the same single statement
        assertThat(figures.values("alarms.dispatch-p90-minutes", august, august, List.of(v7.id())).get(v7.id()).value()).isEqualTo(7.6);
        assertThat(figures.values("alarms.count", august, august, asked)).containsOnlyKeys(seventh.id(), eighth.id(), city)
                .extractingByKey(city).isEqualTo(new FigureProvider.FigureValue(7, 7));
        // arrival P90 of 6, 9, 15 at 1.8: 9 + 0.8 × 6 = 13.8; 2 of 3 within the 10-minute target
        assertThat(figures.values("alarms.arrival-p90-minutes", august, august, asked).get(seventh.id()))
                .isEqualTo(new FigureProvider.FigureValue(13.8, 3));
        assertThat(figures.values("alarms.arrival-compliance-rate", august, august, asked).get(seventh.id()))
                .isEqualTo(new FigureProvider.FigureValue(66.7, 3));
        // July..September counts the two outside alarms too
        assertThat(figures.values("alarms.count", august.minusMonths(1), august.plusMonths(1), List.of(seventh.id())).get(seventh.id())
                .value()).isEqualTo(8.0);

        // each figure's link lists exactly the alarms behind it
        assertThat(figures.recordsLink("alarms.count", seventh.id(), august, august))
                .contains("/alarms/list?region=" + seventh.id() + "&from=2017-08&to=2017-08");
        Map<String, Integer> expected = Map.of("alarms.count", 6, "alarms.dispatch-p90-minutes", 5, "alarms.arrival-p90-minutes", 3,
                "alarms.arrival-compliance-rate", 3);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            String link = figures.recordsLink(e.getKey(), seventh.id(), august, august).orElseThrow();
            String page = mvc.perform(get(link).session(as("jiejing01"))).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString();
            assertThat(page).as(e.getKey()).contains("共 " + e.getValue() + " 条").contains("id=\"filter-chip\"").contains(seventh.name())
                    .contains("2017-08").contains("id=\"filter-clear\"");
            assertThat(countRows(page)).as(e.getKey()).isEqualTo(e.getValue());
        }
        String cityPage = mvc.perform(get(figures.recordsLink("alarms.count", city, august, august).orElseThrow()).session(as("jiejing01")))
                .andReturn().getResponse().getContentAsString();
        assertThat(cityPage).contains("共 7 条");
        // a township officer: his own township filters as the figure does; another township's region is "not found"
        mvc.perform(get("/alarms/list").param("region", String.valueOf(seventh.id())).param("from", "2017-08").param("to", "2017-08")
                .session(as("zhen01"))).andExpect(status().isNotFound());
        mvc.perform(get("/alarms/list").param("region", String.valueOf(township(0).id())).param("from", "2017-08").param("to", "2017-08")
                .session(as("zhen01"))).andExpect(status().isOk());
        // bad values: the reasons beside the filter, nothing listed, nothing breaks
        String bad = mvc.perform(get("/alarms/list").param("region", "abc").param("from", "2017-13").param("to", "2017-08")
                        .param("has", "teleported").session(as("jiejing01")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("is not a region id").contains("is not a month like 2026-11").contains("must be one of")
                .contains("共 0 条");
        assertThat(mvc.perform(get("/alarms/list").param("from", "2017-09").param("to", "2017-08").session(as("jiejing01")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString()).contains("must not be before");
    }

    private static int countRows(String page) {
        String body = page.substring(page.indexOf("id=\"alarm-table\""));
        body = body.substring(body.indexOf("<tbody>"), body.indexOf("</tbody>"));
        return body.split("href=\"/alarms/\\d+\"", -1).length - 1;
    }

    private void insert(Region village, Region township, Instant received, Instant dispatched, Instant onScene, String stage) {
        jdbc.sql("""
                        INSERT INTO alarm (alarm_no, source_kind, region_id, township_id, category, description, stage,
                          dispatch_target_min, arrival_target_min, raised_at, received_at, dispatched_at, on_scene_at, finished_at, stage_at)
                        VALUES ('T' || nextval('alarm_no_seq'), 'MANUAL', :region, :township, 'OTHER', 'test', :stage, 3, 10, :r, :r, :d, :o, :f, :f)""")
                .param("region", village.id()).param("township", township.id()).param("stage", stage)
                .param("r", Timestamp.from(received)).param("d", dispatched == null ? null : Timestamp.from(dispatched))
                .param("o", onScene == null ? null : Timestamp.from(onScene))
                .param("f", Timestamp.from(received.plus(Duration.ofHours(1)))).update();
    }

    @Test
    void eachTownshipsTargetsApplyToItsNewAlarms() throws Exception {
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        Region street = townships.stream().filter(t -> t.kind() == RegionKind.STREET).findFirst().orElseThrow();
        Region rural = townships.stream().filter(t -> t.kind() != RegionKind.STREET).skip(3).findFirst().orElseThrow();
        Region configured = townships.stream().filter(t -> t.kind() != RegionKind.STREET).skip(4).findFirst().orElseThrow();
        mvc.perform(put("/api/v1/alarms/targets/" + configured.id()).session(as("zhen01")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"dispatchMinutes\":\"2\",\"arrivalMinutes\":\"7\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(put("/api/v1/alarms/targets/" + configured.id()).session(as("admin")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"dispatchMinutes\":\"9\",\"arrivalMinutes\":\"x\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[*].field").value(Matchers.contains("arrivalMinutes")));
        mvc.perform(put("/api/v1/alarms/targets/" + configured.id()).session(as("admin")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"dispatchMinutes\":\"2\",\"arrivalMinutes\":\"7\"}"))
                .andExpect(status().isNoContent());

        assertTargets(create(regions.children(DataScope.all(), configured.id()).get(0), null), 2, 7);
        assertTargets(create(regions.children(DataScope.all(), street.id()).get(0), null), 3, 5);
        assertTargets(create(regions.children(DataScope.all(), rural.id()).get(0), null), 3, 10);
        mvc.perform(get("/alarms/targets").session(as("admin"))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/alarms/targets").session(as("jiejing01")))
                .andExpect(jsonPath("$[?(@.townshipId == " + configured.id() + ")].arrivalMinutes").value(Matchers.contains(7)));
    }

    private void assertTargets(long id, int dispatch, int arrival) throws Exception {
        mvc.perform(get("/api/v1/alarms/" + id).session(as("jiejing01")))
                .andExpect(jsonPath("$.dispatchTargetMinutes").value(dispatch)).andExpect(jsonPath("$.arrivalTargetMinutes").value(arrival));
    }

    @Test
    void townshipOfficersReadTheirTownshipOnlyAndCannotDispatch() throws Exception {
        long own = create(village(0), null);
        long other = create(village(1), null);
        mvc.perform(get("/api/v1/alarms/" + other).session(as("zhen01"))).andExpect(status().isNotFound());
        mvc.perform(get("/alarms/" + other).session(as("zhen01"))).andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE outcome = 'DENIED' AND object_type = 'alarm' AND object_id = :id")
                .param("id", String.valueOf(other)).query(Long.class).single()).isGreaterThanOrEqualTo(1);
        mvc.perform(get("/api/v1/alarms/" + own).session(as("zhen01"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.allowedActions").isEmpty());
        act("zhen01", own, "dispatch", "{\"unitCode\":\"PS-001\"}").andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/alarms").session(as("zhen01")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"regionCode\":\"" + village(0).code() + "\",\"address\":\"x\",\"category\":\"OTHER\",\"description\":\"x\"}"))
                .andExpect(status().isForbidden());
        String json = mvc.perform(get("/api/v1/alarms").param("size", "500").session(as("zhen01"))).andReturn().getResponse()
                .getContentAsString();
        List<Number> townshipIds = JsonPath.read(json, "$.items[*].townshipId");
        assertThat(townshipIds).isNotEmpty().allMatch(t -> t.longValue() == township(0).id());
        // a grid worker does not work with alarms at all
        mvc.perform(get("/api/v1/alarms").session(as("wangge01"))).andExpect(status().isForbidden());
        String board = mvc.perform(get("/alarms/board").session(as("zhen01"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(board).doesNotContain("action-dispatch").doesNotContain("act-" + own + "-dispatch");
    }

    @Test
    void manualEntryReportsEveryBadFieldAndStoresNothing() throws Exception {
        long before = count();
        mvc.perform(post("/api/v1/alarms").session(as("jiejing01")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"regionCode\":\"000\",\"address\":\"\",\"category\":\"ALIENS\",\"description\":\"\","
                                + "\"callerPhone\":\"call me\",\"lon\":\"112.5\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("regionCode", "address", "category",
                        "description", "callerPhone", "lat")));
        mvc.perform(post("/api/v1/alarms").session(as("jiejing01")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"regionCode\":\"" + village(0).code() + "\",\"address\":\"x\",\"category\":\"FIRE\",\"description\":\"x\","
                                + "\"lon\":\"500\",\"lat\":\"abc\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("lon", "lat")));
        String page = mvc.perform(post("/alarms").session(as("jiejing01")).with(csrf()).param("regionCode", village(0).code())
                        .param("address", "").param("category", "FIRE").param("description", "楼道冒烟"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("is required").contains("楼道冒烟").contains("id=\"alarm-form\"");
        assertThat(count()).isEqualTo(before);
        mvc.perform(post("/alarms").session(as("jiejing01")).with(csrf()).param("regionCode", village(0).code())
                        .param("address", "人民路 8 号").param("category", "FIRE").param("description", "楼道冒烟").param("lon", "")
                        .param("lat", ""))
                .andExpect(status().is3xxRedirection());
        assertThat(count()).isEqualTo(before + 1);
        // API clients may send the coordinates as JSON numbers
        mvc.perform(post("/api/v1/alarms").session(as("jiejing01")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"regionCode\":\"" + village(0).code() + "\",\"address\":\"人民路 9 号\",\"category\":\"TRAFFIC\","
                                + "\"description\":\"两车相撞\",\"lon\":112.123456,\"lat\":32.5}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.lon").value(112.123456)).andExpect(jsonPath("$.lat").value(32.5));
    }

    @Test
    void theCallersPhoneIsMaskedAndRevealedOnlyWithAnAuditedReason() throws Exception {
        long id = create(village(0), "13912345678");
        mvc.perform(get("/api/v1/alarms/" + id).session(as("jiejing01"))).andExpect(jsonPath("$.callerPhone").value("139****5678"));
        mvc.perform(get("/api/v1/alarms/" + id + "/caller-phone").session(as("jiejing01"))).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/alarms/" + id + "/caller-phone").param("reason", "回拨核实警情").session(as("jiejing01")))
                .andExpect(jsonPath("$.callerPhone").value("13912345678"));
        assertThat(jdbc.sql("SELECT reason FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_type = 'alarm' AND object_id = :id")
                .param("id", String.valueOf(id)).query(String.class).list()).containsExactly("回拨核实警情");
    }

    @Test
    void aDispatchMessageIsDeliveredToTheUnitAndAcknowledgedThere() throws Exception {
        long id = create(village(0), null);
        act("jiejing01", id, "dispatch", "{\"unitCode\":\"PS-001\"}").andExpect(status().isOk());
        mvc.perform(post("/api/v1/alarms/" + id + "/messages").session(as("jiejing01")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"body\":\"\"}")).andExpect(status().isBadRequest());
        String created = mvc.perform(post("/api/v1/alarms/" + id + "/messages").session(as("jiejing01")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"body\":\"请立即出警，注意安全\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long messageId = ((Number) JsonPath.read(created, "$.id")).longValue();
        // SENT, or already DELIVERED when an inbox of that unit is open (another test's browser may still hold one)
        mvc.perform(get("/api/v1/alarms/" + id).session(as("jiejing01")))
                .andExpect(jsonPath("$.messages[0].status").value(Matchers.oneOf("SENT", "DELIVERED")));
        // another unit neither sees nor acknowledges it
        mvc.perform(get("/api/v1/alarms/messages").session(as("zhen01")))
                .andExpect(jsonPath("$[?(@.id == " + messageId + ")]").isEmpty());
        mvc.perform(post("/api/v1/alarms/messages/" + messageId + "/acknowledge").session(as("zhen01")).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/alarms/messages").session(as("paichusuo01")))
                .andExpect(jsonPath("$[?(@.id == " + messageId + ")].body").value(Matchers.contains("请立即出警，注意安全")));
        mvc.perform(get("/api/v1/alarms/" + id).session(as("jiejing01"))).andExpect(jsonPath("$.messages[0].status").value("DELIVERED"));
        String inbox = mvc.perform(get("/alarms/inbox").session(as("paichusuo01"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(inbox).contains("请立即出警，注意安全");
        mvc.perform(post("/api/v1/alarms/messages/" + messageId + "/acknowledge").session(as("paichusuo01")).with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(post("/api/v1/alarms/messages/" + messageId + "/acknowledge").session(as("paichusuo01")).with(csrf()))
                .andExpect(status().isConflict());
        mvc.perform(get("/api/v1/alarms/" + id).session(as("jiejing01")))
                .andExpect(jsonPath("$.messages[0].status").value("ACKNOWLEDGED"))
                .andExpect(jsonPath("$.messages[0].acknowledgedAt").isNotEmpty())
                .andExpect(jsonPath("$.messages[0].acknowledgedByName").value("派出所值班民警（演示）"));
        String card = mvc.perform(get("/alarms/board/cards/" + id).session(as("jiejing01"))).andReturn().getResponse().getContentAsString();
        assertThat(card).contains("已确认").contains("派出所值班民警（演示）");
    }

    @Test
    void theBoardListsTheNearestCamerasWhenAModuleOffersThem() throws Exception {
        Region village = village(0);
        long id = create(village, null);
        double[] asked = new double[2];
        NearbyCameras stub = new TestCameras(asked);
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getAutowireCapableBeanFactory();
        beans.registerSingleton("alarmsTestCameras", stub);
        try {
            String card = mvc.perform(get("/alarms/board/cards/" + id).session(as("jiejing01"))).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            assertThat(card).contains("东门卡口").contains("120m").doesNotContain("无可用摄像头数据");
            // without a point of its own, the alarm is looked up at its region's centre
            assertThat(asked[0]).isEqualTo(village.centreLon());
            assertThat(asked[1]).isEqualTo(village.centreLat());
        } finally {
            beans.destroySingleton("alarmsTestCameras");
        }
    }

    /** A camera source ahead of any real one. */
    private record TestCameras(double[] asked) implements NearbyCameras, org.springframework.core.Ordered {
        @Override
        public List<NearbyCamera> near(double lon, double lat, int limit) {
            asked[0] = lon;
            asked[1] = lat;
            return List.of(new NearbyCamera("cam-1", "东门卡口", 120.4, true, null), new NearbyCamera("cam-2", "南门", 310, false, null));
        }

        @Override
        public int getOrder() {
            return HIGHEST_PRECEDENCE;
        }
    }

    @Test
    void theBoardRendersAndTheDemoYearHasFigures() throws Exception {
        create(village(0), null);
        String board = mvc.perform(get("/alarms/board").session(as("jiejing01"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(board).contains("接警调度台").contains("启用声音").contains("alarm-board.js");
        String stats = mvc.perform(get("/alarms/statistics").session(as("jiejing01"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(stats).contains("%");
        assertThat(jdbc.sql("SELECT count(*) FROM alarm WHERE source_ref LIKE 'demo:%'").query(Long.class).single()).isGreaterThan(3000);
        mvc.perform(get("/alarms/list").session(as("zhen01"))).andExpect(status().isOk());
        mvc.perform(get("/alarms/new").session(as("jiejing01"))).andExpect(status().isOk());
        mvc.perform(get("/alarms/new").session(as("zhen01"))).andExpect(status().isForbidden());
    }
}
