package io.zhian.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.Browser;
import io.zhian.ZhianApplication;
import io.zhian.alarms.AlarmRequested;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The wall screen survives a server restart: the server is stopped under an open screen and started again on the same
 * port and data folder; the screen's event stream reconnects by itself, without reloading the page or signing in
 * again (the session was written to the data folder on stop and read back on start), and live alarms arrive again.
 */
class DashboardRestartBrowserTests {

    @RegisterExtension
    static final Browser browser = Browser.window(1600, 900).implicitWait(2);

    @Test
    void theScreenReconnectsAfterARestartWithoutSigningInAgain() throws Exception {
        Path data = Path.of("target", "restart-test-data").toAbsolutePath();
        Files.createDirectories(data);
        int port = freePort();
        ConfigurableApplicationContext first = start(data, port, true);
        try {
            browser.signIn(port, "jiejing01");
            browser.get("http://localhost:" + port + "/dashboard");
            browser.waitUntil(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")), 20);
            browser.executeScript("window.__noReload = true;");
        } finally {
            first.close();
        }
        browser.waitUntil(d -> !"live".equals(d.findElement(By.id("live")).getAttribute("data-state")), 20);
        assertThat(Files.exists(data.resolve("sessions").resolve("SESSIONS.ser"))).isTrue();

        ConfigurableApplicationContext second = start(data, port, false);
        try {
            browser.waitUntil(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")), 60);
            // the same page (no reload, no sign-in page) and its figures fetched again
            assertThat((Boolean) browser.executeScript("return window.__noReload === true;")).isTrue();
            assertThat(browser.getCurrentUrl()).endsWith("/dashboard");
            Regions regions = second.getBean(Regions.class);
            Region village = regions.children(DataScope.all(), regions.byLevel(RegionLevel.TOWNSHIP).get(2).id()).get(0);
            String what = "重启后测试：一键报警";
            new TransactionTemplate(second.getBean(PlatformTransactionManager.class)).executeWithoutResult(s ->
                    second.publishEvent(new AlarmRequested("COMPOUND",
                            "compound-alarm:restart", "restart-test-1", village.id(), null, null, "重启测试小区", what, Instant.now())));
            browser.waitUntil(d -> d.findElement(By.id("ticker")).getText().contains(what), 15);
            browser.screenshot("dashboard-after-restart.png");
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext start(Path data, int port, boolean clean) {
        // as command-line arguments: they take precedence over application.properties, as on a real server
        return new SpringApplicationBuilder(ZhianApplication.class).profiles("demo").run(
                "--server.port=" + port, "--zhian.embedded-db.data-dir=" + data, "--zhian.embedded-db.clean=" + clean,
                "--zhian.mqtt.port=0", "--zhian.devices.sip.udp-port=0", "--zhian.devices.sip.tcp-port=0",
                "--zhian.devices.demo-fleet.size=0", "--zhian.demo.community.residents=2000", "--zhian.dashboard.refresh-interval=PT10M",
                "--zhian.dashboard.reports.enabled=false");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
