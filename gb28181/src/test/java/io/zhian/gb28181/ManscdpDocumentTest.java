package io.zhian.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManscdpDocumentTest {

    private static final String CATALOG = """
            <Response>
            <CmdType>Catalog</CmdType>
            <SN>17</SN>
            <DeviceID>34020000001180000001</DeviceID>
            <SumNum>2</SumNum>
            <DeviceList Num="2">
            <Item><DeviceID>34020000001310000001</DeviceID><Name>南门广场球机</Name><Manufacturer>测试厂商</Manufacturer>
            <Status>ON</Status><Longitude>117.2272</Longitude><Latitude>31.8206</Latitude><Parental>0</Parental>
            <Info><PTZType>1</PTZType></Info></Item>
            <Item><DeviceID>34020000001310000002</DeviceID><Name>停车场出口</Name><Status>OFF</Status></Item>
            </DeviceList>
            </Response>
            """;

    @Test
    void gb18030DeclaredInProlog() throws Exception {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n" + CATALOG).getBytes(ManscdpDocument.GB18030);
        ManscdpDocument doc = ManscdpDocument.parse(body, null);
        assertThat(doc.charset()).isEqualTo(ManscdpDocument.GB18030);
        assertNamesReadable(doc);
    }

    @Test
    void utf8DeclaredInProlog() throws Exception {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n" + CATALOG).getBytes(StandardCharsets.UTF_8);
        ManscdpDocument doc = ManscdpDocument.parse(body, null);
        assertThat(doc.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertNamesReadable(doc);
    }

    @Test
    void undeclaredDefaultsToGb18030() throws Exception {
        ManscdpDocument doc = ManscdpDocument.parse(("<?xml version=\"1.0\"?>" + CATALOG).getBytes(ManscdpDocument.GB18030), null);
        assertThat(doc.charset()).isEqualTo(ManscdpDocument.GB18030);
        assertNamesReadable(doc);
    }

    @Test
    void undeclaredUtf8IsRecognised() throws Exception {
        ManscdpDocument doc = ManscdpDocument.parse(CATALOG.getBytes(StandardCharsets.UTF_8), null);
        assertThat(doc.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertNamesReadable(doc);
    }

    @Test
    void mislabelledBodyFallsBackToTheOtherCharset() throws Exception {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + CATALOG).getBytes(ManscdpDocument.GB18030);
        ManscdpDocument doc = ManscdpDocument.parse(body, null);
        assertThat(doc.charset()).isEqualTo(ManscdpDocument.GB18030);
        assertNamesReadable(doc);
    }

    @Test
    void contentTypeCharsetWinsOverProlog() throws Exception {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"GB2312\"?>" + CATALOG).getBytes(StandardCharsets.UTF_8);
        assertNamesReadable(ManscdpDocument.parse(body, "utf-8"));
    }

    @Test
    void itemsAreFlattenedWithUnknownFieldsKept() throws Exception {
        ManscdpDocument doc = ManscdpDocument.parse(CATALOG.getBytes(StandardCharsets.UTF_8), null);
        assertThat(doc.root()).isEqualTo("Response");
        assertThat(doc.cmdType()).contains("Catalog");
        assertThat(doc.sn()).contains("17");
        assertThat(doc.attribute("Num", "DeviceList")).contains("2");
        CatalogEntry first = CatalogEntry.fromItem(doc.items("DeviceList").get(0));
        assertThat(first.longitude()).isEqualTo(117.2272);
        assertThat(first.latitude()).isEqualTo(31.8206);
        assertThat(first.manufacturer()).isEqualTo("测试厂商");
        assertThat(first.online()).isTrue();
        assertThat(first.extra()).containsEntry("Parental", "0").containsEntry("Info/PTZType", "1");
    }

    @Test
    void rejectsDoctypeAndExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>&x;</DeviceID></Notify>";
        assertThatThrownBy(() -> ManscdpDocument.parse(xxe.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(MalformedManscdpException.class);
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
                + "<Notify><CmdType>&b;</CmdType></Notify>";
        assertThatThrownBy(() -> ManscdpDocument.parse(billionLaughs.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(MalformedManscdpException.class);
    }

    @Test
    void rejectsBrokenBodies() {
        for (String bad : List.of("", "not xml at all", "<Notify><CmdType>Keepalive</CmdType>",
                "<Notify><SN>1</SN></Notify>", "<Notify><CmdType>  </CmdType></Notify>")) {
            assertThatThrownBy(() -> ManscdpDocument.parse(bad.getBytes(StandardCharsets.UTF_8), null))
                    .as(bad).isInstanceOf(MalformedManscdpException.class);
        }
        assertThatThrownBy(() -> ManscdpDocument.parse(null, null)).isInstanceOf(MalformedManscdpException.class);
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80, (byte) 0x81, 0x3c};
        assertThatThrownBy(() -> ManscdpDocument.parse(binary, null)).isInstanceOf(MalformedManscdpException.class);
    }

    @Test
    void utf8ByteOrderMarkIsHonoured() throws Exception {
        byte[] text = CATALOG.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);
        assertNamesReadable(ManscdpDocument.parse(body, null));
    }

    private static void assertNamesReadable(ManscdpDocument doc) {
        List<Map<String, String>> items = doc.items("DeviceList");
        assertThat(items).extracting(item -> item.get("Name")).containsExactly("南门广场球机", "停车场出口");
    }
}
