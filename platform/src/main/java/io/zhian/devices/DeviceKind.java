package io.zhian.devices;

import java.util.Locale;

/** What a device is. Cameras and NVRs speak GB/T 28181; the others report over MQTT (or HTTP). */
public enum DeviceKind {
    CAMERA("摄像机"),
    NVR("硬盘录像机"),
    DOOR_CONTROLLER("门禁控制器"),
    ALARM_PILLAR("一键报警柱"),
    LIGHT_BOX("平安灯箱"),
    INTERCOM("对讲终端");

    private final String chinese;

    DeviceKind(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    /** Figure-code suffix, e.g. {@code light-box}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Accepts the constant, the slug or the Chinese name; null when none matches. */
    public static DeviceKind parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.strip();
        for (DeviceKind k : values()) {
            if (k.name().equalsIgnoreCase(v) || k.slug().equalsIgnoreCase(v) || k.chinese.equals(v)) {
                return k;
            }
        }
        return null;
    }
}
