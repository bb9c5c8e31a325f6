package io.zhian.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Citizen intake through Open311 GeoReport v2: public, no session, no CSRF token. */
@ZhianTest
class Open311Tests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;

    @Test
    void servicesAndTheirDefinitionsAreListed() throws Exception {
        mvc.perform(get("/open311/v2/services.json")).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.service_code=='DISPUTE')].service_name").value("矛盾纠纷"))
                .andExpect(jsonPath("$[0].metadata").value(true)).andExpect(jsonPath("$[0].type").value("realtime"))
                .andExpect(jsonPath("$[0].keywords").exists()).andExpect(jsonPath("$[0].group").exists())
                .andExpect(jsonPath("$[0].description").exists());
        mvc.perform(get("/open311/v2/services/ENTERPRISE_PROBLEM.json")).andExpect(status().isOk())
                .andExpect(jsonPath("$.service_code").value("ENTERPRISE_PROBLEM"))
                .andExpect(jsonPath("$.attributes[0].code").value("region_code"));
        mvc.perform(get("/open311/v2/services/NOPE.json")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$[0].code").value(404)).andExpect(jsonPath("$[0].description").exists());
    }

    @Test
    void aRequestByLocationGoesToTheNearestVillagesTownshipAndItsStatusHasNoPersonalData() throws Exception {
        Region township = regions.byLevel(RegionLevel.TOWNSHIP).get(2);
        Region village = regions.children(DataScope.all(), township.id()).get(1);
        String response = mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("service_code", "DISPUTE").param("lat", String.valueOf(village.centreLat()))
                        .param("long", String.valueOf(village.centreLon())).param("description", "楼上漏水，协商无果")
                        .param("first_name", "某").param("last_name", "王").param("phone", "13700001111")
                        .param("email", "wang@example.org"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$[0].service_request_id").value(org.hamcrest.Matchers.startsWith("CW")))
                .andExpect(jsonPath("$[0].service_notice").exists())
                .andReturn().getResponse().getContentAsString();
        String no = JsonPath.read(response, "$[0].service_request_id");
        var row = jdbc.sql("SELECT region_id, handling_region_id, assignee_unit_id, channel FROM casework_case WHERE case_no = :no")
                .param("no", no).query().singleRow();
        assertThat(((Number) row.get("region_id")).longValue()).isEqualTo(village.id());
        assertThat(((Number) row.get("handling_region_id")).longValue()).isEqualTo(township.id());
        assertThat(row.get("channel")).isEqualTo("ONLINE");
        assertThat(jdbc.sql("SELECT code FROM org_unit WHERE id = :id").param("id", row.get("assignee_unit_id")).query(String.class).single())
                .isEqualTo("GC-003");
        String status = mvc.perform(get("/open311/v2/requests/" + no + ".json")).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].status").value("open"))
                .andExpect(jsonPath("$[0].service_code").value("DISPUTE"))
                .andExpect(jsonPath("$[0].service_name").value("矛盾纠纷"))
                .andExpect(jsonPath("$[0].description").value("楼上漏水，协商无果"))
                .andExpect(jsonPath("$[0].status_notes").exists())
                .andExpect(jsonPath("$[0].requested_datetime").exists())
                .andExpect(jsonPath("$[0].updated_datetime").exists())
                .andExpect(jsonPath("$[0].lat").value(village.centreLat()))
                .andReturn().getResponse().getContentAsString();
        assertThat(status).doesNotContain("13700001111").doesNotContain("王某").doesNotContain("wang@");
        mvc.perform(get("/open311/v2/requests.json").param("service_request_id", no + ",CW1999-000001"))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].service_request_id").value(no));
        assertThat(jdbc.sql("SELECT phone FROM casework_party p JOIN casework_case c ON c.id = p.case_id WHERE c.case_no = :no")
                .param("no", no).query(String.class).single()).isEqualTo("13700001111");
    }

    @Test
    void aJsonRequestWithARegionCodeIsAcceptedAndBadRequestsGetGeoReportErrors() throws Exception {
        Region village = regions.children(DataScope.all(), regions.byLevel(RegionLevel.TOWNSHIP).get(0).id()).get(0);
        mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"service_code\":\"ENTERPRISE_PROBLEM\",\"address_string\":\"" + village.code() + " 工业园 3 号\","
                                + "\"description\":\"厂区道路破损影响货车通行\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$[0].service_request_id").exists());
        long before = jdbc.sql("SELECT count(*) FROM casework_case").query(Long.class).single();
        mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("service_code", "NOPE").param("lat", "91").param("long", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].code").value(400))
                .andExpect(jsonPath("$[*].description").value(org.hamcrest.Matchers.hasItems(
                        org.hamcrest.Matchers.startsWith("service_code:"), org.hamcrest.Matchers.startsWith("description:"),
                        org.hamcrest.Matchers.startsWith("lat:"), org.hamcrest.Matchers.startsWith("long:"))));
        mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("service_code", "DISPUTE").param("description", "x").param("lat", "10").param("long", "10"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].description").value(org.hamcrest.Matchers.containsString("outside the city")));
        mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$[0].code").value(400));
        assertThat(jdbc.sql("SELECT count(*) FROM casework_case").query(Long.class).single()).isEqualTo(before);
        mvc.perform(get("/open311/v2/requests/CW1999-000001.json")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$[0].code").value(404));
        mvc.perform(get("/open311/v2/requests.json")).andExpect(status().isBadRequest()).andExpect(jsonPath("$[0].code").value(400));
    }
}
