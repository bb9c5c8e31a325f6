package io.zhian.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zhian.ZhianTest;
import io.zhian.regions.Region;
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

/**
 * A township officer opens the assessment ranking in headless Chromium, sees their township ranked among
 * all, and opens its breakdown. Skipped where Chromium is not installed.
 */
@ZhianTest
class AssessmentBrowserTests {

    private static WebDriver browser;

    @LocalServerPort int port;
    @Autowired Regions regions;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--lang=zh-CN", "--window-size=1400,1000");
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
    void townshipOfficerOpensTheRankingAndTheirTownshipsBreakdown() throws Exception {
        Region own = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys("zhen01");
        browser.findElement(By.id("password")).sendKeys("Zhian@2026!");
        browser.findElement(By.id("login-submit")).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login"));

        browser.findElement(By.linkText("双提升考评")).click();
        waitUntil(d -> d.findElements(By.cssSelector("#ranking-table tbody tr")).size() == 1);
        WebElement row = browser.findElement(By.cssSelector("#ranking-table tbody tr"));
        assertThat(row.findElement(By.cssSelector(".subject-link")).getText()).isEqualTo(own.name());
        assertThat(row.findElement(By.cssSelector(".rank")).getText()).matches("\\d+");
        assertThat(row.findElement(By.cssSelector(".total")).getText()).matches("\\d+\\.\\d\\d");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("共 28 个考评对象");
        screenshot("assessment-ranking.png");

        row.findElement(By.cssSelector(".subject-link")).click();
        waitUntil(d -> d.findElements(By.cssSelector("#breakdown tbody tr")).size() >= 7);
        assertThat(browser.findElement(By.id("subject-name")).getText()).isEqualTo(own.name());
        List<String> indicators = browser.findElements(By.cssSelector("#breakdown tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(indicators).contains("刑事案件量", "治安案件量", "群众安全感率", "执法满意率");
        assertThat(browser.findElements(By.cssSelector("#history tbody tr"))).hasSize(12);
        waitUntil(d -> "12".equals(d.findElement(By.id("history-chart")).getAttribute("data-rendered")));
        screenshot("assessment-township-breakdown.png");

        browser.get("http://localhost:" + port + "/assessment/pairings");
        waitUntil(d -> !d.findElements(By.cssSelector("#task-table tbody tr")).isEmpty());
        screenshot("assessment-pairings.png");
        browser.findElement(By.linkText("督导问责")).click();
        waitUntil(d -> d.findElements(By.id("inspection-table")).size() == 1);
        screenshot("assessment-supervision.png");
        browser.findElement(By.linkText("宣传发动")).click();
        waitUntil(d -> !d.findElements(By.cssSelector("#publicity-counts tbody tr")).isEmpty());
        screenshot("assessment-publicity.png");
    }

    private static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition::apply);
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
