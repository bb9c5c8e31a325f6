package io.zhian.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GbDeviceIdTest {

    private static final List<String> PROVINCES = List.of("11", "31", "34", "44", "65", "82");

    @Test
    void splitsIntoTheFiveFields() {
        GbDeviceId id = GbDeviceId.parse("34020000001320000001");
        assertThat(id.centreCode()).isEqualTo("34020000");
        assertThat(id.provinceCode()).isEqualTo("34");
        assertThat(id.industryCode()).isEqualTo("00");
        assertThat(id.typeCode()).isEqualTo("132");
        assertThat(id.type()).isEqualTo(GbDeviceType.IPC);
        assertThat(id.networkCode()).isZero();
        assertThat(id.serial()).isEqualTo("000001");
        assertThat(id.sipDomain()).isEqualTo("3402000000");
        assertThat(id).hasToString("34020000001320000001");
    }

    @ParameterizedTest
    @CsvSource({
            "111, DVR", "118, NVR", "131, CAMERA", "132, IPC", "134, ALARM_INPUT", "200, SIP_SERVER",
            "215, BUSINESS_GROUP", "216, VIRTUAL_ORGANISATION"})
    void mapsKnownTypeCodes(String code, GbDeviceType type) {
        GbDeviceId id = GbDeviceId.parse("3402000000" + code + "0000001");
        assertThat(id.type()).isEqualTo(type);
        assertThat(id.typeCode()).isEqualTo(code);
    }

    @Test
    void unknownTypeIsOtherButKeepsTheCode() {
        GbDeviceId id = GbDeviceId.parse("34020000009990000001");
        assertThat(id.type()).isEqualTo(GbDeviceType.OTHER);
        assertThat(id.typeCode()).isEqualTo("999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3402000000132000000", "340200000013200000012", "3402000000132000000A",
            "3402000000-320000001", "00020000001320000001", "99020000001320000001", "３4020000001320000001"})
    void rejectsMalformedIdsWithAReason(String raw) {
        assertThatThrownBy(() -> GbDeviceId.parse(raw))
                .isInstanceOf(InvalidGbDeviceIdException.class)
                .satisfies(e -> assertThat(((InvalidGbDeviceIdException) e).reason()).isNotBlank());
        assertThat(GbDeviceId.tryParse(raw)).isEmpty();
        assertThat(GbDeviceId.validate(raw)).isPresent();
    }

    @Test
    void reasonsNameTheProblem() {
        assertThat(GbDeviceId.validate("123")).contains("must be exactly 20 digits, got 3 characters");
        assertThat(GbDeviceId.validate("3402000000132000000x")).contains("non-digit character at position 20");
        assertThat(GbDeviceId.validate("00020000001320000001").orElseThrow()).contains("province");
        assertThat(GbDeviceId.validate(null)).contains("id is missing");
    }

    @Test
    void toleratesSurroundingWhitespaceFromXml() {
        assertThat(GbDeviceId.parse("  34020000001320000001\r\n").value()).isEqualTo("34020000001320000001");
    }

    /** Property: every well-formed id parses and round-trips through its fields. */
    @Test
    void randomWellFormedIdsRoundTrip() {
        Random random = new Random(28181);
        for (int i = 0; i < 2_000; i++) {
            String raw = PROVINCES.get(random.nextInt(PROVINCES.size())) + digits(random, 18);
            GbDeviceId id = GbDeviceId.parse(raw);
            assertThat(id.centreCode() + id.industryCode() + id.typeCode() + id.networkCode() + id.serial())
                    .isEqualTo(raw);
            assertThat(id.type().code() == null || id.type().code().equals(id.typeCode())).isTrue();
        }
    }

    /** Property: corrupting a valid id (length or one character) always makes it invalid. */
    @Test
    void randomCorruptionsAreRejected() {
        Random random = new Random(2016);
        for (int i = 0; i < 2_000; i++) {
            String valid = "34" + digits(random, 18);
            String corrupted = switch (random.nextInt(3)) {
                case 0 -> valid.substring(0, random.nextInt(20));
                case 1 -> valid + digits(random, 1 + random.nextInt(3));
                default -> {
                    int at = random.nextInt(20);
                    char bad = "abcXYZ -_#\u4e2d".charAt(random.nextInt(11));
                    yield valid.substring(0, at) + bad + valid.substring(at + 1);
                }
            };
            assertThat(GbDeviceId.tryParse(corrupted)).as(corrupted).isEmpty();
        }
    }

    private static String digits(Random random, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }
}
