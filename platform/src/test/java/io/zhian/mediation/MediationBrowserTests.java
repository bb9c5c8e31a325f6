package io.zhian.mediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.Browser;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A mediator in a real browser (Debian's headless Chromium) takes a dispute from intake through
 * mediation to a signed agreement and prints it. Skipped where Chromium is not installed.
 */
@ZhianTest
class MediationBrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1280, 1400).screenshotsAtStartSize();

    @LocalServerPort int port;
    @Autowired Regions regions;

    @Test
    void mediatorTakesADisputeFromIntakeToAPrintedAgreement() throws Exception {
        Region township = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        Region village = regions.children(DataScope.all(), township.id()).get(6);
        browser.signIn(port, "tiaojie01");

        // intake
        browser.findElement(By.linkText("矛盾纠纷调处")).click();
        browser.waitUntil(d -> d.findElements(By.id("dispute-table")).size() == 1);
        browser.findElement(By.linkText("登记纠纷")).click();
        browser.waitUntil(d -> d.findElements(By.id("dispute-form")).size() == 1);
        new Select(browser.findElement(By.id("category"))).selectByValue("NEIGHBOUR");
        new Select(browser.findElement(By.id("riskGrade"))).selectByValue("MEDIUM");
        new Select(browser.findElement(By.id("channel"))).selectByValue("WALK_IN");
        browser.findElement(By.id("flag-VIOLENCE")).click();
        browser.findElement(By.id("title")).sendKeys("浏览器测试：宅基地滴水檐纠纷");
        browser.findElement(By.id("regionCode")).sendKeys(village.code());
        browser.findElement(By.id("description")).sendKeys("两户因滴水檐位置发生争执，一方扬言报复。");
        browser.findElement(By.id("party1Name")).sendKeys("欧阳明远");
        browser.findElement(By.id("party2Name")).sendKeys("司马清和");
        browser.findElement(By.id("register")).click();
        browser.waitUntil(d -> d.findElements(By.id("case-no")).size() == 1);
        assertThat(browser.findElement(By.id("flags")).getText()).contains("扬言暴力");
        assertThat(browser.findElement(By.id("priority")).getText()).isEqualTo("3");
        String disputeUrl = browser.getCurrentUrl();

        // the case moves: assign to me, start
        browser.findElement(By.cssSelector("#action-assign button")).click();
        browser.waitUntil(d -> d.findElements(By.id("action-start")).size() == 1);
        browser.findElement(By.cssSelector("#action-start button")).click();
        browser.waitUntil(d -> d.findElements(By.id("action-resolve")).size() == 1);

        // mediation succeeds
        new Select(browser.findElement(By.id("kind"))).selectByValue("PEOPLES");
        new Select(browser.findElement(By.id("result"))).selectByValue("SUCCESS");
        browser.findElement(By.id("notes")).sendKeys("现场调解，双方同意");
        browser.findElement(By.id("add-session")).click();
        browser.waitUntil(d -> d.findElement(By.id("sessions")).getText().contains("调解成功"));

        // the agreement
        LocalDate today = LocalDate.now(io.zhian.casework.Casework.ZONE);
        browser.findElement(By.id("facts")).sendKeys("滴水檐越界约二十厘米，双方同意改建。");
        browser.findElement(By.id("party1Name")).sendKeys("欧阳明远");
        browser.findElement(By.id("party2Name")).sendKeys("司马清和");
        browser.findElement(By.id("ob1Obligor")).sendKeys("司马清和");
        browser.findElement(By.id("ob1Content")).sendKeys("改建滴水檐使雨水不落入邻院");
        setDate("ob1Due", today.plusDays(15));
        setDate("signedOn", today);
        browser.findElement(By.id("save-agreement")).click();
        browser.waitUntil(d -> d.findElements(By.id("print-agreement")).size() == 1);
        assertThat(browser.findElement(By.id("obligations")).getText()).contains("改建滴水檐使雨水不落入邻院").contains("司*");
        assertThat(browser.getPageSource()).doesNotContain("欧阳明远");
        browser.screenshot("mediation-dispute-agreement.png");

        // print: the link the mediator clicks answers a PDF with the Chinese text in it
        String pdfUrl = browser.findElement(By.id("print-agreement")).getAttribute("href");
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pdfUrl))
                .header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/pdf"));
        Path saved = Browser.SCREENSHOTS.resolve("mediation-agreement.pdf");
        Files.write(saved, pdf.body());
        PrintedText printed = PrintedText.of(pdf.body());
        assertThat(printed.text).contains("人民调解协议书").contains("欧阳明远").contains("司马清和").contains("改建滴水檐使雨水不落入邻院");
        assertThat(printed.missing).isZero();
        // and the browser opens it
        browser.get(pdfUrl);
        browser.get(disputeUrl);

        // resolve: the dispute leaves the open states
        browser.findElement(By.cssSelector("#action-resolve input[name=reason]")).sendKeys("达成调解协议");
        browser.findElement(By.cssSelector("#action-resolve button")).click();
        browser.waitUntil(d -> d.findElement(By.id("case-state")).getText().contains("已"));
        browser.screenshot("mediation-dispute-resolved.png");

        // the list, the statistics and the safe-village page as the mediator sees them
        browser.get(url("/mediation?flagged=true"));
        browser.waitUntil(d -> d.findElements(By.id("dispute-table")).size() == 1);
        assertThat(browser.findElement(By.id("export-xlsx")).getAttribute("href")).contains("flagged=true");
        browser.screenshot("mediation-list.png");
        browser.get(url("/mediation/statistics"));
        browser.waitUntil(d -> d.findElements(By.id("statistics")).size() == 1);
        browser.screenshot("mediation-statistics.png");
        browser.get(url("/mediation/safe-villages?show=fail"));
        browser.waitUntil(d -> d.findElements(By.id("safe-villages")).size() == 1);
        browser.screenshot("mediation-safe-villages.png");
    }

    private void setDate(String id, LocalDate value) {
        WebElement input = browser.findElement(By.id(id));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", input, value.toString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
