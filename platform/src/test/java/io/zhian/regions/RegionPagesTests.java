package io.zhian.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Forms show the field and the reason, keep what the user typed, and change nothing on bad input. */
@ZhianTest
class RegionPagesTests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired OrgUnits units;

    @Test
    void badRegionEditShowsFieldErrorsAndKeepsTheRecord() throws Exception {
        Region village = regions.byLevel(RegionLevel.VILLAGE).get(40);
        String page = mvc.perform(post("/regions/" + village.id()).session(Sessions.as(mvc, "admin")).with(csrf())
                        .param("name", "新名字").param("centreLon", "东经112").param("version", String.valueOf(village.version())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("东经112&#39; is not a number").contains("value=\"东经112\"");
        page = mvc.perform(post("/regions/" + village.id()).session(Sessions.as(mvc, "admin")).with(csrf())
                        .param("name", "新名字").param("boundary", "{\"type\":\"Polygon\",\"coordinates\":[[[1,2],[3,4]]]}")
                        .param("version", String.valueOf(village.version())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("each ring needs at least 4 positions").contains("value=\"新名字\"");
        assertThat(regions.find(village.id()).orElseThrow().name()).isEqualTo(village.name());
    }

    @Test
    void officerAddsAGridFromTheVillagePage() throws Exception {
        Region township = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        Region village = regions.children(io.zhian.shared.DataScope.all(), township.id()).get(5);
        var zhen01 = Sessions.as(mvc, "zhen01");
        String page = mvc.perform(post("/regions/" + village.id() + "/children").session(zhen01).with(csrf())
                        .param("code", "123").param("name", "").param("kind", "GRID"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("代码: a grid code is the village").contains("名称: is required");
        mvc.perform(post("/regions/" + village.id() + "/children").session(zhen01).with(csrf())
                        .param("code", village.code() + "77").param("name", "东片网格").param("kind", "GRID"))
                .andExpect(redirectedUrl("/regions/" + village.id()));
        assertThat(regions.findByCode(village.code() + "77")).isPresent();
        String detail = mvc.perform(get("/regions/" + village.id()).session(zhen01)).andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("东片网格");
    }

    @Test
    void unitFormNamesBadFields() throws Exception {
        String page = mvc.perform(post("/units").session(Sessions.as(mvc, "admin")).with(csrf())
                        .param("code", "a b").param("name", "新单位").param("kind", "").param("regionCode", "000"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("2 to 32 letters").contains("no region has the code 000");
        assertThat(units.findByCode("a b")).isEmpty();
        mvc.perform(post("/units").session(Sessions.as(mvc, "zhen01")).with(csrf())
                .param("code", "NEW-1").param("name", "新单位").param("kind", "OTHER").param("regionCode", "990101001000"))
                .andExpect(status().isForbidden());
    }
}
