package io.zhian.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.Browser;
import io.zhian.ZhianTest;
import io.zhian.identity.NewUser;
import io.zhian.identity.ScopeKind;
import io.zhian.identity.UserProvisioning;
import io.zhian.identity.internal.Totp;
import io.zhian.regions.OrgUnits;
import io.zhian.shared.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
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

    @RegisterExtension
    static final Browser browser = Browser.window(390, 844);

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired UserProvisioning provisioning;
    @Autowired OrgUnits units;

    @Test
    void anAnswerGivenOfflineIsQueuedAndArrivesOnceWhenTheNetworkReturns() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.signIn(port, "diaocha01");
        browser.get("http://localhost:" + port + "/survey/fill");
        browser.waitUntil(d -> d.findElements(By.cssSelector("#survey-questions .question")).size() == 9);
        long before = jdbc.sql("SELECT count(*) FROM survey_response").query(Long.class).single();

        browser.offline(true);

        for (String q : new String[] {"security", "sat_police", "sat_court", "sat_procuratorate", "sat_justice"}) {
            click("label[for='q-" + q + "-1']");
        }
        click("label[for='q-victim-0']"); // yes: the follow-up question appears and is required
        assertThat(browser.findElement(By.id("q-victim_type")).isDisplayed()).isTrue();
        click("#survey-submit");
        browser.waitUntil(d -> d.findElement(By.id("survey-message")).getText().contains("必答"));
        click("label[for='q-victim_type-1']");
        click("#survey-submit");
        browser.waitUntil(d -> "1".equals(d.findElement(By.id("queue-count")).getText()));
        String uuid = (String) ((JavascriptExecutor) browser).executeScript("return window.zhianSurvey.queued()[0].body.clientUuid;");
        assertThat(UUID.fromString(uuid)).isNotNull();
        // still offline: a retry fails quietly and the answer stays queued
        ((JavascriptExecutor) browser).executeScript("window.zhianSurvey.flush();");
        Thread.sleep(500);
        assertThat(browser.findElement(By.id("queue-count")).getText()).isEqualTo("1");
        assertThat(count(uuid)).isZero();
        browser.screenshot("survey-offline-queued.png");

        browser.offline(false);
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
        browser.screenshot("survey-sent.png");

        // the service worker keeps the form: a reload without network still opens it
        browser.waitUntil(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return !!navigator.serviceWorker && !!navigator.serviceWorker.controller;")));
        browser.offline(true);
        browser.navigate().refresh();
        browser.waitUntil(d -> d.findElements(By.cssSelector("#survey-questions .question")).size() == 9);
        browser.offline(false);
        // an officer returns it (here straight in the table); the surveyor corrects it in the pre-filled form
        jdbc.sql("UPDATE survey_response SET status = 'RETURNED', review_note = '安全感一题请复核', version = version + 1 "
                + "WHERE client_uuid = :u").param("u", UUID.fromString(uuid)).update();
        browser.get("http://localhost:" + port + "/survey/mine");
        browser.waitUntil(d -> d.findElement(By.id("returned-list")).getText().contains("安全感一题请复核"));
        long id = jdbc.sql("SELECT id FROM survey_response WHERE client_uuid = :u").param("u", UUID.fromString(uuid))
                .query(Long.class).single();
        click("[data-response='" + id + "'] a");
        browser.waitUntil(d -> d.findElement(By.id("q-security-1")).isSelected());
        assertThat(browser.findElement(By.id("q-victim_type-1")).isSelected()).isTrue();
        click("label[for='q-security-0']");
        browser.screenshot("survey-correct.png");
        click("#resubmit");
        browser.waitUntil(d -> !d.findElements(By.id("resubmitted")).isEmpty());
        assertThat(jdbc.sql("SELECT status || ' ' || (answers ->> 'security') FROM survey_response WHERE id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("SUBMITTED 1");
    }

    @Test
    void officerAndAdministratorSeeCoverageIndicesRankingsAndTheEditor() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.signIn(port, "zhen01");
        browser.get("http://localhost:" + port + "/survey");
        click("#campaign-table a");
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#coverage-table tbody tr")).isEmpty());
        browser.screenshot("survey-coverage.png");
        browser.get("http://localhost:" + port + "/survey/indices");
        // the officer's scope is one township: one row, with the agency table above
        browser.waitUntil(d -> d.findElements(By.cssSelector("#index-table tbody tr")).size() == 1);
        assertThat(browser.findElements(By.cssSelector("#agency-table tbody tr"))).hasSize(7);
        click("#index-table tbody a");
        browser.waitUntil(d -> d.findElements(By.cssSelector("#index-table tbody tr")).size() > 5);
        browser.screenshot("survey-indices-villages.png");
        browser.get("http://localhost:" + port + "/survey/rankings");
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#ranking-table tbody tr")).isEmpty());

        provisioning.create(new NewUser("survey-admin", "问卷管理员", null, units.findByCode("PLC").orElseThrow().id(),
                "Survey#Admin2026", false), Role.CITY_ADMIN, ScopeKind.ALL, null);
        browser.signIn(port, "survey-admin", "Survey#Admin2026");
        browser.waitUntil(d -> d.findElements(By.id("totp-secret")).size() == 1);
        String secret = browser.findElement(By.id("totp-secret")).getText();
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Totp.step(Instant.now())));
        browser.findElement(By.cssSelector("form[action$='/account/totp'] button")).click();
        browser.waitUntil(d -> d.getPageSource().contains("动态口令已绑定"));
        browser.get("http://localhost:" + port + "/survey/indices");
        browser.waitUntil(d -> d.findElements(By.cssSelector("#index-table tbody tr")).size() == 28);
        browser.screenshot("survey-indices.png");
        browser.get("http://localhost:" + port + "/survey/rankings");
        browser.waitUntil(d -> d.findElements(By.cssSelector("#ranking-table tbody tr")).size() >= 28);
        browser.screenshot("survey-rankings.png");
        browser.get("http://localhost:" + port + "/survey/forms");
        click("#form-table a");
        browser.waitUntil(d -> d.findElements(By.cssSelector("#question-table tbody tr")).size() >= 9);
        browser.screenshot("survey-form-version.png");
        browser.get("http://localhost:" + port + "/survey/indices/config");
        browser.waitUntil(d -> d.findElements(By.cssSelector("#config-table tbody tr")).size() == 7);
        browser.screenshot("survey-index-config.png");
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
}
