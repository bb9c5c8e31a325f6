package io.zhian.alarms;

import java.time.Instant;

/**
 * Published by the alarms module whenever an alarm changes stage (RECEIVED, DISPATCHED, EN_ROUTE,
 * ON_SCENE, CLEARED, CLOSED, CANCELLED, UNFOUNDED) so that its source can show the status.
 */
public record AlarmStatusChanged(long alarmId, String sourceKind, String sourceRef, String stage, Instant at) {}
