package io.zhian.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A message received over MQTT: its topic, raw payload and when the platform received it. */
public record MqttMessageIn(String topic, byte[] payload, Instant receivedAt) {

    public String payloadUtf8() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The topic's levels, e.g. {@code zhian/community/HLGG/access} → [zhian, community, HLGG, access]. */
    public String[] topicLevels() {
        return topic.split("/", -1);
    }
}
