package io.zhian.gb28181;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * RFC 2617 MD5 digest as GB/T 28181 uses it for REGISTER: realm = SIP domain, username = device id,
 * qop either absent (RFC 2069 style) or "auth".
 */
public final class SipDigest {

    private SipDigest() {
    }

    /**
     * The expected {@code response=} value.
     *
     * @param qop    null/empty for the legacy form, otherwise "auth" (nc and cnonce then required)
     */
    public static String response(String username, String realm, String password, String method, String uri,
                                  String nonce, String qop, String nc, String cnonce) {
        String ha1 = md5Hex(username + ":" + realm + ":" + password);
        String ha2 = md5Hex(method + ":" + uri);
        if (qop == null || qop.isEmpty()) {
            return md5Hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /** Constant-time comparison, so response checking leaks no timing information. */
    public static boolean matches(String expected, String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    public static String md5Hex(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is mandatory in every JRE", e);
        }
    }
}
