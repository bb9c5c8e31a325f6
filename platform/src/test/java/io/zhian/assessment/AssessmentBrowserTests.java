package io.zhian.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.Browser;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A township officer opens the assessment ranking in headless Chromium, sees their township ranked among
 * all, and opens its breakdown. Skipped where Chromium is not installed.
 */
@ZhianTest
class AssessmentBrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1400, 1000);

    @LocalServerPort int port;
    @Autowired Regions regions;

    @Test
    void townshipOfficerOpensTheRankingAndTheirTownshipsBreakdown() throws Exception {
        Region own = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        browser.signIn(port, "zhen01");

        browser.findElement(By.linkText("双提升考评")).click();
        browser.waitUntil(d -> d.findElements(By.cssSelector("#ranking-table tbody tr")).size() == 1);
        WebElement row = browser.findElement(By.cssSelector("#ranking-table tbody tr"));
        assertThat(row.findElement(By.cssSelector(".subject-link")).getText()).isEqualTo(own.name());
        assertThat(row.findElement(By.cssSelector(".rank")).getText()).matches("\\d+");
        assertThat(row.findElement(By.cssSelector(".total")).getText()).matches("\\d+\\.\\d\\d");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("共 28 个考评对象");
        browser.screenshot("assessment-ranking.png");

        row.findElement(By.cssSelector(".subject-link")).click();
        browser.waitUntil(d -> d.findElements(By.cssSelector("#breakdown tbody tr")).size() >= 7);
        assertThat(browser.findElement(By.id("subject-name")).getText()).isEqualTo(own.name());
        List<String> indicators = browser.findElements(By.cssSelector("#breakdown tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(indicators).contains("刑事案件量", "治安案件量", "群众安全感率", "执法满意率");
        assertThat(browser.findElements(By.cssSelector("#history tbody tr"))).hasSize(12);
        browser.waitUntil(d -> "12".equals(d.findElement(By.id("history-chart")).getAttribute("data-rendered")));
        browser.screenshot("assessment-township-breakdown.png");

        browser.get("http://localhost:" + port + "/assessment/pairings");
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#task-table tbody tr")).isEmpty());
        browser.screenshot("assessment-pairings.png");
        browser.findElement(By.linkText("督导问责")).click();
        browser.waitUntil(d -> d.findElements(By.id("inspection-table")).size() == 1);
        browser.screenshot("assessment-supervision.png");
        browser.findElement(By.linkText("宣传发动")).click();
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#publicity-counts tbody tr")).isEmpty());
        browser.screenshot("assessment-publicity.png");
    }
}
