package io.zhian.gb28181;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Online devices and their liveness. A device is online from its first successful REGISTER until it
 * unregisters, its registration expires, or it misses too many keepalives; leaving removes the session, which
 * is what guarantees the offline callback fires once per online period.
 */
final class DeviceSessions {

    record Session(DeviceRegistration registration, Instant expiresAt, Instant lastSeen) {
    }

    record WentOffline(GbDeviceId deviceId, OfflineReason reason) {
    }

    private final Map<GbDeviceId, Session> sessions = new ConcurrentHashMap<>();
    private final Duration keepaliveTimeout;

    DeviceSessions(Duration keepaliveTimeout) {
        this.keepaliveTimeout = keepaliveTimeout;
    }

    /** Records a registration; {@code refresh} in the returned value says whether the device was already online. */
    DeviceRegistration register(DeviceRegistration candidate) {
        Session[] previous = new Session[1];
        Session updated = sessions.compute(candidate.deviceId(), (id, old) -> {
            previous[0] = old;
            DeviceRegistration reg = new DeviceRegistration(candidate.deviceId(), candidate.transport(),
                    candidate.remoteAddress(), candidate.contact(), candidate.expires(), candidate.userAgent(),
                    candidate.registeredAt(), old != null);
            return new Session(reg, reg.expiresAt(), reg.registeredAt());
        });
        return updated.registration();
    }

    /** True if the device was online (and so an offline event is due). */
    boolean unregister(GbDeviceId deviceId) {
        return sessions.remove(deviceId) != null;
    }

    /** Marks liveness; empty when the device is not online. */
    Optional<Session> touch(GbDeviceId deviceId, Instant now) {
        return Optional.ofNullable(sessions.computeIfPresent(deviceId,
                (id, s) -> new Session(s.registration(), s.expiresAt(), now)));
    }

    Optional<Session> find(GbDeviceId deviceId) {
        return Optional.ofNullable(sessions.get(deviceId));
    }

    List<DeviceRegistration> online() {
        return sessions.values().stream().map(Session::registration).toList();
    }

    /** Removes every session that expired or fell silent by {@code now}; each is reported exactly once. */
    List<WentOffline> sweep(Instant now) {
        List<WentOffline> offline = new ArrayList<>();
        for (GbDeviceId id : List.copyOf(sessions.keySet())) {
            sessions.computeIfPresent(id, (key, s) -> {
                OfflineReason reason = reasonToDrop(s, now);
                if (reason == null) {
                    return s;
                }
                offline.add(new WentOffline(key, reason));
                return null;
            });
        }
        return offline;
    }

    private OfflineReason reasonToDrop(Session s, Instant now) {
        if (!now.isBefore(s.expiresAt())) {
            return OfflineReason.REGISTRATION_EXPIRED;
        }
        if (!now.isBefore(s.lastSeen().plus(keepaliveTimeout))) {
            return OfflineReason.KEEPALIVE_TIMEOUT;
        }
        return null;
    }
}
