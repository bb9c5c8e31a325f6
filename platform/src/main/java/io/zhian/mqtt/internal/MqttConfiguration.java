package io.zhian.mqtt.internal;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One bean serves as {@code MqttIngest}, {@code MqttPublish} and {@code MqttEndpoint}: embedded or external. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MqttProperties.class)
class MqttConfiguration {

    @Bean
    MqttService zhianMqtt(MqttProperties properties, DeadLetters deadLetters, MeterRegistry meters) {
        Subscriptions subscriptions = new Subscriptions(deadLetters, meters);
        return properties.external() ? new ExternalMqttBroker(properties, subscriptions)
                : new EmbeddedMqttServer(properties, subscriptions);
    }
}
