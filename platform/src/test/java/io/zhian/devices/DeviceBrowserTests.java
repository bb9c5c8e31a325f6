package io.zhian.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zhian.ZhianTest;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
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

    private static WebDriver browser;

    @LocalServerPort int port;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN",
                        "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void townshipOfficerSeesTheDeviceMapAndOnlineRatesOfTheirTownship() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys("zhen01");
        browser.findElement(By.id("password")).sendKeys("Zhian@2026!");
        browser.findElement(By.id("login-submit")).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login"));
        browser.findElement(By.linkText("设备")).click();
        waitUntil(d -> d.findElements(By.id("device-table")).size() == 1);
        browser.findElement(By.linkText("在线状态")).click();
        waitUntil(d -> d.findElement(By.id("device-map")).getAttribute("data-rendered") != null);
        long own = regions.byLevel(RegionLevel.TOWNSHIP).get(0).id();
        long expected = jdbc.sql("SELECT count(*) FROM device WHERE township_id = :t AND lon IS NOT NULL").param("t", own)
                .query(Long.class).single();
        assertThat(Long.parseLong(browser.findElement(By.id("device-map")).getAttribute("data-rendered"))).isEqualTo(expected);
        waitUntil(d -> d.findElement(By.id("daily-chart")).getAttribute("data-rendered") != null);
        List<String> townships = browser.findElements(By.cssSelector("#rate-table td.township")).stream().map(WebElement::getText).toList();
        assertThat(townships).containsExactly(regions.byLevel(RegionLevel.TOWNSHIP).get(0).name());
        assertThat(browser.findElement(By.id("overall-rate")).getText()).endsWith("%");
        screenshot("devices-status-township-officer.png");
        browser.findElement(By.linkText("维护工单")).click();
        waitUntil(d -> d.findElements(By.id("ticket-table")).size() == 1);
        screenshot("devices-tickets.png");
        browser.findElement(By.linkText("费用台账")).click();
        waitUntil(d -> d.findElements(By.id("fee-totals")).size() == 1);
        screenshot("devices-ledger.png");
    }

    private static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition::apply);
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
