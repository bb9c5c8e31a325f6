package io.zhian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zhian.ZhianTest;
import io.zhian.identity.NewUser;
import io.zhian.identity.ScopeKind;
import io.zhian.identity.UserProvisioning;
import io.zhian.identity.internal.Totp;
import io.zhian.regions.OrgUnits;
import io.zhian.shared.Role;
import java.time.Instant;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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
 * A real browser (Debian's headless Chromium) signs in as a township officer and sees only that
 * township's villages. Skipped where Chromium is not installed; .ci/run installs it.
 */
@ZhianTest
class BrowserTests {

    private static WebDriver browser;

    @LocalServerPort int port;
    @Autowired Regions regions;
    @Autowired OrgUnits units;
    @Autowired UserProvisioning provisioning;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--lang=zh-CN", "--window-size=1280,900");
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
    void townshipOfficerSeesOnlyTheirTownshipsVillages() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/login");
        assertThat(browser.getPageSource()).contains("登录智安");
        signIn(port, "zhen01", "Zhian@2026!");
        waitUntil(d -> d.findElements(By.id("scope-summary")).size() == 1);

        Region own = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        Region other = regions.byLevel(RegionLevel.TOWNSHIP).get(1);
        assertThat(browser.findElement(By.id("scope-summary")).getText()).contains(own.name());

        browser.findElement(By.linkText("区域")).click();
        waitUntil(d -> d.findElements(By.id("children")).size() == 1);
        List<String> shown = browser.findElements(By.cssSelector("#children .child-name")).stream().map(WebElement::getText).toList();
        List<String> expected = regions.children(DataScope.all(), own.id()).stream().map(Region::name).toList();
        assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);
        String page = browser.getPageSource();
        for (Region village : regions.children(DataScope.all(), other.id())) {
            assertThat(page).doesNotContain(village.name());
        }
        // the map draws one shape per village
        waitUntil(d -> d.findElement(By.id("region-map")).getAttribute("data-rendered") != null);
        assertThat(browser.findElement(By.id("region-map")).getAttribute("data-rendered")).isEqualTo(String.valueOf(expected.size()));
        screenshot("township-officer-regions.png");

        browser.get("http://localhost:" + port + "/regions/" + other.id());
        assertThat(browser.getPageSource()).contains("不在您的数据范围内").doesNotContain(other.name() + "</span>");
    }

    @Test
    void auditorEnrolsTotpInTheBrowserAndVerifiesTheChain() throws Exception {
        long unit = units.findByCode("PLC").orElseThrow().id();
        provisioning.create(new NewUser("browser-auditor", "浏览器审计员", null, unit, "Browser#Audit2026", false),
                Role.AUDIT_ADMIN, ScopeKind.ALL, null);
        signIn(port, "browser-auditor", "Browser#Audit2026");
        waitUntil(d -> d.findElements(By.id("totp-secret")).size() == 1);
        String secret = browser.findElement(By.id("totp-secret")).getText();
        screenshot("totp-enrolment.png");
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Totp.step(Instant.now())));
        browser.findElement(By.cssSelector("form[action$='/account/totp'] button")).click();
        waitUntil(d -> d.getPageSource().contains("动态口令已绑定"));
        browser.findElement(By.linkText("审计日志")).click();
        waitUntil(d -> !d.findElements(By.cssSelector("#audit-table tbody tr")).isEmpty());
        screenshot("audit-log.png");
        browser.findElement(By.cssSelector("form[action$='/audit/verify'] button")).click();
        waitUntil(d -> d.findElement(By.id("verify-result")).getText().contains("哈希链完整"));
    }

    @Test
    void phoneLayoutAndAuditedRevealOfAFullPhoneNumber() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        signIn(port, "zhen01", "Zhian@2026!");
        waitUntil(d -> d.findElements(By.id("scope-summary")).size() == 1);
        screenshotAsIs("home-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get("http://localhost:" + port + "/users");
        browser.findElement(By.linkText("zhen01")).click();
        waitUntil(d -> d.findElement(By.id("phone-cell")).getText().contains("138****0004"));
        browser.findElement(By.cssSelector("#phone-cell input[name=reason]")).sendKeys("核对值班表");
        browser.findElement(By.cssSelector("#phone-cell button")).click();
        waitUntil(d -> d.findElement(By.id("phone-cell")).getText().contains("13800000004"));
    }

    @Test
    void fraudAnalystSeesTheSeriesGraphAndEvidenceOfACase() throws Exception {
        long caseId = jdbc.sql("""
                SELECT m.case_id FROM fraud_series_member m JOIN (SELECT series_id FROM fraud_series_member GROUP BY series_id
                  HAVING count(*) BETWEEN 4 AND 30 ORDER BY series_id LIMIT 1) s ON s.series_id = m.series_id ORDER BY m.case_id LIMIT 1""")
                .query(Long.class).single();
        signIn(port, "fanzha01", "Zhian@2026!");
        browser.findElement(By.linkText("反诈研判")).click();
        waitUntil(d -> d.findElements(By.cssSelector("#case-table tbody tr")).size() == 50);
        browser.get("http://localhost:" + port + "/antifraud/cases/" + caseId);
        waitUntil(d -> d.findElement(By.id("case-graph")).getAttribute("data-nodes") != null);
        assertThat(Integer.parseInt(browser.findElement(By.id("case-graph")).getAttribute("data-nodes"))).isGreaterThan(4);
        assertThat(browser.findElements(By.cssSelector(".evidence"))).isNotEmpty();
        screenshot("fraud-case-series.png");
        browser.findElement(By.id("view-gang")).click();
        waitUntil(d -> "gang".equals(d.findElement(By.id("case-graph")).getAttribute("data-view")));
        browser.findElement(By.id("series-link")).click();
        waitUntil(d -> d.findElements(By.cssSelector("#series-cases tbody tr")).size() >= 4);
        screenshot("fraud-series.png");
    }

    /** Waits for the page to reach a state: clicks return before the next page has loaded. */
    private static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition::apply);
    }

    private static void signIn(int port, String username, String password) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login") || d.findElements(By.id("login-error")).size() > 0);
    }

    private static void screenshotAsIs(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        browser.manage().window().setSize(new Dimension(1280, 900));
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
