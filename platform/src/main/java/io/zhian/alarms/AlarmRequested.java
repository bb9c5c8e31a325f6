package io.zhian.alarms;

import java.time.Instant;

/**
 * Published by any module (community one-key alarm, devices) that needs an alarm dispatched.
 *
 * @param sourceKind  COMPOUND, DEVICE, LIGHT_BOX or MANUAL
 * @param sourceRef   the publisher's own reference, echoed in {@link AlarmStatusChanged}, e.g. {@code compound-alarm:42}
 * @param dedupKey    the same key twice is one alarm (device event id, panel press id)
 * @param regionId    the region (grid or village) where help is needed
 * @param lon         WGS-84 longitude, may be null
 * @param lat         WGS-84 latitude, may be null
 * @param location    human-readable place, e.g. 翰林公馆 3号楼 2单元
 * @param description what was reported
 * @param at          when the alarm was raised at the source
 */
public record AlarmRequested(String sourceKind, String sourceRef, String dedupKey, long regionId, Double lon, Double lat,
                             String location, String description, Instant at) {}
