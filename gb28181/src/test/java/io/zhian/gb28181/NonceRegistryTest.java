package io.zhian.gb28181;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NonceRegistryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T02:00:00Z"), ZoneOffset.ofHours(8));
    private final GbDeviceId camera = GbDeviceId.parse("34020000001320000001");
    private final GbDeviceId other = GbDeviceId.parse("34020000001320000002");

    @Test
    void nonceIsSingleUse() {
        NonceRegistry nonces = new NonceRegistry(clock, Duration.ofMinutes(5), 100);
        String nonce = nonces.issue(camera).orElseThrow();
        assertThat(nonces.consume(nonce, camera)).isEqualTo(NonceRegistry.Verdict.VALID);
        assertThat(nonces.consume(nonce, camera)).isEqualTo(NonceRegistry.Verdict.UNKNOWN);
    }

    @Test
    void nonceIsBoundToTheDeviceItWasIssuedFor() {
        NonceRegistry nonces = new NonceRegistry(clock, Duration.ofMinutes(5), 100);
        String nonce = nonces.issue(camera).orElseThrow();
        assertThat(nonces.consume(nonce, other)).isEqualTo(NonceRegistry.Verdict.UNKNOWN);
        assertThat(nonces.consume(nonce, camera)).isEqualTo(NonceRegistry.Verdict.UNKNOWN);
    }

    @Test
    void unknownAndForgedNoncesAreRefused() {
        NonceRegistry nonces = new NonceRegistry(clock, Duration.ofMinutes(5), 100);
        assertThat(nonces.consume(null, camera)).isEqualTo(NonceRegistry.Verdict.UNKNOWN);
        assertThat(nonces.consume("00112233445566778899aabbccddeeff", camera)).isEqualTo(NonceRegistry.Verdict.UNKNOWN);
    }

    @Test
    void expiredNonceIsStale() {
        NonceRegistry nonces = new NonceRegistry(clock, Duration.ofSeconds(30), 100);
        String nonce = nonces.issue(camera).orElseThrow();
        clock.advance(Duration.ofSeconds(31));
        assertThat(nonces.consume(nonce, camera)).isEqualTo(NonceRegistry.Verdict.STALE);
    }

    @Test
    void noncesAreUnpredictable128BitHex() {
        NonceRegistry nonces = new NonceRegistry(clock, Duration.ofMinutes(5), 10_000);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String nonce = nonces.issue(camera).orElseThrow();
            assertThat(nonce).matches("[0-9a-f]{32}");
            assertThat(seen.add(nonce)).isTrue();
        }
    }

    @Test
    void capBoundsMemoryAndPurgeFreesRoom() {
        NonceRegistry nonces = new NonceRegistry(clock, Duration.ofSeconds(10), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(nonces.issue(camera)).isPresent();
        }
        assertThat(nonces.issue(camera)).isEmpty();
        clock.advance(Duration.ofSeconds(11));
        assertThat(nonces.issue(camera)).isPresent();
        assertThat(nonces.outstanding()).isEqualTo(1);
    }
}
