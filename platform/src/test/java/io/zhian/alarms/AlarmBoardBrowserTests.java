package io.zhian.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Browser;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A dispatcher has the board open in headless Chromium; an alarm raised by another module appears
 * without a reload. Also measures AlarmRequested → board SSE send. Skipped without Debian's chromium.
 */
@ZhianTest
class AlarmBoardBrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1280, 1000).implicitWait(2);

    @LocalServerPort int port;
    @Autowired Regions regions;
    @Autowired ApplicationEventPublisher events;
    @Autowired PlatformTransactionManager transactions;
    @Autowired MockMvc mvc;
    @Autowired io.zhian.devices.internal.GbSignalling signalling;

    @Test
    void aNewAlarmAppearsOnTheOpenBoardWithoutReload() throws Exception {
        browser.signIn(port, "jiejing01");
        browser.get("http://localhost:" + port + "/alarms/board");
        browser.waitUntil(d -> "live".equals(d.findElement(By.id("board-status")).getAttribute("data-state")), 15);
        // a marker on the page: a reload would lose it
        browser.executeScript("window.__noReload = true;");

        Region township = regions.byLevel(RegionLevel.TOWNSHIP).get(2);
        Region village = regions.children(DataScope.all(), township.id()).get(1);
        String place = "浏览器测试小区 7号楼 1单元";
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(s -> events.publishEvent(new AlarmRequested("COMPOUND", "compound-alarm:browser", "browser-1",
                village.id(), village.centreLon(), village.centreLat(), place, "一键报警：住户求助（浏览器测试）", Instant.now())));
        browser.waitUntil(d -> d.getPageSource().contains(place), 5);
        assertThat((Boolean) browser.executeScript("return window.__noReload === true;")).isTrue();
        String card = browser.findElement(By.xpath("//div[contains(@class,'alarm-card')][.//span[contains(text(),'" + place + "')]]"))
                .getText();
        assertThat(card).contains("已接警").contains(village.name()).contains("派警");
        // the overview map marks every open alarm, the new one included
        browser.waitUntil(d -> Integer.parseInt(d.findElement(By.id("board-map")).getAttribute("data-markers")) >= 1, 5);
        Thread.sleep(1200); // let the timer tick once
        browser.screenshot("alarm-board.png");

        // the dispatcher dispatches from the card: the stage changes in place
        String id = browser.findElement(By.xpath("//div[contains(@class,'alarm-card')][.//span[contains(text(),'" + place + "')]]"))
                .getAttribute("id").substring("alarm-".length());
        browser.findElement(By.cssSelector("#act-" + id + "-dispatch button")).click();
        browser.waitUntil(d -> d.findElement(By.id("alarm-" + id)).getText().contains("已派警"), 5);

        // latency from AlarmRequested to the board's SSE send, over a burst of alarms with the board open
        int n = 30;
        Instant since = Instant.now();
        for (int i = 0; i < n; i++) {
            int k = i;
            tx.executeWithoutResult(s -> events.publishEvent(new AlarmRequested("DEVICE", "bench:" + k, "bench-" + since + "-" + k,
                    village.id(), null, null, "延迟测试 " + k, "设备报警（延迟测试）", Instant.now())));
            Thread.sleep(50);
        }
        browser.waitUntil(d -> d.getPageSource().contains("延迟测试 " + (n - 1)), 15);
        String json = mvc.perform(get("/api/v1/alarms/latency").param("sinceMinutes", "1").session(Sessions.as(mvc, "jiejing01")))
                .andReturn().getResponse().getContentAsString();
        System.out.println("ALARM LATENCY (AlarmRequested -> board SSE send, " + n + " alarms, board open): " + json);
        assertThat((Integer) JsonPath.read(json, "$.samples")).isGreaterThanOrEqualTo(n);
        assertThat((Integer) JsonPath.read(json, "$.withOpenBoard")).isGreaterThanOrEqualTo(n);
    }

    @Test
    void anAlarmSentByASimulatedGbCameraReachesTheOpenBoardWithTheNearestCameras() throws Exception {
        // a camera registered in the device registry, near a village centre
        Region village = regions.children(DataScope.all(), regions.byLevel(RegionLevel.TOWNSHIP).get(3).id()).get(0);
        String gbId = "34020000001320" + "099001";
        MockHttpSession admin = Sessions.as(mvc, "admin");
        mvc.perform(post("/api/v1/devices").session(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON).content("""
                {"code":"SIM-BOARD-1","kind":"CAMERA","name":"模拟器摄像机（看板测试）","regionCode":"%s","lon":%s,"lat":%s,
                 "address":"幸福路 8 号","installDate":"2025-03-01","vendor":"模拟器","gbId":"%s","sipPassword":"Board#Pass1"}"""
                .formatted(village.code(), village.centreLon(), village.centreLat(), gbId)))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isCreated());

        browser.signIn(port, "jiejing01");
        browser.get("http://localhost:" + port + "/alarms/board");
        browser.waitUntil(d -> "live".equals(d.findElement(By.id("board-status")).getAttribute("data-state")), 15);
        browser.executeScript("window.__noReload = true;");

        // the simulator's camera registers over SIP with digest authentication and raises an alarm
        io.zhian.gb28181.SipSignallingServer sip = signalling.server().orElseThrow();
        try (io.zhian.gb28181.sim.SimulatedGbDevice camera = io.zhian.gb28181.sim.SimulatedGbDevice
                .builder(io.zhian.gb28181.GbDeviceId.parse(gbId), "Board#Pass1")
                .server("127.0.0.1", sip.udpPort(), signalling.serverId()).start()) {
            assertThat(camera.register(Duration.ofHours(1)).ok()).isTrue();
            assertThat(camera.sendAlarm(new io.zhian.gb28181.sim.SimulatedAlarm(io.zhian.gb28181.GbDeviceId.parse(gbId), 1, 2, 1,
                    java.time.LocalDateTime.now(), "模拟器：周界入侵报警", null, null))).isEqualTo(200);
        }
        browser.waitUntil(d -> d.getPageSource().contains("模拟器摄像机（看板测试）"), 10);
        assertThat((Boolean) browser.executeScript("return window.__noReload === true;")).isTrue();
        String card = browser.findElement(By.xpath("//div[contains(@class,'alarm-card')][.//span[contains(text(),'幸福路 8 号')]]")).getText();
        // the board lists the cameras nearest the alarm, this camera first (it is at the alarm's own position)
        assertThat(card).contains(village.name()).contains(gbId);
        browser.screenshot("alarm-board-from-simulator.png");
    }

    @Test
    void aDispatchMessageArrivesLiveInTheUnitInboxAndIsAcknowledgedThere() throws Exception {
        browser.signIn(port, "paichusuo01");
        browser.get("http://localhost:" + port + "/alarms/inbox");
        browser.waitUntil(d -> d.findElements(By.id("inbox-messages")).size() == 1, 10);
        Thread.sleep(1000); // the inbox's event stream connects

        MockHttpSession dispatcher = Sessions.as(mvc, "jiejing01");
        Region village = regions.children(DataScope.all(), regions.byLevel(RegionLevel.TOWNSHIP).get(0).id()).get(0);
        String created = mvc.perform(post("/api/v1/alarms").session(dispatcher).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"regionCode\":\"" + village.code() + "\",\"address\":\"人民路 1 号\",\"category\":\"HELP\","
                                + "\"description\":\"老人摔倒求助\"}"))
                .andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(created, "$.id")).longValue();
        mvc.perform(post("/api/v1/alarms/" + id + "/dispatch").session(dispatcher).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"unitCode\":\"PS-001\"}"));
        mvc.perform(post("/api/v1/alarms/" + id + "/messages").session(dispatcher).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"body\":\"浏览器测试：请速到人民路 1 号\"}"));
        browser.waitUntil(d -> d.getPageSource().contains("浏览器测试：请速到人民路 1 号"), 5);
        browser.screenshot("alarm-unit-inbox.png");
        browser.findElement(By.xpath("//tr[contains(@class,'inbox-message')][.//td[contains(text(),'浏览器测试')]]//button")).click();
        browser.waitUntil(d -> d.findElement(By.xpath("//tr[contains(@class,'inbox-message')][.//td[contains(text(),'浏览器测试')]]"))
                .getAttribute("data-status").equals("ACKNOWLEDGED"), 5);
        String alarm = mvc.perform(get("/api/v1/alarms/" + id).session(dispatcher)).andReturn().getResponse().getContentAsString();
        assertThat((String) JsonPath.read(alarm, "$.messages[0].status")).isEqualTo("ACKNOWLEDGED");
        assertThat((String) JsonPath.read(alarm, "$.messages[0].acknowledgedByName")).isEqualTo("派出所值班民警（演示）");
    }
}
