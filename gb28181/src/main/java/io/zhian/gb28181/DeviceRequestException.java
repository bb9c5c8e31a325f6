package io.zhian.gb28181;

/** A request the server sent to a device failed: the device is not registered, answered an error, or timed out. */
public final class DeviceRequestException extends RuntimeException {

    private final GbDeviceId deviceId;
    private final int statusCode;

    public DeviceRequestException(GbDeviceId deviceId, int statusCode, String message) {
        super(message);
        this.deviceId = deviceId;
        this.statusCode = statusCode;
    }

    public GbDeviceId deviceId() {
        return deviceId;
    }

    /** The SIP status the device answered, or 0 when there was no response (not registered, timeout, I/O error). */
    public int statusCode() {
        return statusCode;
    }
}
