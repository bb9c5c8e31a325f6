package io.zhian.alarms.internal;

import io.zhian.alarms.AlarmRequested;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Takes in alarms other modules raise. The event comes through the event publication registry
 * (after the publisher commits, in its own transaction), so a crash loses none; a redelivered or
 * repeated event with the same dedup key stays one alarm.
 */
@Component
class AlarmIntake {

    private final AlarmDesk desk;

    AlarmIntake(AlarmDesk desk) {
        this.desk = desk;
    }

    @ApplicationModuleListener(id = "alarms.intake")
    void on(AlarmRequested event) {
        desk.intake(event);
    }
}
