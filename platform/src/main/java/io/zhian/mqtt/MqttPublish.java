package io.zhian.mqtt;

/** Sends a message to devices (commands, credential lists …). */
public interface MqttPublish {

    /** Publishes to every client subscribed to a matching filter; QoS 0 or 1. */
    void publish(String topic, byte[] payload, int qos);
}
