package io.zhian.enterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.zhian.Sessions;
import io.zhian.ZhianTest;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import java.util.concurrent.atomic.AtomicInteger;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Enterprises, pairings, problems through casework, live figures, masking, scope, deeds — API and pages. */
@ZhianTest
class EnterpriseTests {

    private static final AtomicInteger SEQ = new AtomicInteger(100);

    @Autowired MockMvc mvc;
    @Autowired Regions regions;
    @Autowired JdbcClient jdbc;

    private MockHttpSession as(String user) {
        return Sessions.as(mvc, user);
    }

    private Region village(int township) {
        Region t = regions.byLevel(RegionLevel.TOWNSHIP).get(township);
        return regions.children(DataScope.all(), t.id()).get(0);
    }

    private static String freshCode() {
        return CreditCodeTests.withCheck(String.format("91999901MA%07d", SEQ.incrementAndGet()));
    }

    private ResultActions postJson(MockHttpSession s, String url, String json) throws Exception {
        return mvc.perform(post(url).session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private long createEnterprise(MockHttpSession s, Region region, String name) throws Exception {
        String json = postJson(s, "/api/v1/enterprise/enterprises", "{\"name\":\"" + name + "\",\"creditCode\":\"" + freshCode()
                + "\",\"regionCode\":\"" + region.code() + "\",\"aboveSize\":true,\"contactName\":\"测试联系人\",\"contactPhone\":\"13912345678\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private long figure(MockHttpSession s, String name) throws Exception {
        String json = mvc.perform(get("/api/v1/enterprise/statistics").session(s)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$." + name)).longValue();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void badInputNamesEveryFieldAndStoresNothing() throws Exception {
        as("zhen01"); // sign in first: the sign-in itself is audited
        long before = count("enterprise");
        long audits = count("audit_event");
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises",
                "{\"name\":\" \",\"creditCode\":\"91999901MA00000010\",\"regionCode\":\"\",\"contactPhone\":\"call me\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("name", "creditCode", "regionCode",
                        "contactPhone", "contactName")))
                .andExpect(jsonPath("$.errors[?(@.field == 'creditCode')].reason").value(Matchers.hasItem(
                        Matchers.containsString("check character"))));
        // a region outside the creator's scope is refused too
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises", "{\"name\":\"外乡企业\",\"creditCode\":\"" + freshCode()
                + "\",\"regionCode\":\"" + village(1).code() + "\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("regionCode"));
        // the form shows the reasons beside the fields
        String page = mvc.perform(post("/enterprise").session(as("zhen01")).with(csrf()).param("name", "")
                        .param("creditCode", "123").param("regionCode", village(0).code()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("must be 18 characters").contains("is required");
        assertThat(count("enterprise")).isEqualTo(before);
        assertThat(count("audit_event")).isEqualTo(audits);
        // duplicate code
        String code = freshCode();
        String body = "{\"name\":\"重复企业\",\"creditCode\":\"" + code + "\",\"regionCode\":\"" + village(0).code() + "\"}";
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises", body).andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises", body).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("creditCode"));
    }

    @Test
    void townshipOfficersSeeOnlyTheirOwnTownshipAndGuessedIdsAnswer404() throws Exception {
        long mine = createEnterprise(as("zhen01"), village(0), "一号镇企业");
        long theirs = createEnterprise(as("zhen02"), village(1), "二号镇企业");
        mvc.perform(get("/api/v1/enterprise/enterprises/" + theirs).session(as("zhen01"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/enterprise/enterprises/" + mine).session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(get("/enterprise/" + mine).session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/enterprise/enterprises/" + (theirs + 100000)).session(as("zhen01"))).andExpect(status().isNotFound());
        postJson(as("zhen02"), "/api/v1/enterprise/enterprises/" + mine + "/problems", "{\"title\":\"x\",\"description\":\"y\"}")
                .andExpect(status().isNotFound());
        postJson(as("zhen02"), "/api/v1/enterprise/enterprises/" + mine + "/visits", "{\"visitedOn\":\"2026-10-01\",\"notes\":\"y\"}")
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/enterprise/enterprises/" + mine + "/contact").param("reason", "核实").session(as("zhen02")))
                .andExpect(status().isNotFound());
        String list = mvc.perform(get("/api/v1/enterprise/enterprises").param("size", "500").session(as("zhen01")))
                .andReturn().getResponse().getContentAsString();
        List<Number> ids = JsonPath.read(list, "$.items[*].id");
        assertThat(ids.stream().map(Number::longValue).toList()).contains(mine).doesNotContain(theirs);
        // people without an enterprise role get nothing
        mvc.perform(get("/api/v1/enterprise/enterprises").session(as("fanzha01"))).andExpect(status().isForbidden());
    }

    @Test
    void aProblemBecomesACaseworkCaseAndResolvingItRaisesTheLiveSolvedFigure() throws Exception {
        long id = createEnterprise(as("zhen01"), village(0), "诉求企业");
        long problems = figure(as("zhen01"), "problems");
        long solved = figure(as("zhen01"), "solved");
        long otherTownship = figure(as("zhen02"), "solved");
        String json = postJson(as("zhen01"), "/api/v1/enterprise/enterprises/" + id + "/problems",
                "{\"title\":\"用电增容\",\"description\":\"新生产线需要增容至800千伏安\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long caseId = ((Number) JsonPath.read(json, "$.caseId")).longValue();
        assertThat(jdbc.sql("SELECT type_code FROM casework_case WHERE id = :id").param("id", caseId).query(String.class).single())
                .isEqualTo("ENTERPRISE_PROBLEM");
        assertThat(figure(as("zhen01"), "problems")).isEqualTo(problems + 1);
        assertThat(figure(as("zhen01"), "solved")).isEqualTo(solved);
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("zhen01")))
                .andExpect(jsonPath("$.problems[0].caseId").value(caseId))
                .andExpect(jsonPath("$.problems[0].state").value("REGISTERED"));
        // a problem without a title is refused by casework, field named
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises/" + id + "/problems", "{\"description\":\"y\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("title"));
        // resolve through the casework API
        for (String[] step : new String[][] {{"assign", "{\"toMe\":true}"}, {"start", "{}"}, {"resolve", "{\"reason\":\"供电公司完成增容\"}"}}) {
            postJson(as("zhen01"), "/api/v1/casework/cases/" + caseId + "/" + step[0], step[1]).andExpect(status().isOk());
        }
        assertThat(figure(as("zhen01"), "solved")).isEqualTo(solved + 1);
        assertThat(figure(as("zhen02"), "solved")).isEqualTo(otherTownship);
        String page = mvc.perform(get("/enterprise/" + id).session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/casework/cases/" + caseId).contains("已化解");
        String listPage = mvc.perform(get("/enterprise").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(listPage).contains("id=\"fig-solved\">" + (solved + 1) + "<");
    }

    @Test
    void aPairedLiaisonOfficerSeesTheEnterpriseLogsVisitsAndRaisesProblems() throws Exception {
        long id = createEnterprise(as("zhen01"), village(0), "联包企业");
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("lianluo01"))).andExpect(status().isNotFound());
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises/" + id + "/pairings", "{\"username\":\"nobody\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("username"));
        postJson(as("zhen01"), "/api/v1/enterprise/enterprises/" + id + "/pairings", "{\"username\":\"lianluo01\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$[0].username").value("lianluo01"));
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("lianluo01"))).andExpect(status().isOk());
        postJson(as("lianluo01"), "/api/v1/enterprise/enterprises/" + id + "/visits", "{\"visitedOn\":\"2099-01-01\",\"notes\":\"\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("visitedOn", "notes")));
        postJson(as("lianluo01"), "/api/v1/enterprise/enterprises/" + id + "/visits", "{\"visitedOn\":\"2026-11-02\",\"notes\":\"了解用工需求\"}")
                .andExpect(status().isCreated());
        String json = postJson(as("lianluo01"), "/api/v1/enterprise/enterprises/" + id + "/problems",
                "{\"title\":\"招工难\",\"description\":\"缺少熟练焊工20名\"}").andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        long caseId = ((Number) JsonPath.read(json, "$.caseId")).longValue();
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("lianluo01")))
                .andExpect(jsonPath("$.visits[0].notes").value("了解用工需求"))
                .andExpect(jsonPath("$.problems[0].caseId").value(caseId))
                .andExpect(jsonPath("$.problems[0].visible").value(true));
        // pairing is a manager's job
        postJson(as("lianluo01"), "/api/v1/enterprise/enterprises/" + id + "/pairings", "{\"username\":\"zhen01\"}")
                .andExpect(status().isForbidden());
    }

    @Test
    void theContactIsMaskedAndAFullReadNeedsAReasonAndIsAudited() throws Exception {
        long id = createEnterprise(as("zhen01"), village(0), "联系人企业");
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id).session(as("zhen01")))
                .andExpect(jsonPath("$.enterprise.contactPhone").value("139****5678"))
                .andExpect(jsonPath("$.enterprise.contactName").value("测****"));
        String page = mvc.perform(get("/enterprise/" + id).session(as("zhen01"))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("139****5678").doesNotContain("13912345678");
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id + "/contact").session(as("zhen01")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(get("/api/v1/enterprise/enterprises/" + id + "/contact").param("reason", "约定走访时间").session(as("zhen01")))
                .andExpect(jsonPath("$.contactPhone").value("13912345678")).andExpect(jsonPath("$.contactName").value("测试联系人"));
        String fragment = mvc.perform(post("/enterprise/" + id + "/contact").param("reason", "电话回访").session(as("zhen01")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(fragment).contains("13912345678");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PERSONAL_DATA_READ' AND object_type = 'enterprise' "
                + "AND object_id = :id").param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void deedsAreCountedByUnitAndMonthAndPeopleAreMasked() throws Exception {
        String json = mvc.perform(get("/api/v1/enterprise/deeds/counts").session(as("zhen01"))).andReturn().getResponse()
                .getContentAsString();
        long oct = monthCount(json, "2026-10");
        String village = village(0).code();
        postJson(as("zhen01"), "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + village
                + "\",\"beneficiaryKind\":\"PERSON\",\"beneficiaryName\":\"王大爷\",\"what\":\"代办养老保险认证\",\"doneOn\":\"2026-10-08\"}")
                .andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + village
                + "\",\"beneficiaryKind\":\"VILLAGE\",\"what\":\"修复村口路灯\",\"doneOn\":\"2026-10-20\"}").andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + village
                + "\",\"beneficiaryKind\":\"GROUP\",\"beneficiaryName\":\"留守儿童\",\"what\":\"课后托管\",\"doneOn\":\"2026-11-03\"}")
                .andExpect(status().isCreated());
        postJson(as("zhen01"), "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + village(1).code()
                + "\",\"beneficiaryKind\":\"ALIEN\",\"what\":\"\",\"doneOn\":\"yesterday\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("regionCode", "beneficiaryKind", "what", "doneOn")));
        json = mvc.perform(get("/api/v1/enterprise/deeds/counts").session(as("zhen01"))).andReturn().getResponse().getContentAsString();
        assertThat(monthCount(json, "2026-10")).isEqualTo(oct + 2);
        List<String> units = JsonPath.read(json, "$.byUnitAndMonth[*].unitName");
        assertThat(units).isNotEmpty();
        // zhen02 does not see zhen01's deeds
        String other = mvc.perform(get("/api/v1/enterprise/deeds").session(as("zhen02"))).andReturn().getResponse().getContentAsString();
        assertThat(other).doesNotContain("代办养老保险认证");
        String page = mvc.perform(get("/enterprise/deeds").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("代办养老保险认证").contains("王**").doesNotContain("王大爷").contains("留守儿童").contains("2026-10");
    }

    private static long monthCount(String json, String month) {
        Object v = JsonPath.read(json, "$.byMonth");
        Number n = v instanceof java.util.Map<?, ?> m ? (Number) m.get(month) : null;
        return n == null ? 0 : n.longValue();
    }

    // ---- deed photos ----

    /** A small real PNG, drawn with javax.imageio. */
    private static byte[] png(Color color) throws Exception {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 6; y++) {
                img.setRGB(x, y, (x + y) % 2 == 0 ? color.getRGB() : Color.WHITE.getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "png", out)).isTrue();
        return out.toByteArray();
    }

    private long recordDeed(MockHttpSession s, Region region, String what) throws Exception {
        String json = postJson(s, "/api/v1/enterprise/deeds", "{\"regionCode\":\"" + region.code()
                + "\",\"beneficiaryKind\":\"VILLAGE\",\"what\":\"" + what + "\",\"doneOn\":\"2026-11-10\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private ResultActions uploadPhoto(MockHttpSession s, long deedId, MockMultipartFile file) throws Exception {
        return mvc.perform(multipart("/api/v1/enterprise/deeds/" + deedId + "/photo").file(file).session(s).with(csrf()));
    }

    private long audits(String action, long deedId) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :a AND object_type = 'practical_deed' AND object_id = :id")
                .param("a", action).param("id", String.valueOf(deedId)).query(Long.class).single();
    }

    @Test
    void aPngPhotoIsStoredInTheDatabaseAndServedBackWithTheSameBytesAndType() throws Exception {
        long id = recordDeed(as("zhen01"), village(0), "为敬老院安装扶手");
        byte[] png = png(Color.RED);
        // the declared type and name are ignored: the content decides
        uploadPhoto(as("zhen01"), id, new MockMultipartFile("photo", "扶手.jpeg", "application/octet-stream", png))
                .andExpect(status().isOk()).andExpect(jsonPath("$.hasPhoto").value(true));
        assertThat(jdbc.sql("SELECT content_type FROM deed_photo WHERE deed_id = :id").param("id", id).query(String.class).single())
                .isEqualTo("image/png");
        for (String url : List.of("/enterprise/deeds/" + id + "/photo", "/api/v1/enterprise/deeds/" + id + "/photo")) {
            byte[] served = mvc.perform(get(url).session(as("zhen01"))).andExpect(status().isOk())
                    .andExpect(header().string("Content-Type", "image/png"))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(header().string("Content-Disposition", Matchers.startsWith("inline")))
                    .andExpect(header().string("Cache-Control", Matchers.containsString("private")))
                    .andReturn().getResponse().getContentAsByteArray();
            assertThat(served).isEqualTo(png);
            assertThat(ImageIO.read(new ByteArrayInputStream(served)).getWidth()).isEqualTo(8);
        }
        assertThat(audits("DEED_PHOTO_ADD", id)).isEqualTo(1);
        // the list shows a thumbnail, the deed page the photo, and the export says it has one
        String list = mvc.perform(get("/enterprise/deeds").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("src=\"/enterprise/deeds/" + id + "/photo\"");
        String page = mvc.perform(get("/enterprise/deeds/" + id).session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("为敬老院安装扶手").contains("/enterprise/deeds/" + id + "/photo").contains("id=\"photo-remove\"");
        byte[] xlsx = mvc.perform(get("/enterprise/deeds/export.xlsx").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            Row head = sheet.getRow(0);
            int col = head.getLastCellNum() - 1;
            assertThat(head.getCell(col).getStringCellValue()).contains("有照片").contains("has photo");
            boolean found = false;
            for (Row r : sheet) {
                if ("为敬老院安装扶手".equals(r.getCell(6).getStringCellValue())) {
                    assertThat(r.getCell(col).getStringCellValue()).isEqualTo("是");
                    found = true;
                }
            }
            assertThat(found).isTrue();
        }
    }

    @Test
    void aTextFileNamedJpgAndAFileOverFiveMegabytesAreRefusedAndNothingIsStored() throws Exception {
        long id = recordDeed(as("zhen01"), village(0), "清理河道垃圾");
        long photos = count("deed_photo");
        uploadPhoto(as("zhen01"), id, new MockMultipartFile("photo", "photo.jpg", "image/jpeg",
                "this is plain text, not a photo".getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("photo"))
                .andExpect(jsonPath("$.errors[0].reason").value(Matchers.containsString("JPEG or PNG")));
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(png(Color.BLUE), 0, big, 0, 8); // a PNG signature, but too large
        uploadPhoto(as("zhen01"), id, new MockMultipartFile("photo", "big.png", "image/png", big))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("photo"))
                .andExpect(jsonPath("$.errors[0].reason").value(Matchers.containsString("5 MB")));
        uploadPhoto(as("zhen01"), id, new MockMultipartFile("photo", "empty.png", "image/png", new byte[0]))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("photo"));
        assertThat(count("deed_photo")).isEqualTo(photos);
        mvc.perform(get("/api/v1/enterprise/deeds/" + id + "/photo").session(as("zhen01"))).andExpect(status().isNotFound());
        // on the create form a bad photo is shown beside its field and the deed is not stored either
        long deeds = count("practical_deed");
        String page = mvc.perform(multipart("/enterprise/deeds").file(new MockMultipartFile("photo", "notes.jpg", "image/jpeg",
                                "plain text".getBytes(StandardCharsets.UTF_8)))
                        .param("regionCode", village(0).code()).param("beneficiaryKind", "VILLAGE").param("what", "不该保存的实事")
                        .param("doneOn", "2026-11-11").session(as("zhen01")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("must be a JPEG or PNG image");
        assertThat(count("practical_deed")).isEqualTo(deeds);
        assertThat(count("deed_photo")).isEqualTo(photos);
    }

    @Test
    void theFormRecordsADeedWithItsPhotoAndAnotherTownshipGets404OnThePhoto() throws Exception {
        byte[] png = png(Color.GREEN);
        mvc.perform(multipart("/enterprise/deeds").file(new MockMultipartFile("photo", "路灯.png", "image/png", png))
                        .param("regionCode", village(0).code()).param("beneficiaryKind", "VILLAGE").param("what", "更换村口路灯带照片")
                        .param("doneOn", "2026-11-12").session(as("zhen01")).with(csrf()))
                .andExpect(status().is3xxRedirection());
        long id = jdbc.sql("SELECT id FROM practical_deed WHERE what = '更换村口路灯带照片'").query(Long.class).single();
        mvc.perform(get("/api/v1/enterprise/deeds/" + id + "/photo").session(as("zhen01"))).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"));
        long denied = jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND object_type = 'practical_deed' "
                + "AND object_id = :id").param("id", String.valueOf(id)).query(Long.class).single();
        mvc.perform(get("/enterprise/deeds/" + id + "/photo").session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/enterprise/deeds/" + id + "/photo").session(as("zhen02"))).andExpect(status().isNotFound());
        mvc.perform(get("/enterprise/deeds/" + id).session(as("zhen02"))).andExpect(status().isNotFound());
        uploadPhoto(as("zhen02"), id, new MockMultipartFile("photo", "x.png", "image/png", png(Color.BLACK)))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/enterprise/deeds/" + id + "/photo").session(as("zhen02")).with(csrf()))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND object_type = 'practical_deed' "
                + "AND object_id = :id").param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(denied + 5);
        // a liaison officer (own records only) neither sees it nor may change it
        mvc.perform(get("/enterprise/deeds/" + id + "/photo").session(as("lianluo01"))).andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT bytes FROM deed_photo WHERE deed_id = :id").param("id", id).query(byte[].class).single())
                .isEqualTo(png);
    }

    @Test
    void theApiRecordsADeedWithAJpegInOneMultipartRequestOrRefusesEveryBadFieldAtOnce() throws Exception {
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 3, Color.MAGENTA.getRGB());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "jpg", out)).isTrue();
        byte[] jpeg = out.toByteArray();
        long deeds = count("practical_deed");
        long photos = count("deed_photo");
        mvc.perform(multipart("/api/v1/enterprise/deeds").file(new MockMultipartFile("photo", "readme.txt", "text/plain",
                                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)))
                        .param("regionCode", village(0).code()).param("beneficiaryKind", "VILLAGE").param("what", "")
                        .param("doneOn", "2026-11-13").session(as("zhen01")).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("what", "photo")));
        assertThat(count("practical_deed")).isEqualTo(deeds);
        assertThat(count("deed_photo")).isEqualTo(photos);
        String json = mvc.perform(multipart("/api/v1/enterprise/deeds").file(new MockMultipartFile("photo", "photo.png", "image/png", jpeg))
                        .param("regionCode", village(0).code()).param("beneficiaryKind", "VILLAGE").param("what", "修缮村文化室")
                        .param("doneOn", "2026-11-13").session(as("zhen01")).with(csrf()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(json, "$.id")).longValue();
        // served as what it is (JPEG), whatever the name or declared type said
        assertThat(mvc.perform(get("/api/v1/enterprise/deeds/" + id + "/photo").session(as("zhen01"))).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"))
                .andReturn().getResponse().getContentAsByteArray()).isEqualTo(jpeg);
        assertThat(audits("DEED_PHOTO_ADD", id)).isEqualTo(1);
    }

    @Test
    void replacingAndRemovingThePhotoAreAudited() throws Exception {
        long id = recordDeed(as("zhen01"), village(0), "帮独居老人买药");
        uploadPhoto(as("zhen01"), id, new MockMultipartFile("photo", "a.png", "image/png", png(Color.RED)))
                .andExpect(status().isOk());
        byte[] second = png(Color.ORANGE);
        mvc.perform(multipart("/enterprise/deeds/" + id + "/photo").file(new MockMultipartFile("photo", "b.png", "image/png", second))
                .session(as("zhen01")).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(audits("DEED_PHOTO_ADD", id)).isEqualTo(1);
        assertThat(audits("DEED_PHOTO_REPLACE", id)).isEqualTo(1);
        assertThat(mvc.perform(get("/enterprise/deeds/" + id + "/photo").session(as("zhen01"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray()).isEqualTo(second);
        // a refused replacement keeps the photo there was
        mvc.perform(multipart("/enterprise/deeds/" + id + "/photo").file(new MockMultipartFile("photo", "c.jpg", "image/jpeg",
                "GIF89a not allowed".getBytes(StandardCharsets.UTF_8))).session(as("zhen01")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("errors", Matchers.hasKey("photo")));
        assertThat(jdbc.sql("SELECT bytes FROM deed_photo WHERE deed_id = :id").param("id", id).query(byte[].class).single())
                .isEqualTo(second);
        mvc.perform(post("/enterprise/deeds/" + id + "/photo/remove").session(as("zhen01")).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(audits("DEED_PHOTO_REMOVE", id)).isEqualTo(1);
        mvc.perform(get("/enterprise/deeds/" + id + "/photo").session(as("zhen01"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/enterprise/deeds/" + id).session(as("zhen01"))).andExpect(jsonPath("$.hasPhoto").value(false));
        // and through the API
        uploadPhoto(as("zhen01"), id, new MockMultipartFile("photo", "d.png", "image/png", png(Color.CYAN))).andExpect(status().isOk());
        mvc.perform(delete("/api/v1/enterprise/deeds/" + id + "/photo").session(as("zhen01")).with(csrf()))
                .andExpect(status().isNoContent());
        assertThat(audits("DEED_PHOTO_REMOVE", id)).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM deed_photo WHERE deed_id = :id").param("id", id).query(Long.class).single()).isZero();
    }
}
