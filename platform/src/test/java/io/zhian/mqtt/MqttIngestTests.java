package io.zhian.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.ZhianTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ZhianTest
class MqttIngestTests {

    @Autowired MqttIngest ingest;
    @Autowired MqttEndpoint endpoint;
    @Autowired MqttPublish publish;
    @Autowired JdbcClient jdbc;

    private MqttAsyncClient connect(String id) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(endpoint.url(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(5000);
        client.connect(o).waitForCompletion(10_000);
        return client;
    }

    @Test
    void a_qos1_message_is_acknowledged_only_after_the_handler_returned() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        ingest.subscribe("test-slow", "test/slow/+", 50, batch -> {
            batch.forEach(m -> seen.add(m.payloadUtf8()));
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        });
        MqttAsyncClient client = connect("slow-publisher");
        IMqttDeliveryToken token = client.publish("test/slow/a", "one".getBytes(StandardCharsets.UTF_8), 1, false);
        Thread.sleep(500);
        assertThat(seen).containsExactly("one");
        assertThat(token.isComplete()).as("PUBACK must wait for the handler").isFalse();
        release.countDown();
        token.waitForCompletion(5000);
        assertThat(token.isComplete()).isTrue();
        client.disconnect().waitForCompletion(5000);
        client.close();
    }

    @Test
    void many_messages_arrive_in_batches_and_all_are_acknowledged() throws Exception {
        AtomicInteger count = new AtomicInteger();
        AtomicInteger largestBatch = new AtomicInteger();
        ingest.subscribe("test-bulk", "test/bulk/#", 200, batch -> {
            count.addAndGet(batch.size());
            largestBatch.accumulateAndGet(batch.size(), Math::max);
        });
        MqttAsyncClient client = connect("bulk-publisher");
        IMqttDeliveryToken last = null;
        for (int i = 0; i < 2000; i++) {
            last = client.publish("test/bulk/x/" + (i % 7), ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        last.waitForCompletion(20_000);
        long deadline = System.currentTimeMillis() + 10_000;
        while (count.get() < 2000 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count.get()).isEqualTo(2000);
        assertThat(largestBatch.get()).isGreaterThan(1);
        client.disconnect().waitForCompletion(5000);
        client.close();
    }

    @Test
    void a_message_the_handler_keeps_failing_on_is_dead_lettered_and_the_rest_go_through() throws Exception {
        List<String> stored = new CopyOnWriteArrayList<>();
        ingest.subscribe("test-poison", "test/poison", 10, batch -> {
            for (MqttMessageIn m : batch) {
                if (m.payloadUtf8().equals("poison")) {
                    throw new IllegalArgumentException("cannot handle poison");
                }
            }
            batch.forEach(m -> stored.add(m.payloadUtf8()));
        });
        long before = endpoint.deadLetterCount();
        MqttAsyncClient client = connect("poison-publisher");
        client.publish("test/poison", "good1".getBytes(StandardCharsets.UTF_8), 1, false);
        client.publish("test/poison", "poison".getBytes(StandardCharsets.UTF_8), 1, false);
        IMqttDeliveryToken last = client.publish("test/poison", "good2".getBytes(StandardCharsets.UTF_8), 1, false);
        last.waitForCompletion(20_000);
        long deadline = System.currentTimeMillis() + 10_000;
        while (stored.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stored).contains("good1", "good2").doesNotContain("poison");
        assertThat(endpoint.deadLetterCount()).isEqualTo(before + 1);
        assertThat(jdbc.sql("select count(*) from mqtt_dead_letter where subscription = 'test-poison' and error like '%cannot handle poison%'")
                .query(Long.class).single()).isEqualTo(1L);
        client.disconnect().waitForCompletion(5000);
        client.close();
    }

    @Test
    void a_device_subscribed_to_its_topic_receives_what_the_platform_publishes() throws Exception {
        MqttAsyncClient device = connect("device-1");
        List<String> got = new CopyOnWriteArrayList<>();
        device.subscribe("zhian/test/device-1/#", 1, (topic, message) -> got.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)))
                .waitForCompletion(5000);
        publish.publish("zhian/test/device-1/command", "open".getBytes(StandardCharsets.UTF_8), 1);
        publish.publish("zhian/test/device-2/command", "other".getBytes(StandardCharsets.UTF_8), 1);
        long deadline = System.currentTimeMillis() + 5000;
        while (got.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        assertThat(got).containsExactly("zhian/test/device-1/command=open");
        device.disconnect().waitForCompletion(5000);
        device.close();
    }

    @Test
    void the_endpoint_listens_on_loopback_by_default_and_reports_its_url() {
        assertThat(endpoint.embedded()).isTrue();
        assertThat(endpoint.url()).startsWith("tcp://127.0.0.1:").doesNotEndWith(":0").doesNotEndWith(":18830");
    }
}
