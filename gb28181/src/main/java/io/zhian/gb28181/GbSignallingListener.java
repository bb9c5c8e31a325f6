package io.zhian.gb28181;

/**
 * Domain callbacks from {@link SipSignallingServer}. Called on one dedicated event thread, in arrival order,
 * never on a SIP stack thread, so a slow implementation delays other callbacks but not SIP responses.
 * Exceptions thrown here are logged and swallowed.
 */
public interface GbSignallingListener {

    /** Every successful REGISTER, including refreshes ({@link DeviceRegistration#refresh()}). */
    default void deviceRegistered(DeviceRegistration registration) {
    }

    /** Raised exactly once when an online device goes offline, whatever the reason. */
    default void deviceOffline(GbDeviceId deviceId, OfflineReason reason) {
    }

    default void keepaliveReceived(Keepalive keepalive) {
    }

    /** A catalog, complete or (after the timeout) partial; requested or pushed by the device. */
    default void catalogReceived(CatalogResult catalog) {
    }

    default void alarmReceived(AlarmNotification alarm) {
    }

    /** A message that was refused as malformed; also counted in {@link SipSignallingServer#malformedMessageCount()}. */
    default void malformedMessage(MalformedMessage message) {
    }
}
