package io.zhian.gb28181;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * What to ask for in an alarm SUBSCRIBE ({@code Event: presence}, body {@code <Query><CmdType>Alarm</CmdType>}).
 *
 * @param startAlarmPriority 0 = all, 1..4
 * @param endAlarmPriority   0 = all, 1..4
 * @param alarmMethod        0 = all, otherwise a method code or a combination like "12"
 * @param startTime          optional, null to omit
 * @param endTime            optional, null to omit
 */
public record AlarmSubscription(int startAlarmPriority, int endAlarmPriority, String alarmMethod,
                                LocalDateTime startTime, LocalDateTime endTime, Duration expires) {

    public AlarmSubscription {
        if (expires == null || expires.isNegative()) {
            throw new IllegalArgumentException("expires must be >= 0");
        }
        alarmMethod = alarmMethod == null ? "0" : alarmMethod;
    }

    /** Every alarm, for the given subscription lifetime. */
    public static AlarmSubscription allAlarms(Duration expires) {
        return new AlarmSubscription(0, 0, "0", null, null, expires);
    }
}
