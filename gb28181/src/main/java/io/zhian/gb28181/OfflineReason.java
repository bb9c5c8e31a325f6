package io.zhian.gb28181;

/** Why a device went from online to offline. Each online period ends with exactly one of these. */
public enum OfflineReason {
    /** The device sent an authenticated REGISTER with Expires: 0. */
    UNREGISTERED,
    /** The registration's Expires elapsed without a refresh. */
    REGISTRATION_EXPIRED,
    /** No keepalive for {@code maxMissedKeepalives × keepaliveInterval}. */
    KEEPALIVE_TIMEOUT
}
