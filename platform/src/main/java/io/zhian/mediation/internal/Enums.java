package io.zhian.mediation.internal;

/** Lenient enum parsing for form and API values: null when blank or unknown, so callers report the field. */
final class Enums {

    private Enums() {}

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.strip().replace('-', '_'))) {
                return e;
            }
        }
        return null;
    }

    static <E extends Enum<E>> String list(Class<E> type) {
        return java.util.Arrays.toString(type.getEnumConstants());
    }
}
