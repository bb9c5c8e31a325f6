package io.zhian.alarms.internal;

import java.util.Set;

/** What a dispatcher (or the dispatched unit) does to an alarm, and from which stages it is allowed. */
enum AlarmAction {
    DISPATCH("dispatch", AlarmStage.DISPATCHED, Set.of(AlarmStage.RECEIVED, AlarmStage.DISPATCHED)),
    DEPART("depart", AlarmStage.EN_ROUTE, Set.of(AlarmStage.DISPATCHED)),
    ARRIVE("arrive", AlarmStage.ON_SCENE, Set.of(AlarmStage.DISPATCHED, AlarmStage.EN_ROUTE)),
    CLEAR("clear", AlarmStage.CLEARED, Set.of(AlarmStage.ON_SCENE)),
    CLOSE("close", AlarmStage.CLOSED, Set.of(AlarmStage.CLEARED)),
    CANCEL("cancel", AlarmStage.CANCELLED, Set.of(AlarmStage.RECEIVED, AlarmStage.DISPATCHED, AlarmStage.EN_ROUTE)),
    UNFOUNDED("unfounded", AlarmStage.UNFOUNDED, Set.of(AlarmStage.RECEIVED, AlarmStage.DISPATCHED, AlarmStage.EN_ROUTE,
            AlarmStage.ON_SCENE));

    private final String slug;
    private final AlarmStage to;
    private final Set<AlarmStage> from;

    AlarmAction(String slug, AlarmStage to, Set<AlarmStage> from) {
        this.slug = slug;
        this.to = to;
        this.from = from;
    }

    String slug() {
        return slug;
    }

    AlarmStage to() {
        return to;
    }

    boolean allowedFrom(AlarmStage stage) {
        return from.contains(stage);
    }

    /** Cancelling and "unfounded" are outcomes that must be explained. */
    boolean needsReason() {
        return this == CANCEL || this == UNFOUNDED;
    }

    /** Field reports the dispatched unit itself may make. */
    boolean byUnit() {
        return this == DEPART || this == ARRIVE || this == CLEAR;
    }

    static AlarmAction fromSlug(String slug) {
        for (AlarmAction a : values()) {
            if (a.slug.equals(slug)) {
                return a;
            }
        }
        return null;
    }
}
