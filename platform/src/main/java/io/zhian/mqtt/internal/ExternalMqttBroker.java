package io.zhian.mqtt.internal;

import io.zhian.mqtt.MqttBatchHandler;
import io.zhian.mqtt.MqttEndpoint;
import io.zhian.mqtt.MqttIngest;
import io.zhian.mqtt.MqttMessageIn;
import io.zhian.mqtt.MqttPublish;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Subscribes to an external broker ({@code zhian.mqtt.url}). One persistent session (clean session off)
 * per subscription with manual acknowledgements: the broker keeps a message until the handler has
 * committed it, also across restarts of Zhian.
 */
final class ExternalMqttBroker implements MqttService {

    private static final Logger log = LoggerFactory.getLogger(ExternalMqttBroker.class);

    private record Registered(String name, String filter, int maxBatch, MqttBatchHandler handler) {}

    private final MqttProperties properties;
    private final Subscriptions subscriptions;
    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final List<MqttAsyncClient> clients = new CopyOnWriteArrayList<>();
    private MqttAsyncClient publisher;
    private volatile boolean running;

    ExternalMqttBroker(MqttProperties properties, Subscriptions subscriptions) {
        this.properties = properties;
        this.subscriptions = subscriptions;
    }

    @Override
    public void subscribe(String name, String topicFilter, int maxBatch, MqttBatchHandler handler) {
        Registered r = new Registered(name, topicFilter, maxBatch, handler);
        registered.add(r);
        if (running) {
            connect(r);
        }
    }

    @Override
    public void start() {
        running = true;
        try {
            publisher = new MqttAsyncClient(properties.url(), "zhian-publisher", new MemoryPersistence());
            publisher.connect(options(true)).waitForCompletion(20_000);
        } catch (MqttException e) {
            throw new IllegalStateException("Cannot connect to the MQTT broker " + properties.url() + ": " + e.getMessage()
                    + " / 无法连接 MQTT 服务器", e);
        }
        registered.forEach(this::connect);
        log.info("Using the external MQTT broker {}", properties.url());
    }

    private void connect(Registered r) {
        Subscriptions.Subscription target = subscriptions.add(r.name(), r.filter(), r.maxBatch(), r.handler());
        try {
            MqttAsyncClient client = new MqttAsyncClient(properties.url(), "zhian-" + r.name(), new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(new MqttCallbackExtended() {
                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                    try {
                        client.subscribe(r.filter(), 1);
                    } catch (MqttException e) {
                        log.error("MQTT subscribe {} failed: {}", r.filter(), e.toString());
                    }
                }

                @Override
                public void connectionLost(Throwable cause) {
                    log.warn("MQTT connection for {} lost: {} (reconnecting)", r.name(), String.valueOf(cause));
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    MqttMessageIn in = new MqttMessageIn(topic, message.getPayload(), Instant.now());
                    int id = message.getId();
                    int qos = message.getQos();
                    target.queue.add(new Subscriptions.Pending(in, new Subscriptions.Ack(1, () -> {
                        try {
                            client.messageArrivedComplete(id, qos);
                        } catch (MqttException e) {
                            log.debug("MQTT ack failed: {}", e.toString());
                        }
                    })));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            client.connect(options(false)).waitForCompletion(20_000);
            clients.add(client);
        } catch (MqttException e) {
            throw new IllegalStateException("Cannot subscribe to " + r.filter() + " on " + properties.url() + ": " + e.getMessage(), e);
        }
    }

    private MqttConnectOptions options(boolean clean) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(1000);
        if (properties.username() != null) {
            o.setUserName(properties.username());
            o.setPassword(String.valueOf(properties.password()).toCharArray());
        }
        return o;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos) {
        try {
            publisher.publish(topic, payload, Math.min(1, Math.max(0, qos)), false);
        } catch (MqttException e) {
            throw new IllegalStateException("MQTT publish to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String url() {
        return properties.url();
    }

    @Override
    public boolean embedded() {
        return false;
    }

    @Override
    public long unroutedCount() {
        return subscriptions.unroutedCount();
    }

    @Override
    public long deadLetterCount() {
        return subscriptions.deadLetterCount();
    }

    @Override
    public void stop() {
        running = false;
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnect().waitForCompletion(5000);
                c.close();
            } catch (MqttException e) {
                log.debug("MQTT disconnect: {}", e.toString());
            }
        }
        subscriptions.stop();
        try {
            if (publisher != null) {
                publisher.disconnect().waitForCompletion(5000);
                publisher.close();
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
