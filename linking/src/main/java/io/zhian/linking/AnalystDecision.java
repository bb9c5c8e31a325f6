package io.zhian.linking;

import java.util.Objects;

/**
 * An analyst's ruling on a pair of cases. Decisions override identifier evidence and are part of
 * the exported {@link LinkingState} so they survive restarts.
 */
public record AnalystDecision(Kind kind, String caseA, String caseB, String note) {
    public enum Kind {
        /** Always in the same series. */
        MUST_LINK,
        /** Never in the same series (they may still share a gang). */
        CANNOT_LINK
    }

    public AnalystDecision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(caseA, "caseA");
        Objects.requireNonNull(caseB, "caseB");
        if (caseA.equals(caseB)) {
            throw new IllegalArgumentException("a decision needs two different cases");
        }
        note = note == null ? "" : note;
    }
}
