package io.zhian.community;

import java.util.regex.Pattern;

/** The 18-character resident identity card number (GB 11643): 17 digits and a mod-11 check character. */
public final class IdCardNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final Pattern SHAPE = Pattern.compile("\\d{17}[\\dX]");

    private IdCardNumber() {}

    /** The check character for the first 17 digits. */
    public static char checkCharacter(CharSequence first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /** Upper-cases a trailing x and strips blanks; returns null for null. */
    public static String normalise(String s) {
        return s == null ? null : s.strip().toUpperCase(java.util.Locale.ROOT);
    }

    /** Null when valid, otherwise the reason (for a form or an import row). */
    public static String problem(String raw) {
        String s = normalise(raw);
        if (s == null || s.isEmpty()) {
            return "is required";
        }
        if (!SHAPE.matcher(s).matches()) {
            return "must be 17 digits and a check digit or X (18 characters)";
        }
        if (checkCharacter(s) != s.charAt(17)) {
            return "check digit is wrong (GB 11643)";
        }
        return null;
    }

    public static boolean isValid(String raw) {
        return problem(raw) == null;
    }
}
