/**
 * Alarm intake and dispatch (110-style): alarms from compounds' one-key alarms, device alarms, safety
 * light boxes and dispatchers, the stage timers, the live dispatch board and text dispatch messages.
 * Other modules raise an alarm by publishing {@link io.zhian.alarms.AlarmRequested} and follow it
 * through {@link io.zhian.alarms.AlarmStatusChanged}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Alarms and dispatch")
package io.zhian.alarms;
