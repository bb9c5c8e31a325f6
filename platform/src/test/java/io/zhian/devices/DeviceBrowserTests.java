package io.zhian.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.Browser;
import io.zhian.ZhianTest;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A township officer opens the device status page in headless Chromium: the map draws every located device of the
 * township (and only those), the daily chart draws, the online-rate table lists only the own township.
 * Screenshots under platform/target/screenshots. Skipped where Chromium is not installed.
 */
@ZhianTest
class DeviceBrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1400, 1000).waitSeconds(20);

    @LocalServerPort int port;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;

    @Test
    void townshipOfficerSeesTheDeviceMapAndOnlineRatesOfTheirTownship() throws Exception {
        browser.signIn(port, "zhen01");
        browser.findElement(By.linkText("设备")).click();
        browser.waitUntil(d -> d.findElements(By.id("device-table")).size() == 1);
        browser.findElement(By.linkText("在线状态")).click();
        browser.waitUntil(d -> d.findElement(By.id("device-map")).getAttribute("data-rendered") != null);
        long own = regions.byLevel(RegionLevel.TOWNSHIP).get(0).id();
        long expected = jdbc.sql("SELECT count(*) FROM device WHERE township_id = :t AND lon IS NOT NULL").param("t", own)
                .query(Long.class).single();
        assertThat(Long.parseLong(browser.findElement(By.id("device-map")).getAttribute("data-rendered"))).isEqualTo(expected);
        browser.waitUntil(d -> d.findElement(By.id("daily-chart")).getAttribute("data-rendered") != null);
        List<String> townships = browser.findElements(By.cssSelector("#rate-table td.township")).stream().map(WebElement::getText).toList();
        assertThat(townships).containsExactly(regions.byLevel(RegionLevel.TOWNSHIP).get(0).name());
        assertThat(browser.findElement(By.id("overall-rate")).getText()).endsWith("%");
        browser.screenshot("devices-status-township-officer.png");
        browser.findElement(By.linkText("维护工单")).click();
        browser.waitUntil(d -> d.findElements(By.id("ticket-table")).size() == 1);
        browser.screenshot("devices-tickets.png");
        browser.findElement(By.linkText("费用台账")).click();
        browser.waitUntil(d -> d.findElements(By.id("fee-totals")).size() == 1);
        browser.screenshot("devices-ledger.png");
    }
}
