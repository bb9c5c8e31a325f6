package io.zhian.alarms.internal;

import java.time.Instant;
import java.util.List;

/** An alarm as pages and the API show it: personal data masked, names resolved, the moves allowed now. */
record AlarmView(long id, String alarmNo, String sourceKind, String sourceRef, long regionId, String regionName, Long townshipId,
                 String townshipName, Double lon, Double lat, String address, String category, String description,
                 String callerPhone, String stage, boolean finished, String outcomeReason, Long unitId, String unitName,
                 int dispatchTargetMinutes, int arrivalTargetMinutes, Instant raisedAt, Instant receivedAt,
                 Instant dispatchedAt, Instant enRouteAt, Instant onSceneAt, Instant clearedAt, Instant finishedAt,
                 Instant stageAt, Double minutesToDispatch, Double minutesToArrival, Boolean arrivedWithinTarget, boolean overdue,
                 List<String> allowedActions, List<MessageView> messages, int version) {

    /** A dispatch message and how far it got. */
    record MessageView(long id, Long alarmId, String alarmNo, long unitId, String unitName, String body, String sentByName,
                       Instant sentAt, Instant deliveredAt, Instant acknowledgedAt, String acknowledgedByName, String status) {

        MessageView(long id, Long alarmId, String alarmNo, long unitId, String unitName, String body, String sentByName,
                    Instant sentAt, Instant deliveredAt, Instant acknowledgedAt, String acknowledgedByName) {
            this(id, alarmId, alarmNo, unitId, unitName, body, sentByName, sentAt, deliveredAt, acknowledgedAt, acknowledgedByName,
                    acknowledgedAt != null ? "ACKNOWLEDGED" : deliveredAt != null ? "DELIVERED" : "SENT");
        }
    }

    record TimelineEntry(Instant at, String actorName, String action, String fromStage, String toStage, String unitName,
                         String note) {}

    /** Epoch milliseconds, for the board's ticking timers. */
    public long receivedAtMillis() {
        return receivedAt.toEpochMilli();
    }

    public long stageAtMillis() {
        return stageAt.toEpochMilli();
    }
}
