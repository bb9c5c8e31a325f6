package io.zhian.linking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.zhian.linking.IdentifierType.*;
import static org.assertj.core.api.Assertions.assertThat;

class IdentifierNormalizerTest {

    private static String value(IdentifierType t, String raw) {
        NormalizedIdentifier n = IdentifierNormalizer.normalize(t, raw);
        assertThat(n.isAccepted()).as("%s %s -> %s", t, raw, n).isTrue();
        return n.value();
    }

    private static RejectionReason reason(IdentifierType t, String raw) {
        NormalizedIdentifier n = IdentifierNormalizer.normalize(t, raw);
        assertThat(n.isAccepted()).as("%s %s should be rejected, got %s", t, raw, n.value()).isFalse();
        return n.reason();
    }

    @ParameterizedTest
    @ValueSource(strings = {"13800000001", "138 0000 0001", "138-0000-0001", "(138)00000001", "+86 138 0000 0001",
            "+8613800000001", "008613800000001", "8613800000001", "0086-138-0000-0001", "１３８００００００01"})
    void mainlandMobileSpellingsAreOneIdentifier(String raw) {
        assertThat(value(PHONE, raw)).isEqualTo("+8613800000001");
    }

    @ParameterizedTest
    @CsvSource({
            "010-12345678, +861012345678",
            "0755-1234567, +867551234567",
            "(0755)12345678, +8675512345678",
            "+86 755 12345678, +8675512345678",
            "400-000-0001, +864000000001",
            "95588, +8695588",
            "+1 415 555 0100, +14155550100",
            "00852 6123 4567, +85261234567"})
    void landlinesServiceAndInternationalNumbers(String raw, String expected) {
        assertThat(value(PHONE, raw)).isEqualTo(expected);
    }

    @Test
    void phoneRejectionsCarryReasons() {
        assertThat(reason(PHONE, "无")).isEqualTo(RejectionReason.PLACEHOLDER);
        assertThat(reason(PHONE, "  ")).isEqualTo(RejectionReason.BLANK);
        assertThat(reason(PHONE, null)).isEqualTo(RejectionReason.BLANK);
        assertThat(reason(PHONE, "11111111111")).isEqualTo(RejectionReason.REPEATED_DIGITS);
        assertThat(reason(PHONE, "000000")).isEqualTo(RejectionReason.PLACEHOLDER);
        assertThat(reason(PHONE, "2345678")).isEqualTo(RejectionReason.TOO_SHORT);
        assertThat(value(PHONE, "12345")).isEqualTo("+8612345"); // citizen hotline: kept, the hub policy handles it
        assertThat(reason(PHONE, "12800000001")).isEqualTo(RejectionReason.INVALID_FORMAT); // no 12x mobile prefix
        assertThat(reason(PHONE, "138abc")).isEqualTo(RejectionReason.INVALID_FORMAT);
    }

    @Test
    void bankCardsReportLuhnButDoNotReject() {
        NormalizedIdentifier ok = IdentifierNormalizer.normalize(BANK_CARD, "4111 1111 1111 1111");
        assertThat(ok.value()).isEqualTo("4111111111111111");
        assertThat(ok.luhnValid()).isTrue();
        NormalizedIdentifier typo = IdentifierNormalizer.normalize(BANK_CARD, "4111-1111-1111-1112");
        assertThat(typo.isAccepted()).isTrue();
        assertThat(typo.luhn()).isEqualTo(LuhnCheck.INVALID);
        assertThat(IdentifierNormalizer.normalize(BANK_CARD, "6222 0200 0000 0000 123456").luhn())
                .isEqualTo(LuhnCheck.NOT_APPLICABLE); // 22-digit account
        assertThat(reason(BANK_CARD, "0000000000000000")).isEqualTo(RejectionReason.REPEATED_DIGITS);
        assertThat(reason(BANK_CARD, "62220")).isEqualTo(RejectionReason.TOO_SHORT);
        assertThat(reason(BANK_CARD, "6222x0200")).isEqualTo(RejectionReason.INVALID_FORMAT);
    }

    @Test
    void imeiIsFifteenDigitsWithLuhnReported() {
        NormalizedIdentifier n = IdentifierNormalizer.normalize(DEVICE_ID, "49-015420-323751-8");
        assertThat(n.value()).isEqualTo("490154203237518");
        assertThat(n.luhnValid()).isTrue();
        assertThat(IdentifierNormalizer.normalize(DEVICE_ID, "490154203237519").luhn()).isEqualTo(LuhnCheck.INVALID);
        assertThat(reason(DEVICE_ID, "4901542032375")).isEqualTo(RejectionReason.TOO_SHORT);
        assertThat(reason(DEVICE_ID, "999999999999999")).isEqualTo(RejectionReason.REPEATED_DIGITS);
        assertThat(value(DEVICE_ID, "A1B2C3D4E5F6")).isEqualTo("a1b2c3d4e5f6");
    }

    @ParameterizedTest
    @CsvSource({
            "https://www.Example.com/login?x=1, example.com",
            "http://pay.secure.example.com.cn:8080/a/b, example.com.cn",
            "WWW.fake-bank.net.cn, fake-bank.net.cn",
            "user:pw@shop.example.co.uk/path, example.co.uk",
            "http://10.0.0.1:8080/x, 10.0.0.1",
            "app.dl-site.top., dl-site.top"})
    void urlsReduceToRegistrableDomain(String raw, String expected) {
        assertThat(value(URL, raw)).isEqualTo(expected);
    }

    @Test
    void urlRejections() {
        assertThat(reason(URL, "localhost")).isEqualTo(RejectionReason.INVALID_FORMAT);
        assertThat(reason(URL, "http://例子.中国/")).isEqualTo(RejectionReason.UNSUPPORTED);
        assertThat(reason(URL, "com.cn")).isEqualTo(RejectionReason.INVALID_FORMAT);
        assertThat(reason(URL, "n/a")).isEqualTo(RejectionReason.PLACEHOLDER);
    }

    @ParameterizedTest
    @CsvSource({
            "192.168.001.010, 192.168.1.10",
            " 8.8.8.8 , 8.8.8.8",
            "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
            "::ffff:1.2.3.4, 1.2.3.4",
            "fe80:0:0:0:1:0:0:0, fe80::1:0:0:0"})
    void ipsAreCanonical(String raw, String expected) {
        assertThat(value(IP, raw)).isEqualTo(expected);
    }

    @Test
    void ipRejectionsNeverResolveNames() {
        assertThat(reason(IP, "256.1.1.1")).isEqualTo(RejectionReason.INVALID_FORMAT);
        assertThat(reason(IP, "example.com")).isEqualTo(RejectionReason.INVALID_FORMAT);
        assertThat(reason(IP, "1:2")).isEqualTo(RejectionReason.INVALID_FORMAT);
        assertThat(reason(IP, "0.0.0.0")).isEqualTo(RejectionReason.PLACEHOLDER);
    }

    @Test
    void accountsAndAppNames() {
        assertThat(value(IM_ACCOUNT, "  WX_Liar2024 ")).isEqualTo("wx_liar2024");
        assertThat(reason(IM_ACCOUNT, "ab")).isEqualTo(RejectionReason.TOO_SHORT);
        assertThat(reason(IM_ACCOUNT, "unknown")).isEqualTo(RejectionReason.PLACEHOLDER);
        assertThat(reason(IM_ACCOUNT, "空")).isEqualTo(RejectionReason.PLACEHOLDER);
        assertThat(reason(PAYMENT_ACCOUNT, "NULL")).isEqualTo(RejectionReason.PLACEHOLDER);
        assertThat(reason(PAYMENT_ACCOUNT, "7777777")).isEqualTo(RejectionReason.REPEATED_DIGITS);
        assertThat(value(APP_NAME, " Secure   Invest  Pro")).isEqualTo("secure invest pro");
        assertThat(value(APP_NAME, "安全理财")).isEqualTo("安全理财");
        assertThat(reason(APP_NAME, "-")).isEqualTo(RejectionReason.PLACEHOLDER);
    }

    // ------------------------------------------------------------ properties
    // Seeded random inputs via PropertyCheck: edge cases first, then TRIES random ones; a failure prints the
    // seed, the input and a shrunk input.

    private static final int TRIES = 10_000; // cheap: well under a second for both properties

    @Test
    void normalisationIsIdempotent() {
        PropertyCheck.forAll(TRIES, 300, rawIdentifiers(), IdentifierNormalizerTest::shrink, IdentifierNormalizerTest::show, raw -> {
            NormalizedIdentifier first = IdentifierNormalizer.normalize(raw.type(), raw.raw());
            if (first.isAccepted()) {
                NormalizedIdentifier second = IdentifierNormalizer.normalize(raw.type(), first.value());
                assertThat(second.value()).as("%s", first).isEqualTo(first.value());
            }
        });
    }

    /** Any type, any string (mostly non-Latin characters, length 0..255). */
    @Test
    void normalisationNeverThrows() {
        Arb<RawIdentifier> anyTypeAnyString = Arb.combine(Arb.ofEnum(IdentifierType.class), Arb.strings(), RawIdentifier::of);
        PropertyCheck.forAll(TRIES, 300, anyTypeAnyString, IdentifierNormalizerTest::shrink, IdentifierNormalizerTest::show, raw -> {
            NormalizedIdentifier n = IdentifierNormalizer.normalize(raw.type(), raw.raw());
            assertThat(n.isAccepted() ^ n.reason() != null).isTrue();
        });
    }

    /**
     * Plausible and implausible identifiers of every kind, one of these twelve generators chosen uniformly: phones
     * (mobiles with prefixes and separators; landlines), 8..26-digit strings as phone, card and device id, URLs
     * built from short random hosts, IPv4 with a zero-padded third octet (octets 0..300), IPv6 with zero groups,
     * and arbitrary strings of up to 20 characters as IM account, app name, URL and phone.
     */
    static Arb<RawIdentifier> rawIdentifiers() {
        Arb<String> mobile = Arb.integers(0, 99999999).map(i -> String.format("13%d%08d", 3 + i % 7, i));
        Arb<String> phone = Arb.combine(parts -> {
                    String m = (String) parts.get(0);
                    return parts.get(1) + m.substring(0, 3) + parts.get(2) + m.substring(3);
                }, mobile, Arb.of("", "+86 ", "0086", "86", "+86-", "00852"), Arb.of("", "-", " "));
        Arb<String> landline = Arb.integers(1000000, 99999999).map(i -> "0" + (10 + i % 900) + "-" + i);
        Arb<String> digits = Arb.strings(Arb.Chars.numeric(), 8, 26);
        Arb<String> host = Arb.strings(Arb.Chars.of("abcxyz019-"), 1, 6);
        Arb<String> url = Arb.combine(parts -> parts.get(0) + "" + parts.get(1) + "." + parts.get(2) + "." + parts.get(3) + parts.get(4),
                Arb.of("", "http://", "https://www."), host, host, Arb.of("com", "cn", "com.cn", "co.uk", "top"), Arb.of("", ":8080", "/x?y=1"));
        Arb<String> ip4 = Arb.integers(0, 300).list(4, 4)
                .map(l -> l.get(0) + "." + l.get(1) + ".0" + l.get(2) + "." + l.get(3));
        Arb<String> ip6 = Arb.integers(0, 0xffff).list(8, 8)
                .map(l -> String.join(":", l.stream().map(i -> i % 3 == 0 ? "0" : Integer.toHexString(i)).toList()));
        Arb<String> any = Arb.strings(Arb.Chars.any(), 0, 20);
        return Arb.oneOf(
                phone.map(s -> RawIdentifier.of(PHONE, s)),
                landline.map(s -> RawIdentifier.of(PHONE, s)),
                digits.map(s -> RawIdentifier.of(PHONE, s)),
                digits.map(s -> RawIdentifier.of(BANK_CARD, s)),
                digits.map(s -> RawIdentifier.of(DEVICE_ID, s)),
                url.map(s -> RawIdentifier.of(URL, s)),
                ip4.map(s -> RawIdentifier.of(IP, s)),
                ip6.map(s -> RawIdentifier.of(IP, s)),
                any.map(s -> RawIdentifier.of(IM_ACCOUNT, s)),
                any.map(s -> RawIdentifier.of(APP_NAME, s)),
                any.map(s -> RawIdentifier.of(URL, s)),
                any.map(s -> RawIdentifier.of(PHONE, s)));
    }

    /** Same type, shorter raw value: halves first, then without one character. */
    static List<RawIdentifier> shrink(RawIdentifier raw) {
        String s = raw.raw();
        List<RawIdentifier> out = new ArrayList<>();
        if (s.length() > 1) {
            out.add(RawIdentifier.of(raw.type(), s.substring(0, s.length() / 2)));
            out.add(RawIdentifier.of(raw.type(), s.substring(s.length() / 2)));
        }
        for (int i = 0; i < s.length(); i++) {
            out.add(RawIdentifier.of(raw.type(), s.substring(0, i) + s.substring(i + 1)));
        }
        return out;
    }

    static String show(RawIdentifier raw) {
        return raw.type() + " " + PropertyCheck.quote(raw.raw()) + " (" + raw.raw().length() + " chars)";
    }
}
