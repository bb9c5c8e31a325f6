package io.zhian.devices;

import java.time.Instant;

/** One online/offline transition of a device. */
public record StatusChange(Instant at, boolean online, String reason) {}
