package io.zhian;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.zhian.identity.internal.Totp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Signs demo users in through the real form login and keeps their sessions for the whole test run.
 * Administrators enrol a TOTP secret at first sign-in, as a person would; the secret is kept here so
 * later sign-ins can produce codes.
 */
public final class Sessions {

    public static final String PASSWORD = "Zhian@2026!";
    private static final Map<String, MockHttpSession> SESSIONS = new ConcurrentHashMap<>();
    public static final Map<String, String> TOTP_SECRETS = new ConcurrentHashMap<>();

    private Sessions() {}

    public static synchronized MockHttpSession as(MockMvc mvc, String username) {
        return SESSIONS.computeIfAbsent(username, u -> signIn(mvc, u, PASSWORD));
    }

    /** A fresh sign-in (not cached); completes TOTP enrolment or verification when the flow asks. */
    public static MockHttpSession signIn(MockMvc mvc, String username, String password) {
        try {
            MvcResult login = mvc.perform(post("/login").param("username", username).param("password", password).with(csrf()))
                    .andReturn();
            MockHttpSession session = (MockHttpSession) login.getRequest().getSession(false);
            String target = login.getResponse().getRedirectedUrl();
            if ("/account/totp".equals(target)) {
                mvc.perform(get("/account/totp").session(session)).andReturn();
                String secret = (String) session.getAttribute("totpSecret");
                TOTP_SECRETS.put(username, secret);
                mvc.perform(post("/account/totp").session(session).param("code", Totp.code(secret, Totp.step(Instant.now())))
                        .with(csrf())).andReturn();
            } else if ("/login/totp".equals(target)) {
                String secret = TOTP_SECRETS.get(username);
                // the current step may be used already: the next one is inside the accepted window
                mvc.perform(post("/login/totp").session(session)
                        .param("code", Totp.code(secret, Totp.step(Instant.now()) + 1)).with(csrf())).andReturn();
            }
            return session;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
