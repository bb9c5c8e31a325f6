package io.zhian.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** Region CSV import reports every bad row and imports nothing unless all rows are good. */
@ZhianTest
class RegionCsvTests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;

    @Test
    void goodFileCreatesAndUpdatesRegionsParentsFirst() throws Exception {
        String township = regions.byLevel(RegionLevel.TOWNSHIP).get(5).code();
        String village = township.substring(0, 9) + "390";
        String csv = "code,name,kind,parent_code,centre_lon,centre_lat,population,boundary\n"
                + village + "11,新村一网格,网格," + village + ",,,,\n" // child before parent: still fine
                + village + ",新村,村," + township + ",112.1,32.7,1200,\n";
        mvc.perform(multipart("/api/v1/regions/import").file(new MockMultipartFile("file", "r.csv", "text/csv",
                        csv.getBytes(StandardCharsets.UTF_8))).session(Sessions.as(mvc, "admin")).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.imported").value(2)).andExpect(jsonPath("$.applied").value(true));
        assertThat(regions.findByCode(village + "11").orElseThrow().parentId())
                .isEqualTo(regions.findByCode(village).orElseThrow().id());
        String export = mvc.perform(get("/api/v1/regions/export.csv").session(Sessions.as(mvc, "admin")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(export).startsWith("code,name,kind,parent_code").contains(village + ",新村,VILLAGE," + township);
    }

    @Test
    void badRowsAreEachReportedAndNothingIsImported() throws Exception {
        String township = regions.byLevel(RegionLevel.TOWNSHIP).get(6).code();
        String good = township.substring(0, 9) + "391";
        String csv = "code,name,kind,parent_code,centre_lon,centre_lat,population,boundary\n"
                + good + ",好村,村," + township + ",,,,\n"
                + "12345,坏代码,村," + township + ",,,,\n"
                + township.substring(0, 9) + "392,无上级,村,999999999999,,,,\n"
                + township.substring(0, 9) + "393,坏坐标,村," + township + ",abc,32,,\n"
                + township.substring(0, 9) + "394,坏类型,城堡," + township + ",,,,\n"
                + good + ",重复,村," + township + ",,,,\n";
        String report = mvc.perform(post("/api/v1/regions/import").contentType("text/csv").content(csv)
                        .session(Sessions.as(mvc, "admin")).with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.imported").value(0)).andExpect(jsonPath("$.applied").value(false))
                .andExpect(jsonPath("$.results[0].status").value("create"))
                .andExpect(jsonPath("$.results[1].line").value(3))
                .andExpect(jsonPath("$.results[1].problems[0].field").value("code"))
                .andExpect(jsonPath("$.results[2].problems[0].field").value("parent_code"))
                .andExpect(jsonPath("$.results[3].problems[0].field").value("centre_lon"))
                .andExpect(jsonPath("$.results[4].problems[0].field").value("kind"))
                .andExpect(jsonPath("$.results[5].problems[0].reason").value("duplicates line 2"))
                .andReturn().getResponse().getContentAsString();
        assertThat(report).isNotEmpty();
        assertThat(regions.findByCode(good)).isEmpty();
    }

    @Test
    void onlyCityAdministratorsImport() throws Exception {
        mvc.perform(post("/api/v1/regions/import").contentType("text/csv").content("code,name,kind,parent_code\n")
                .session(Sessions.as(mvc, "zhen01")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/regions/import").contentType("text/csv").content("nonsense\n1,2\n")
                        .session(Sessions.as(mvc, "admin")).with(csrf()))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.results[0].problems[0].field").value("header"));
    }

    @Test
    void importPageShowsTheRowReport() throws Exception {
        String township = regions.byLevel(RegionLevel.TOWNSHIP).get(7).code();
        String csv = "code,name,kind,parent_code\n12345,坏代码,村," + township + "\n";
        String page = mvc.perform(multipart("/regions/import").file(new MockMultipartFile("file", "r.csv", "text/csv",
                        csv.getBytes(StandardCharsets.UTF_8))).session(Sessions.as(mvc, "admin")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("import-report").contains("未导入任何数据").contains("code: a village/community code is 12 digits");
    }
}
