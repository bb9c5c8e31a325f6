package io.zhian.survey;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chromium.HasNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A surveyor fills the form on a phone-sized headless Chromium with the network cut: the answer waits in
 * the browser's queue, and once the network is back it arrives, exactly once. Skipped without Chromium.
 */
@ZhianTest
class SurveyBrowserTests {

    private static ChromeDriver browser;

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired UserProvisioning provisioning;
    @Autowired OrgUnits units;
    private static int browserPort;

    @org.junit.jupiter.api.BeforeEach
    void rememberPort() {
        browserPort = port;
    }

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--lang=zh-CN", "--window-size=390,844");
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
    void anAnswerGivenOfflineIsQueuedAndArrivesOnceWhenTheNetworkReturns() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        signIn("diaocha01", "Zhian@2026!");
        browser.get("http://localhost:" + port + "/survey/fill");
        waitUntil(d -> d.findElements(By.cssSelector("#survey-questions .question")).size() == 9);
        long before = jdbc.sql("SELECT count(*) FROM survey_response").query(Long.class).single();

        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        ((HasNetworkConditions) browser).setNetworkConditions(offline);

        for (String q : new String[] {"security", "sat_police", "sat_court", "sat_procuratorate", "sat_justice"}) {
            click("label[for='q-" + q + "-1']");
        }
        click("label[for='q-victim-0']"); // yes: the follow-up question appears and is required
        assertThat(browser.findElement(By.id("q-victim_type")).isDisplayed()).isTrue();
        click("#survey-submit");
        waitUntil(d -> d.findElement(By.id("survey-message")).getText().contains("必答"));
        click("label[for='q-victim_type-1']");
        click("#survey-submit");
        waitUntil(d -> "1".equals(d.findElement(By.id("queue-count")).getText()));
        String uuid = (String) ((JavascriptExecutor) browser).executeScript("return window.zhianSurvey.queued()[0].body.clientUuid;");
        assertThat(UUID.fromString(uuid)).isNotNull();
        // still offline: a retry fails quietly and the answer stays queued
        ((JavascriptExecutor) browser).executeScript("window.zhianSurvey.flush();");
        Thread.sleep(500);
        assertThat(browser.findElement(By.id("queue-count")).getText()).isEqualTo("1");
        assertThat(count(uuid)).isZero();
        screenshot("survey-offline-queued.png");

        ChromiumNetworkConditions online = new ChromiumNetworkConditions();
        online.setOffline(false);
        ((HasNetworkConditions) browser).setNetworkConditions(online);
        // sending twice at once (the retry timer and a hand-pressed button) still stores it once
        ((JavascriptExecutor) browser).executeScript("window.zhianSurvey.flush(); document.getElementById('queue-send').click();");
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "still queued; note: "
                        + browser.findElement(By.id("queue-note")).getText() + "; message: " + browser.findElement(By.id("survey-message")).getText())
                // the queue bar hides itself when empty, so read the count from the DOM, not the visible text
                .until(d -> "0".equals(d.findElement(By.id("queue-count")).getDomProperty("textContent")));
        assertThat(count(uuid)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response").query(Long.class).single()).isEqualTo(before + 1);
        String answers = jdbc.sql("SELECT answers::text FROM survey_response WHERE client_uuid = :u").param("u", UUID.fromString(uuid))
                .query(String.class).single();
        assertThat(answers).contains("\"victim_type\": [\"fraud\"]").contains("\"security\": \"2\"");
        screenshot("survey-sent.png");

        // the service worker keeps the form: a reload without network still opens it
        waitUntil(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return !!navigator.serviceWorker && !!navigator.serviceWorker.controller;")));
        ((HasNetworkConditions) browser).setNetworkConditions(offline);
        browser.navigate().refresh();
        waitUntil(d -> d.findElements(By.cssSelector("#survey-questions .question")).size() == 9);
        ((HasNetworkConditions) browser).setNetworkConditions(online);

        // an officer returns it (here straight in the table); the surveyor corrects it in the pre-filled form
        jdbc.sql("UPDATE survey_response SET status = 'RETURNED', review_note = '安全感一题请复核', version = version + 1 "
                + "WHERE client_uuid = :u").param("u", UUID.fromString(uuid)).update();
        browser.get("http://localhost:" + port + "/survey/mine");
        waitUntil(d -> d.findElement(By.id("returned-list")).getText().contains("安全感一题请复核"));
        long id = jdbc.sql("SELECT id FROM survey_response WHERE client_uuid = :u").param("u", UUID.fromString(uuid))
                .query(Long.class).single();
        click("[data-response='" + id + "'] a");
        waitUntil(d -> d.findElement(By.id("q-security-1")).isSelected());
        assertThat(browser.findElement(By.id("q-victim_type-1")).isSelected()).isTrue();
        click("label[for='q-security-0']");
        screenshot("survey-correct.png");
        click("#resubmit");
        waitUntil(d -> !d.findElements(By.id("resubmitted")).isEmpty());
        assertThat(jdbc.sql("SELECT status || ' ' || (answers ->> 'security') FROM survey_response WHERE id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("SUBMITTED 1");
    }

    @Test
    void officerAndAdministratorSeeCoverageIndicesRankingsAndTheEditor() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        signIn("zhen01", "Zhian@2026!");
        browser.get("http://localhost:" + port + "/survey");
        click("#campaign-table a");
        waitUntil(d -> !d.findElements(By.cssSelector("#coverage-table tbody tr")).isEmpty());
        screenshot("survey-coverage.png");
        browser.get("http://localhost:" + port + "/survey/indices");
        // the officer's scope is one township: one row, with the agency table above
        waitUntil(d -> d.findElements(By.cssSelector("#index-table tbody tr")).size() == 1);
        assertThat(browser.findElements(By.cssSelector("#agency-table tbody tr"))).hasSize(7);
        click("#index-table tbody a");
        waitUntil(d -> d.findElements(By.cssSelector("#index-table tbody tr")).size() > 5);
        screenshot("survey-indices-villages.png");
        browser.get("http://localhost:" + port + "/survey/rankings");
        waitUntil(d -> !d.findElements(By.cssSelector("#ranking-table tbody tr")).isEmpty());

        provisioning.create(new NewUser("survey-admin", "问卷管理员", null, units.findByCode("PLC").orElseThrow().id(),
                "Survey#Admin2026", false), Role.CITY_ADMIN, ScopeKind.ALL, null);
        signIn("survey-admin", "Survey#Admin2026");
        waitUntil(d -> d.findElements(By.id("totp-secret")).size() == 1);
        String secret = browser.findElement(By.id("totp-secret")).getText();
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Totp.step(Instant.now())));
        browser.findElement(By.cssSelector("form[action$='/account/totp'] button")).click();
        waitUntil(d -> d.getPageSource().contains("动态口令已绑定"));
        browser.get("http://localhost:" + port + "/survey/indices");
        waitUntil(d -> d.findElements(By.cssSelector("#index-table tbody tr")).size() == 28);
        screenshot("survey-indices.png");
        browser.get("http://localhost:" + port + "/survey/rankings");
        waitUntil(d -> d.findElements(By.cssSelector("#ranking-table tbody tr")).size() >= 28);
        screenshot("survey-rankings.png");
        browser.get("http://localhost:" + port + "/survey/forms");
        click("#form-table a");
        waitUntil(d -> d.findElements(By.cssSelector("#question-table tbody tr")).size() >= 9);
        screenshot("survey-form-version.png");
        browser.get("http://localhost:" + port + "/survey/indices/config");
        waitUntil(d -> d.findElements(By.cssSelector("#config-table tbody tr")).size() == 7);
        screenshot("survey-index-config.png");
    }

    private static void signIn(String username, String password) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + browserPort + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login") || d.findElements(By.id("login-error")).size() > 0);
    }

    private long count(String uuid) {
        return jdbc.sql("SELECT count(*) FROM survey_response WHERE client_uuid = :u").param("u", UUID.fromString(uuid))
                .query(Long.class).single();
    }

    private static void click(String css) {
        var element = browser.findElement(By.cssSelector(css));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.click();
    }

    private static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition::apply);
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
