package io.zhian.identity;

/** Data-scope kinds of a role assignment (RuoYi's all / unit and below / own unit / self, as bind parameters). */
public enum ScopeKind {
    /** every row */
    ALL,
    /** rows in a region and everything below it */
    REGION,
    /** rows of the user's own unit */
    UNIT,
    /** rows the user owns */
    SELF
}
