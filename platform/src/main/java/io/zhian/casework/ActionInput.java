package io.zhian.casework;

/**
 * The fields an action may need: {@code unitCode} (assign, transfer), {@code toMe} (assign to the
 * acting user) or {@code assigneeUsername} (assign to a named member of that unit), {@code reason}
 * (required by every move that ends, returns, transfers, escalates or reopens a case), {@code outcome}
 * (close from an open state: CLOSED_UNRESOLVED or TRANSFERRED).
 */
public record ActionInput(String unitCode, Boolean toMe, String reason, String outcome, String assigneeUsername) {

    public ActionInput(String unitCode, Boolean toMe, String reason, String outcome) {
        this(unitCode, toMe, reason, outcome, null);
    }

    public static ActionInput empty() {
        return new ActionInput(null, null, null, null, null);
    }
}
