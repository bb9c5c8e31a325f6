package io.zhian.gb28181;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side record of the challenge nonces we issued. A nonce is bound to the device it was issued for and
 * is consumed by its first use, successful or not, so a captured REGISTER cannot be replayed.
 */
final class NonceRegistry {

    enum Verdict {
        /** Issued by us, for this device, within its TTL, and now consumed. */
        VALID,
        /** Never issued, already used, or issued for another device. */
        UNKNOWN,
        /** Issued by us but older than the TTL. */
        STALE
    }

    private record Issued(GbDeviceId deviceId, Instant issuedAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final int maxOutstanding;

    NonceRegistry(Clock clock, Duration ttl, int maxOutstanding) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxOutstanding = maxOutstanding;
    }

    /** A fresh 128-bit nonce for {@code deviceId}, or empty when too many challenges are outstanding. */
    Optional<String> issue(GbDeviceId deviceId) {
        if (issued.size() >= maxOutstanding) {
            purgeExpired();
            if (issued.size() >= maxOutstanding) {
                return Optional.empty();
            }
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        issued.put(nonce, new Issued(deviceId, clock.instant()));
        return Optional.of(nonce);
    }

    /** Checks and, whatever the outcome, invalidates {@code nonce}. */
    Verdict consume(String nonce, GbDeviceId deviceId) {
        if (nonce == null) {
            return Verdict.UNKNOWN;
        }
        Issued entry = issued.remove(nonce);
        if (entry == null || !entry.deviceId().equals(deviceId)) {
            return Verdict.UNKNOWN;
        }
        if (entry.issuedAt().plus(ttl).isBefore(clock.instant())) {
            return Verdict.STALE;
        }
        return Verdict.VALID;
    }

    void purgeExpired() {
        Instant cutoff = clock.instant().minus(ttl);
        issued.values().removeIf(entry -> entry.issuedAt().isBefore(cutoff));
    }

    int outstanding() {
        return issued.size();
    }
}
