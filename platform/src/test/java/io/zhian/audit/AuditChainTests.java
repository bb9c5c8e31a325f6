package io.zhian.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The audit log cannot be edited, and any alteration or deletion is found by verification. */
@ZhianTest
class AuditChainTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void theApplicationCannotUpdateOrDeleteAuditRows() {
        Sessions.as(mvc, "zhen01");
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET reason = 'x' WHERE id = (SELECT min(id) FROM audit_event)").update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event").update()).hasMessageContaining("append-only");
    }

    @Test
    void onlyAuditAdministratorsReadTheLogAndRefusalsAreRecorded() throws Exception {
        mvc.perform(get("/api/v1/audit").session(Sessions.as(mvc, "admin"))).andExpect(status().isForbidden());
        mvc.perform(get("/audit").session(Sessions.as(mvc, "zhen01"))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit").param("username", "zhen01").param("action", "LOGIN").session(Sessions.as(mvc, "auditor")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.items[0].username").value("zhen01"));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE username = 'admin' AND outcome = 'DENIED' AND action = 'ACCESS_DENIED'")
                .query(Long.class).single()).isPositive();
        String csv = mvc.perform(get("/audit/export.csv").param("username", "zhen01").session(Sessions.as(mvc, "auditor")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains("occurred_at").contains("zhen01").contains("LOGIN");
    }

    @Test
    synchronized void verificationFindsTheFirstAlteredOrDeletedRow() throws Exception {
        var auditor = Sessions.as(mvc, "auditor");
        mvc.perform(get("/api/v1/audit/verify").session(auditor)).andExpect(jsonPath("$.intact").value(true));
        long target = jdbc.sql("SELECT id FROM audit_event WHERE action = 'LOGIN' ORDER BY id LIMIT 1 OFFSET 2").query(Long.class).single();
        jdbc.sql("DROP TABLE IF EXISTS audit_event_saved").update();
        jdbc.sql("CREATE TABLE audit_event_saved AS SELECT * FROM audit_event WHERE id = :id").param("id", target).update();
        try {
            // someone with database access edits a row behind the application's back
            jdbc.sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update").update();
            jdbc.sql("UPDATE audit_event SET username = 'someone-else' WHERE id = :id").param("id", target).update();
            mvc.perform(get("/api/v1/audit/verify").session(auditor))
                    .andExpect(jsonPath("$.intact").value(false)).andExpect(jsonPath("$.firstBrokenId").value(target))
                    .andExpect(jsonPath("$.problem").value("content altered: hash does not match"));
            jdbc.sql("UPDATE audit_event SET username = (SELECT username FROM audit_event_saved) WHERE id = :id").param("id", target).update();
            jdbc.sql("DELETE FROM audit_event WHERE id = :id").param("id", target).update();
            mvc.perform(get("/api/v1/audit/verify").session(auditor))
                    .andExpect(jsonPath("$.intact").value(false)).andExpect(jsonPath("$.firstBrokenId").value(greaterThan(target)));
        } finally {
            jdbc.sql("INSERT INTO audit_event SELECT * FROM audit_event_saved WHERE NOT EXISTS (SELECT 1 FROM audit_event WHERE id = :id)")
                    .param("id", target).update();
            jdbc.sql("DROP TABLE audit_event_saved").update();
            jdbc.sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update").update();
        }
        mvc.perform(get("/api/v1/audit/verify").session(auditor)).andExpect(jsonPath("$.intact").value(true));
    }

    private static org.hamcrest.Matcher<Object> greaterThan(long value) {
        return org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.instanceOf(Number.class),
                new org.hamcrest.CustomMatcher<>("a row after " + value) {
                    @Override
                    public boolean matches(Object item) {
                        return ((Number) item).longValue() > value;
                    }
                });
    }
}
