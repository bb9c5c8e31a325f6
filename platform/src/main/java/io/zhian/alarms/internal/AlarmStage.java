package io.zhian.alarms.internal;

/** The stages of an alarm; the last three are final. */
enum AlarmStage {
    RECEIVED, DISPATCHED, EN_ROUTE, ON_SCENE, CLEARED, CLOSED, CANCELLED, UNFOUNDED;

    boolean isFinal() {
        return this == CLOSED || this == CANCELLED || this == UNFOUNDED;
    }
}
