package io.zhian.gb28181;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SipDigestTest {

    /** The worked example of RFC 2617 section 3.5 (qop=auth). */
    @Test
    void matchesRfc2617Example() {
        String response = SipDigest.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");
        assertThat(response).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    /** RFC 2069 form used by many GB/T 28181 devices: MD5(HA1:nonce:HA2). */
    @Test
    void legacyFormWithoutQop() {
        String ha1 = SipDigest.md5Hex("34020000001320000001:3402000000:12345678");
        String ha2 = SipDigest.md5Hex("REGISTER:sip:34020000002000000001@3402000000");
        String expected = SipDigest.md5Hex(ha1 + ":abc123:" + ha2);
        assertThat(SipDigest.response("34020000001320000001", "3402000000", "12345678", "REGISTER",
                "sip:34020000002000000001@3402000000", "abc123", null, null, null)).isEqualTo(expected);
        assertThat(SipDigest.response("34020000001320000001", "3402000000", "12345678", "REGISTER",
                "sip:34020000002000000001@3402000000", "abc123", "", "x", "y")).isEqualTo(expected);
    }

    /** Property: any change to password, nonce, uri or cnonce changes the response. */
    @Test
    void everyInputMatters() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            String password = Long.toHexString(random.nextLong());
            String nonce = Long.toHexString(random.nextLong());
            String base = SipDigest.response("34020000001320000001", "3402000000", password, "REGISTER", "sip:a@b",
                    nonce, "auth", "00000001", "c1");
            assertThat(SipDigest.response("34020000001320000001", "3402000000", password + "x", "REGISTER",
                    "sip:a@b", nonce, "auth", "00000001", "c1")).isNotEqualTo(base);
            assertThat(SipDigest.response("34020000001320000001", "3402000000", password, "REGISTER", "sip:a@b",
                    nonce + "0", "auth", "00000001", "c1")).isNotEqualTo(base);
            assertThat(SipDigest.response("34020000001320000001", "3402000000", password, "REGISTER", "sip:a@c",
                    nonce, "auth", "00000001", "c1")).isNotEqualTo(base);
            assertThat(SipDigest.response("34020000001320000001", "3402000000", password, "REGISTER", "sip:a@b",
                    nonce, "auth", "00000001", "c2")).isNotEqualTo(base);
            assertThat(SipDigest.matches(base, base.toUpperCase())).isTrue();
            assertThat(SipDigest.matches(base, base.substring(1) + "0")).isFalse();
        }
        assertThat(SipDigest.matches("abc", null)).isFalse();
    }
}
