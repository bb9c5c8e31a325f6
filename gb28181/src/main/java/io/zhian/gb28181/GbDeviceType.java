package io.zhian.gb28181;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 3-digit type code (positions 11-13) of a GB/T 28181 id. Codes not listed here map to {@link #OTHER};
 * the raw code is always kept on {@link GbDeviceId#typeCode()} so nothing is lost.
 */
public enum GbDeviceType {
    DVR("111", "DVR"),
    VIDEO_SERVER("112", "video server"),
    ENCODER("113", "encoder"),
    DECODER("114", "decoder"),
    VIDEO_SWITCH_MATRIX("115", "video switching matrix"),
    AUDIO_SWITCH_MATRIX("116", "audio switching matrix"),
    ALARM_CONTROLLER("117", "alarm controller"),
    NVR("118", "NVR"),
    CAMERA("131", "camera"),
    IPC("132", "network camera (IPC)"),
    DISPLAY("133", "display"),
    ALARM_INPUT("134", "alarm input device"),
    ALARM_OUTPUT("135", "alarm output device"),
    VOICE_INPUT("136", "voice input device"),
    VOICE_OUTPUT("137", "voice output device"),
    MOBILE_TRANSMISSION("138", "mobile transmission device"),
    OTHER_PERIPHERAL("139", "other peripheral"),
    SIP_SERVER("200", "central signalling control server (SIP server)"),
    WEB_APPLICATION_SERVER("201", "web application server"),
    MEDIA_DISTRIBUTION_SERVER("202", "media distribution server"),
    PROXY_SERVER("203", "proxy server"),
    SECURITY_SERVER("204", "security server"),
    ALARM_SERVER("205", "alarm server"),
    DATABASE_SERVER("206", "database server"),
    GIS_SERVER("207", "GIS server"),
    MANAGEMENT_SERVER("208", "management server"),
    ACCESS_GATEWAY("209", "access gateway"),
    MEDIA_STORAGE_SERVER("210", "media storage server"),
    SIGNALLING_SECURITY_ROUTING_GATEWAY("211", "signalling security routing gateway"),
    BUSINESS_GROUP("215", "business group"),
    VIRTUAL_ORGANISATION("216", "virtual organisation"),
    CENTRE_USER("300", "centre user"),
    TERMINAL_USER("400", "terminal user"),
    /** Any code not in this list (vendor extensions, reserved ranges). */
    OTHER(null, "other");

    private static final Map<String, GbDeviceType> BY_CODE = Arrays.stream(values())
            .filter(t -> t.code != null)
            .collect(Collectors.toUnmodifiableMap(t -> t.code, Function.identity()));

    private final String code;
    private final String description;

    GbDeviceType(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The 3-digit code, or {@code null} for {@link #OTHER}. */
    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** True for front-end devices that carry video or alarm channels (1xx codes). */
    public boolean isFrontEnd() {
        return code != null && code.charAt(0) == '1';
    }

    public static GbDeviceType fromCode(String code) {
        return BY_CODE.getOrDefault(code, OTHER);
    }
}
