package io.zhian.shared;

/**
 * A record does not exist or lies outside the caller's data scope. Both answer 404 so that guessing
 * ids reveals nothing; the out-of-scope case is still recorded as a denial.
 */
public class NotFoundException extends RuntimeException {
    private final String objectType;
    private final String objectId;
    private final boolean outOfScope;

    public NotFoundException(String objectType, Object objectId) {
        this(objectType, objectId, false);
    }

    private NotFoundException(String objectType, Object objectId, boolean outOfScope) {
        super(objectType + " " + objectId + " not found");
        this.objectType = objectType;
        this.objectId = String.valueOf(objectId);
        this.outOfScope = outOfScope;
    }

    /** The record exists but the caller's scope does not cover it. */
    public static NotFoundException outOfScope(String objectType, Object objectId) {
        return new NotFoundException(objectType, objectId, true);
    }

    public String objectType() {
        return objectType;
    }

    public String objectId() {
        return objectId;
    }

    public boolean outOfScope() {
        return outOfScope;
    }
}
