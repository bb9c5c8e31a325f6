package io.zhian.linking;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Typed normalisation of raw identifiers. Linking is only as good as this step: "138-0000-0001",
 * "+86 138 0000 0001" and "008613800000001" must become the same key, while filler values such as
 * "无" or "000000" must never link thousands of unrelated cases.
 *
 * <p>Stateless and thread-safe. Every method returns a {@link NormalizedIdentifier}; none throws on bad data.
 * Normalisation is idempotent: normalising an accepted value again yields the same value.
 */
public final class IdentifierNormalizer {

    /** Fillers call-takers type into mandatory fields (compared after trim + lower-case). */
    private static final Set<String> PLACEHOLDERS = Set.of(
            "无", "空", "暂无", "没有", "不详", "未知", "不清楚", "无号码", "/", "-", "--", "---", ".", "?", "？",
            "unknown", "n/a", "na", "null", "nil", "none", "nan", "undefined", "test", "000000", "0");

    /**
     * Small built-in list of multi-label public suffixes (no full PSL: no download at run time,
     * and fraud domains here are overwhelmingly .com/.cn/.com.cn/.top style).
     */
    private static final Set<String> MULTI_LABEL_SUFFIXES = Set.of(
            "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn", "mil.cn",
            "com.hk", "com.tw", "com.mo", "com.sg", "com.my",
            "co.uk", "org.uk", "ac.uk", "gov.uk", "co.jp", "ne.jp", "or.jp", "com.au", "net.au", "co.kr");

    private static final java.util.regex.Pattern WHITESPACE_RUN = java.util.regex.Pattern.compile("[\\s\\u3000]+");

    private IdentifierNormalizer() {
    }

    /** Normalises {@code raw} according to {@code type}. */
    public static NormalizedIdentifier normalize(IdentifierType type, String raw) {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (raw == null || raw.isBlank()) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.BLANK, "blank");
        }
        String trimmed = raw.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.contains(lower)) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.PLACEHOLDER, "placeholder '" + trimmed + "'");
        }
        return switch (type) {
            case PHONE -> phone(raw, trimmed);
            case BANK_CARD -> bankCard(raw, trimmed);
            case PAYMENT_ACCOUNT -> account(type, raw, lower, 4, 64);
            case IM_ACCOUNT -> account(type, raw, lower, 4, 64);
            case URL -> url(raw, lower);
            case IP -> ip(type, raw, lower);
            case DEVICE_ID -> device(raw, lower);
            case APP_NAME -> appName(raw, lower);
        };
    }

    // ---------------------------------------------------------------- phone

    private static NormalizedIdentifier phone(String raw, String s) {
        StringBuilder digits = new StringBuilder(s.length());
        boolean plus = false;
        for (int i = 0; i < s.length(); i++) {
            char c = fullWidthToAscii(s.charAt(i));
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.length() == 0 && !plus) {
                plus = true;
            } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '\u00a0' || c == '\u3000') {
                // separators
            } else {
                return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.INVALID_FORMAT,
                        "unexpected character '" + s.charAt(i) + "'");
            }
        }
        String d = digits.toString();
        if (d.isEmpty()) {
            return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.INVALID_FORMAT, "no digits");
        }
        if (allSameDigit(d)) {
            return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.REPEATED_DIGITS, "all digits equal");
        }
        String national;
        if (plus) {
            if (d.startsWith("86")) {
                national = d.substring(2);
            } else {
                return international(raw, d);
            }
        } else if (d.startsWith("0086")) {
            national = d.substring(4);
        } else if (d.startsWith("00")) {
            return international(raw, d.substring(2));
        } else if (d.length() == 13 && d.startsWith("861") && isMobile(d.substring(2))) {
            national = d.substring(2);
        } else if (d.startsWith("0")) {
            // domestic landline with trunk prefix: 010-12345678, 0755-1234567
            if (d.length() < 10) {
                return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.TOO_SHORT, "landline too short");
            }
            if (d.length() > 12) {
                return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.TOO_LONG, "landline too long");
            }
            national = d.substring(1);
        } else {
            national = d;
        }
        return mainland(raw, national);
    }

    /** National significant number without trunk prefix. */
    private static NormalizedIdentifier mainland(String raw, String n) {
        if (allSameDigit(n)) {
            return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.REPEATED_DIGITS, "all digits equal");
        }
        if (n.startsWith("0")) {
            n = n.substring(1); // "+86 0755..." written with the trunk zero
        }
        if (isMobile(n)) {
            return NormalizedIdentifier.accepted(IdentifierType.PHONE, raw, "+86" + n, "mainland mobile");
        }
        if (n.length() == 10 && (n.startsWith("400") || n.startsWith("800"))) {
            return NormalizedIdentifier.accepted(IdentifierType.PHONE, raw, "+86" + n, "400/800 service number");
        }
        if ((n.length() == 5 || n.length() == 6) && (n.startsWith("95") || n.startsWith("96") || n.startsWith("12"))) {
            return NormalizedIdentifier.accepted(IdentifierType.PHONE, raw, "+86" + n, "short service number");
        }
        if (n.startsWith("1") && n.length() == 11) {
            return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.INVALID_FORMAT, "not a mainland mobile prefix");
        }
        if (n.length() >= 9 && n.length() <= 11 && !n.startsWith("1") || n.length() == 10 && n.startsWith("10")) {
            // landline with area code (trunk zero already dropped); Beijing 10 + 8 digits
            return NormalizedIdentifier.accepted(IdentifierType.PHONE, raw, "+86" + n, "landline");
        }
        if (n.length() < 9) {
            return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.TOO_SHORT, n.length() + " digits");
        }
        return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw,
                n.length() > 11 ? RejectionReason.TOO_LONG : RejectionReason.INVALID_FORMAT, n.length() + " digits");
    }

    private static NormalizedIdentifier international(String raw, String d) {
        if (d.length() < 8) {
            return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.TOO_SHORT, "international number too short");
        }
        if (d.length() > 15) {
            return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.TOO_LONG, "longer than E.164 allows");
        }
        if (d.startsWith("0")) {
            return NormalizedIdentifier.rejected(IdentifierType.PHONE, raw, RejectionReason.INVALID_FORMAT, "country code cannot start with 0");
        }
        if (d.startsWith("86")) {
            return mainland(raw, d.substring(2));
        }
        return NormalizedIdentifier.accepted(IdentifierType.PHONE, raw, "+" + d, "international");
    }

    static boolean isMobile(String n) {
        return n.length() == 11 && n.charAt(0) == '1' && n.charAt(1) >= '3' && n.charAt(1) <= '9' && allDigits(n);
    }

    // ---------------------------------------------------------------- bank card / device

    private static NormalizedIdentifier bankCard(String raw, String s) {
        String d = stripSeparators(s);
        if (d == null || !allDigits(d) || d.isEmpty()) {
            return NormalizedIdentifier.rejected(IdentifierType.BANK_CARD, raw, RejectionReason.INVALID_FORMAT, "card/account must be digits");
        }
        if (allSameDigit(d)) {
            return NormalizedIdentifier.rejected(IdentifierType.BANK_CARD, raw, RejectionReason.REPEATED_DIGITS, "all digits equal");
        }
        if (d.length() < 10) {
            return NormalizedIdentifier.rejected(IdentifierType.BANK_CARD, raw, RejectionReason.TOO_SHORT, d.length() + " digits");
        }
        if (d.length() > 25) {
            return NormalizedIdentifier.rejected(IdentifierType.BANK_CARD, raw, RejectionReason.TOO_LONG, d.length() + " digits");
        }
        boolean card = d.length() >= 13 && d.length() <= 19;
        LuhnCheck luhn = card ? (luhn(d) ? LuhnCheck.VALID : LuhnCheck.INVALID) : LuhnCheck.NOT_APPLICABLE;
        return NormalizedIdentifier.accepted(IdentifierType.BANK_CARD, raw, d, luhn, card ? "card number" : "account number");
    }

    private static NormalizedIdentifier device(String raw, String lower) {
        String d = stripSeparators(lower);
        if (d == null) {
            return NormalizedIdentifier.rejected(IdentifierType.DEVICE_ID, raw, RejectionReason.INVALID_FORMAT, "unexpected characters");
        }
        if (d.startsWith("imei:")) {
            d = d.substring(5);
        }
        if (allDigits(d)) {
            if (allSameDigit(d)) {
                return NormalizedIdentifier.rejected(IdentifierType.DEVICE_ID, raw, RejectionReason.REPEATED_DIGITS, "all digits equal");
            }
            if (d.length() < 15) {
                return NormalizedIdentifier.rejected(IdentifierType.DEVICE_ID, raw, RejectionReason.TOO_SHORT, "IMEI needs 15 digits, got " + d.length());
            }
            if (d.length() > 15) {
                return NormalizedIdentifier.rejected(IdentifierType.DEVICE_ID, raw, RejectionReason.TOO_LONG, "IMEI needs 15 digits, got " + d.length());
            }
            return NormalizedIdentifier.accepted(IdentifierType.DEVICE_ID, raw, d, luhn(d) ? LuhnCheck.VALID : LuhnCheck.INVALID, "IMEI");
        }
        // other device ids (Android id, IDFA ...): lower-case hex/alnum, at least 8 chars
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return NormalizedIdentifier.rejected(IdentifierType.DEVICE_ID, raw, RejectionReason.INVALID_FORMAT, "unexpected character '" + c + "'");
            }
        }
        if (d.length() < 8) {
            return NormalizedIdentifier.rejected(IdentifierType.DEVICE_ID, raw, RejectionReason.TOO_SHORT, "device id too short");
        }
        if (d.length() > 64) {
            return NormalizedIdentifier.rejected(IdentifierType.DEVICE_ID, raw, RejectionReason.TOO_LONG, "device id too long");
        }
        if (allSameChar(d)) {
            return NormalizedIdentifier.rejected(IdentifierType.DEVICE_ID, raw, RejectionReason.REPEATED_DIGITS, "all characters equal");
        }
        return NormalizedIdentifier.accepted(IdentifierType.DEVICE_ID, raw, d, "non-IMEI device id");
    }

    /** Removes spaces and dashes; returns null if other non-alphanumerics (except ':') remain. */
    private static String stripSeparators(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = fullWidthToAscii(s.charAt(i));
            if (c == ' ' || c == '-' || c == '\u00a0' || c == '\u3000') {
                continue;
            }
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == ':') {
                b.append(c);
            } else {
                return null;
            }
        }
        return b.toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int v = digits.charAt(i) - '0';
            if (dbl) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    // ---------------------------------------------------------------- accounts / app names

    private static NormalizedIdentifier account(IdentifierType type, String raw, String lower, int min, int max) {
        if (allDigits(lower) && allSameDigit(lower)) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.REPEATED_DIGITS, "all digits equal");
        }
        if (lower.codePointCount(0, lower.length()) < min) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.TOO_SHORT, "fewer than " + min + " characters");
        }
        if (lower.length() > max) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.TOO_LONG, "more than " + max + " characters");
        }
        return NormalizedIdentifier.accepted(type, raw, lower, "");
    }

    private static NormalizedIdentifier appName(String raw, String lower) {
        String collapsed = WHITESPACE_RUN.matcher(lower).replaceAll(" ");
        if (collapsed.codePointCount(0, collapsed.length()) < 2) {
            return NormalizedIdentifier.rejected(IdentifierType.APP_NAME, raw, RejectionReason.TOO_SHORT, "app name too short");
        }
        if (collapsed.length() > 100) {
            return NormalizedIdentifier.rejected(IdentifierType.APP_NAME, raw, RejectionReason.TOO_LONG, "app name too long");
        }
        if (allDigits(collapsed) && allSameDigit(collapsed)) {
            return NormalizedIdentifier.rejected(IdentifierType.APP_NAME, raw, RejectionReason.REPEATED_DIGITS, "all digits equal");
        }
        return NormalizedIdentifier.accepted(IdentifierType.APP_NAME, raw, collapsed, "");
    }

    // ---------------------------------------------------------------- URL

    private static NormalizedIdentifier url(String raw, String s) {
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int end = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                end = i;
                break;
            }
        }
        String host = s.substring(0, end);
        int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        if (host.startsWith("[")) { // IPv6 literal host
            int close = host.indexOf(']');
            if (close < 0) {
                return NormalizedIdentifier.rejected(IdentifierType.URL, raw, RejectionReason.INVALID_FORMAT, "unclosed IPv6 literal");
            }
            return ip(IdentifierType.URL, raw, host.substring(1, close));
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && colon != host.lastIndexOf(':')) { // bare IPv6 literal (our own normalised output)
            return ip(IdentifierType.URL, raw, host);
        }
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            return NormalizedIdentifier.rejected(IdentifierType.URL, raw, RejectionReason.INVALID_FORMAT, "no host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c > 127) {
                return NormalizedIdentifier.rejected(IdentifierType.URL, raw, RejectionReason.UNSUPPORTED, "internationalised domain names not supported");
            }
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return NormalizedIdentifier.rejected(IdentifierType.URL, raw, RejectionReason.INVALID_FORMAT, "unexpected character '" + c + "' in host");
            }
        }
        if (isDottedQuadShape(host)) {
            return ip(IdentifierType.URL, raw, host);
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return NormalizedIdentifier.rejected(IdentifierType.URL, raw, RejectionReason.INVALID_FORMAT, "empty label");
            }
        }
        if (labels.length < 2) {
            return NormalizedIdentifier.rejected(IdentifierType.URL, raw, RejectionReason.INVALID_FORMAT, "no domain suffix");
        }
        int n = labels.length;
        String lastTwo = labels[n - 2] + "." + labels[n - 1];
        int keep = MULTI_LABEL_SUFFIXES.contains(lastTwo) ? 3 : 2;
        if (n < keep) {
            return NormalizedIdentifier.rejected(IdentifierType.URL, raw, RejectionReason.INVALID_FORMAT, "public suffix only");
        }
        // registrable domain = public suffix + one label; this also drops "www." and other sub-domains
        String domain = String.join(".", java.util.Arrays.copyOfRange(labels, n - keep, n));
        return NormalizedIdentifier.accepted(IdentifierType.URL, raw, domain, "registrable domain");
    }

    private static boolean isDottedQuadShape(String host) {
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }

    // ---------------------------------------------------------------- IP

    private static NormalizedIdentifier ip(IdentifierType type, String raw, String s) {
        if (s.indexOf(':') >= 0) {
            return ipv6(type, raw, s);
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.INVALID_FORMAT, "IPv4 needs 4 parts");
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !allDigits(p)) {
                return NormalizedIdentifier.rejected(type, raw, RejectionReason.INVALID_FORMAT, "bad IPv4 octet '" + p + "'");
            }
            octets[i] = Integer.parseInt(p); // leading zeros are decimal here, never octal
            if (octets[i] > 255) {
                return NormalizedIdentifier.rejected(type, raw, RejectionReason.INVALID_FORMAT, "IPv4 octet > 255");
            }
        }
        String v = octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
        if (v.equals("0.0.0.0") || v.equals("255.255.255.255")) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.PLACEHOLDER, "unspecified/broadcast address");
        }
        return NormalizedIdentifier.accepted(type, raw, v, "IPv4");
    }

    private static NormalizedIdentifier ipv6(IdentifierType type, String raw, String s) {
        // Only hex digits, ':' and '.' reach InetAddress, so it parses a literal and never does a DNS lookup.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.')) {
                return NormalizedIdentifier.rejected(type, raw, RejectionReason.INVALID_FORMAT, "unexpected character in IPv6");
            }
        }
        if (s.length() > 45) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.TOO_LONG, "IPv6 literal too long");
        }
        InetAddress addr;
        try {
            addr = InetAddress.getByName("[" + s + "]"); // brackets: literal expected, no name lookup
        } catch (UnknownHostException | RuntimeException e) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.INVALID_FORMAT, "not an IPv6 literal");
        }
        if (addr instanceof Inet4Address) { // IPv4-mapped ::ffff:a.b.c.d
            return ip(type, raw, addr.getHostAddress());
        }
        if (!(addr instanceof Inet6Address)) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.INVALID_FORMAT, "not an IPv6 literal");
        }
        String v = compressIpv6(addr.getAddress());
        if (v.equals("::")) {
            return NormalizedIdentifier.rejected(type, raw, RejectionReason.PLACEHOLDER, "unspecified address");
        }
        return NormalizedIdentifier.accepted(type, raw, v, "IPv6");
    }

    /** RFC 5952 text form: lower-case, no leading zeros, longest run (>= 2) of zero groups as "::". */
    static String compressIpv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    private static char fullWidthToAscii(char c) {
        if (c >= '\uff01' && c <= '\uff5e') {
            return (char) (c - 0xfee0);
        }
        return c;
    }

    static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean allSameDigit(String d) {
        return d.length() >= 2 && allDigits(d) && allSameChar(d);
    }

    private static boolean allSameChar(String d) {
        for (int i = 1; i < d.length(); i++) {
            if (d.charAt(i) != d.charAt(0)) {
                return false;
            }
        }
        return true;
    }
}
