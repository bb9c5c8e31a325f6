package io.zhian.enterprise;

import java.util.Map;
import java.util.Optional;

/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters over
 * 0-9 A-H J-N P-R T-U W-Y; character 1 is the registration authority, 2 the type of organisation,
 * 3-8 the administrative division code, 9-17 the organisation code, 18 the check character.
 */
public final class CreditCode {

    static final String CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    /** Registration authority → the organisation types it registers. */
    private static final Map<Character, String> TYPES = Map.ofEntries(
            Map.entry('1', "1239"), Map.entry('2', "19"), Map.entry('3', "123459"), Map.entry('4', "19"),
            Map.entry('5', "1239"), Map.entry('6', "129"), Map.entry('7', "129"), Map.entry('8', "19"),
            Map.entry('9', "123"), Map.entry('A', "19"), Map.entry('N', "1239"), Map.entry('Y', "1"));

    private CreditCode() {}

    /** The check character for the first 17 characters, or empty when one of them is not allowed. */
    public static Optional<Character> checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) {
            return Optional.empty();
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = CHARS.indexOf(first17.charAt(i));
            if (v < 0) {
                return Optional.empty();
            }
            sum += v * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return Optional.of(CHARS.charAt(check == 31 ? 0 : check));
    }

    /** Why the code is not a valid unified social credit code, or empty when it is (upper case expected). */
    public static Optional<String> problem(String code) {
        if (code == null || code.isBlank()) {
            return Optional.of("is required");
        }
        String c = code.strip();
        if (c.length() != 18) {
            return Optional.of("must be 18 characters (it has " + c.length() + ")");
        }
        for (int i = 0; i < 18; i++) {
            if (CHARS.indexOf(c.charAt(i)) < 0) {
                return Optional.of("character " + (i + 1) + " '" + c.charAt(i) + "' is not allowed (0-9 and A-Y without I, O, S, V, Z)");
            }
        }
        String types = TYPES.get(c.charAt(0));
        if (types == null) {
            return Optional.of("'" + c.charAt(0) + "' is not a registration authority code");
        }
        if (types.indexOf(c.charAt(1)) < 0) {
            return Optional.of("'" + c.charAt(1) + "' is not an organisation type of authority '" + c.charAt(0) + "'");
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(c.charAt(i))) {
                return Optional.of("characters 3 to 8 must be an administrative division code (digits)");
            }
        }
        char expected = checkCharacter(c.substring(0, 17)).orElseThrow();
        if (c.charAt(17) != expected) {
            return Optional.of("check character does not match (expected " + expected + ")");
        }
        return Optional.empty();
    }

    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }

    /** Upper case without surrounding spaces; null stays null. */
    public static String normalise(String code) {
        return code == null ? null : code.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
