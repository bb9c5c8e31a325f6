package io.zhian.gb28181;

import static io.zhian.gb28181.RecordingListener.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.zhian.gb28181.sim.RegisterResult;
import io.zhian.gb28181.sim.SimulatedAlarm;
import io.zhian.gb28181.sim.SimulatedGbDevice;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end over real sockets: one server on free UDP/TCP ports, {@link SimulatedGbDevice}s as cameras/NVRs.
 * All ids and data are synthetic.
 */
class SignallingServerIntegrationTest {

    static final GbDeviceId SERVER_ID = GbDeviceId.parse("34020000002000000001");
    static final GbDeviceId CAMERA = GbDeviceId.parse("34020000001320000001");
    static final GbDeviceId NVR = GbDeviceId.parse("34020000001180000001");
    static final GbDeviceId UTF8_NVR = GbDeviceId.parse("34020000001180000002");
    static final GbDeviceId LOSSY_NVR = GbDeviceId.parse("34020000001180000003");
    static final GbDeviceId ALARM_HOST = GbDeviceId.parse("34020000001110000001");
    static final GbDeviceId SILENT = GbDeviceId.parse("34020000001320000004");
    static final GbDeviceId MALFORMED = GbDeviceId.parse("34020000001320000005");
    static final GbDeviceId MISDIRECTED = GbDeviceId.parse("34020000001320000006");
    static final GbDeviceId UNKNOWN = GbDeviceId.parse("34020000001320009999");
    static final Map<GbDeviceId, String> PASSWORDS = Map.of(
            CAMERA, "cam-secret-1", NVR, "nvr-secret-1", UTF8_NVR, "nvr-secret-2", LOSSY_NVR, "nvr-secret-3",
            ALARM_HOST, "alarm-secret", SILENT, "silent-secret", MALFORMED, "malformed-secret",
            MISDIRECTED, "misdirected-secret");
    static final Duration WAIT = Duration.ofSeconds(5);

    static SipSignallingServer server;
    static volatile RecordingListener events = new RecordingListener();

    @BeforeAll
    static void startServer() throws Exception {
        SipServerConfig config = SipServerConfig.builder(SERVER_ID, DevicePasswords.of(PASSWORDS))
                .host("127.0.0.1").udpPort(0).tcpPort(0)
                .catalogTimeout(Duration.ofMillis(1500))
                .build();
        // Forwarding listener: each test gets fresh queues on the shared server.
        server = SipSignallingServer.start(config, new GbSignallingListener() {
            @Override
            public void deviceRegistered(DeviceRegistration registration) {
                events.deviceRegistered(registration);
            }

            @Override
            public void deviceOffline(GbDeviceId deviceId, OfflineReason reason) {
                events.deviceOffline(deviceId, reason);
            }

            @Override
            public void keepaliveReceived(Keepalive keepalive) {
                events.keepaliveReceived(keepalive);
            }

            @Override
            public void catalogReceived(CatalogResult catalog) {
                events.catalogReceived(catalog);
            }

            @Override
            public void alarmReceived(AlarmNotification alarm) {
                events.alarmReceived(alarm);
            }

            @Override
            public void malformedMessage(MalformedMessage message) {
                events.malformedMessage(message);
            }
        });
        assertThat(server.udpPort()).isPositive().isNotEqualTo(5060);
        assertThat(server.tcpPort()).isPositive().isNotEqualTo(5060);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void freshEvents() {
        events = new RecordingListener();
    }

    static SimulatedGbDevice.Builder device(GbDeviceId id, SipTransport transport) {
        return SimulatedGbDevice.builder(id, PASSWORDS.getOrDefault(id, "whatever"))
                .server("127.0.0.1", transport == SipTransport.UDP ? server.udpPort() : server.tcpPort(), SERVER_ID)
                .transport(transport);
    }

    @Test
    void udpRegistrationWithQopThenReplayIsRefusedAndReRegistrationNeedsAuth() throws Exception {
        try (SimulatedGbDevice camera = device(CAMERA, SipTransport.UDP).useQop(true).start()) {
            RegisterResult first = camera.register(Duration.ofSeconds(120));
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.dateHeader()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}");

            DeviceRegistration registration = await(events.registrations, r -> r.deviceId().equals(CAMERA), WAIT);
            assertThat(registration.transport()).isEqualTo(SipTransport.UDP);
            assertThat(registration.remoteAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", camera.localPort()));
            assertThat(registration.expires()).isEqualTo(Duration.ofSeconds(120));
            assertThat(registration.userAgent()).contains("Zhian-SimulatedDevice");
            assertThat(registration.refresh()).isFalse();
            assertThat(server.isOnline(CAMERA)).isTrue();

            // A captured, valid REGISTER replayed in a new transaction: its nonce is spent.
            RegisterResult replay = camera.replayLastRegister();
            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(replay.challengeNonce()).isNotNull().isNotEqualTo(first.challengeNonce());
            assertThat(events.registrations.poll(300, TimeUnit.MILLISECONDS)).isNull();

            // Being registered already earns no trust: no credentials, no registration.
            assertThat(camera.registerWithoutCredentials(Duration.ofSeconds(120)).statusCode()).isEqualTo(401);

            RegisterResult refresh = camera.register(Duration.ofSeconds(120));
            assertThat(refresh.statusCode()).isEqualTo(200);
            assertThat(await(events.registrations, r -> r.deviceId().equals(CAMERA), WAIT).refresh()).isTrue();

            assertThat(camera.sendKeepalive()).isEqualTo(200);
            Keepalive keepalive = await(events.keepalives, k -> k.deviceId().equals(CAMERA), WAIT);
            assertThat(keepalive.healthy()).isTrue();
            assertThat(keepalive.sn()).isNotBlank();

            assertThat(camera.unregister().statusCode()).isEqualTo(200);
            RecordingListener.Offline offline = await(events.offline, o -> o.deviceId().equals(CAMERA), WAIT);
            assertThat(offline.reason()).isEqualTo(OfflineReason.UNREGISTERED);
            assertThat(server.isOnline(CAMERA)).isFalse();
            assertThat(camera.sendKeepalive()).isEqualTo(403);
        }
    }

    @Test
    void tcpRegistrationWithoutQopAndMultiPacketGb18030Catalog() throws Exception {
        List<CatalogEntry> channels = List.of(
                new CatalogEntry("34020000001310000011", "南门广场球机", "测试厂商", "SIM-PTZ", "Owner", "340200",
                        "合肥市某某路1号", NVR.value(), "ON", 117.2272, 31.8206, Map.of("Parental", "0")),
                CatalogEntry.channel("34020000001310000012", "停车场出口", NVR.value()),
                CatalogEntry.channel("34020000001310000013", "地下通道（东）", NVR.value()),
                CatalogEntry.channel("34020000001310000014", "学校门口·北", NVR.value()),
                CatalogEntry.channel("34020000001340000015", "周界报警输入", NVR.value()));
        try (SimulatedGbDevice nvr = device(NVR, SipTransport.TCP).useQop(false).channels(channels)
                .catalogItemsPerMessage(2).catalogCharset(ManscdpDocument.GB18030, true).start()) {
            assertThat(nvr.register(Duration.ofSeconds(300)).statusCode()).isEqualTo(200);
            DeviceRegistration registration = await(events.registrations, r -> r.deviceId().equals(NVR), WAIT);
            assertThat(registration.transport()).isEqualTo(SipTransport.TCP);

            CatalogResult catalog = server.queryCatalog(NVR).get(10, TimeUnit.SECONDS);
            assertThat(catalog.complete()).isTrue();
            assertThat(catalog.sumNum()).isEqualTo(5);
            assertThat(catalog.entries()).extracting(CatalogEntry::name)
                    .containsExactly("南门广场球机", "停车场出口", "地下通道（东）", "学校门口·北", "周界报警输入");
            CatalogEntry first = catalog.entries().get(0);
            assertThat(first.manufacturer()).isEqualTo("测试厂商");
            assertThat(first.address()).isEqualTo("合肥市某某路1号");
            assertThat(first.longitude()).isEqualTo(117.2272);
            assertThat(first.parentId()).isEqualTo(NVR.value());
            assertThat(first.extra()).containsEntry("Parental", "0");
            assertThat(catalog.entries().get(4).gbDeviceId().orElseThrow().type()).isEqualTo(GbDeviceType.ALARM_INPUT);
            assertThat(await(events.catalogs, c -> c.deviceId().equals(NVR), WAIT)).isEqualTo(catalog);
            waitUntil(() -> nvr.catalogQueriesAnswered() == 1);
        }
    }

    @Test
    void undeclaredUtf8CatalogIsDecodedToo() throws Exception {
        List<CatalogEntry> channels = List.of(
                CatalogEntry.channel("34020000001310000021", "东门入口", UTF8_NVR.value()),
                CatalogEntry.channel("34020000001310000022", "西侧围墙", UTF8_NVR.value()),
                CatalogEntry.channel("34020000001310000023", "便民服务中心", UTF8_NVR.value()));
        try (SimulatedGbDevice nvr = device(UTF8_NVR, SipTransport.UDP).channels(channels).catalogItemsPerMessage(2)
                .catalogCharset(StandardCharsets.UTF_8, false).start()) {
            assertThat(nvr.register(Duration.ofSeconds(300)).statusCode()).isEqualTo(200);
            CatalogResult catalog = server.queryCatalog(UTF8_NVR).get(10, TimeUnit.SECONDS);
            assertThat(catalog.complete()).isTrue();
            assertThat(catalog.entries()).extracting(CatalogEntry::name).containsExactly("东门入口", "西侧围墙", "便民服务中心");
        }
    }

    @Test
    void catalogTimeoutYieldsPartialResult() throws Exception {
        List<CatalogEntry> channels = List.of(
                CatalogEntry.channel("34020000001310000031", "一号", LOSSY_NVR.value()),
                CatalogEntry.channel("34020000001310000032", "二号", LOSSY_NVR.value()),
                CatalogEntry.channel("34020000001310000033", "三号", LOSSY_NVR.value()),
                CatalogEntry.channel("34020000001310000034", "四号", LOSSY_NVR.value()));
        try (SimulatedGbDevice nvr = device(LOSSY_NVR, SipTransport.UDP).channels(channels)
                .catalogItemsPerMessage(2).catalogPacketsToSend(1).start()) {
            assertThat(nvr.register(Duration.ofSeconds(300)).statusCode()).isEqualTo(200);
            CatalogResult catalog = server.queryCatalog(LOSSY_NVR).get(10, TimeUnit.SECONDS);
            assertThat(catalog.complete()).isFalse();
            assertThat(catalog.sumNum()).isEqualTo(4);
            assertThat(catalog.entries()).extracting(CatalogEntry::name).containsExactly("一号", "二号");
        }
    }

    @Test
    void alarmFromChannelIsReportedAcknowledgedAndSubscriptionSent() throws Exception {
        GbDeviceId channel = GbDeviceId.parse("34020000001340000101");
        try (SimulatedGbDevice host = device(ALARM_HOST, SipTransport.UDP).start()) {
            assertThat(host.register(Duration.ofSeconds(300)).statusCode()).isEqualTo(200);

            server.subscribeAlarms(ALARM_HOST, AlarmSubscription.allAlarms(Duration.ofHours(1))).get(5, TimeUnit.SECONDS);
            assertThat(host.alarmSubscriptions()).singleElement().satisfies(body -> assertThat(body)
                    .contains("<CmdType>Alarm</CmdType>", "<DeviceID>" + ALARM_HOST + "</DeviceID>",
                            "<StartAlarmPriority>0</StartAlarmPriority>"));

            LocalDateTime at = LocalDateTime.of(2026, 11, 29, 10, 15, 30);
            int status = host.sendAlarm(new SimulatedAlarm(channel, 1, 2, 5, at, "周界入侵告警", 117.25, 31.83));
            assertThat(status).isEqualTo(200);
            AlarmNotification alarm = await(events.alarms, a -> a.reportingDeviceId().equals(ALARM_HOST), WAIT);
            assertThat(alarm.alarmSourceId()).isEqualTo(channel);
            assertThat(alarm.fromChannel()).isTrue();
            assertThat(alarm.alarmPriority()).isEqualTo(1);
            assertThat(alarm.alarmMethod()).isEqualTo(2);
            assertThat(alarm.alarmType()).isEqualTo(5);
            assertThat(alarm.alarmTime()).isEqualTo(at);
            assertThat(alarm.description()).isEqualTo("周界入侵告警");
            assertThat(alarm.longitude()).isEqualTo(117.25);
            assertThat(alarm.latitude()).isEqualTo(31.83);
            waitUntil(() -> host.alarmAcknowledgements().contains(alarm.sn()));

            // Vendor variant: type inside <AlarmInfo>, space-separated time, sent by the device itself.
            String variant = "<?xml version=\"1.0\" encoding=\"GB2312\"?><Notify><CmdType>Alarm</CmdType><SN>77</SN>"
                    + "<DeviceID>" + ALARM_HOST + "</DeviceID><AlarmPriority>3</AlarmPriority><AlarmMethod>5</AlarmMethod>"
                    + "<AlarmTime>2026-11-29 10:16:00</AlarmTime><AlarmInfo><AlarmType>3</AlarmType></AlarmInfo></Notify>";
            assertThat(host.sendMessage(variant.getBytes(ManscdpDocument.GB18030))).isEqualTo(200);
            AlarmNotification second = await(events.alarms, a -> a.sn().equals("77"), WAIT);
            assertThat(second.fromChannel()).isFalse();
            assertThat(second.alarmType()).isEqualTo(3);
            assertThat(second.alarmTime()).isEqualTo(LocalDateTime.of(2026, 11, 29, 10, 16));

            // Under the subscription the device may report by NOTIFY instead of MESSAGE.
            String notify = "<?xml version=\"1.0\" encoding=\"GB2312\"?><Notify><CmdType>Alarm</CmdType><SN>78</SN>"
                    + "<DeviceID>" + channel + "</DeviceID><AlarmPriority>2</AlarmPriority><AlarmMethod>2</AlarmMethod>"
                    + "<AlarmTime>2026-11-29T10:17:00</AlarmTime><AlarmDescription>门磁告警</AlarmDescription>"
                    + "<Info><AlarmType>1</AlarmType></Info></Notify>";
            assertThat(host.sendNotify(notify.getBytes(ManscdpDocument.GB18030))).isEqualTo(200);
            AlarmNotification third = await(events.alarms, a -> a.sn().equals("78"), WAIT);
            assertThat(third.alarmSourceId()).isEqualTo(channel);
            assertThat(third.description()).isEqualTo("门磁告警");
            assertThat(third.alarmType()).isEqualTo(1);
        }
    }

    @Test
    void badCredentialsUnknownDevicesAndWrongServerAreRefused() throws Exception {
        try (SimulatedGbDevice impostor = SimulatedGbDevice.builder(CAMERA, "wrong-password")
                .server("127.0.0.1", server.udpPort(), SERVER_ID).start()) {
            assertThat(impostor.register(Duration.ofSeconds(60)).statusCode()).isEqualTo(403);
            assertThat(server.isOnline(CAMERA)).isFalse();
        }
        try (SimulatedGbDevice stranger = device(UNKNOWN, SipTransport.TCP).start()) {
            assertThat(stranger.register(Duration.ofSeconds(60)).statusCode()).isEqualTo(403);
            assertThat(stranger.sendKeepalive()).isEqualTo(403);
        }
        try (SimulatedGbDevice lost = SimulatedGbDevice.builder(MISDIRECTED, PASSWORDS.get(MISDIRECTED))
                .server("127.0.0.1", server.udpPort(), GbDeviceId.parse("34020000002000000099"))
                .serverDomain("3402000000").start()) {
            assertThat(lost.register(Duration.ofSeconds(60)).statusCode()).isEqualTo(404);
            assertThat(lost.sendKeepalive()).as("never registered").isEqualTo(403);
        }
        assertThat(events.registrations).isEmpty();
    }

    @Test
    void malformedMessagesGet400AreCountedAndNeverStopTheServer() throws Exception {
        try (SimulatedGbDevice device = device(MALFORMED, SipTransport.UDP).start()) {
            assertThat(device.register(Duration.ofSeconds(300)).statusCode()).isEqualTo(200);
            long before = server.malformedMessageCount();

            assertThat(device.sendMessage(utf8("<Notify><CmdType>Keepalive</CmdType><SN>1</SN"))).isEqualTo(400);
            assertThat(device.sendMessage(utf8("<Notify><SN>1</SN><DeviceID>" + MALFORMED + "</DeviceID></Notify>")))
                    .isEqualTo(400);
            assertThat(device.sendMessage(utf8("<Notify><CmdType>Keepalive</CmdType><SN>2</SN><DeviceID>123</DeviceID>"
                    + "<Status>OK</Status></Notify>"))).isEqualTo(400);
            assertThat(device.sendMessage(utf8("<Notify><CmdType>Alarm</CmdType><SN>3</SN><DeviceID>3402000000134abc0101"
                    + "</DeviceID></Notify>"))).isEqualTo(400);
            assertThat(device.sendMessage(utf8("<?xml version=\"1.0\"?><!DOCTYPE n [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                    + "<Notify><CmdType>Keepalive</CmdType><SN>4</SN><DeviceID>&x;</DeviceID></Notify>"))).isEqualTo(400);
            assertThat(device.sendMessageAs("not-a-gb-id", utf8("<Notify><CmdType>Keepalive</CmdType></Notify>")))
                    .isEqualTo(400);
            assertThat(server.malformedMessageCount() - before).isEqualTo(6);

            // Bytes that are not SIP at all: no response is possible, but they are counted.
            try (DatagramSocket socket = new DatagramSocket()) {
                byte[] garbage = "\u0000\u0001GET / HTTP/1.1 garbage \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                socket.send(new DatagramPacket(garbage, garbage.length, InetAddress.getLoopbackAddress(), server.udpPort()));
            }
            waitUntil(() -> server.malformedMessageCount() - before >= 7);
            try (Socket tcp = new Socket("127.0.0.1", server.tcpPort())) {
                OutputStream out = tcp.getOutputStream();
                out.write("NOT SIP AT ALL\r\nContent-Length: banana\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[] {(byte) 0xff, 0, (byte) 0xfe, 13, 10, 13, 10});
                out.flush();
            }

            waitUntil(() -> events.malformed.size() >= 7);
            assertThat(events.malformed).allSatisfy(m -> assertThat(m.reason()).isNotBlank());
            assertThat(events.malformed.get(0).method()).isEqualTo("MESSAGE");
            assertThat(events.malformed.get(0).source()).startsWith("127.0.0.1:" + device.localPort());

            assertThat(device.sendKeepalive()).as("server still serving").isEqualTo(200);
        }
    }

    @Test
    void messagesFromAnotherHostThanTheRegistrationAreRefused() throws Exception {
        try (SimulatedGbDevice device = device(SILENT, SipTransport.UDP).start()) {
            assertThat(device.register(Duration.ofSeconds(300)).statusCode()).isEqualTo(200);
            SimulatedGbDevice spoofer;
            try {
                spoofer = device(SILENT, SipTransport.UDP).local("127.0.0.2", 0).start();
            } catch (java.io.IOException e) {
                assumeThat(false).as("127.0.0.2 not bindable here").isTrue();
                return;
            }
            try (spoofer) {
                assertThat(spoofer.sendKeepalive()).isEqualTo(403);
                assertThat(device.sendKeepalive()).isEqualTo(200);
            }
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
