package io.zhian.gb28181.sim;

import io.zhian.gb28181.GbDeviceId;
import java.time.LocalDateTime;

/**
 * An alarm a {@link SimulatedGbDevice} reports.
 *
 * @param sourceId  the device itself or one of its channels / alarm inputs
 * @param alarmType null to omit the {@code <Info><AlarmType>} block
 */
public record SimulatedAlarm(GbDeviceId sourceId, int priority, int method, Integer alarmType, LocalDateTime time,
                             String description, Double longitude, Double latitude) {
}
