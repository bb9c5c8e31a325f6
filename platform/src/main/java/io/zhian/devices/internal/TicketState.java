package io.zhian.devices.internal;

/** A maintenance ticket's life: open → assigned → fixed → verified; a fix that does not hold goes back to assigned. */
public enum TicketState {
    OPEN, ASSIGNED, FIXED, VERIFIED;

    /** The state an action leads to from this one, or null when the move is not allowed. */
    public TicketState after(String action) {
        return switch (action) {
            case "assign" -> this == OPEN ? ASSIGNED : null;
            case "fix" -> this == ASSIGNED ? FIXED : null;
            case "verify" -> this == FIXED ? VERIFIED : null;
            case "reject" -> this == FIXED ? ASSIGNED : null;
            default -> null;
        };
    }
}
