package io.zhian.casework;

import java.util.EnumSet;
import java.util.Set;

/** The moves of the case state machine and the states each may start from. */
public enum CaseAction {
    ASSIGN(EnumSet.of(CaseState.REGISTERED, CaseState.ASSIGNED)),
    START(EnumSet.of(CaseState.ASSIGNED)),
    RESOLVE(EnumSet.of(CaseState.IN_PROGRESS)),
    /** From RESOLVED: confirm and close. From an open state: close with CLOSED_UNRESOLVED or TRANSFERRED. */
    CLOSE(EnumSet.of(CaseState.REGISTERED, CaseState.ASSIGNED, CaseState.IN_PROGRESS, CaseState.RESOLVED)),
    SEND_BACK(EnumSet.of(CaseState.ASSIGNED, CaseState.IN_PROGRESS)),
    TRANSFER(EnumSet.of(CaseState.REGISTERED, CaseState.ASSIGNED, CaseState.IN_PROGRESS)),
    ESCALATE(EnumSet.of(CaseState.REGISTERED, CaseState.ASSIGNED, CaseState.IN_PROGRESS)),
    REOPEN(EnumSet.of(CaseState.RESOLVED, CaseState.CLOSED)),
    WITHDRAW(EnumSet.of(CaseState.REGISTERED, CaseState.ASSIGNED, CaseState.IN_PROGRESS)),
    REFER(EnumSet.of(CaseState.ASSIGNED, CaseState.IN_PROGRESS));

    private final Set<CaseState> from;

    CaseAction(Set<CaseState> from) {
        this.from = from;
    }

    public boolean allowedFrom(CaseState state) {
        return from.contains(state);
    }

    /** URL form: SEND_BACK -> send-back. */
    public String slug() {
        return name().toLowerCase().replace('_', '-');
    }

    public static CaseAction fromSlug(String slug) {
        for (CaseAction a : values()) {
            if (a.slug().equals(slug) || a.name().equalsIgnoreCase(slug)) {
                return a;
            }
        }
        return null;
    }

    public String messageKey() {
        return "cw.action." + name();
    }
}
