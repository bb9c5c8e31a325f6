package io.zhian.gb28181;

/** Transports GB/T 28181 devices use for signalling. */
public enum SipTransport {
    UDP, TCP;

    /** Lower-case name as JAIN-SIP and the {@code transport=} URI parameter expect it. */
    public String sipName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SipTransport fromSipName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
