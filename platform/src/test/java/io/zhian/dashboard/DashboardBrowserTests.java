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
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.interactions.Actions;
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
        assertThat(browser.findElements(By.cssSelector("#tiles .tile"))).hasSize(14);
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
        // the page itself at 1920x1080 (the window adds the browser's own frame)
        Long frame = (Long) browser.executeScript("return window.outerHeight - window.innerHeight;");
        browser.manage().window().setSize(new Dimension(1920, 1080 + frame.intValue()));
        browser.waitUntil(d -> Long.valueOf(1080).equals(((JavascriptExecutor) d).executeScript("return window.innerHeight;")), 5);
        Thread.sleep(500); // the chart follows the resize
        // the map stays inside its panel
        assertThat((Boolean) browser.executeScript("var m = document.getElementById('dashboard-map').getBoundingClientRect();"
                + " var p = document.querySelector('.wall-map').getBoundingClientRect(); return m.bottom <= p.bottom + 1;")).isTrue();
        browser.screenshotAsIs("dashboard-1920.png");

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
    }
}
