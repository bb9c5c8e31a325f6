package io.zhian.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.Browser;
import io.zhian.ZhianTest;
import io.zhian.alarms.AlarmRequested;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The wall screen at 1920x1080 in headless Chromium: the township map, a live alarm in the ticker
 * without reload, and the drill-down to a township. Skipped without Debian's chromium.
 */
@ZhianTest
class DashboardBrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1920, 1080).implicitWait(2);

    @LocalServerPort int port;
    @Autowired Regions regions;
    @Autowired ApplicationEventPublisher events;
    @Autowired PlatformTransactionManager transactions;

    @Test
    void theWallScreenShowsTheCityLiveAlarmsAndDrillsIntoATownship() throws Exception {
        browser.signIn(port, "jiejing01");
        browser.get("http://localhost:" + port + "/dashboard");
        browser.waitUntil(d -> "28".equals(d.findElement(By.id("dashboard-map")).getAttribute("data-areas")), 20);
        // the chart itself holds one data item per township
        Long items = (Long) browser.executeScript("return window.zhianDashboardChart.getOption().series[0].data.length;");
        assertThat(items).isEqualTo(28L);
        assertThat(browser.findElements(By.cssSelector("#tiles .tile"))).hasSize(8);
        assertThat(browser.findElements(By.cssSelector("#ranking li"))).hasSize(28);
        browser.waitUntil(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")), 15);
        browser.executeScript("window.__noReload = true;");

        Region township = regions.byLevel(RegionLevel.TOWNSHIP).get(4);
        Region village = regions.children(DataScope.all(), township.id()).get(0);
        String what = "一键报警：大屏测试求助";
        new TransactionTemplate(transactions).executeWithoutResult(s -> events.publishEvent(new AlarmRequested("COMPOUND",
                "compound-alarm:dashboard", "dashboard-browser-1", village.id(), null, null, "大屏测试小区", what, Instant.now())));
        browser.waitUntil(d -> d.findElement(By.id("ticker")).getText().contains(what), 10);
        assertThat(browser.findElement(By.id("ticker")).getText()).contains(village.name());
        assertThat((Boolean) browser.executeScript("return window.__noReload === true;")).isTrue();
        browser.screenshot("dashboard-1920.png");

        // drill down: the township's entry leads to the same screen scoped to it, with its villages on the map
        browser.findElement(By.cssSelector("#ranking a[data-id='" + township.id() + "']")).click();
        browser.waitUntil(d -> d.findElement(By.id("region-name")).getText().equals(township.name()), 10);
        int villages = regions.children(DataScope.all(), township.id()).size();
        browser.waitUntil(d -> String.valueOf(villages).equals(d.findElement(By.id("dashboard-map")).getAttribute("data-areas")), 20);
        assertThat(browser.getCurrentUrl()).contains("region=" + township.id());
        assertThat(browser.findElement(By.id("up-level")).isDisplayed()).isTrue();
    }
}
