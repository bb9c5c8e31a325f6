package io.zhian.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.Browser;
import io.zhian.ZhianTest;
import io.zhian.identity.NewUser;
import io.zhian.identity.ScopeKind;
import io.zhian.identity.UserProvisioning;
import io.zhian.identity.internal.Totp;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.Role;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real browser (Debian's headless Chromium) signs in as a township officer and sees only that
 * township's villages. Skipped where Chromium is not installed; .ci/run installs it.
 */
@ZhianTest
class BrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1280, 900).screenshotsAtStartSize();

    @LocalServerPort int port;
    @Autowired Regions regions;
    @Autowired OrgUnits units;
    @Autowired UserProvisioning provisioning;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void townshipOfficerSeesOnlyTheirTownshipsVillages() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/login");
        assertThat(browser.getPageSource()).contains("登录智安");
        browser.signIn(port, "zhen01");
        browser.waitUntil(d -> d.findElements(By.id("scope-summary")).size() == 1);

        Region own = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        Region other = regions.byLevel(RegionLevel.TOWNSHIP).get(1);
        assertThat(browser.findElement(By.id("scope-summary")).getText()).contains(own.name());

        browser.findElement(By.linkText("区域")).click();
        browser.waitUntil(d -> d.findElements(By.id("children")).size() == 1);
        List<String> shown = browser.findElements(By.cssSelector("#children .child-name")).stream().map(WebElement::getText).toList();
        List<String> expected = regions.children(DataScope.all(), own.id()).stream().map(Region::name).toList();
        assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);
        String page = browser.getPageSource();
        for (Region village : regions.children(DataScope.all(), other.id())) {
            assertThat(page).doesNotContain(village.name());
        }
        // the map draws one shape per village
        browser.waitUntil(d -> d.findElement(By.id("region-map")).getAttribute("data-rendered") != null);
        assertThat(browser.findElement(By.id("region-map")).getAttribute("data-rendered")).isEqualTo(String.valueOf(expected.size()));
        browser.screenshot("township-officer-regions.png");

        browser.get("http://localhost:" + port + "/regions/" + other.id());
        assertThat(browser.getPageSource()).contains("不在您的数据范围内").doesNotContain(other.name() + "</span>");
    }

    @Test
    void auditorEnrolsTotpInTheBrowserAndVerifiesTheChain() throws Exception {
        long unit = units.findByCode("PLC").orElseThrow().id();
        provisioning.create(new NewUser("browser-auditor", "浏览器审计员", null, unit, "Browser#Audit2026", false),
                Role.AUDIT_ADMIN, ScopeKind.ALL, null);
        browser.signIn(port, "browser-auditor", "Browser#Audit2026");
        browser.waitUntil(d -> d.findElements(By.id("totp-secret")).size() == 1);
        String secret = browser.findElement(By.id("totp-secret")).getText();
        browser.screenshot("totp-enrolment.png");
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Totp.step(Instant.now())));
        browser.findElement(By.cssSelector("form[action$='/account/totp'] button")).click();
        browser.waitUntil(d -> d.getPageSource().contains("动态口令已绑定"));
        browser.findElement(By.linkText("审计日志")).click();
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#audit-table tbody tr")).isEmpty());
        browser.screenshot("audit-log.png");
        browser.findElement(By.cssSelector("form[action$='/audit/verify'] button")).click();
        browser.waitUntil(d -> d.findElement(By.id("verify-result")).getText().contains("哈希链完整"));
    }

    @Test
    void phoneLayoutAndAuditedRevealOfAFullPhoneNumber() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.signIn(port, "zhen01");
        browser.waitUntil(d -> d.findElements(By.id("scope-summary")).size() == 1);
        browser.screenshotAsIs("home-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get("http://localhost:" + port + "/users");
        browser.findElement(By.linkText("zhen01")).click();
        browser.waitUntil(d -> d.findElement(By.id("phone-cell")).getText().contains("138****0004"));
        browser.findElement(By.cssSelector("#phone-cell input[name=reason]")).sendKeys("核对值班表");
        browser.findElement(By.cssSelector("#phone-cell button")).click();
        browser.waitUntil(d -> d.findElement(By.id("phone-cell")).getText().contains("13800000004"));
    }

    @Test
    void fraudAnalystSeesTheSeriesGraphAndEvidenceOfACase() throws Exception {
        long caseId = jdbc.sql("""
                SELECT m.case_id FROM fraud_series_member m JOIN (SELECT series_id FROM fraud_series_member GROUP BY series_id
                  HAVING count(*) BETWEEN 4 AND 30 ORDER BY series_id LIMIT 1) s ON s.series_id = m.series_id ORDER BY m.case_id LIMIT 1""")
                .query(Long.class).single();
        browser.signIn(port, "fanzha01");
        browser.findElement(By.linkText("反诈研判")).click();
        browser.waitUntil(d -> d.findElements(By.cssSelector("#case-table tbody tr")).size() == 50);
        browser.get("http://localhost:" + port + "/antifraud/cases/" + caseId);
        browser.waitUntil(d -> d.findElement(By.id("case-graph")).getAttribute("data-nodes") != null);
        assertThat(Integer.parseInt(browser.findElement(By.id("case-graph")).getAttribute("data-nodes"))).isGreaterThan(4);
        assertThat(browser.findElements(By.cssSelector(".evidence"))).isNotEmpty();
        browser.screenshot("fraud-case-series.png");
        browser.findElement(By.id("view-gang")).click();
        browser.waitUntil(d -> "gang".equals(d.findElement(By.id("case-graph")).getAttribute("data-view")));
        browser.findElement(By.id("series-link")).click();
        browser.waitUntil(d -> d.findElements(By.cssSelector("#series-cases tbody tr")).size() >= 4);
        browser.screenshot("fraud-series.png");
    }
}
