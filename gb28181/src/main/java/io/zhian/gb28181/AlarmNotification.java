package io.zhian.gb28181;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A {@code <Notify><CmdType>Alarm</CmdType>} from a registered device.
 *
 * @param reportingDeviceId the registered device that sent the MESSAGE (From header)
 * @param alarmSourceId     the XML DeviceID: the device itself or, commonly, one of its channels / alarm inputs
 * @param alarmPriority     1 (highest) .. 4
 * @param alarmMethod       1 phone, 2 device, 3 SMS, 4 GPS, 5 video, 6 device fault, 7 other
 * @param alarmType         from {@code <Info><AlarmType>}, {@code <AlarmInfo><AlarmType>} or a bare {@code <AlarmType>}; null if absent
 * @param alarmTime         null when absent or not ISO-8601 like; {@code rawAlarmTime} keeps the text
 */
public record AlarmNotification(
        GbDeviceId reportingDeviceId,
        GbDeviceId alarmSourceId,
        String sn,
        Integer alarmPriority,
        Integer alarmMethod,
        Integer alarmType,
        LocalDateTime alarmTime,
        String rawAlarmTime,
        Double longitude,
        Double latitude,
        String description,
        Instant receivedAt) {

    /** True when the alarm names a channel rather than the registered device itself. */
    public boolean fromChannel() {
        return !reportingDeviceId.equals(alarmSourceId);
    }
}
