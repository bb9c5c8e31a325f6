package io.zhian.gb28181;

import java.util.Optional;
import java.util.Set;

/**
 * A GB/T 28181 20-digit code: centre code (8, a GB/T 2260 administrative division code) + industry (2)
 * + type (3) + network (1) + serial (6). Used for devices, channels and SIP servers alike.
 *
 * <p>Construction always validates, so holding a {@code GbDeviceId} means the id is well formed.
 */
public record GbDeviceId(String value) implements Comparable<GbDeviceId> {

    public static final int LENGTH = 20;

    /** Province-level prefixes of GB/T 2260; a centre code outside them is a typo or a forged id. */
    private static final Set<String> PROVINCE_CODES = Set.of(
            "11", "12", "13", "14", "15",
            "21", "22", "23",
            "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46",
            "50", "51", "52", "53", "54",
            "61", "62", "63", "64", "65",
            "71", "81", "82");

    public GbDeviceId {
        String reason = problemWith(value);
        if (reason != null) {
            throw new InvalidGbDeviceIdException(String.valueOf(value), reason);
        }
    }

    /** Parses an id, tolerating surrounding whitespace (some devices pad XML text). */
    public static GbDeviceId parse(String raw) {
        if (raw == null) {
            throw new InvalidGbDeviceIdException("null", "id is missing");
        }
        return new GbDeviceId(raw.strip());
    }

    public static Optional<GbDeviceId> tryParse(String raw) {
        if (raw == null || problemWith(raw.strip()) != null) {
            return Optional.empty();
        }
        return Optional.of(new GbDeviceId(raw.strip()));
    }

    /** Why {@code raw} is not a valid id, or empty if it is. */
    public static Optional<String> validate(String raw) {
        return Optional.ofNullable(problemWith(raw == null ? null : raw.strip()));
    }

    private static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "id is missing";
        }
        if (value.length() != LENGTH) {
            return "must be exactly 20 digits, got " + value.length() + " characters";
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return "non-digit character at position " + (i + 1);
            }
        }
        if (!PROVINCE_CODES.contains(value.substring(0, 2))) {
            return "centre code " + value.substring(0, 8) + " has no valid GB/T 2260 province prefix";
        }
        return null;
    }

    /** 8-digit centre (administrative division) code. */
    public String centreCode() {
        return value.substring(0, 8);
    }

    public String provinceCode() {
        return value.substring(0, 2);
    }

    /** 2-digit industry code (00-08 public security video access, 10-19 police, ...). */
    public String industryCode() {
        return value.substring(8, 10);
    }

    /** Raw 3-digit type code, kept even when {@link #type()} is {@link GbDeviceType#OTHER}. */
    public String typeCode() {
        return value.substring(10, 13);
    }

    public GbDeviceType type() {
        return GbDeviceType.fromCode(typeCode());
    }

    /** 1-digit network code (0-4 video/alarm private network, 5 police network, 6 e-government, 7 Internet, 8 social resources). */
    public int networkCode() {
        return value.charAt(13) - '0';
    }

    /** 6-digit serial number. */
    public String serial() {
        return value.substring(14, 20);
    }

    /** The conventional SIP domain of this id: its first 10 digits. */
    public String sipDomain() {
        return value.substring(0, 10);
    }

    @Override
    public int compareTo(GbDeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
