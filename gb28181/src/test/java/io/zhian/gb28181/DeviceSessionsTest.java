package io.zhian.gb28181;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceSessionsTest {

    private final GbDeviceId camera = GbDeviceId.parse("34020000001320000001");
    private final Instant t0 = Instant.parse("2026-11-29T02:00:00Z");

    private DeviceRegistration registration(Instant at, Duration expires) {
        return new DeviceRegistration(camera, SipTransport.UDP, new InetSocketAddress("127.0.0.1", 5062),
                "sip:34020000001320000001@127.0.0.1:5062", expires, "UA", at, false);
    }

    @Test
    void missedKeepalivesTakeDeviceOfflineExactlyOnce() {
        DeviceSessions sessions = new DeviceSessions(Duration.ofSeconds(180));
        sessions.register(registration(t0, Duration.ofHours(1)));
        sessions.touch(camera, t0.plusSeconds(60));
        assertThat(sessions.sweep(t0.plusSeconds(239))).isEmpty();
        assertThat(sessions.sweep(t0.plusSeconds(240)))
                .containsExactly(new DeviceSessions.WentOffline(camera, OfflineReason.KEEPALIVE_TIMEOUT));
        assertThat(sessions.sweep(t0.plusSeconds(300))).isEmpty();
        assertThat(sessions.find(camera)).isEmpty();
        assertThat(sessions.touch(camera, t0.plusSeconds(301))).isEmpty();
    }

    @Test
    void registrationExpiryWinsEvenWithKeepalives() {
        DeviceSessions sessions = new DeviceSessions(Duration.ofSeconds(180));
        sessions.register(registration(t0, Duration.ofSeconds(100)));
        sessions.touch(camera, t0.plusSeconds(90));
        assertThat(sessions.sweep(t0.plusSeconds(100)))
                .containsExactly(new DeviceSessions.WentOffline(camera, OfflineReason.REGISTRATION_EXPIRED));
    }

    @Test
    void refreshIsFlaggedAndExtendsExpiry() {
        DeviceSessions sessions = new DeviceSessions(Duration.ofSeconds(180));
        assertThat(sessions.register(registration(t0, Duration.ofSeconds(100))).refresh()).isFalse();
        assertThat(sessions.register(registration(t0.plusSeconds(90), Duration.ofSeconds(100))).refresh()).isTrue();
        assertThat(sessions.sweep(t0.plusSeconds(150))).isEmpty();
        assertThat(sessions.unregister(camera)).isTrue();
        assertThat(sessions.unregister(camera)).isFalse();
    }
}
