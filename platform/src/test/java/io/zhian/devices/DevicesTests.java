package io.zhian.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.devices.internal.DeviceAlarms;
import io.zhian.devices.internal.DeviceMessages;
import io.zhian.devices.internal.DeviceStatusTracker;
import io.zhian.devices.internal.GbSignalling;
import io.zhian.devices.internal.OnlineRates;
import io.zhian.gb28181.CatalogEntry;
import io.zhian.gb28181.GbDeviceId;
import io.zhian.gb28181.SipSignallingServer;
import io.zhian.gb28181.sim.RegisterResult;
import io.zhian.gb28181.sim.SimulatedAlarm;
import io.zhian.gb28181.sim.SimulatedGbDevice;
import io.zhian.regions.NewRegion;
import io.zhian.regions.Region;
import io.zhian.regions.RegionKind;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.FigureProvider;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The device module through its API, its SIP wiring and its MQTT/HTTP intake, against the demo city. */
@ZhianTest
class DevicesTests {

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;
    @Autowired Devices devices;
    @Autowired GbSignalling signalling;
    @Autowired DeviceStatusTracker tracker;
    @Autowired DeviceMessages messages;
    @Autowired DeviceAlarms alarms;
    @Autowired OnlineRates rates;
    @Autowired io.zhian.mqtt.MqttEndpoint mqtt;

    private MockHttpSession admin() {
        return Sessions.as(mvc, "admin");
    }

    private Region village(int township) {
        Region t = regions.byLevel(RegionLevel.TOWNSHIP).get(township);
        return regions.children(DataScope.all(), t.id()).get(0);
    }

    private static String gbId(String type, int serial) {
        return "3402000000" + type + "0" + String.format("%06d", serial);
    }

    private ResultActions create(String json) throws Exception {
        return mvc.perform(post("/api/v1/devices").session(admin()).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private long createCamera(String code, Region region, String gbId, String password) throws Exception {
        String body = create("""
                {"code":"%s","kind":"CAMERA","name":"测试摄像机 %s","regionCode":"%s","lon":112.1,"lat":32.7,"address":"测试路 1 号",
                 "installDate":"2024-05-01","vendor":"测试厂商","gbId":"%s","sipPassword":"%s"}""".formatted(code, code, region.code(), gbId, password))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain(password);
        return ((Number) JsonPath.read(body, "$.id")).longValue();
    }

    private long createMqtt(String code, String kind, Region region) throws Exception {
        String body = create("""
                {"code":"%s","kind":"%s","name":"测试 %s","regionCode":"%s","lon":112.2,"lat":32.6}""".formatted(code, kind, code, region.code()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(body, "$.id")).longValue();
    }

    private boolean online(long id) {
        return jdbc.sql("SELECT online FROM device WHERE id = :id").param("id", id).query(Boolean.class).single();
    }

    private List<String> reasons(long id) {
        return jdbc.sql("SELECT reason FROM device_status_change WHERE device_id = :id ORDER BY at, id").param("id", id).query(String.class).list();
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(50);
        }
    }

    private SimulatedGbDevice.Builder device(String gbId, String password, SipSignallingServer server) {
        return SimulatedGbDevice.builder(GbDeviceId.parse(gbId), password).server("127.0.0.1", server.udpPort(), signalling.serverId());
    }

    // ---- registry ----

    @Test
    void aBadGbIdIsRefusedWithTheFieldAndTheReason() throws Exception {
        Region v = village(0);
        create("""
                {"code":"T-BAD-1","kind":"CAMERA","name":"坏编码","regionCode":"%s","gbId":"9902000000132000001","sipPassword":"Secret#123"}"""
                .formatted(v.code()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'gbId')].reason").value(org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.containsString("exactly 20 digits"))));
        create("""
                {"code":"T-BAD-2","kind":"CAMERA","name":"类型不符","regionCode":"%s","gbId":"%s","sipPassword":"Secret#123"}"""
                .formatted(v.code(), gbId("118", 1)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("gbId"))
                .andExpect(jsonPath("$.errors[0].reason").value(org.hamcrest.Matchers.containsString("type code 118")));
        create("""
                {"code":"T-BAD-3","kind":"CAMERA","name":"无密码","regionCode":"%s","gbId":"%s","lon":200}""".formatted(v.code(), gbId("132", 2)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("sipPassword", "lat", "lon")));
        // the password is write-only: stored encrypted, never returned
        long id = createCamera("T-GOOD-1", v, gbId("132", 3), "Secret#123");
        mvc.perform(get("/api/v1/devices/" + id).session(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.hasSipPassword").value(true)).andExpect(jsonPath("$.sipPassword").doesNotExist());
        String stored = jdbc.sql("SELECT sip_password FROM device WHERE id = :id").param("id", id).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("Secret#123");
        assertThat(devices.sipPassword(gbId("132", 3))).contains("Secret#123");
    }

    @Test
    void csvImportReportsEveryRowAndIsAllOrNothingByDefault() throws Exception {
        Region v = village(0);
        String csv = "code,kind,name,region_code,lon,lat,gb_id,sip_password\n"
                + "T-CSV-1,摄像机,导入摄像机一," + v.code() + ",112.1,32.7," + gbId("132", 11) + ",Secret#123\n"
                + "T-CSV-2,LIGHT_BOX,导入灯箱," + v.code() + ",112.1,32.7,,\n"
                + "T-CSV-3,TOASTER,坏类型,999999999999,abc,32.7,,\n";
        MockMultipartFile file = new MockMultipartFile("file", "d.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/api/v1/devices/import").file(file).session(admin()).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false)).andExpect(jsonPath("$.imported").value(0))
                .andExpect(jsonPath("$.results[0].status").value("create")).andExpect(jsonPath("$.results[2].line").value(4))
                .andExpect(jsonPath("$.results[2].problems[*].field").value(
                        org.hamcrest.Matchers.hasItems("kind", "region_code", "lon")));
        assertThat(devices.findByCode("T-CSV-1")).isEmpty();
        mvc.perform(multipart("/api/v1/devices/import").file(file).param("allOrNothing", "false").session(admin()).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(true)).andExpect(jsonPath("$.imported").value(2));
        assertThat(devices.findByCode("T-CSV-1")).isPresent();
        String export = mvc.perform(get("/api/v1/devices/export.csv").session(admin())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(export).contains("T-CSV-1").doesNotContain("Secret#123");
    }

    @Test
    void aTownshipOfficerCannotReadAnotherTownshipsDevices() throws Exception {
        long own = createMqtt("T-SCOPE-1", "LIGHT_BOX", village(0));
        long other = createMqtt("T-SCOPE-2", "LIGHT_BOX", village(1));
        MockHttpSession zhen01 = Sessions.as(mvc, "zhen01");
        mvc.perform(get("/api/v1/devices/" + own).session(zhen01)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/devices/" + other).session(zhen01)).andExpect(status().isNotFound());
        mvc.perform(get("/devices/" + other).session(zhen01)).andExpect(status().isNotFound());
        String list = mvc.perform(get("/api/v1/devices").param("q", "T-SCOPE").session(zhen01)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("T-SCOPE-1").doesNotContain("T-SCOPE-2");
        // officers read but do not register devices
        mvc.perform(post("/api/v1/devices").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/devices/" + other).session(Sessions.as(mvc, "jiejing01"))).andExpect(status().isOk());
    }

    // ---- GB/T 28181 through the platform wiring ----

    @Test
    void digestRegistrationThroughThePlatformWrongPasswordAndReplayRefused() throws Exception {
        SipSignallingServer server = signalling.server().orElseThrow();
        String gb = gbId("132", 21);
        long id = createCamera("T-SIP-1", village(0), gb, "Right#Pass1");
        try (SimulatedGbDevice wrong = device(gb, "Wrong#Pass1", server).start()) {
            assertThat(wrong.register(Duration.ofHours(1)).statusCode()).isEqualTo(403);
        }
        try (SimulatedGbDevice camera = device(gb, "Right#Pass1", server).start()) {
            RegisterResult ok = camera.register(Duration.ofHours(1));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(camera.replayLastRegister().statusCode()).isEqualTo(401);
            assertThat(camera.sendKeepalive()).isEqualTo(200);
            tracker.flush();
            assertThat(online(id)).isTrue();
            assertThat(reasons(id)).containsExactly("REGISTERED");
            assertThat(jdbc.sql("SELECT last_seen_at IS NOT NULL FROM device WHERE id = :id").param("id", id).query(Boolean.class).single()).isTrue();
            assertThat(camera.unregister().ok()).isTrue();
            waitUntil(() -> {
                tracker.flush();
                return !online(id);
            });
            assertThat(reasons(id)).containsExactly("REGISTERED", "UNREGISTERED");
        }
    }

    @Test
    void aCameraThatStopsSendingKeepalivesGoesOffline() throws Exception {
        String gb = gbId("132", 31);
        long id = createCamera("T-SIP-2", village(0), gb, "Right#Pass2");
        // a second server with the platform's listener and short timings: 3 × 200 ms of silence is offline
        try (SipSignallingServer fast = signalling.start(signalling.config().udpPort(0).tcpPort(0)
                .keepaliveInterval(Duration.ofMillis(200)).maxMissedKeepalives(3).statusCheckInterval(Duration.ofMillis(50)).build());
             SimulatedGbDevice camera = device(gb, "Right#Pass2", fast).start()) {
            assertThat(camera.register(Duration.ofHours(1)).ok()).isTrue();
            camera.startKeepalives(Duration.ofMillis(100));
            Thread.sleep(800);
            tracker.flush();
            assertThat(online(id)).isTrue();
            camera.stopKeepalives();
            waitUntil(() -> {
                tracker.flush();
                return !online(id);
            });
            assertThat(reasons(id)).containsExactly("REGISTERED", "KEEPALIVE_TIMEOUT");
        }
    }

    @Test
    void gb2312CatalogNamesAreDecodedAndStored() throws Exception {
        SipSignallingServer server = signalling.server().orElseThrow();
        String nvrId = gbId("118", 41);
        String body = create("""
                {"code":"T-NVR-1","kind":"NVR","name":"测试录像机","regionCode":"%s","gbId":"%s","sipPassword":"Right#Pass3"}"""
                .formatted(village(0).code(), nvrId)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(body, "$.id")).longValue();
        List<CatalogEntry> channels = List.of(CatalogEntry.channel(gbId("131", 42), "南门广场东侧", nvrId),
                CatalogEntry.channel(gbId("131", 43), "镇政府大院", nvrId), CatalogEntry.channel(gbId("134", 44), "一键报警柱（菜市场）", nvrId));
        try (SimulatedGbDevice nvr = device(nvrId, "Right#Pass3", server).channels(channels).catalogItemsPerMessage(2)
                .catalogCharset(Charset.forName("GB2312"), true).start()) {
            assertThat(nvr.register(Duration.ofHours(1)).ok()).isTrue();
            waitUntil(() -> jdbc.sql("SELECT count(*) FROM device_channel WHERE device_id = :id").param("id", id).query(Long.class).single() == 3);
            assertThat(jdbc.sql("SELECT name FROM device_channel WHERE device_id = :id ORDER BY channel_id").param("id", id)
                    .query(String.class).list()).containsExactly("南门广场东侧", "镇政府大院", "一键报警柱（菜市场）");
            // an alarm from a channel is raised for dispatch, with the latency hook counting it
            long before = alarms.latency().count();
            assertThat(nvr.sendAlarm(new SimulatedAlarm(GbDeviceId.parse(gbId("134", 44)), 1, 2, 1, LocalDateTime.now(), "有人按下报警按钮",
                    null, null))).isEqualTo(200);
            waitUntil(() -> alarms.latency().count() > before);
        }
        mvc.perform(get("/devices/" + id).session(admin())).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        org.hamcrest.Matchers.containsString("镇政府大院")));
    }

    @Test
    void malformedSipAndXmlAreCountedAndTheServerCarriesOn() throws Exception {
        SipSignallingServer server = signalling.server().orElseThrow();
        String gb = gbId("132", 51);
        createCamera("T-SIP-3", village(0), gb, "Right#Pass4");
        try (SimulatedGbDevice camera = device(gb, "Right#Pass4", server).start()) {
            assertThat(camera.register(Duration.ofHours(1)).ok()).isTrue();
            long before = signalling.malformedCount();
            assertThat(camera.sendMessage("<Notify><CmdType>Keepalive</CmdType><SN>1</SN".getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
            assertThat(camera.sendMessage("<?xml version=\"1.0\"?><!DOCTYPE n [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Notify>&x;</Notify>"
                    .getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
            try (DatagramSocket socket = new DatagramSocket()) {
                byte[] junk = "this is not SIP at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), server.udpPort()));
            }
            waitUntil(() -> signalling.malformedCount() - before >= 3);
            assertThat(camera.sendKeepalive()).isEqualTo(200);
        }
    }

    // ---- MQTT / HTTP devices ----

    @Test
    void mqttHeartbeatsBringADeviceOnlineAndSilenceTakesItOffline() throws Exception {
        long id = createMqtt("T-LAMP-1", "LIGHT_BOX", village(0));
        assertThat(messages.accept("zhian/devices/T-LAMP-1/heartbeat", "{\"seq\":1}".getBytes(StandardCharsets.UTF_8), Instant.now()).accepted())
                .isTrue();
        tracker.flush();
        assertThat(online(id)).isTrue();
        long before = messages.malformedCount();
        assertThat(messages.accept("zhian/devices/T-LAMP-1/heartbeat", "{\"seq\":-1}".getBytes(StandardCharsets.UTF_8), Instant.now())
                .reason()).contains("seq");
        assertThat(messages.accept("zhian/devices/T-LAMP-1/heartbeat", "not json".getBytes(StandardCharsets.UTF_8), Instant.now()).accepted())
                .isFalse();
        assertThat(messages.accept("zhian/devices/T-LAMP-1/alarm", "{\"type\":\"ONE_KEY\"}".getBytes(StandardCharsets.UTF_8), Instant.now())
                .reason()).contains("eventId");
        assertThat(messages.accept("zhian/other/T-LAMP-1", "{}".getBytes(StandardCharsets.UTF_8), Instant.now()).accepted()).isFalse();
        assertThat(messages.accept("zhian/devices/T-LAMP-1/status", "{\"state\":\"OK\",\"extra\":1}".getBytes(StandardCharsets.UTF_8),
                Instant.now()).reason()).contains("unknown field");
        assertThat(messages.malformedCount() - before).isEqualTo(5);
        // an alarm goes to dispatch
        long alarmsBefore = alarms.latency().count();
        assertThat(messages.accept("zhian/devices/T-LAMP-1/alarm", ("{\"eventId\":\"e-1\",\"type\":\"ONE_KEY\",\"description\":\"灯箱一键报警\","
                + "\"at\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8), Instant.now()).accepted()).isTrue();
        assertThat(alarms.latency().count()).isEqualTo(alarmsBefore + 1);
        // three missed heartbeats later it is offline
        tracker.checkMqttLiveness(Instant.now().plus(tracker.mqttTimeout()).plusSeconds(5));
        assertThat(online(id)).isFalse();
        assertThat(reasons(id)).containsExactly("HEARTBEAT", "HEARTBEAT_TIMEOUT");
    }

    @Test
    void heartbeatsAndAlarmsArriveOverTheMqttEndpoint() throws Exception {
        long id = createMqtt("T-MQ-1", "LIGHT_BOX", village(0));
        org.eclipse.paho.client.mqttv3.MqttAsyncClient client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(mqtt.url(), "t-mq-1",
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options).waitForCompletion(10_000);
        try {
            long malformed = messages.malformedCount();
            long alarmsBefore = alarms.latency().count();
            client.publish("zhian/devices/T-MQ-1/heartbeat", "{\"seq\":7}".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(5000);
            client.publish("zhian/devices/T-MQ-1/heartbeat", "{broken".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(5000);
            client.publish("zhian/devices/T-MQ-1/alarm", ("{\"eventId\":\"mq-1\",\"type\":\"ONE_KEY\",\"at\":\"" + Instant.now() + "\"}")
                    .getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(5000);
            waitUntil(() -> {
                tracker.flush();
                return online(id) && messages.malformedCount() > malformed && alarms.latency().count() > alarmsBefore;
            });
        } finally {
            client.disconnect().waitForCompletion(5000);
            client.close();
        }
    }

    @Test
    void theHttpTwinOfTheTopicsAcceptsAndRefusesTheSameJson() throws Exception {
        long id = createMqtt("T-SOS-1", "ALARM_PILLAR", village(0));
        mvc.perform(post("/api/v1/devices/T-SOS-1/messages/heartbeat").session(admin()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"at\":\"2026-11-29T09:00:00Z\"}")).andExpect(status().isAccepted());
        tracker.flush();
        assertThat(online(id)).isTrue();
        mvc.perform(post("/api/v1/devices/T-SOS-1/messages/status").session(admin()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"state\":\"BROKEN\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.errors[0].reason").value(org.hamcrest.Matchers.containsString("OK or FAULT")));
        mvc.perform(post("/api/v1/devices/T-SOS-1/messages/status").session(admin()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"state\":\"FAULT\",\"fault\":\"按钮卡死\"}")).andExpect(status().isAccepted());
        assertThat(devices.find(id).orElseThrow().fault()).isEqualTo("按钮卡死");
        mvc.perform(post("/api/v1/devices/NO-SUCH/messages/heartbeat").session(admin()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isNotFound());
    }

    // ---- maintenance and ledger ----

    @Test
    void ticketsFollowTheirStateMachineAndRefuseIllegalMoves() throws Exception {
        long id = createMqtt("T-DOOR-1", "DOOR_CONTROLLER", village(0));
        MockHttpSession zhen01 = Sessions.as(mvc, "zhen01");
        String body = mvc.perform(post("/api/v1/devices/" + id + "/tickets").session(zhen01).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"fault\":\"读卡器无反应\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("OPEN")).andReturn().getResponse().getContentAsString();
        long ticket = ((Number) JsonPath.read(body, "$.id")).longValue();
        mvc.perform(post("/api/v1/devices/" + id + "/tickets").session(zhen01).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"fault\":\"again\"}")).andExpect(status().isConflict());
        String base = "/api/v1/devices/tickets/" + ticket + "/";
        mvc.perform(post(base + "verify").session(zhen01).with(csrf())).andExpect(status().isConflict());
        mvc.perform(post(base + "fix").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"x\"}"))
                .andExpect(status().isConflict());
        mvc.perform(post(base + "assign").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("assignee"));
        mvc.perform(post(base + "assign").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"assignee\":\"运维公司 张师傅\"}")).andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ASSIGNED"));
        mvc.perform(post(base + "fix").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"note\":\"更换读卡器\"}")).andExpect(status().isOk()).andExpect(jsonPath("$.state").value("FIXED"));
        mvc.perform(post(base + "reject").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"note\":\"仍无反应\"}")).andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ASSIGNED"));
        mvc.perform(post(base + "fix").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"note\":\"更换主板\"}")).andExpect(status().isOk());
        mvc.perform(post(base + "verify").session(zhen01).with(csrf())).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("VERIFIED")).andExpect(jsonPath("$.closedAt").isNotEmpty());
        mvc.perform(post(base + "assign").session(zhen01).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"assignee\":\"x\"}")).andExpect(status().isConflict());
        mvc.perform(get("/api/v1/devices/tickets/" + ticket).session(zhen01)).andExpect(status().isOk())
                .andExpect(jsonPath("$.events.length()").value(6));
        // another township's officer does not see it
        mvc.perform(get("/api/v1/devices/tickets/" + ticket).session(Sessions.as(mvc, "zhen02"))).andExpect(status().isNotFound());
    }

    @Test
    void devicesOfflineForADayAreSuggestedForATicket() throws Exception {
        long id = createMqtt("T-TALK-1", "INTERCOM", village(0));
        jdbc.sql("UPDATE device SET status_since = now() - INTERVAL '30 hours' WHERE id = :id").param("id", id).update();
        String json = mvc.perform(get("/api/v1/devices/tickets/suggestions").session(Sessions.as(mvc, "zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<Number> ids = JsonPath.read(json, "$[*].deviceId");
        assertThat(ids.stream().map(Number::longValue).toList()).contains(id);
    }

    @Test
    void feeLedgerTotalsPerTownshipAndYearAreExact() throws Exception {
        Region township = regions.byLevel(RegionLevel.TOWNSHIP).get(0);
        for (String[] fee : new String[][] {{"MAINTENANCE_CONTRACT", "123456.78"}, {"NETWORK_RENTAL", "0.10"}, {"NETWORK_RENTAL", "0.20"}}) {
            mvc.perform(post("/api/v1/devices/fees").session(admin()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"townshipCode\":\"%s\",\"year\":\"2031\",\"category\":\"%s\",\"party\":\"测试运维\",\"amount\":\"%s\"}"
                            .formatted(township.code(), fee[0], fee[1]))).andExpect(status().isCreated());
        }
        mvc.perform(post("/api/v1/devices/fees").session(admin()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"townshipCode\":\"%s\",\"year\":\"2031\",\"category\":\"NETWORK_RENTAL\",\"party\":\"x\",\"amount\":\"1.234\"}"
                                .formatted(township.code())))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("amount"));
        mvc.perform(get("/api/v1/devices/fees/totals").param("year", "2031").session(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].maintenance").value(123456.78)).andExpect(jsonPath("$[0].network").value(0.30))
                .andExpect(jsonPath("$[0].total").value(123457.08));
        mvc.perform(get("/api/v1/devices/fees/totals").param("year", "2031").session(Sessions.as(mvc, "zhen02")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));
        mvc.perform(post("/api/v1/devices/fees").session(Sessions.as(mvc, "zhen01")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{}")).andExpect(status().isForbidden());
    }

    // ---- online rates and figures ----

    @Test
    void onlineRateFiguresMatchAHandComputedHistory() {
        Region city = regions.root().orElseThrow();
        regions.upsertAll(List.of(new NewRegion("411381990000", "测试镇", RegionKind.TOWN, city.code(), 112.0, 32.0, null, 100),
                new NewRegion("411381990001", "测试村", RegionKind.VILLAGE, "411381990000", 112.0, 32.0, null, 100)));
        Region township = regions.findByCode("411381990000").orElseThrow();
        Region village = regions.findByCode("411381990001").orElseThrow();
        long camera = insert("T-RATE-CAM", "CAMERA", village, township);
        long lamp = insert("T-RATE-LAMP", "LIGHT_BOX", village, township);
        // January 2025 (31 days), city time: the camera is online 1–11 Jan, offline 11–21 Jan, online from 21 Jan;
        // the light box is first seen on 16 Jan and stays online
        change(camera, true, "2025-01-01T00:00:00+08:00");
        change(camera, false, "2025-01-11T00:00:00+08:00");
        change(camera, true, "2025-01-21T00:00:00+08:00");
        change(lamp, true, "2025-01-16T00:00:00+08:00");
        YearMonth jan = YearMonth.of(2025, 1);
        Map<Long, FigureProvider.FigureValue> all = rates.values("devices.online-rate", jan, jan, List.of(township.id(), village.id()));
        // online 21 + 16 days of 31 + 16 observed
        assertThat(all.get(township.id()).value()).isCloseTo(100.0 * 37 / 47, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(all.get(township.id()).sampleSize()).isEqualTo(2);
        assertThat(all.get(village.id()).value()).isCloseTo(100.0 * 37 / 47, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rates.values("devices.online-rate.camera", jan, jan, List.of(township.id())).get(township.id()).value())
                .isCloseTo(100.0 * 21 / 31, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rates.values("devices.online-rate.light-box", jan, jan, List.of(township.id())).get(township.id()).value())
                .isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rates.values("devices.online-rate", YearMonth.of(2024, 12), YearMonth.of(2024, 12), List.of(township.id()))).isEmpty();
        assertThat(rates.figures()).extracting(FigureProvider.FigureDefinition::code).contains("devices.online-rate", "devices.online-rate.camera");
        // per day: the camera is offline for all of 15 Jan, the light box not yet seen
        List<OnlineRates.PeriodRate> daily = rates.daily(DataScope.all(), null, township.id(), jan.atDay(14), jan.atDay(16));
        assertThat(daily).extracting(OnlineRates.PeriodRate::rate).containsExactly(0.0, 0.0, 50.0);
        assertThatThrownBy(() -> rates.values("devices.nonsense", jan, jan, List.of(township.id()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nearestCamerasAreRankedByDistance() throws Exception {
        Region v = village(0);
        long near = createCamera("T-NEAR-1", v, gbId("132", 61), "Right#Pass6");
        jdbc.sql("UPDATE device SET lon = 100.0, lat = 30.0 WHERE id = :id").param("id", near).update();
        long far = createCamera("T-NEAR-2", v, gbId("132", 62), "Right#Pass6");
        jdbc.sql("UPDATE device SET lon = 100.01, lat = 30.0 WHERE id = :id").param("id", far).update();
        List<NearbyCamera> found = devices.nearestCameras(100.0001, 30.0, 2);
        assertThat(found).extracting(NearbyCamera::id).containsExactly(near, far);
        assertThat(found.get(0).distanceMetres()).isBetween(9.0, 10.5);
        assertThat(found.get(1).distanceMetres()).isBetween(950.0, 975.0);
    }

    private long insert(String code, String kind, Region village, Region township) {
        return jdbc.sql("""
                        INSERT INTO device (code, kind, name, region_id, township_id, protocol) VALUES (:c, :k, :c, :r, :t, 'MQTT') RETURNING id""")
                .param("c", code).param("k", kind).param("r", village.id()).param("t", township.id()).query(Long.class).single();
    }

    private void change(long device, boolean online, String at) {
        jdbc.sql("INSERT INTO device_status_change (device_id, online, at, reason) VALUES (:d, :o, :at, 'TEST')")
                .param("d", device).param("o", online).param("at", java.sql.Timestamp.from(OffsetDateTime.parse(at).toInstant())).update();
    }
}
