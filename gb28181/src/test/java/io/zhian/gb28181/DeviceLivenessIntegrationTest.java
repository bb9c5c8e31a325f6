package io.zhian.gb28181;

import static io.zhian.gb28181.RecordingListener.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.gb28181.sim.RegisterResult;
import io.zhian.gb28181.sim.SimulatedGbDevice;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Online/offline derivation: real short timeouts end to end, and an injected clock for exact expiry. */
class DeviceLivenessIntegrationTest {

    static final GbDeviceId SERVER_ID = GbDeviceId.parse("34020000002000000001");
    static final GbDeviceId CAMERA = GbDeviceId.parse("34020000001320000042");
    static final String PASSWORD = "liveness-secret";

    @Test
    void silentDeviceGoesOfflineOnceAfterMissedKeepalives() throws Exception {
        RecordingListener events = new RecordingListener();
        SipServerConfig config = SipServerConfig.builder(SERVER_ID, DevicePasswords.of(Map.of(CAMERA, PASSWORD)))
                .host("127.0.0.1").udpPort(0).tcpPort(0)
                .keepaliveInterval(Duration.ofMillis(300)).maxMissedKeepalives(3)
                .statusCheckInterval(Duration.ofMillis(50))
                .build();
        try (SipSignallingServer server = SipSignallingServer.start(config, events);
             SimulatedGbDevice camera = SimulatedGbDevice.builder(CAMERA, PASSWORD)
                     .server("127.0.0.1", server.udpPort(), SERVER_ID).start()) {
            assertThat(camera.register(Duration.ofSeconds(3600)).statusCode()).isEqualTo(200);
            camera.startKeepalives(Duration.ofMillis(100));
            Thread.sleep(1_200); // past the 900 ms keepalive timeout, but keepalives keep coming
            assertThat(server.isOnline(CAMERA)).isTrue();
            assertThat(events.offline).isEmpty();
            assertThat(events.keepalives.size()).isGreaterThanOrEqualTo(3);

            camera.stopKeepalives();
            long silentSince = System.nanoTime();
            RecordingListener.Offline offline = RecordingListener.next(events.offline, Duration.ofSeconds(4));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSince);
            assertThat(offline).isEqualTo(new RecordingListener.Offline(CAMERA, OfflineReason.KEEPALIVE_TIMEOUT));
            assertThat(tookMs).isBetween(300L, 3_000L);
            assertThat(server.isOnline(CAMERA)).isFalse();

            Thread.sleep(400);
            assertThat(events.offline).as("offline is raised once").isEmpty();
            assertThat(camera.sendKeepalive()).as("must register again").isEqualTo(403);
            assertThat(camera.register(Duration.ofSeconds(3600)).statusCode()).isEqualTo(200);
            assertThat(server.isOnline(CAMERA)).isTrue();
        }
    }

    @Test
    void registrationExpiryAndGbDateHeaderFollowTheInjectedClock() throws Exception {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        MutableClock clock = new MutableClock(
                LocalDateTime.of(2026, 11, 29, 10, 15, 30, 123_000_000).atZone(shanghai).toInstant(), shanghai);
        RecordingListener events = new RecordingListener();
        SipServerConfig config = SipServerConfig.builder(SERVER_ID, DevicePasswords.of(Map.of(CAMERA, PASSWORD)))
                .host("127.0.0.1").udpPort(0).tcpPort(0)
                .maxRegistrationExpiry(Duration.ofHours(24))
                .statusCheckInterval(Duration.ofHours(1)) // sweeps driven by the test
                .offerQop(false)
                .clock(clock)
                .build();
        try (SipSignallingServer server = SipSignallingServer.start(config, events);
             SimulatedGbDevice camera = SimulatedGbDevice.builder(CAMERA, PASSWORD)
                     .server("127.0.0.1", server.tcpPort(), SERVER_ID).transport(SipTransport.TCP)
                     .expiresInContact(true).start()) {
            RegisterResult result = camera.register(Duration.ofSeconds(60));
            assertThat(result.statusCode()).isEqualTo(200);
            assertThat(result.dateHeader()).isEqualTo("2026-11-29T10:15:30.123");
            DeviceRegistration registration = await(events.registrations, r -> true, Duration.ofSeconds(5));
            assertThat(registration.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));

            clock.advance(Duration.ofSeconds(59));
            assertThat(camera.sendKeepalive()).isEqualTo(200);
            server.checkDeviceLiveness();
            assertThat(server.isOnline(CAMERA)).isTrue();

            clock.advance(Duration.ofSeconds(1));
            server.checkDeviceLiveness();
            server.checkDeviceLiveness();
            assertThat(RecordingListener.next(events.offline, Duration.ofSeconds(3)))
                    .isEqualTo(new RecordingListener.Offline(CAMERA, OfflineReason.REGISTRATION_EXPIRED));
            assertThat(events.offline.poll(200, TimeUnit.MILLISECONDS)).isNull();

            // Requests beyond the maximum are shortened, and the 200 OK says so.
            assertThat(camera.register(Duration.ofDays(7)).statusCode()).isEqualTo(200);
            DeviceRegistration capped = await(events.registrations, r -> true, Duration.ofSeconds(5));
            assertThat(capped.expires()).isEqualTo(Duration.ofHours(24));
            assertThat(capped.transport()).isEqualTo(SipTransport.TCP);

            // Missed keepalives with the default 3 x 60 s.
            clock.advance(Duration.ofSeconds(179));
            server.checkDeviceLiveness();
            assertThat(server.isOnline(CAMERA)).isTrue();
            clock.advance(Duration.ofSeconds(1));
            server.checkDeviceLiveness();
            assertThat(RecordingListener.next(events.offline, Duration.ofSeconds(3)).reason())
                    .isEqualTo(OfflineReason.KEEPALIVE_TIMEOUT);
        }
    }
}
