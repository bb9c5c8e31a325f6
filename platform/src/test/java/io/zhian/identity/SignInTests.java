package io.zhian.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.identity.internal.Totp;
import io.zhian.regions.OrgUnits;
import io.zhian.shared.Role;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Sign-in rules a user meets: lockout, forced password change, complexity, TOTP for administrators. */
@ZhianTest
class SignInTests {

    @Autowired MockMvc mvc;
    @Autowired UserProvisioning provisioning;
    @Autowired OrgUnits units;
    @Autowired JdbcClient jdbc;

    private long newUser(String username, boolean mustChange, Role role) {
        long unit = units.findByCode("GC-003").orElseThrow().id();
        return provisioning.create(new NewUser(username, "测试用户", "13900001111", unit, "Initial#2026x", mustChange),
                role, ScopeKind.UNIT, null);
    }

    private MvcResult login(String username, String password) throws Exception {
        return mvc.perform(post("/login").param("username", username).param("password", password).with(csrf())).andReturn();
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() throws Exception {
        newUser("lock-test", false, Role.SURVEYOR);
        for (int i = 0; i < 5; i++) {
            assertThat(login("lock-test", "Wrong#Password1").getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        }
        MvcResult locked = login("lock-test", "Initial#2026x");
        assertThat(locked.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        assertThat(locked.getRequest().getSession().getAttribute("loginError")).isEqualTo("login.error.locked");
        assertThat(jdbc.sql("SELECT locked_until > now() + interval '14 minutes' FROM app_user WHERE username = 'lock-test'")
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE username = 'lock-test' AND action = 'LOGIN' AND outcome <> 'SUCCESS'")
                .query(Long.class).single()).isEqualTo(6);
    }

    @Test
    void initialPasswordMustBeChangedBeforeAnythingElse() throws Exception {
        newUser("first-login", true, Role.SURVEYOR);
        MvcResult result = login("first-login", "Initial#2026x");
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/account/password");
        MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
        mvc.perform(get("/regions").session(session)).andExpect(redirectedUrl("/account/password"));
        mvc.perform(get("/api/v1/me").session(session)).andExpect(status().isForbidden());
        // too weak: refused, with the rule shown
        String page = mvc.perform(post("/account/password").session(session).with(csrf()).param("current", "Initial#2026x")
                .param("password", "short").param("confirm", "short")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("at least 10 characters");
        mvc.perform(post("/account/password").session(session).with(csrf()).param("current", "Initial#2026x")
                .param("password", "alllowercaseletters").param("confirm", "alllowercaseletters"))
                .andExpect(status().isOk());
        mvc.perform(post("/account/password").session(session).with(csrf()).param("current", "Initial#2026x")
                .param("password", "Better#Pass2026").param("confirm", "Better#Pass2026"))
                .andExpect(redirectedUrl("/account"));
        mvc.perform(get("/api/v1/me").session(session)).andExpect(status().isOk());
        assertThat(login("first-login", "Better#Pass2026").getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void administratorsMustEnrolTotpAndThenUseIt() throws Exception {
        newUser("admin-totp", false, Role.AUDIT_ADMIN);
        MvcResult first = login("admin-totp", "Initial#2026x");
        assertThat(first.getResponse().getRedirectedUrl()).isEqualTo("/account/totp");
        MockHttpSession session = (MockHttpSession) first.getRequest().getSession(false);
        mvc.perform(get("/audit").session(session)).andExpect(redirectedUrl("/account/totp"));
        mvc.perform(get("/account/totp").session(session)).andExpect(status().isOk());
        String secret = (String) session.getAttribute("totpSecret");
        mvc.perform(post("/account/totp").session(session).with(csrf()).param("code", "000000")).andExpect(status().isOk());
        mvc.perform(get("/audit").session(session)).andExpect(redirectedUrl("/account/totp"));
        long step = Totp.step(Instant.now());
        mvc.perform(post("/account/totp").session(session).with(csrf()).param("code", Totp.code(secret, step)))
                .andExpect(redirectedUrl("/account"));
        mvc.perform(get("/audit").session(session)).andExpect(status().isOk());

        MvcResult second = login("admin-totp", "Initial#2026x");
        assertThat(second.getResponse().getRedirectedUrl()).isEqualTo("/login/totp");
        MockHttpSession s2 = (MockHttpSession) second.getRequest().getSession(false);
        // the code already used for enrolment cannot be replayed
        mvc.perform(post("/login/totp").session(s2).with(csrf()).param("code", Totp.code(secret, step))).andExpect(status().isOk());
        mvc.perform(get("/audit").session(s2)).andExpect(redirectedUrl("/login/totp"));
        mvc.perform(post("/login/totp").session(s2).with(csrf()).param("code", Totp.code(secret, step + 1)))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/audit").session(s2)).andExpect(status().isOk());
    }

    @Test
    void signInPagesAreChineseByDefaultWithAnEnglishSwitch() throws Exception {
        String zh = mvc.perform(get("/login")).andReturn().getResponse().getContentAsString();
        assertThat(zh).contains("登录智安");
        MvcResult switched = mvc.perform(get("/lang").param("to", "en").param("back", "/login")).andReturn();
        var cookie = switched.getResponse().getCookie("zhian-lang");
        String en = mvc.perform(get("/login").cookie(cookie)).andReturn().getResponse().getContentAsString();
        assertThat(en).contains("Sign in to Zhian");
        assertThat(mvc.perform(get("/lang").param("to", "en").param("back", "//evil.example")).andReturn()
                .getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void demoAccountsSignInToTheirHomePage() throws Exception {
        String home = mvc.perform(get("/").session(Sessions.as(mvc, "zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(home).contains("乡镇干部甲").doesNotContain("审计日志");
        String audit = mvc.perform(get("/").session(Sessions.as(mvc, "auditor"))).andReturn().getResponse().getContentAsString();
        assertThat(audit).contains("审计日志");
    }
}
