package io.zhian.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** 三员分立: accounts, grants and audit are held by different people, and nobody grants themselves. */
@ZhianTest
class RoleSeparationTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private long userId(String username) {
        return jdbc.sql("SELECT id FROM app_user WHERE username = :u").param("u", username).query(Long.class).single();
    }

    private long createUser(String username) throws Exception {
        long unit = jdbc.sql("SELECT id FROM org_unit WHERE code = 'GC-004'").query(Long.class).single();
        String body = mvc.perform(post("/api/v1/users").session(Sessions.as(mvc, "admin")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + username + "\",\"displayName\":\"新用户\",\"unitId\":" + unit
                                + ",\"password\":\"Strong#Pass2026\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        assertThat(body).contains("\"mustChangePassword\":true");
        return userId(username);
    }

    @Test
    void onlyTheSecurityAdministratorGrantsAndNeverToThemselves() throws Exception {
        long id = createUser("role-sep-1");
        String grant = "{\"role\":\"SURVEYOR\",\"scope\":\"REGION\",\"scopeRegionId\":"
                + jdbc.sql("SELECT id FROM region WHERE code LIKE '990101%' AND level = 'TOWNSHIP' ORDER BY code LIMIT 1").query(Long.class).single() + "}";
        mvc.perform(post("/api/v1/users/" + id + "/roles").session(Sessions.as(mvc, "admin")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(grant)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/users/" + id + "/roles").session(Sessions.as(mvc, "secadmin")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(grant))
                .andExpect(status().isOk()).andExpect(jsonPath("$.roles[0].role").value("SURVEYOR"));
        long self = userId("secadmin");
        mvc.perform(post("/api/v1/users/" + self + "/roles").session(Sessions.as(mvc, "secadmin")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"role\":\"CITY_ADMIN\",\"scope\":\"ALL\"}"))
                .andExpect(status().isForbidden());
        assertThat(jdbc.sql("SELECT count(*) FROM role_assignment WHERE user_id = :u").param("u", self).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void oneAdministratorRolePerPersonAndCityWideOnly() throws Exception {
        long id = createUser("role-sep-2");
        var sec = Sessions.as(mvc, "secadmin");
        mvc.perform(post("/api/v1/users/" + id + "/roles").session(sec).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"AUDIT_ADMIN\",\"scope\":\"UNIT\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("scope"));
        mvc.perform(post("/api/v1/users/" + id + "/roles").session(sec).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"AUDIT_ADMIN\",\"scope\":\"ALL\"}")).andExpect(status().isOk());
        mvc.perform(post("/api/v1/users/" + id + "/roles").session(sec).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"CITY_ADMIN\",\"scope\":\"ALL\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("role"));
        mvc.perform(post("/api/v1/users/" + id + "/roles").session(sec).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"NOBODY\",\"scope\":\"ALL\"}")).andExpect(status().isBadRequest());
    }

    @Test
    void aRevokedRoleStopsWorkingAtOnce() throws Exception {
        long id = createUser("role-sep-3");
        var sec = Sessions.as(mvc, "secadmin");
        mvc.perform(post("/api/v1/users/" + id + "/roles").session(sec).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"POLICE_DISPATCHER\",\"scope\":\"ALL\"}")).andExpect(status().isOk());
        jdbc.sql("UPDATE app_user SET must_change_password = false WHERE id = :id").param("id", id).update();
        var session = Sessions.signIn(mvc, "role-sep-3", "Strong#Pass2026");
        String all = mvc.perform(get("/api/v1/units").param("size", "500").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(all).contains("GC-002");
        mvc.perform(delete("/api/v1/users/" + id + "/roles/POLICE_DISPATCHER").session(sec).with(csrf())).andExpect(status().isOk());
        String none = mvc.perform(get("/api/v1/units").param("size", "500").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(none).contains("\"total\":0");
    }

    @Test
    void fullPhoneNumbersNeedAReasonAndAreAudited() throws Exception {
        long zhen01 = userId("zhen01");
        var admin = Sessions.as(mvc, "admin");
        String masked = mvc.perform(get("/api/v1/users/" + zhen01).session(admin)).andReturn().getResponse().getContentAsString();
        assertThat(masked).contains("138****0004").doesNotContain("13800000004");
        mvc.perform(get("/api/v1/users/" + zhen01 + "/phone").session(admin)).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/users/" + zhen01 + "/phone").param("reason", "核实联系方式").session(admin))
                .andExpect(status().isOk()).andExpect(jsonPath("$.phone").value("13800000004"));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_id = :id AND reason = '核实联系方式'")
                .param("id", String.valueOf(zhen01)).query(Long.class).single()).isEqualTo(1);
    }
}
