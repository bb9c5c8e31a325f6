package io.zhian.gb28181;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.gb28181.sim.SimulatedGbFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The many-camera fleet against the real server: digest, keepalives, catalog (GB18030 names), alarms, going dark. */
class SimulatedGbFleetTest {

    private static final GbDeviceId SERVER_ID = GbDeviceId.parse("34020000002000000001");

    @Test
    void aFleetRegistersKeepsAliveAnswersCatalogsAndRaisesAlarms() throws Exception {
        Map<GbDeviceId, String> passwords = new HashMap<>();
        List<SimulatedGbFleet.Member> members = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            GbDeviceId id = GbDeviceId.parse("3402000000132" + "0" + String.format("%06d", i));
            passwords.put(id, "pw-" + i);
            members.add(new SimulatedGbFleet.Member(id, i == 60 ? "wrong" : "pw-" + i, "路口摄像机" + i));
        }
        RecordingListener events = new RecordingListener();
        SipServerConfig config = SipServerConfig.builder(SERVER_ID, DevicePasswords.of(passwords)).host("127.0.0.1").udpPort(0).tcpPort(0)
                .keepaliveInterval(Duration.ofSeconds(1)).maxMissedKeepalives(3).statusCheckInterval(Duration.ofMillis(100)).build();
        try (SipSignallingServer server = SipSignallingServer.start(config, events);
             SimulatedGbFleet fleet = SimulatedGbFleet.builder("127.0.0.1", server.udpPort(), SERVER_ID).members(members).sockets(2).start()) {
            assertThat(fleet.registerAll(Duration.ofHours(1), 16)).isEqualTo(59);
            fleet.startKeepalives(Duration.ofMillis(300));
            Thread.sleep(2000);
            assertThat(server.onlineDevices()).as(() -> fleet.stats() + " " + events.offline).hasSize(59);

            CatalogResult catalog = server.queryCatalog(members.get(4).id()).get();
            assertThat(catalog.complete()).isTrue();
            assertThat(catalog.entries()).extracting(CatalogEntry::name).containsExactly("路口摄像机5");

            assertThat(fleet.alarm(7, "周界入侵").get()).isEqualTo(200);
            AlarmNotification alarm = RecordingListener.await(events.alarms, a -> true, Duration.ofSeconds(5));
            assertThat(alarm.reportingDeviceId()).isEqualTo(members.get(7).id());
            assertThat(alarm.description()).isEqualTo("周界入侵");

            fleet.silence(3, true);
            RecordingListener.await(events.offline, o -> o.deviceId().equals(members.get(3).id()), Duration.ofSeconds(15));
            Thread.sleep(300);
            assertThat(server.onlineDevices()).hasSize(58);
            SimulatedGbFleet.BlastResult blast = fleet.blast(500, 50);
            assertThat(blast.answered()).isEqualTo(500);
        }
    }
}
