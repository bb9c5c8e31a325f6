package io.zhian.alarms.internal;

/** What the alarm is about (警情类别). */
enum AlarmCategory {
    CRIMINAL, PUBLIC_ORDER, TRAFFIC, FIRE, HELP, DISPUTE, DEVICE, OTHER;

    static AlarmCategory parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return valueOf(value.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Alarms raised by other modules come without a category: one follows from their source. */
    static AlarmCategory forSource(String sourceKind) {
        return switch (sourceKind) {
            case "COMPOUND", "LIGHT_BOX" -> HELP;
            case "DEVICE" -> DEVICE;
            default -> OTHER;
        };
    }
}
