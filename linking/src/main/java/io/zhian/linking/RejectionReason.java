package io.zhian.linking;

/** Why a raw identifier was not accepted; counted in the {@link QualityReport}. */
public enum RejectionReason {
    /** Null, empty or whitespace only. */
    BLANK,
    /** A filler such as "无", "空", "unknown", "n/a", "null", "-", "000000". */
    PLACEHOLDER,
    /** Digits that are all the same ("1111111"): typed to get past a mandatory form field. */
    REPEATED_DIGITS,
    /** Fewer characters/digits than the type needs. */
    TOO_SHORT,
    /** More characters/digits than the type allows. */
    TOO_LONG,
    /** Characters or structure that cannot be this type. */
    INVALID_FORMAT,
    /** Syntactically plausible but not handled (e.g. internationalised domain names). */
    UNSUPPORTED
}
