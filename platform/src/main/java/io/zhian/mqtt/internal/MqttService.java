package io.zhian.mqtt.internal;

import io.zhian.mqtt.MqttEndpoint;
import io.zhian.mqtt.MqttIngest;
import io.zhian.mqtt.MqttPublish;
import org.springframework.context.SmartLifecycle;

/** The one MQTT bean: embedded endpoint or external broker client. */
interface MqttService extends MqttIngest, MqttPublish, MqttEndpoint, SmartLifecycle {}
