package io.zhian.identity;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Machine clients use revocable tokens that carry their user's scope, and nothing more. */
@ZhianTest
class ApiTokenTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void tokenActsAsItsUserWithinTheUsersScopeUntilRevoked() throws Exception {
        var zhen01 = Sessions.as(mvc, "zhen01");
        String issued = mvc.perform(post("/api/v1/tokens").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"数据同步\",\"days\":30}")).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(issued, "$.token");
        long tokenId = ((Number) JsonPath.read(issued, "$.id")).longValue();
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value("zhen01"));
        long foreign = jdbc.sql("SELECT id FROM region WHERE level = 'TOWNSHIP' ORDER BY code OFFSET 1 LIMIT 1").query(Long.class).single();
        mvc.perform(get("/api/v1/regions/" + foreign).header("Authorization", "Bearer " + token)).andExpect(status().isNotFound());
        // no CSRF token needed for bearer requests, but the user's role rules still apply
        mvc.perform(post("/api/v1/units").header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .content("{\"code\":\"X-1\",\"name\":\"x\",\"kind\":\"OTHER\",\"regionCode\":\"990101000000\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/tokens/" + tokenId).session(zhen01).with(csrf())).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isUnauthorized());
    }

    @Test
    void unknownTokensAndAnonymousCallsGetProblemDetails() throws Exception {
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer zh_000000000000000000000000000000000000000000000000"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.status").value(401));
        mvc.perform(get("/api/v1/me")).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.title").value("Unauthorized"));
        mvc.perform(post("/api/v1/tokens").session(Sessions.as(mvc, "zhen01")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"\",\"days\":1000}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2));
        mvc.perform(post("/api/v1/tokens").session(Sessions.as(mvc, "zhen01")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{not json")).andExpect(status().isBadRequest());
    }
}
