package io.zhian.gb28181.internal;

import gov.nist.javax.sip.header.SIPDateHeader;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * GB/T 28181 puts local time as {@code yyyy-MM-dd'T'HH:mm:ss.SSS} in the REGISTER 200 OK's Date header for
 * device time sync, not RFC 1123. JAIN-SIP would reject that text in {@code createHeader}, so we encode it ourselves.
 */
public final class GbDateHeader extends SIPDateHeader {

    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final String text;

    public GbDateHeader(LocalDateTime time) {
        this.text = FORMAT.format(time);
    }

    public String text() {
        return text;
    }

    @Override
    public StringBuilder encodeBody(StringBuilder buffer) {
        return buffer.append(text);
    }

    @Override
    public Object clone() {
        return super.clone();
    }
}
