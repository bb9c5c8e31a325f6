package io.zhian.mqtt.internal;

import io.zhian.mqtt.MqttMessageIn;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Messages a handler failed on repeatedly: kept with the error, never silently dropped. */
@Component
class DeadLetters {

    private final JdbcClient jdbc;

    DeadLetters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void store(String subscription, MqttMessageIn message, Throwable error) {
        String reason = String.valueOf(error);
        jdbc.sql("""
                insert into mqtt_dead_letter (subscription, topic, payload, error, received_at)
                values (:subscription, :topic, :payload, :error, :receivedAt)""")
                .param("subscription", subscription)
                .param("topic", message.topic())
                .param("payload", message.payload())
                .param("error", reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                .param("receivedAt", Timestamp.from(message.receivedAt()))
                .update();
    }
}
