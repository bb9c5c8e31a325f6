package io.zhian.identity.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * 等保 2.0 password complexity: at least 10 characters from at least three of the four classes
 * (upper case, lower case, digits, symbols), not containing the username.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;

    private PasswordPolicy() {}

    /** Reasons the password is refused; empty when acceptable. */
    public static List<String> problems(String password, String username) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            problems.add("must be at least " + MIN_LENGTH + " characters");
            return problems;
        }
        if (password.length() > 128) {
            problems.add("must be at most 128 characters");
        }
        int classes = 0;
        classes += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        classes += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        classes += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
        classes += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        if (classes < 3) {
            problems.add("must mix at least three of: upper case, lower case, digits, symbols");
        }
        if (username != null && !username.isBlank() && password.toLowerCase().contains(username.toLowerCase())) {
            problems.add("must not contain the username");
        }
        return problems;
    }
}
