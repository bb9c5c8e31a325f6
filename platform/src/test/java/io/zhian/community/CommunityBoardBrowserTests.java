package io.zhian.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Browser;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.identity.UserDirectory;
import io.zhian.identity.internal.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The property desk's live board in a real browser: it opens, an access event posted to the webhook
 * (with an API token, as a door gateway would) changes the entry count without a reload.
 */
@ZhianTest
class CommunityBoardBrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1600, 900).waitSeconds(20);

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;
    @Autowired UserDirectory users;

    @Test
    void theBoardCountsAPostedEntryWithoutReloading() throws Exception {
        // a compound of its own, so the demo trickle does not move this board
        MockHttpSession wuye = Sessions.as(mvc, "wuye01");
        String region = jdbc.sql("""
                        SELECT r.code FROM community_compound c JOIN region r ON r.id = c.region_id JOIN org_unit u ON u.id = c.unit_id
                        WHERE u.code = 'PM-01' ORDER BY c.id LIMIT 1""").query(String.class).single();
        String created = mvc.perform(post("/api/v1/community/compounds").session(wuye).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"BOARD1\",\"name\":\"大屏测试小区\",\"regionCode\":\"" + region + "\",\"unitCode\":\"PM-01\"}"))
                .andReturn().getResponse().getContentAsString();
        long compound = ((Number) JsonPath.read(created, "$.id")).longValue();
        mvc.perform(post("/api/v1/community/compounds/" + compound + "/doors").session(wuye).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"deviceId\":\"BOARD1-GATE\",\"name\":\"南门\"}"));

        browser.signIn(port, "wuye01");
        browser.get("http://localhost:" + port + "/community/compounds/" + compound + "/board");
        browser.waitUntil(d -> d.findElement(By.id("entries-today")).getText().equals("0"));
        String updates = browser.findElement(By.id("board")).getAttribute("data-updates");

        String token = tokens.issue(users.findByUsername("wuye01").orElseThrow().id(), "door gateway", 1).token();
        String event = "[{\"compound\":\"BOARD1\",\"deviceId\":\"BOARD1-GATE\",\"eventId\":\"b1\",\"at\":\"" + Instant.now()
                + "\",\"direction\":\"IN\",\"credential\":\"CARD\",\"result\":\"GRANTED\"}]";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/community/access-events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\":1");

        browser.waitUntil(d -> d.findElement(By.id("entries-today")).getText().equals("1"));
        assertThat(browser.findElement(By.id("board")).getAttribute("data-updates")).isNotEqualTo(updates);
        assertThat(browser.findElement(By.id("live-state")).getText()).isEqualTo("实时");
        assertThat(browser.findElement(By.id("doors-online")).getText()).isEqualTo("1 / 1");
        browser.screenshot("community-live-board.png");

        // the compound page of a demo compound, for a look at the masked resident list
        long demo = jdbc.sql("SELECT min(c.id) FROM community_compound c JOIN org_unit u ON u.id = c.unit_id WHERE u.code = 'PM-01'")
                .query(Long.class).single();
        browser.get("http://localhost:" + port + "/community/compounds/" + demo);
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#residents tbody tr")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#residents tbody tr")).getText()).contains("*");
        browser.screenshot("community-compound.png");
        browser.findElement(By.cssSelector("#residents tbody tr a")).click();
        browser.waitUntil(d -> d.findElements(By.id("personal")).size() == 1);
        browser.findElement(By.cssSelector("#personal input[name=reason]")).sendKeys("核对住户信息");
        browser.findElement(By.cssSelector("#personal button")).click();
        browser.waitUntil(d -> !d.findElement(By.id("resident-id")).getText().contains("*"));
        browser.screenshot("community-resident-revealed.png");
    }
}
