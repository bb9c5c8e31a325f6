package io.zhian.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.FigureProvider;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** Each online-rate figure links to the registry showing the devices its rate is computed from. */
@ZhianTest
class DeviceFigureLinksTests {

    private static final YearMonth JAN = YearMonth.of(2019, 1);

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;
    @Autowired List<FigureProvider> providers;

    private FigureProvider devices() {
        return providers.stream().filter(p -> p.figures().stream().anyMatch(f -> f.code().equals("devices.online-rate"))).findFirst()
                .orElseThrow();
    }

    private long insert(String code, String kind, Region village, Region township) {
        return jdbc.sql("INSERT INTO device (code, kind, name, region_id, township_id, protocol) VALUES (:c, :k, :c, :r, :t, 'MQTT') RETURNING id")
                .param("c", code).param("k", kind).param("r", village.id()).param("t", township.id()).query(Long.class).single();
    }

    private void change(long device, boolean online, String at) {
        jdbc.sql("INSERT INTO device_status_change (device_id, online, at, reason) VALUES (:d, :o, :at, 'TEST')")
                .param("d", device).param("o", online).param("at", java.sql.Timestamp.from(OffsetDateTime.parse(at).toInstant())).update();
    }

    private String table(MockHttpSession s, String link) throws Exception {
        String html = mvc.perform(get(link).session(s)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return html.substring(html.indexOf("id=\"device-table\""));
    }

    @Test
    void onlineRateLinksListTheDevicesObservedInThePeriodInTheSubtreeOfTheKind() throws Exception {
        // demo townships (new regions would shift the townships other tests pick by position); January 2019 has no demo history
        List<Region> townships = regions.byLevel(io.zhian.regions.RegionLevel.TOWNSHIP);
        Region township = townships.get(5);
        Region otherTownship = townships.get(6);
        Region village = regions.children(io.zhian.shared.DataScope.all(), township.id()).get(0);
        Region otherVillage = regions.children(io.zhian.shared.DataScope.all(), otherTownship.id()).get(0);
        long camIn = insert("T-LINK-CAM-IN", "CAMERA", village, township);
        long camLate = insert("T-LINK-CAM-LATE", "CAMERA", village, township);
        long lamp = insert("T-LINK-LAMP", "LIGHT_BOX", village, township);
        long camOut = insert("T-LINK-CAM-OUT", "CAMERA", otherVillage, otherTownship);
        insert("T-LINK-CAM-NEVER", "CAMERA", village, township); // never reported: not observed
        change(camIn, true, "2019-01-01T00:00:00+08:00");
        change(camIn, false, "2019-01-11T00:00:00+08:00");
        change(camLate, true, "2019-02-03T00:00:00+08:00"); // first seen after January
        change(lamp, true, "2019-01-16T00:00:00+08:00");
        change(camOut, true, "2019-01-05T00:00:00+08:00");

        FigureProvider p = devices();
        String camLink = p.recordsLink("devices.online-rate.camera", township.id(), JAN, JAN).orElseThrow();
        assertThat(camLink).isEqualTo("/devices?region=" + township.id() + "&kind=CAMERA&from=2019-01&to=2019-01");
        assertThat(p.values("devices.online-rate.camera", JAN, JAN, List.of(township.id())).get(township.id()).sampleSize()).isEqualTo(1);
        MockHttpSession admin = Sessions.as(mvc, "admin");
        assertThat(table(admin, camLink)).contains("T-LINK-CAM-IN")
                .doesNotContain("T-LINK-CAM-LATE", "T-LINK-LAMP", "T-LINK-CAM-OUT", "T-LINK-CAM-NEVER");
        String allLink = p.recordsLink("devices.online-rate", township.id(), JAN, JAN).orElseThrow();
        assertThat(p.values("devices.online-rate", JAN, JAN, List.of(township.id())).get(township.id()).sampleSize()).isEqualTo(2);
        assertThat(table(admin, allLink)).contains("T-LINK-CAM-IN", "T-LINK-LAMP")
                .doesNotContain("T-LINK-CAM-LATE", "T-LINK-CAM-OUT", "T-LINK-CAM-NEVER");
        // February: the late camera is observed too (the January one still reports: its last state lasts)
        assertThat(table(admin, p.recordsLink("devices.online-rate.camera", township.id(), JAN.plusMonths(1), JAN.plusMonths(1))
                .orElseThrow())).contains("T-LINK-CAM-IN", "T-LINK-CAM-LATE").doesNotContain("T-LINK-CAM-OUT");
        String html = mvc.perform(get(camLink).session(admin)).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("id=\"active-filter\"").contains("区域: " + township.name()).contains("2019-01").contains("id=\"clear-filter\"");

        // out of the township officer's scope: 404; bad values: field errors
        mvc.perform(get(camLink).session(Sessions.as(mvc, "zhen01"))).andExpect(status().isNotFound());
        String bad = mvc.perform(get("/devices?region=x1&from=2025-1&kind=toaster").session(admin)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("&#39;x1&#39; is not a region id").contains("is not a month").contains("is not one of CAMERA");
        assertThat(p.recordsLink("devices.online-rate.toaster", township.id(), JAN, JAN)).isEmpty();
    }
}
