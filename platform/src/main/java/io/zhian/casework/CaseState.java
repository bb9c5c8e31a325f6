package io.zhian.casework;

/** Where a case stands. CLOSED carries an {@link CaseOutcome}; RESOLVED always has outcome RESOLVED. */
public enum CaseState {
    REGISTERED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED;

    public boolean open() {
        return this == REGISTERED || this == ASSIGNED || this == IN_PROGRESS;
    }
}
