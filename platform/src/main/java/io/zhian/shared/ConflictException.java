package io.zhian.shared;

/** The action conflicts with the record's current state (stale version, duplicate, still referenced). */
public class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
