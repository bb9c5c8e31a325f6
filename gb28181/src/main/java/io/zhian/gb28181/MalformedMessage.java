package io.zhian.gb28181;

import java.time.Instant;

/**
 * Something a device (or anyone) sent that could not be understood. The server answers 400 where a SIP
 * response is possible, counts it and carries on.
 *
 * @param source the sender as "host:port/transport", or "unknown" when the bytes were not even parseable SIP
 * @param method the SIP method, or null when the message could not be parsed as SIP
 */
public record MalformedMessage(String reason, String source, String method, Instant receivedAt) {
}
