package io.zhian.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.shared.DataScope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** A township officer sees and changes only their own township, through the API and the pages alike. */
@ZhianTest
class ScopeIsolationTests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;

    private Region township(int index) {
        return regions.byLevel(RegionLevel.TOWNSHIP).get(index);
    }

    private List<Region> villagesOf(Region township) {
        return regions.children(DataScope.all(), township.id());
    }

    @Test
    void officerListsOnlyOwnTownshipsVillages() throws Exception {
        MockHttpSession zhen01 = Sessions.as(mvc, "zhen01");
        Region own = township(0);
        var body = mvc.perform(get("/api/v1/regions").param("parentId", String.valueOf(own.id())).session(zhen01))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        for (Region v : villagesOf(own)) {
            assertThat(body).contains(v.code());
        }
        mvc.perform(get("/api/v1/regions").param("parentId", String.valueOf(township(1).id())).session(zhen01))
                .andExpect(status().isNotFound());
        String search = mvc.perform(get("/api/v1/regions").param("level", "VILLAGE").param("limit", "1000").session(zhen01))
                .andReturn().getResponse().getContentAsString();
        for (Region v : villagesOf(township(1))) {
            assertThat(search).doesNotContain(v.code());
        }
    }

    @Test
    void guessingIdsOfAnotherTownshipAnswersNotFoundEverywhere() throws Exception {
        MockHttpSession zhen01 = Sessions.as(mvc, "zhen01");
        List<Long> foreign = jdbc.sql("SELECT id FROM region WHERE path LIKE :p").param("p", township(1).path() + "%")
                .query(Long.class).list();
        assertThat(foreign).hasSizeGreaterThan(20);
        for (long id : foreign) {
            mvc.perform(get("/api/v1/regions/" + id).session(zhen01)).andExpect(status().isNotFound());
            mvc.perform(get("/regions/" + id).session(zhen01)).andExpect(status().isNotFound());
        }
        long foreignVillage = villagesOf(township(1)).get(0).id();
        mvc.perform(put("/api/v1/regions/" + foreignVillage).session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"改名\",\"version\":0}")).andExpect(status().isNotFound());
        mvc.perform(post("/regions/" + foreignVillage).session(zhen01).with(csrf()).param("name", "改名").param("version", "0"))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/regions/" + foreignVillage).session(zhen01).with(csrf())).andExpect(status().isNotFound());
        assertThat(regions.find(foreignVillage).orElseThrow().name()).isNotEqualTo("改名");
        long denials = jdbc.sql("SELECT count(*) FROM audit_event WHERE username = 'zhen01' AND outcome = 'DENIED'")
                .query(Long.class).single();
        assertThat(denials).isGreaterThan(foreign.size());
    }

    @Test
    void officerMayAddGridsInOwnVillagesButNotRenameVillages() throws Exception {
        MockHttpSession zhen01 = Sessions.as(mvc, "zhen01");
        Region village = villagesOf(township(0)).get(3);
        String code = village.code() + "99";
        mvc.perform(post("/api/v1/regions").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"" + code + "\",\"name\":\"测试网格\",\"kind\":\"GRID\",\"parentCode\":\"" + village.code() + "\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.level").value("GRID"));
        Region grid = regions.findByCode(code).orElseThrow();
        // the new grid is readable at once: the scope is computed per request
        mvc.perform(get("/api/v1/regions/" + grid.id()).session(zhen01)).andExpect(status().isOk());
        mvc.perform(put("/api/v1/regions/" + village.id()).session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"改名\",\"version\":" + village.version() + "}")).andExpect(status().isForbidden());
        Region foreignVillage = villagesOf(township(1)).get(0);
        mvc.perform(post("/api/v1/regions").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"" + foreignVillage.code() + "98\",\"name\":\"越界网格\",\"kind\":\"GRID\",\"parentCode\":\""
                                + foreignVillage.code() + "\"}"))
                .andExpect(status().isNotFound());
        assertThat(regions.findByCode(foreignVillage.code() + "98")).isEmpty();
        mvc.perform(delete("/api/v1/regions/" + grid.id()).session(zhen01).with(csrf())).andExpect(status().isNoContent());
    }

    @Test
    void badRegionInputNamesEveryFieldAndChangesNothing() throws Exception {
        MockHttpSession admin = Sessions.as(mvc, "admin");
        Region village = villagesOf(township(2)).get(0);
        mvc.perform(post("/api/v1/regions").session(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"12\",\"name\":\"\",\"kind\":\"GRID\",\"parentCode\":\"" + village.code()
                                + "\",\"boundary\":\"{\\\"type\\\":\\\"Point\\\",\\\"coordinates\\\":[1,2]}\",\"centreLon\":300}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field=='code')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='name')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='boundary')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='centreLon')]").exists());
        mvc.perform(put("/api/v1/regions/" + village.id()).session(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"新名\",\"version\":" + (village.version() + 7) + "}")).andExpect(status().isConflict());
        assertThat(regions.find(village.id()).orElseThrow().name()).isEqualTo(village.name());
    }

    @Test
    void unitsAndUsersAreScopedToo() throws Exception {
        MockHttpSession zhen01 = Sessions.as(mvc, "zhen01");
        String units = mvc.perform(get("/api/v1/units").param("size", "500").session(zhen01)).andReturn().getResponse().getContentAsString();
        assertThat(units).contains("GC-001").doesNotContain("GC-002").doesNotContain("\"PLC\"");
        long foreignUnit = jdbc.sql("SELECT id FROM org_unit WHERE code = 'GC-002'").query(Long.class).single();
        mvc.perform(get("/api/v1/units/" + foreignUnit).session(zhen01)).andExpect(status().isNotFound());
        mvc.perform(get("/units/" + foreignUnit).session(zhen01)).andExpect(status().isNotFound());
        String users = mvc.perform(get("/api/v1/users").session(zhen01)).andReturn().getResponse().getContentAsString();
        assertThat(users).contains("zhen01").doesNotContain("zhen02").doesNotContain("\"admin\"");
        long zhen02 = jdbc.sql("SELECT id FROM app_user WHERE username = 'zhen02'").query(Long.class).single();
        mvc.perform(get("/api/v1/users/" + zhen02).session(zhen01)).andExpect(status().isNotFound());
        mvc.perform(get("/users/" + zhen02).session(zhen01)).andExpect(status().isNotFound());
    }
}
