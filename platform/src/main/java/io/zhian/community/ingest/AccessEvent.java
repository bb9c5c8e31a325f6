package io.zhian.community.ingest;

import java.time.Instant;

/**
 * One door event as a controller reports it. {@code deviceId} + {@code deviceEventId} identify it: the
 * same pair twice is one event.
 */
public record AccessEvent(long compoundId, String deviceId, String deviceEventId, Instant at, String direction,
                          String credentialType, Long residentId, Long visitorPassId, String result) {}
