package io.zhian.mqtt.internal;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.zhian.mqtt.MqttBatchHandler;
import io.zhian.mqtt.MqttEndpoint;
import io.zhian.mqtt.MqttIngest;
import io.zhian.mqtt.MqttMessageIn;
import io.zhian.mqtt.MqttPublish;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The platform's own MQTT endpoint (MQTT 3.1.1/5 over TCP, Vert.x MQTT server). Devices publish to it;
 * a QoS 1 PUBLISH is answered with PUBACK only once every subscribed module has handled (committed) it,
 * so a device that got its PUBACK knows the record is stored. Clients may subscribe to receive what the
 * platform publishes to them ({@link MqttPublish}); messages between clients are not relayed.
 */
final class EmbeddedMqttServer implements MqttService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttServer.class);

    private record Client(io.vertx.mqtt.MqttEndpoint endpoint, Context context, List<String> filters) {}

    private final MqttProperties properties;
    private final Subscriptions subscriptions;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private Vertx vertx;
    private MqttServer server;
    private volatile int port;

    EmbeddedMqttServer(MqttProperties properties, Subscriptions subscriptions) {
        this.properties = properties;
        this.subscriptions = subscriptions;
    }

    @Override
    public void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        MqttServerOptions options = new MqttServerOptions()
                .setHost(properties.host())
                .setPort(properties.port())
                .setMaxMessageSize(properties.maxMessageBytes())
                .setTimeoutOnConnect(30);
        server = MqttServer.create(vertx, options)
                .endpointHandler(this::accept)
                .exceptionHandler(e -> log.debug("MQTT connection error: {}", e.toString()));
        try {
            server.listen().await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("The MQTT endpoint could not listen on " + properties.host() + ":" + properties.port()
                    + " (" + e.getMessage() + "). Set zhian.mqtt.port to a free port, or zhian.mqtt.url to use an external broker."
                    + " / MQTT 端口被占用：请设置 zhian.mqtt.port 为空闲端口，或用 zhian.mqtt.url 指向外部服务器。", e);
        }
        port = server.actualPort();
        log.info("MQTT endpoint listening on {}:{}{}", properties.host(), port,
                properties.username() == null ? " (loopback only: set zhian.mqtt.username/password to accept devices from the network)" : "");
    }

    private void accept(io.vertx.mqtt.MqttEndpoint endpoint) {
        if (properties.username() != null && !credentialsMatch(endpoint)) {
            endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            return;
        }
        Context context = Vertx.currentContext();
        String clientId = endpoint.clientIdentifier();
        Client client = new Client(endpoint, context, new CopyOnWriteArrayList<>());
        Client previous = clients.put(clientId, client);
        if (previous != null && previous.endpoint() != endpoint) {
            previous.context().runOnContext(v -> safely(previous.endpoint()::close));
        }
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(message -> received(client, message));
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(subscribe -> {
            List<MqttQoS> granted = new ArrayList<>();
            for (MqttTopicSubscription s : subscribe.topicSubscriptions()) {
                if (TopicFilters.valid(s.topicName())) {
                    client.filters().add(s.topicName());
                    granted.add(s.qualityOfService() == MqttQoS.EXACTLY_ONCE ? MqttQoS.AT_LEAST_ONCE : s.qualityOfService());
                } else {
                    granted.add(MqttQoS.FAILURE);
                }
            }
            endpoint.subscribeAcknowledge(subscribe.messageId(), granted);
        });
        endpoint.unsubscribeHandler(unsubscribe -> {
            client.filters().removeAll(unsubscribe.topics());
            endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
        });
        endpoint.closeHandler(v -> clients.remove(clientId, client));
        endpoint.exceptionHandler(e -> log.debug("MQTT client {}: {}", clientId, e.toString()));
        endpoint.accept(false);
    }

    private boolean credentialsMatch(io.vertx.mqtt.MqttEndpoint endpoint) {
        if (endpoint.auth() == null || endpoint.auth().getUsername() == null || endpoint.auth().getPassword() == null) {
            return false;
        }
        byte[] user = endpoint.auth().getUsername().getBytes(StandardCharsets.UTF_8);
        byte[] password = endpoint.auth().getPassword().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(user, properties.username().getBytes(StandardCharsets.UTF_8))
                & MessageDigest.isEqual(password, String.valueOf(properties.password()).getBytes(StandardCharsets.UTF_8));
    }

    private void received(Client client, MqttPublishMessage message) {
        MqttMessageIn in = new MqttMessageIn(message.topicName(), message.payload().getBytes(), Instant.now());
        int id = message.messageId();
        io.vertx.mqtt.MqttEndpoint endpoint = client.endpoint();
        Runnable ack = switch (message.qosLevel()) {
            case AT_LEAST_ONCE -> () -> client.context().runOnContext(v -> safely(() -> endpoint.publishAcknowledge(id)));
            case EXACTLY_ONCE -> () -> client.context().runOnContext(v -> safely(() -> endpoint.publishReceived(id)));
            default -> () -> {};
        };
        subscriptions.route(in, ack);
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("MQTT client gone before its acknowledgement: {}", e.toString());
        }
    }

    @Override
    public void subscribe(String name, String topicFilter, int maxBatch, MqttBatchHandler handler) {
        subscriptions.add(name, topicFilter, maxBatch, handler);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos) {
        MqttQoS level = qos <= 0 ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
        for (Client c : clients.values()) {
            if (c.filters().stream().anyMatch(f -> TopicFilters.matches(f, topic))) {
                c.context().runOnContext(v -> safely(() -> c.endpoint().publish(topic, Buffer.buffer(payload), level, false, false)));
            }
        }
    }

    @Override
    public String url() {
        String host = "0.0.0.0".equals(properties.host()) ? "127.0.0.1" : properties.host();
        return "tcp://" + host + ":" + port;
    }

    @Override
    public boolean embedded() {
        return true;
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
        if (server != null) {
            try {
                server.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("MQTT endpoint close: {}", e.toString());
            }
        }
        subscriptions.stop();
        if (vertx != null) {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("Vert.x close: {}", e.toString());
            }
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Starts before the web server so devices connecting early find their handlers registered. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
