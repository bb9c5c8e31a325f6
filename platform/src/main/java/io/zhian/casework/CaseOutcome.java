package io.zhian.casework;

/**
 * How a case ended, kept apart so rates are computed honestly: only RESOLVED counts as resolved;
 * WITHDRAWN and TRANSFERRED (handed to a body outside this platform) are not decisions on the merits.
 */
public enum CaseOutcome {
    RESOLVED, CLOSED_UNRESOLVED, WITHDRAWN, TRANSFERRED, REFERRED_TO_COURT
}
