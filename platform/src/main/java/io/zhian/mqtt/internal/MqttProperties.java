package io.zhian.mqtt.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code zhian.mqtt.*}: with {@code url} empty the platform runs its own MQTT endpoint on {@code host}:{@code port}
 * (port 0 picks a free one); with {@code url} set it subscribes to that external broker instead.
 * Without {@code username} the embedded endpoint listens on the loopback interface only.
 */
@ConfigurationProperties("zhian.mqtt")
public record MqttProperties(String url, String host, Integer port, String username, String password, Integer maxMessageBytes) {

    public MqttProperties {
        url = url == null || url.isBlank() ? null : url.trim();
        username = username == null || username.isBlank() ? null : username;
        port = port == null ? 18830 : port;
        maxMessageBytes = maxMessageBytes == null ? 65536 : maxMessageBytes;
        host = host == null || host.isBlank() ? (username == null ? "127.0.0.1" : "0.0.0.0") : host;
    }

    boolean external() {
        return url != null;
    }
}
