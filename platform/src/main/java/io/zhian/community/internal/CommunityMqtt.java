package io.zhian.community.internal;

import io.zhian.mqtt.MqttIngest;
import io.zhian.mqtt.MqttMessageIn;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MQTT wiring: {@code zhian/community/{compoundCode}/access} carries access events (the webhook's JSON,
 * one object or an array, the compound taken from the topic); {@code zhian/community/{compoundCode}/alarm}
 * carries panel presses of the one-key alarm. A batch is committed before the handler returns, so the
 * broker is acknowledged only for stored events; malformed messages are counted and skipped.
 */
@Component
class CommunityMqtt {

    static final String ACCESS = "zhian/community/+/access";
    static final String ALARM = "zhian/community/+/alarm";
    private static final Logger log = LoggerFactory.getLogger(CommunityMqtt.class);

    private final AccessIngest ingest;
    private final CompoundAlarms alarms;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    CommunityMqtt(MqttIngest mqtt, AccessIngest ingest, CompoundAlarms alarms, JdbcClient jdbc) {
        this.ingest = ingest;
        this.alarms = alarms;
        this.jdbc = jdbc;
        mqtt.subscribe("community-access", ACCESS, 1000, this::access);
        mqtt.subscribe("community-alarm", ALARM, 50, this::alarm);
    }

    void access(List<MqttMessageIn> batch) {
        List<byte[]> payloads = new ArrayList<>(batch.size());
        List<String> compounds = new ArrayList<>(batch.size());
        for (MqttMessageIn m : batch) {
            payloads.add(m.payload());
            compounds.add(m.topicLevels()[2]);
        }
        ingest.ingestAll(payloads, compounds);
    }

    void alarm(List<MqttMessageIn> batch) {
        for (MqttMessageIn m : batch) {
            String code = m.topicLevels()[2];
            Long compound = jdbc.sql("SELECT id FROM community_compound WHERE code = :c").param("c", code).query(Long.class).optional()
                    .orElse(null);
            try {
                JsonNode n = json.readTree(m.payload());
                String device = n.path("deviceId").asString("");
                String press = n.path("pressId").asString("");
                if (compound == null || device.isBlank() || press.isBlank() || device.length() > 40 || press.length() > 40) {
                    ingest.countMalformed(1);
                    continue;
                }
                Instant at = n.hasNonNull("at") ? Instant.parse(n.get("at").asString()) : m.receivedAt();
                alarms.raiseFromPanel(compound, device, press, n.path("place").asString(null), at);
            } catch (JacksonException | DateTimeParseException e) {
                log.debug("Malformed alarm message on {}: {}", m.topic(), e.getMessage());
                ingest.countMalformed(1);
            }
        }
    }
}
