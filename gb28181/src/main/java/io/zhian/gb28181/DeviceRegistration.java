package io.zhian.gb28181;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * A successful, authenticated REGISTER.
 *
 * @param remoteAddress where the REGISTER actually came from (NAT-safe address used to reach the device)
 * @param contact       the Contact URI the device advertised
 * @param refresh       true when the device was already online and this renews the registration
 */
public record DeviceRegistration(
        GbDeviceId deviceId,
        SipTransport transport,
        InetSocketAddress remoteAddress,
        String contact,
        Duration expires,
        String userAgent,
        Instant registeredAt,
        boolean refresh) {

    public Instant expiresAt() {
        return registeredAt.plus(expires);
    }
}
