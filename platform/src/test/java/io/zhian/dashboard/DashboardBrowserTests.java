package io.zhian.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.Browser;
import io.zhian.ZhianTest;
import io.zhian.Sessions;
import io.zhian.gb28181.GbDeviceId;
import io.zhian.gb28181.sim.SimulatedAlarm;
import io.zhian.gb28181.sim.SimulatedGbDevice;
import java.time.Duration;
import java.time.LocalDateTime;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The wall screen at 1920x1080 in headless Chromium: the township map and panels, a live alarm raised by a
 * simulated GB/T 28181 camera in the ticker without reload, and the drill-down to a township. Skipped without Debian's chromium.
 */
@ZhianTest
class DashboardBrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1920, 1080).implicitWait(2);

    @LocalServerPort int port;
    @Autowired Regions regions;
    @Autowired MockMvc mvc;
    @Autowired io.zhian.devices.internal.GbSignalling signalling;

    @Test
    void theWallScreenShowsTheCityLiveAlarmsAndDrillsIntoATownship() throws Exception {
        browser.signIn(port, "jiejing01");
        browser.get("http://localhost:" + port + "/dashboard");
        browser.waitUntil(d -> "28".equals(d.findElement(By.id("dashboard-map")).getAttribute("data-areas")), 20);
        // the chart itself holds one data item per township
        Long items = (Long) browser.executeScript("return window.zhianDashboardChart.getOption().series[0].data.length;");
        assertThat(items).isEqualTo(28L);
        assertThat(browser.findElements(By.cssSelector("#tiles .tile"))).hasSize(14);
        assertThat(browser.findElements(By.cssSelector("#ranking li"))).hasSize(28);
        browser.waitUntil(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")), 15);
        browser.executeScript("window.__noReload = true;");

        // the panels are drawn: survey table per township, dispatch timings, device rates by kind, disputes by month
        browser.waitUntil(d -> d.findElements(By.cssSelector("#survey tr[data-id]")).size() == 28, 10);
        for (String chart : new String[] {"dispatch-chart", "devices-chart", "disputes-chart"}) {
            assertThat(browser.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).isNotEmpty();
        }
        // every tile leads to its records, for the screen's region
        assertThat(browser.findElements(By.cssSelector("#tiles a.tile"))).allSatisfy(a -> assertThat(a.getAttribute("href")).contains("/"));
        String alarmsLink = browser.findElement(By.cssSelector("#tiles a.tile[data-code='alarms.count']")).getAttribute("href");
        assertThat(alarmsLink).contains("region=" + regions.root().orElseThrow().id());

        // a simulated GB/T 28181 camera, registered in the registry, registers over SIP with digest and raises an alarm
        Region township = regions.byLevel(RegionLevel.TOWNSHIP).get(4);
        Region village = regions.children(DataScope.all(), township.id()).get(0);
        String gbId = "34020000001320" + "099044";
        mvc.perform(post("/api/v1/devices").session(Sessions.as(mvc, "admin")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("""
                {"code":"SIM-WALL-1","kind":"CAMERA","name":"模拟器摄像机（大屏测试）","regionCode":"%s","lon":%s,"lat":%s,
                 "address":"和平街 3 号","installDate":"2025-03-01","vendor":"模拟器","gbId":"%s","sipPassword":"Wall#Pass1"}"""
                .formatted(village.code(), village.centreLon(), village.centreLat(), gbId)))
                .andExpect(status().isCreated());
        String what = "模拟器：大屏周界入侵报警";
        io.zhian.gb28181.SipSignallingServer sip = signalling.server().orElseThrow();
        try (SimulatedGbDevice camera = SimulatedGbDevice.builder(GbDeviceId.parse(gbId), "Wall#Pass1")
                .server("127.0.0.1", sip.udpPort(), signalling.serverId()).start()) {
            assertThat(camera.register(Duration.ofHours(1)).ok()).isTrue();
            assertThat(camera.sendAlarm(new SimulatedAlarm(GbDeviceId.parse(gbId), 1, 2, 1, LocalDateTime.now(), what, null, null)))
                    .isEqualTo(200);
        }
        browser.waitUntil(d -> d.findElement(By.id("ticker")).getText().contains(village.name()), 10);
        assertThat((Boolean) browser.executeScript("return window.__noReload === true;")).isTrue();
        // the page itself at 1920x1080 (the window adds the browser's own frame)
        Long frame = (Long) browser.executeScript("return window.outerHeight - window.innerHeight;");
        browser.manage().window().setSize(new Dimension(1920, 1080 + frame.intValue()));
        browser.waitUntil(d -> Long.valueOf(1080).equals(((JavascriptExecutor) d).executeScript("return window.innerHeight;")), 5);
        Thread.sleep(500); // the chart follows the resize
        // the map stays inside its panel
        assertThat((Boolean) browser.executeScript("var m = document.getElementById('dashboard-map').getBoundingClientRect();"
                + " var p = document.querySelector('.wall-map').getBoundingClientRect(); return m.bottom <= p.bottom + 1;")).isTrue();
        browser.screenshotAsIs("dashboard-1920.png");
        // on a 3840x2160 wall the text grows with the screen and everything stays inside the window; on a laptop too
        browser.manage().window().setSize(new Dimension(3840, 2160 + frame.intValue()));
        browser.waitUntil(d -> Long.valueOf(2160).equals(((JavascriptExecutor) d).executeScript("return window.innerHeight;")), 5);
        Thread.sleep(800);
        String fits = "var m = document.getElementById('dashboard-map').getBoundingClientRect();"
                + " var p = document.querySelector('.wall-map').getBoundingClientRect();"
                + " var f = document.querySelector('.wall-foot').getBoundingClientRect();"
                + " return m.bottom <= p.bottom + 1 && f.bottom <= window.innerHeight + 1;";
        assertThat((Boolean) browser.executeScript(fits)).isTrue();
        Double valueFont = ((Number) browser.executeScript(
                "return parseFloat(getComputedStyle(document.querySelector('#tiles .tile .value')).fontSize);")).doubleValue();
        assertThat(valueFont).isGreaterThan(50.0);
        browser.screenshotAsIs("dashboard-3840.png");
        browser.manage().window().setSize(new Dimension(1366, 768 + frame.intValue()));
        Thread.sleep(500);
        assertThat((Boolean) browser.executeScript(fits)).isTrue();
        browser.screenshotAsIs("dashboard-laptop-1366.png");
        browser.manage().window().setSize(new Dimension(1920, 1080 + frame.intValue()));
        Thread.sleep(500);

        // drill down: a click on the township on the map opens the same screen scoped to it, with its villages
        Map<?, ?> at = (Map<?, ?>) browser.executeScript("var r = document.getElementById('dashboard-map').getBoundingClientRect();"
                + " var p = window.zhianDashboardChart.convertToPixel({seriesIndex: 0}, [arguments[0], arguments[1]]);"
                + " return {x: Math.round(p[0] - r.width / 2), y: Math.round(p[1] - r.height / 2)};",
                township.centreLon(), township.centreLat());
        new Actions(browser.driver()).moveToElement(browser.findElement(By.id("dashboard-map")),
                ((Number) at.get("x")).intValue(), ((Number) at.get("y")).intValue()).click().perform();
        browser.waitUntil(d -> d.findElement(By.id("region-name")).getText().equals(township.name()), 10);
        int villages = regions.children(DataScope.all(), township.id()).size();
        browser.waitUntil(d -> String.valueOf(villages).equals(d.findElement(By.id("dashboard-map")).getAttribute("data-areas")), 20);
        assertThat(browser.getCurrentUrl()).contains("region=" + township.id());
        assertThat(browser.findElement(By.id("up-level")).isDisplayed()).isTrue();
        // and the ranking's entries drill down as well, here back up and into another township
        browser.findElement(By.id("up-level")).click();
        browser.waitUntil(d -> "28".equals(d.findElement(By.id("dashboard-map")).getAttribute("data-areas")), 20);
        Region other = regions.byLevel(RegionLevel.TOWNSHIP).get(7);
        browser.findElement(By.cssSelector("#ranking a[data-id='" + other.id() + "']")).click();
        browser.waitUntil(d -> d.findElement(By.id("region-name")).getText().equals(other.name()), 10);

        // 定期报告 from the screen: a bad period is refused beside the field, a good one is generated and archived
        browser.get("http://localhost:" + port + "/dashboard");
        browser.findElement(By.cssSelector("a[href$='/dashboard/reports']")).click();
        browser.waitUntil(d -> d.findElements(By.id("report-form")).size() == 1, 10);
        int before = browser.findElements(By.cssSelector("#reports-table tbody tr[id^='report-']")).size();
        browser.findElement(By.id("period")).clear();
        browser.findElement(By.id("period")).sendKeys("2026-13");
        browser.findElement(By.cssSelector("#report-form button[type=submit]")).click();
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#report-form .field-error")).isEmpty(), 10);
        assertThat(browser.findElement(By.cssSelector("#report-form .field-error")).getText()).isNotBlank();
        assertThat(browser.findElements(By.cssSelector("#reports-table tbody tr[id^='report-']"))).hasSize(before);
        String lastMonth = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).minusMonths(1).toString();
        browser.findElement(By.id("period")).clear();
        browser.findElement(By.id("period")).sendKeys(lastMonth);
        browser.findElement(By.cssSelector("#report-form button[type=submit]")).click();
        browser.waitUntil(d -> d.findElements(By.id("generated")).size() == 1, 60);
        assertThat(browser.findElements(By.cssSelector("#reports-table tbody tr[id^='report-']"))).hasSize(before + 1);
        assertThat(browser.findElement(By.cssSelector("#reports-table tr.table-success")).getText()).contains(lastMonth);
        assertThat(browser.findElements(By.cssSelector("#reports-table tr.table-success a[href$='.pdf']"))).hasSize(1);
        browser.screenshot("dashboard-reports.png");
    }
}