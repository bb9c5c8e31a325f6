package io.zhian.community.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.alarms.AlarmRequested;
import io.zhian.alarms.AlarmStatusChanged;
import io.zhian.community.IdCardNumber;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The smart safe compounds through their API, against the demo city and its demo compounds. */
@ZhianTest
@RecordApplicationEvents
class CommunityTests {

    private static final AtomicInteger SEQ = new AtomicInteger(100);

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired AccessIngest ingest;
    @Autowired MeterRegistry meters;
    @Autowired ApplicationEvents events;
    @Autowired ApplicationEventPublisher publisher;
    @Autowired PlatformTransactionManager tx;
    @Autowired io.zhian.mqtt.MqttEndpoint mqtt;

    private MockHttpSession wuye() {
        return Sessions.as(mvc, "wuye01");
    }

    private long unitId(String code) {
        return jdbc.sql("SELECT id FROM org_unit WHERE code = :c").param("c", code).query(Long.class).single();
    }

    /** A demo compound of PM-01 (wuye01's company). */
    private long ownCompound() {
        return jdbc.sql("SELECT min(id) FROM community_compound WHERE unit_id = :u").param("u", unitId("PM-01")).query(Long.class).single();
    }

    private String code(long compound) {
        return jdbc.sql("SELECT code FROM community_compound WHERE id = :id").param("id", compound).query(String.class).single();
    }

    /** A fresh valid ID number with the demo prefix; the sequence keeps them unique across tests. */
    static String idNumber() {
        String first17 = "99010119850101" + String.format("%03d", SEQ.incrementAndGet());
        return first17 + IdCardNumber.checkCharacter(first17);
    }

    private ResultActions postJson(MockHttpSession s, String url, String json) throws Exception {
        return mvc.perform(post(url).session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private long house(long compound) throws Exception {
        String room = String.valueOf(SEQ.incrementAndGet());
        String r = postJson(wuye(), "/api/v1/community/compounds/" + compound + "/houses",
                "{\"building\":\"测试楼\",\"entrance\":\"1单元\",\"room\":\"" + room + "\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(r, "$.id")).longValue();
    }

    private long resident(long compound, String idNo) throws Exception {
        long house = house(compound);
        String r = postJson(wuye(), "/api/v1/community/compounds/" + compound + "/residents",
                "{\"name\":\"测试住户\",\"phone\":\"13912345678\",\"idNumber\":\"" + idNo + "\",\"houseId\":" + house
                        + ",\"kind\":\"OWNER\",\"startDate\":\"2024-05-01\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(r, "$.id")).longValue();
    }

    private long credential(long resident, String json) throws Exception {
        String r = postJson(wuye(), "/api/v1/community/residents/" + resident + "/credentials", json)
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(r, "$.id")).longValue();
    }

    private long door(long compound) throws Exception {
        String r = postJson(wuye(), "/api/v1/community/compounds/" + compound + "/doors",
                "{\"deviceId\":\"T-" + SEQ.incrementAndGet() + "\",\"name\":\"测试门\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(r, "$.id")).longValue();
    }

    private long audits(String action, String objectId) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :a AND object_id = :o").param("a", action).param("o", objectId)
                .query(Long.class).single();
    }

    @Test
    void propertyManagerSeesOnlyTheirCompaniesCompoundsAndOthersAre404() throws Exception {
        long other = jdbc.sql("SELECT min(id) FROM community_compound WHERE unit_id <> :u").param("u", unitId("PM-01"))
                .query(Long.class).single();
        String json = mvc.perform(get("/api/v1/community/compounds").session(wuye())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<Number> units = JsonPath.read(json, "$[*].unitId");
        assertThat(units).isNotEmpty().allMatch(u -> u.longValue() == unitId("PM-01"));
        List<Number> ids = JsonPath.read(json, "$[*].id");
        assertThat(ids.stream().map(Number::longValue)).doesNotContain(other);
        mvc.perform(get("/api/v1/community/compounds/" + other).session(wuye())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/community/compounds/" + other + "/residents").session(wuye())).andExpect(status().isNotFound());
        mvc.perform(get("/community/compounds/" + other).session(wuye())).andExpect(status().isNotFound());
        long otherResident = jdbc.sql("SELECT min(id) FROM community_resident WHERE compound_id = :c").param("c", other)
                .query(Long.class).single();
        mvc.perform(get("/api/v1/community/residents/" + otherResident + "/personal-data").param("reason", "核对").session(wuye()))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE outcome = 'DENIED' AND object_type = 'compound' AND object_id = :o")
                .param("o", String.valueOf(other)).query(Long.class).single()).isPositive();
        // the page lists the compound and the board link
        String page = mvc.perform(get("/community").session(wuye())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("compound-table").contains("/board");
    }

    @Test
    void personalDataIsStoredEncryptedShownMaskedAndRevealedOnlyWithAnAuditedReason() throws Exception {
        long compound = ownCompound();
        String idNo = idNumber();
        long resident = resident(compound, idNo);
        // at rest: no plain text anywhere in the row
        String row = jdbc.sql("SELECT encode(name_enc, 'escape') || encode(id_no_enc, 'escape') FROM community_resident WHERE id = :id")
                .param("id", resident).query(String.class).single();
        assertThat(row).doesNotContain(idNo).doesNotContain("13912345678");
        mvc.perform(get("/api/v1/community/residents/" + resident).session(wuye())).andExpect(status().isOk())
                .andExpect(jsonPath("$.idNumber").value(idNo.substring(0, 4) + "**********" + idNo.substring(14)))
                .andExpect(jsonPath("$.phone").value("139****5678")).andExpect(jsonPath("$.name").value("测***"))
                .andExpect(jsonPath("$.occupancies[0].kind").value("OWNER"));
        mvc.perform(get("/api/v1/community/residents/" + resident + "/personal-data").session(wuye()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        assertThat(audits("PERSONAL_DATA_READ", String.valueOf(resident))).isZero();
        mvc.perform(get("/api/v1/community/residents/" + resident + "/personal-data").param("reason", "办理门禁卡核对身份").session(wuye()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.idNumber").value(idNo)).andExpect(jsonPath("$.phone").value("13912345678"));
        assertThat(audits("PERSONAL_DATA_READ", String.valueOf(resident))).isEqualTo(1);
        assertThat(jdbc.sql("SELECT reason FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_id = :o")
                .param("o", String.valueOf(resident)).query(String.class).single()).isEqualTo("办理门禁卡核对身份");
        // a grid worker or township officer reads masked data but may not reveal
        mvc.perform(get("/api/v1/community/residents/" + resident + "/personal-data").param("reason", "核对")
                .session(Sessions.as(mvc, "zhen01"))).andExpect(status().isForbidden());
        // the same ID number twice in one compound is refused
        postJson(wuye(), "/api/v1/community/compounds/" + compound + "/residents", "{\"name\":\"重复\",\"idNumber\":\"" + idNo
                + "\",\"houseId\":" + house(compound) + ",\"kind\":\"FAMILY\",\"startDate\":\"2024-05-01\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("idNumber"));
        // a bad check digit is refused with the reason
        String bad = idNumber().substring(0, 17) + "0";
        bad = IdCardNumber.isValid(bad) ? idNumber().substring(0, 17) + "1" : bad;
        postJson(wuye(), "/api/v1/community/compounds/" + compound + "/residents", "{\"name\":\"错号\",\"idNumber\":\"" + bad
                + "\",\"houseId\":" + house(compound) + ",\"kind\":\"TENANT\",\"startDate\":\"2024-05-01\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItems("idNumber", "leaseEnd")));
    }

    @Test
    void movingOutEndDatesTheOccupancyAndKeepsHistory() throws Exception {
        long resident = resident(ownCompound(), idNumber());
        long occupancy = jdbc.sql("SELECT id FROM community_occupancy WHERE resident_id = :r").param("r", resident).query(Long.class).single();
        postJson(wuye(), "/api/v1/community/occupancies/" + occupancy + "/move-out", "{\"endDate\":\"2026-10-31\"}").andExpect(status().isOk());
        mvc.perform(get("/api/v1/community/residents/" + resident).session(wuye()))
                .andExpect(jsonPath("$.occupancies[0].endDate").value("2026-10-31"));
        postJson(wuye(), "/api/v1/community/occupancies/" + occupancy + "/move-out", "{}").andExpect(status().isBadRequest());
    }

    private String csv(long compound, String... rows) {
        StringBuilder b = new StringBuilder("building,entrance,room,name,phone,id_number,kind,start_date,lease_end\n");
        for (String r : rows) {
            b.append(r).append('\n');
        }
        return b.toString();
    }

    private ResultActions importFile(long compound, String name, byte[] content, String mode) throws Exception {
        return mvc.perform(multipart("/api/v1/community/compounds/" + compound + "/residents/import")
                .file(new MockMultipartFile("file", name, "text/csv", content)).param("mode", mode).session(wuye()).with(csrf()));
    }

    @Test
    void importReportsEveryBadRowAndAllOrNothingImportsNothing() throws Exception {
        long compound = ownCompound();
        long h = house(compound);
        String room = jdbc.sql("SELECT room FROM community_house WHERE id = :h").param("h", h).query(String.class).single();
        String good1 = idNumber();
        String good2 = idNumber();
        String badCheck = good2.substring(0, 17) + (good2.charAt(17) == '1' ? "2" : "1");
        String file = csv(compound,
                "测试楼,1单元," + room + ",导入甲,13800001111," + good1 + ",OWNER,2023-01-01,",
                "测试楼,1单元," + room + ",导入乙,13800002222," + badCheck + ",FAMILY,2023-01-01,",
                "无此楼,9单元,999,导入丙,," + idNumber() + ",OWNER,2023-01-01,",
                "测试楼,1单元," + room + ",导入丁,," + good1 + ",FAMILY,2023-01-01,",
                "测试楼,1单元," + room + ",导入戊,," + good2 + ",TENANT,2023-01-01,2027-01-01");
        long before = jdbc.sql("SELECT count(*) FROM community_resident WHERE compound_id = :c").param("c", compound).query(Long.class).single();
        importFile(compound, "residents.csv", file.getBytes(StandardCharsets.UTF_8), "all-or-nothing").andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(5)).andExpect(jsonPath("$.imported").value(0)).andExpect(jsonPath("$.applied").value(false))
                .andExpect(jsonPath("$.results[1].problems[0].field").value("id_number"))
                .andExpect(jsonPath("$.results[1].problems[0].reason").value(org.hamcrest.Matchers.containsString("check digit")))
                .andExpect(jsonPath("$.results[2].problems[0].field").value("house"))
                .andExpect(jsonPath("$.results[3].problems[0].reason").value("duplicates line 2"))
                .andExpect(jsonPath("$.results[4].status").value("create"));
        assertThat(jdbc.sql("SELECT count(*) FROM community_resident WHERE compound_id = :c").param("c", compound).query(Long.class).single())
                .isEqualTo(before);
        importFile(compound, "residents.csv", file.getBytes(StandardCharsets.UTF_8), "good-rows").andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(2)).andExpect(jsonPath("$.applied").value(true));
        assertThat(jdbc.sql("SELECT count(*) FROM community_resident WHERE compound_id = :c").param("c", compound).query(Long.class).single())
                .isEqualTo(before + 2);
        // the same file again: both are now duplicates in the compound
        importFile(compound, "residents.csv", file.getBytes(StandardCharsets.UTF_8), "good-rows")
                .andExpect(jsonPath("$.imported").value(0))
                .andExpect(jsonPath("$.results[0].problems[0].reason").value(org.hamcrest.Matchers.containsString("already registered")));
    }

    @Test
    void importReadsExcel() throws Exception {
        long compound = ownCompound();
        long h = house(compound);
        String room = jdbc.sql("SELECT room FROM community_house WHERE id = :h").param("h", h).query(String.class).single();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("住户");
            String[][] rows = {ResidentImport.COLUMNS.toArray(String[]::new),
                    {"测试楼", "1单元", room, "表格甲", "13800003333", idNumber(), "OWNER", "2022-03-01", ""},
                    {"测试楼", "1单元", room, "表格乙", "", "123", "FAMILY", "2022-03-01", ""}};
            for (int i = 0; i < rows.length; i++) {
                Row row = sheet.createRow(i);
                for (int j = 0; j < rows[i].length; j++) {
                    row.createCell(j).setCellValue(rows[i][j]);
                }
            }
            wb.write(out);
        }
        importFile(compound, "住户.xlsx", out.toByteArray(), "good-rows").andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(2)).andExpect(jsonPath("$.imported").value(1))
                .andExpect(jsonPath("$.results[1].problems[0].field").value("id_number"));
    }

    @Test
    void theLastNonFaceCredentialCannotBeRemovedAndFaceOnlyCannotBeEnabled() throws Exception {
        long compound = ownCompound();
        long resident = resident(compound, idNumber());
        long card = credential(resident, "{\"kind\":\"CARD\",\"cardNo\":\"A1B2C3D4\"}");
        postJson(wuye(), "/api/v1/community/credentials/" + card + "/disable", "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("non-face")));
        long pin = credential(resident, "{\"kind\":\"PIN\",\"pin\":\"135790\"}");
        assertThat(jdbc.sql("SELECT pin_hash FROM community_credential WHERE id = :id").param("id", pin).query(String.class).single())
                .doesNotContain("135790");
        postJson(wuye(), "/api/v1/community/credentials/" + card + "/disable", "{\"reason\":\"卡丢失\"}").andExpect(status().isOk());
        postJson(wuye(), "/api/v1/community/credentials/" + pin + "/disable", "{}").andExpect(status().isConflict());
        postJson(wuye(), "/api/v1/community/compounds/" + compound + "/face-only", "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("card, QR or PIN")));
        postJson(wuye(), "/api/v1/community/residents/" + resident + "/credentials", "{\"kind\":\"FACE\"}").andExpect(status().isBadRequest());
    }

    @Test
    void withdrawingConsentDisablesTheFaceCredentialOnTheDeviceList() throws Exception {
        long compound = ownCompound();
        long resident = resident(compound, idNumber());
        long door = door(compound);
        // face needs a non-face credential first
        postJson(wuye(), "/api/v1/community/residents/" + resident + "/face-enrolments",
                "{\"doorId\":" + door + ",\"textVersion\":\"v1\",\"method\":\"PAPER\"}").andExpect(status().isConflict());
        credential(resident, "{\"kind\":\"QR\"}");
        postJson(wuye(), "/api/v1/community/residents/" + resident + "/face-enrolments",
                "{\"doorId\":" + door + ",\"textVersion\":\"v1\",\"method\":\"SMS\"}").andExpect(status().isBadRequest());
        String r = postJson(wuye(), "/api/v1/community/residents/" + resident + "/face-enrolments",
                "{\"doorId\":" + door + ",\"textVersion\":\"v1\",\"method\":\"IN_PERSON\"}").andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        long face = ((Number) JsonPath.read(r, "$.credentialId")).longValue();
        String path = "$[?(@.credentialId == " + face + ")].enabled";
        mvc.perform(get("/api/v1/community/doors/" + door + "/credentials").session(wuye()))
                .andExpect(jsonPath(path).value(org.hamcrest.Matchers.contains(true)));
        postJson(wuye(), "/api/v1/community/residents/" + resident + "/face-consent/withdraw", "{}").andExpect(status().isOk())
                .andExpect(jsonPath("$.disabledFaceCredentials").value(1));
        mvc.perform(get("/api/v1/community/doors/" + door + "/credentials").session(wuye()))
                .andExpect(jsonPath(path).value(org.hamcrest.Matchers.contains(false)))
                .andExpect(jsonPath("$[?(@.credentialId == " + face + ")].note").value(org.hamcrest.Matchers.contains("consent withdrawn")));
        mvc.perform(get("/api/v1/community/residents/" + resident + "/face-consents").session(wuye()))
                .andExpect(jsonPath("$[0].withdrawnAt").isNotEmpty()).andExpect(jsonPath("$[0].method").value("IN_PERSON"));
        // nothing about a face is stored but the fact of enrolment
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'community%' AND "
                + "(column_name LIKE '%image%' OR column_name LIKE '%template%' OR column_name LIKE '%feature%')").query(Long.class).single()).isZero();
    }

    private String event(String compoundCode, String device, String eventId, Instant at, String direction, Long resident) {
        return "{\"compound\":\"" + compoundCode + "\",\"deviceId\":\"" + device + "\",\"eventId\":\"" + eventId + "\",\"at\":\"" + at
                + "\",\"direction\":\"" + direction + "\",\"credential\":\"CARD\",\"residentId\":" + resident + ",\"result\":\"GRANTED\"}";
    }

    private long eventCount(String device) {
        return jdbc.sql("SELECT count(*) FROM community_access_event WHERE device_id = :d").param("d", device).query(Long.class).single();
    }

    @Test
    void duplicateEventsAreIgnoredAndMalformedOnesCountedWithoutLosingTheGoodOnes() throws Exception {
        long compound = ownCompound();
        String code = code(compound);
        String device = "DUP-" + SEQ.incrementAndGet();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String batch = "[" + event(code, device, "1", now, "IN", null) + "," + event(code, device, "2", now, "OUT", null) + ","
                + event(code, device, "1", now, "IN", null) + "]";
        postJson(wuye(), "/api/v1/community/access-events", batch).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(2)).andExpect(jsonPath("$.duplicates").value(1));
        postJson(wuye(), "/api/v1/community/access-events", batch).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(0)).andExpect(jsonPath("$.duplicates").value(3));
        assertThat(eventCount(device)).isEqualTo(2);

        double counted = meters.counter("zhian.community.access.malformed").count();
        postJson(wuye(), "/api/v1/community/access-events", "{not json").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].reason").value("payload is not JSON"));
        String mixed = "[" + event(code, device, "3", now, "IN", null) + ",{\"compound\":\"" + code + "\",\"deviceId\":\"" + device
                + "\",\"eventId\":\"4\",\"at\":\"yesterday\",\"direction\":\"IN\",\"credential\":\"CARD\",\"result\":\"GRANTED\"},"
                + event(code, device, "5", now, "SIDEWAYS", null) + ",42,"
                + event(code, device, "6", now, "IN", null).replace("\"residentId\":null", "\"residentId\":123456789012345678901234") + ","
                + event(code, device, "7", Instant.parse("2999-01-01T00:00:00Z"), "IN", null) + "]";
        postJson(wuye(), "/api/v1/community/access-events", mixed).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1)).andExpect(jsonPath("$.rejected").value(5))
                .andExpect(jsonPath("$.problems[0].reason").value(org.hamcrest.Matchers.containsString("ISO-8601")));
        assertThat(meters.counter("zhian.community.access.malformed").count()).isEqualTo(counted + 6);
        assertThat(eventCount(device)).isEqualTo(3);
        mvc.perform(get("/api/v1/community/compounds/" + compound + "/board").session(wuye()))
                .andExpect(jsonPath("$.malformed").value(org.hamcrest.Matchers.greaterThanOrEqualTo((int) counted + 6)));
        // another company's compound is outside wuye01's scope: rejected, not stored
        long other = jdbc.sql("SELECT min(id) FROM community_compound WHERE unit_id <> :u").param("u", unitId("PM-01"))
                .query(Long.class).single();
        postJson(wuye(), "/api/v1/community/access-events", "[" + event(code(other), device + "-x", "1", now, "IN", null) + "]")
                .andExpect(jsonPath("$.accepted").value(0)).andExpect(jsonPath("$.rejected").value(1));
        // a machine with a wrong token is refused
        mvc.perform(post("/api/v1/community/access-events").header("Authorization", "Bearer zh_wrong")
                .contentType(MediaType.APPLICATION_JSON).content(batch)).andExpect(status().isUnauthorized());
    }

    @Test
    void retentionPurgesOldEventsAndKeepsNewerOnesAndRefusesMoreThan180Days() throws Exception {
        long compound = ownCompound();
        String code = code(compound);
        String device = "RET-" + SEQ.incrementAndGet();
        Instant now = Instant.now();
        String batch = "[" + event(code, device, "old1", now.minus(Duration.ofDays(45)), "IN", null) + ","
                + event(code, device, "old2", now.minus(Duration.ofDays(31)), "OUT", null) + ","
                + event(code, device, "new1", now.minus(Duration.ofDays(29)), "IN", null) + ","
                + event(code, device, "new2", now, "IN", null) + "]";
        postJson(wuye(), "/api/v1/community/access-events", batch).andExpect(jsonPath("$.accepted").value(4));
        ingest.purgeExpired();
        assertThat(jdbc.sql("SELECT device_event_id FROM community_access_event WHERE device_id = :d ORDER BY 1").param("d", device)
                .query(String.class).list()).containsExactly("new1", "new2");
        assertThatThrownBy(() -> new CommunitySettings(181, "CITY_ADMIN", 7, 300)).hasMessageContaining("1 to 180 days");
        assertThat(new CommunitySettings(180, "CITY_ADMIN", 7, 300).accessRetentionDays).isEqualTo(180);
    }

    @Test
    void withoutADataKeyOutsideTheDemoTheServerRefusesToStart() {
        assertThatThrownBy(() -> new PersonalDataCipher(new MockEnvironment())).hasMessageContaining("zhian.community.data-key is not set");
        assertThatThrownBy(() -> new PersonalDataCipher(new MockEnvironment().withProperty("zhian.community.data-key", "c2hvcnQ=")))
                .hasMessageContaining("32 bytes");
        PersonalDataCipher cipher = new PersonalDataCipher(new byte[32]);
        byte[] sealed = cipher.encrypt("name", "张三");
        assertThat(cipher.decrypt("name", sealed)).isEqualTo("张三");
        assertThatThrownBy(() -> cipher.decrypt("phone", sealed)).hasMessageContaining("decryption failed");
    }

    @Test
    void policeSeeOnePersonsRecordsOnlyAfterApprovalAndUntilExpiry() throws Exception {
        long compound = ownCompound();
        String code = code(compound);
        String idNo = idNumber();
        long resident = resident(compound, idNo);
        String device = "POL-" + SEQ.incrementAndGet();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        postJson(wuye(), "/api/v1/community/access-events", "[" + event(code, device, "p1", now.minusSeconds(3600), "IN", resident) + ","
                + event(code, device, "p2", now.minusSeconds(1800), "OUT", resident) + "," + event(code, device, "p3", now, "IN", resident + 1)
                + "]").andExpect(jsonPath("$.accepted").value(3));
        MockHttpSession police = Sessions.as(mvc, "jiejing01");
        String window = ",\"windowFrom\":\"" + now.minusSeconds(86400) + "\",\"windowTo\":\"" + now.plusSeconds(60) + "\"";
        // property managers may not ask; an unknown person is refused with the field
        postJson(wuye(), "/api/v1/community/police-requests", "{\"compoundId\":" + compound + ",\"idNumber\":\"" + idNo
                + "\",\"caseNo\":\"A1\",\"purpose\":\"盗窃案件侦查\"" + window + "}").andExpect(status().isForbidden());
        postJson(police, "/api/v1/community/police-requests", "{\"compoundId\":" + compound + ",\"idNumber\":\"" + idNumber()
                + "\",\"caseNo\":\"A1\",\"purpose\":\"盗窃案件侦查\"" + window + "}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("idNumber"));
        String created = postJson(police, "/api/v1/community/police-requests", "{\"compoundId\":" + compound + ",\"idNumber\":\"" + idNo
                + "\",\"caseNo\":\"A4113812026110001\",\"purpose\":\"盗窃案件侦查，核实嫌疑人出入时间\"" + window + "}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("REQUESTED"))
                .andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(created, "$.id")).longValue();
        mvc.perform(get("/api/v1/community/police-requests/" + id + "/records").session(police)).andExpect(status().isForbidden());
        postJson(police, "/api/v1/community/police-requests/" + id + "/approve", "{}").andExpect(status().isForbidden());
        MockHttpSession admin = Sessions.as(mvc, "admin");
        postJson(admin, "/api/v1/community/police-requests/" + id + "/approve", "{\"note\":\"同意\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("APPROVED")).andExpect(jsonPath("$.usable").value(true));
        postJson(admin, "/api/v1/community/police-requests/" + id + "/refuse", "{\"note\":\"x\"}").andExpect(status().isConflict());
        long before = audits("PERSONAL_DATA_READ", String.valueOf(id));
        mvc.perform(get("/api/v1/community/police-requests/" + id + "/records").session(police)).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2)).andExpect(jsonPath("$[0].residentId").value(resident));
        assertThat(audits("PERSONAL_DATA_READ", String.valueOf(id))).isEqualTo(before + 1);
        // only the requester reads; the approver does not
        mvc.perform(get("/api/v1/community/police-requests/" + id + "/records").session(admin)).andExpect(status().isNotFound());
        jdbc.sql("UPDATE community_police_request SET expires_at = now() - interval '1 minute' WHERE id = :id").param("id", id).update();
        mvc.perform(get("/api/v1/community/police-requests/" + id + "/records").session(police)).andExpect(status().isForbidden());
        // the pages show the request to both sides
        assertThat(mvc.perform(get("/community/police-requests").session(admin)).andReturn().getResponse().getContentAsString())
                .contains("A4113812026110001");
    }

    @Test
    void visitorPassesOpenTheirDoorsInTheirWindowOnlyAndUsesAreLogged() throws Exception {
        long compound = ownCompound();
        long door = door(compound);
        long otherDoor = door(compound);
        String device = jdbc.sql("SELECT device_id FROM community_door WHERE id = :id").param("id", door).query(String.class).single();
        String otherDevice = jdbc.sql("SELECT device_id FROM community_door WHERE id = :id").param("id", otherDoor).query(String.class).single();
        Instant now = Instant.now();
        String pass = postJson(wuye(), "/api/v1/community/compounds/" + compound + "/visitor-passes", "{\"visitorLabel\":\"访客\",\"validFrom\":\""
                + now.minusSeconds(60) + "\",\"validTo\":\"" + now.plusSeconds(3600) + "\",\"doorIds\":[" + door + "]}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long passId = ((Number) JsonPath.read(pass, "$.id")).longValue();
        String token = JsonPath.read(pass, "$.token");
        postJson(wuye(), "/api/v1/community/access-verifications", "{\"deviceId\":\"" + device + "\",\"token\":\"" + token + "\"}")
                .andExpect(jsonPath("$.granted").value(true)).andExpect(jsonPath("$.passId").value(passId));
        postJson(wuye(), "/api/v1/community/access-verifications", "{\"deviceId\":\"" + otherDevice + "\",\"token\":\"" + token + "\"}")
                .andExpect(jsonPath("$.granted").value(false));
        postJson(wuye(), "/api/v1/community/access-verifications", "{\"deviceId\":\"" + device + "\",\"token\":\"" + token.replace('.', '_') + "\"}")
                .andExpect(jsonPath("$.granted").value(false));
        jdbc.sql("UPDATE community_visitor_pass SET valid_to = now() - interval '1 second' WHERE id = :id").param("id", passId).update();
        postJson(wuye(), "/api/v1/community/access-verifications", "{\"deviceId\":\"" + device + "\",\"token\":\"" + token + "\"}")
                .andExpect(jsonPath("$.granted").value(false)).andExpect(jsonPath("$.reason").value(org.hamcrest.Matchers.containsString("expired")));
        postJson(wuye(), "/api/v1/community/access-events", "[{\"compound\":\"" + code(compound) + "\",\"deviceId\":\"" + device
                + "\",\"eventId\":\"v1\",\"at\":\"" + now + "\",\"direction\":\"IN\",\"credential\":\"VISITOR\",\"visitorPassId\":" + passId
                + ",\"result\":\"GRANTED\"}]").andExpect(jsonPath("$.accepted").value(1));
        mvc.perform(get("/api/v1/community/visitor-passes/" + passId + "/uses").session(wuye()))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].credentialType").value("VISITOR"));
        // a resident's QR code is signed and short-lived
        long resident = resident(compound, idNumber());
        credential(resident, "{\"kind\":\"QR\"}");
        String qr = JsonPath.read(postJson(wuye(), "/api/v1/community/residents/" + resident + "/qr", "{}").andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(), "$.token");
        postJson(wuye(), "/api/v1/community/access-verifications", "{\"deviceId\":\"" + device + "\",\"token\":\"" + qr + "\"}")
                .andExpect(jsonPath("$.granted").value(true)).andExpect(jsonPath("$.residentId").value(resident));
    }

    @Test
    void oneKeyAlarmPublishesAlarmRequestedAndShowsTheDispatchStage() throws Exception {
        long compound = ownCompound();
        String r = postJson(wuye(), "/api/v1/community/compounds/" + compound + "/alarms", "{\"place\":\"3号楼 2单元\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.stage").value("REQUESTED"))
                .andReturn().getResponse().getContentAsString();
        long alarm = ((Number) JsonPath.read(r, "$.id")).longValue();
        List<AlarmRequested> published = events.stream(AlarmRequested.class).toList();
        assertThat(published).hasSize(1);
        AlarmRequested e = published.get(0);
        assertThat(e.sourceKind()).isEqualTo("COMPOUND");
        assertThat(e.sourceRef()).isEqualTo("compound-alarm:" + alarm);
        assertThat(e.location()).endsWith("3号楼 2单元");
        assertThat(e.regionId()).isEqualTo(jdbc.sql("SELECT region_id FROM community_compound WHERE id = :id").param("id", compound)
                .query(Long.class).single());
        new TransactionTemplate(tx).executeWithoutResult(s -> publisher.publishEvent(
                new AlarmStatusChanged(77, "COMPOUND", "compound-alarm:" + alarm, "DISPATCHED", Instant.now())));
        long deadline = System.currentTimeMillis() + 10_000;
        String stage = "";
        while (System.currentTimeMillis() < deadline && !stage.equals("DISPATCHED")) {
            Thread.sleep(100);
            stage = jdbc.sql("SELECT stage FROM community_alarm WHERE id = :id").param("id", alarm).query(String.class).single();
        }
        assertThat(stage).isEqualTo("DISPATCHED");
        assertThat(mvc.perform(get("/community/compounds/" + compound).session(wuye())).andReturn().getResponse().getContentAsString())
                .contains("已派警");
    }

    @Test
    void accessEventsAndPanelAlarmsArriveOverMqttAndAreStoredBeforeTheAcknowledgement() throws Exception {
        long compound = ownCompound();
        String code = code(compound);
        String device = "MQ-" + SEQ.incrementAndGet();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        org.eclipse.paho.client.mqttv3.MqttAsyncClient client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(mqtt.url(),
                "community-test", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        client.connect().waitForCompletion(10_000);
        try {
            String one = "{\"deviceId\":\"" + device + "\",\"eventId\":\"m1\",\"at\":\"" + now
                    + "\",\"direction\":\"IN\",\"credential\":\"QR\",\"result\":\"GRANTED\"}";
            String two = "[" + one.replace("m1", "m2") + "," + one + "]";
            client.publish("zhian/community/" + code + "/access", one.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
            // the PUBACK comes after the commit: the rows are there when the publish completes
            assertThat(eventCount(device)).isEqualTo(1);
            client.publish("zhian/community/" + code + "/access", two.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
            assertThat(eventCount(device)).isEqualTo(2);
            double before = meters.counter("zhian.community.access.malformed").count();
            client.publish("zhian/community/" + code + "/access", "garbage".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
            client.publish("zhian/community/NOSUCH/access", one.replace("m1", "m3").getBytes(StandardCharsets.UTF_8), 1, false)
                    .waitForCompletion(10_000);
            assertThat(meters.counter("zhian.community.access.malformed").count()).isEqualTo(before + 2);
            assertThat(eventCount(device)).isEqualTo(2);
            String press = "{\"deviceId\":\"" + device + "\",\"pressId\":\"p1\",\"place\":\"2号楼\"}";
            client.publish("zhian/community/" + code + "/alarm", press.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
            client.publish("zhian/community/" + code + "/alarm", press.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
            assertThat(jdbc.sql("SELECT count(*) FROM community_alarm WHERE dedup_key = :d").param("d", "panel:" + device + ":p1")
                    .query(Long.class).single()).isEqualTo(1);
        } finally {
            client.disconnect().waitForCompletion(5000);
            client.close();
        }
    }

    @Test
    void gridWorkersReadMaskedInTheirRegionAndPoliceSeeNoResidentListsAtAll() throws Exception {
        long compound = ownCompound();
        MockHttpSession grid = Sessions.as(mvc, "wangge01");
        mvc.perform(get("/api/v1/community/compounds/" + compound + "/residents").param("limit", "5").session(grid))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].idNumber").value(org.hamcrest.Matchers.containsString("**********")));
        long resident = jdbc.sql("SELECT min(id) FROM community_resident WHERE compound_id = :c").param("c", compound).query(Long.class).single();
        mvc.perform(get("/api/v1/community/residents/" + resident + "/personal-data").param("reason", "走访核对").session(grid))
                .andExpect(status().isForbidden());
        postJson(grid, "/api/v1/community/compounds/" + compound + "/houses", "{\"building\":\"x\",\"entrance\":\"1\",\"room\":\"1\"}")
                .andExpect(status().isForbidden());
        MockHttpSession police = Sessions.as(mvc, "jiejing01");
        mvc.perform(get("/api/v1/community/compounds/" + compound + "/residents").session(police)).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/community/residents/" + resident).session(police)).andExpect(status().isForbidden());
    }
}
