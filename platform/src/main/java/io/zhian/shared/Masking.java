package io.zhian.shared;

/** Masks personal data for display: enough to recognise, not enough to use. */
public final class Masking {

    private Masking() {}

    /** 13800001234 -> 138****1234 */
    public static String phone(String phone) {
        if (phone == null || phone.isBlank()) {
            return phone;
        }
        String p = phone.strip();
        if (p.length() <= 4) {
            return "*".repeat(p.length());
        }
        int keepEnd = 4;
        int keepStart = Math.min(3, p.length() - keepEnd);
        return p.substring(0, keepStart) + "*".repeat(p.length() - keepStart - keepEnd) + p.substring(p.length() - keepEnd);
    }

    /** 411381199001011234 -> 4113**********1234 */
    public static String idCard(String id) {
        if (id == null || id.length() < 8) {
            return id == null ? null : "*".repeat(id.length());
        }
        return id.substring(0, 4) + "*".repeat(id.length() - 8) + id.substring(id.length() - 4);
    }

    /** 张三丰 -> 张** */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return name;
        }
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return new String(Character.toChars(first)) + "*".repeat(Math.max(rest, 1));
    }
}
