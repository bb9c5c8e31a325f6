package io.zhian.mqtt.internal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zhian.mqtt.MqttBatchHandler;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bench only (not part of the platform): the platform's own MQTT endpoint — {@link EmbeddedMqttServer} with
 * {@link Subscriptions} and {@link DeadLetters}, compiled into the bench from {@code platform/src/main/java} —
 * assembled by hand the way {@code MqttConfiguration} wires it in the server, without Spring. It listens on
 * 127.0.0.1 on a free port; a QoS 1 message gets its PUBACK only after the subscribed handler returned.
 */
public final class BenchMqtt implements AutoCloseable {

    private final EmbeddedMqttServer server;

    private BenchMqtt(EmbeddedMqttServer server) {
        this.server = server;
    }

    /**
     * Starts the endpoint. Dead letters go to {@code mqtt_dead_letter} in {@code dataSource} (the table must exist,
     * see {@code V1300__mqtt.sql}).
     */
    public static BenchMqtt start(DataSource dataSource) {
        Subscriptions subscriptions = new Subscriptions(new DeadLetters(JdbcClient.create(dataSource)), new SimpleMeterRegistry());
        EmbeddedMqttServer server = new EmbeddedMqttServer(new MqttProperties(null, "127.0.0.1", 0, null, null, null), subscriptions);
        server.start();
        return new BenchMqtt(server);
    }

    /** {@link io.zhian.mqtt.MqttIngest#subscribe}: the handler runs on a thread named {@code mqtt-<name>}. */
    public void subscribe(String name, String topicFilter, int maxBatch, MqttBatchHandler handler) {
        server.subscribe(name, topicFilter, maxBatch, handler);
    }

    /** The broker URL, e.g. {@code tcp://127.0.0.1:40123}. */
    public String url() {
        return server.url();
    }

    public long unroutedCount() {
        return server.unroutedCount();
    }

    public long deadLetterCount() {
        return server.deadLetterCount();
    }

    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
