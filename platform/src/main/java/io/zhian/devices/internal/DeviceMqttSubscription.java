package io.zhian.devices.internal;

import io.zhian.mqtt.MqttIngest;
import io.zhian.mqtt.MqttMessageIn;
import org.springframework.stereotype.Component;

/**
 * Subscribes the device intake to {@code zhian/devices/+/+} on the platform's MQTT endpoint. Malformed messages are
 * counted and skipped (never thrown, so they are acknowledged and not retried); alarms are committed before the batch
 * returns. Heartbeats are only noted in memory and flushed within seconds: losing one in a crash costs nothing, the
 * next arrives within a minute.
 */
@Component
class DeviceMqttSubscription {

    static final String TOPIC_FILTER = "zhian/devices/+/+";

    DeviceMqttSubscription(MqttIngest ingest, DeviceMessages messages) {
        ingest.subscribe("devices", TOPIC_FILTER, 500, batch -> {
            for (MqttMessageIn m : batch) {
                messages.accept(m.topic(), m.payload(), m.receivedAt());
            }
        });
    }
}
