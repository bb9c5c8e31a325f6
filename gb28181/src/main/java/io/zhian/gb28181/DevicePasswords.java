package io.zhian.gb28181;

import java.util.Map;
import java.util.Optional;

/**
 * Where the registrar gets each device's digest password. The platform backs this with its device table;
 * an empty result means "unknown device" and the REGISTER is refused with 403.
 */
@FunctionalInterface
public interface DevicePasswords {

    Optional<String> passwordFor(GbDeviceId deviceId);

    static DevicePasswords of(Map<GbDeviceId, String> passwords) {
        Map<GbDeviceId, String> copy = Map.copyOf(passwords);
        return id -> Optional.ofNullable(copy.get(id));
    }
}
