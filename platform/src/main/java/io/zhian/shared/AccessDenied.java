package io.zhian.shared;

/**
 * Published when a request was refused: a role that may not act, or an id outside the caller's
 * scope. The audit module records it. Carries ids only.
 */
public record AccessDenied(String objectType, String objectId, String reason) {}
