package io.zhian.mqtt;

/** Subscriptions of platform modules to device topics. */
public interface MqttIngest {

    /**
     * Delivers messages whose topic matches {@code topicFilter} (MQTT wildcards {@code +} and {@code #})
     * to {@code handler}, at most {@code maxBatch} at a time, on a dedicated thread.
     *
     * @param name a short stable name (used for the external broker's client id and in metrics)
     */
    void subscribe(String name, String topicFilter, int maxBatch, MqttBatchHandler handler);
}
