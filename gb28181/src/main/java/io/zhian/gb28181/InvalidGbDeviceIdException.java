package io.zhian.gb28181;

/** A string that is not a valid GB/T 28181 20-digit code; {@link #reason()} says why, for logs and 400 reason phrases. */
public final class InvalidGbDeviceIdException extends IllegalArgumentException {

    private final String rejected;
    private final String reason;

    public InvalidGbDeviceIdException(String rejected, String reason) {
        super("invalid GB/T 28181 id '" + rejected + "': " + reason);
        this.rejected = rejected;
        this.reason = reason;
    }

    public String rejected() {
        return rejected;
    }

    public String reason() {
        return reason;
    }
}
