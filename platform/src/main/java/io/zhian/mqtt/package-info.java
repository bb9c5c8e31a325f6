/**
 * MQTT for devices and compounds. By default Zhian runs its own MQTT endpoint (Vert.x MQTT server) so
 * that nothing else needs installing; with {@code zhian.mqtt.url} set it subscribes to an external broker
 * (Mosquitto, EMQX …) instead. Modules consume messages in batches through {@link io.zhian.mqtt.MqttIngest};
 * a QoS 1 message is acknowledged only after the consuming handler has returned, i.e. after its
 * database transaction committed, so an acknowledged message is never lost. Messages a handler keeps
 * failing on are stored as dead letters rather than dropped or retried forever.
 */
@org.springframework.modulith.ApplicationModule(displayName = "MQTT ingestion")
package io.zhian.mqtt;
