package io.zhian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zhian.ZhianApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The same server runs on an external PostgreSQL by configuration only: here the machine's own
 * PostgreSQL on 127.0.0.1:5432 (skipped where none answers), in a throw-away database.
 */
class ExternalPostgresTests {

    private static final String ADMIN_URL = System.getProperty("zhian.it.pg-admin-url",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    @Test
    void startsMigratesAndLoadsTheDemoOnAnExternalDatabase() throws Exception {
        String db = "zhian_it_" + Long.toHexString(System.nanoTime());
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE DATABASE " + db);
        }
        String url = ADMIN_URL.replace("/postgres?", "/" + db + "?");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ZhianApplication.class)
                .profiles("demo")
                .properties("spring.datasource.url=" + url, "server.port=0", "zhian.embedded-db.data-dir=target/never-used",
                        "zhian.mqtt.port=0", "zhian.devices.sip.udp-port=0", "zhian.devices.sip.tcp-port=0",
                        "zhian.devices.demo-fleet.size=0", "zhian.community.data-key=" + randomKey(), "zhian.devices.password-key=" + randomKey())
                .run()) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT count(*) FROM region WHERE level = 'VILLAGE'").query(Long.class).single()).isEqualTo(626);
            assertThat(jdbc.sql("SELECT current_database()").query(String.class).single()).isEqualTo(db);
            String port = app.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"UP\"");
        } finally {
            try (Connection c = connect()) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
        assertThat(java.nio.file.Path.of("target/never-used")).doesNotExist();
    }

    @Test
    void withoutTheDemoThereAreNoDefaultPasswords() throws Exception {
        String db = "zhian_it_" + Long.toHexString(System.nanoTime());
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE DATABASE " + db);
        }
        String url = ADMIN_URL.replace("/postgres?", "/" + db + "?");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ZhianApplication.class)
                .properties("spring.datasource.url=" + url, "server.port=0", "zhian.embedded-db.data-dir=target/never-used",
                        "zhian.mqtt.port=0", "zhian.devices.sip.udp-port=0", "zhian.devices.sip.tcp-port=0",
                        "zhian.community.data-key=" + randomKey(), "zhian.devices.password-key=" + randomKey())
                .run()) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT username FROM app_user ORDER BY username").query(String.class).list())
                    .containsExactly("auditadmin", "secadmin", "sysadmin");
            assertThat(jdbc.sql("SELECT bool_and(must_change_password) FROM app_user").query(Boolean.class).single()).isTrue();
            var encoder = app.getBean(org.springframework.security.crypto.password.PasswordEncoder.class);
            for (String hash : jdbc.sql("SELECT password_hash FROM app_user").query(String.class).list()) {
                assertThat(encoder.matches("Zhian@2026!", hash)).isFalse();
            }
            assertThat(jdbc.sql("SELECT count(*) FROM region").query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM fraud_case").query(Long.class).single()).isZero();
            // each administrator holds exactly one of the three administrator roles
            assertThat(jdbc.sql("SELECT count(DISTINCT role) FROM role_assignment").query(Long.class).single()).isEqualTo(3);
        } finally {
            try (Connection c = connect()) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static Connection connect() throws SQLException {
        try {
            return DriverManager.getConnection(ADMIN_URL);
        } catch (SQLException e) {
            assumeTrue(false, "no PostgreSQL at " + ADMIN_URL + ": " + e.getMessage());
            throw e;
        }
    }

    private static String randomKey() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return java.util.Base64.getEncoder().encodeToString(k);
    }
}
