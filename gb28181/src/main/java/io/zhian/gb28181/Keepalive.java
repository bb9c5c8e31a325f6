package io.zhian.gb28181;

import java.time.Instant;

/** A {@code <Notify><CmdType>Keepalive</CmdType>} from a registered device. {@code status} is usually "OK". */
public record Keepalive(GbDeviceId deviceId, String sn, String status, Instant receivedAt) {

    public boolean healthy() {
        return "OK".equalsIgnoreCase(status);
    }
}
