package io.zhian.mqtt;

import java.util.List;

/**
 * Consumes a batch of messages. Returning normally acknowledges every message of the batch; throwing
 * leaves them unacknowledged and the batch is retried (then split, then dead-lettered). A handler
 * should therefore commit its work before returning, ignore duplicates (MQTT QoS 1 is at-least-once),
 * and count and skip malformed payloads itself rather than throw for them.
 */
@FunctionalInterface
public interface MqttBatchHandler {

    void handle(List<MqttMessageIn> batch) throws Exception;
}
