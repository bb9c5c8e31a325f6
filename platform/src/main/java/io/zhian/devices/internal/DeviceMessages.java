package io.zhian.devices.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zhian.devices.DeviceView;
import io.zhian.devices.Devices;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages from MQTT devices (light boxes, alarm pillars, door controllers, intercoms), from the broker or over
 * HTTP: {@code zhian/devices/{deviceCode}/heartbeat|status|alarm} with a small JSON body (schema in README).
 * Anything that breaks the schema is refused and counted; heartbeats never touch the database synchronously.
 */
@Component
public class DeviceMessages {

    private static final Logger log = LoggerFactory.getLogger(DeviceMessages.class);
    public static final Pattern TOPIC = Pattern.compile("zhian/devices/([A-Za-z0-9_-]{2,40})/(heartbeat|status|alarm)");
    static final int MAX_BYTES = 4096;
    static final Set<String> ALARM_TYPES = Set.of("ONE_KEY", "TAMPER", "INTRUSION", "FIRE", "FAULT", "OTHER");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The outcome of one message. */
    public record Outcome(boolean accepted, String reason) {
        static final Outcome OK = new Outcome(true, null);

        static Outcome refused(String reason) {
            return new Outcome(false, reason);
        }
    }

    private final Devices devices;
    private final DeviceStatusTracker tracker;
    private final DeviceAlarms alarms;
    private final JdbcClient jdbc;
    private final AtomicLong malformed = new AtomicLong();
    private final Counter accepted;
    private final Counter refused;

    DeviceMessages(Devices devices, DeviceStatusTracker tracker, DeviceAlarms alarms, JdbcClient jdbc, MeterRegistry meters) {
        this.devices = devices;
        this.tracker = tracker;
        this.alarms = alarms;
        this.jdbc = jdbc;
        this.accepted = Counter.builder("zhian.devices.messages").tag("outcome", "accepted").register(meters);
        this.refused = Counter.builder("zhian.devices.messages").tag("outcome", "refused").register(meters);
    }

    public long malformedCount() {
        return malformed.get();
    }

    /** A message as it came from the broker. */
    public Outcome accept(String topic, byte[] payload, Instant receivedAt) {
        Matcher m = topic == null ? null : TOPIC.matcher(topic);
        if (m == null || !m.matches()) {
            return refuse("topic '" + topic + "' is not zhian/devices/{deviceCode}/heartbeat|status|alarm");
        }
        return accept(m.group(1), m.group(2), payload, receivedAt);
    }

    /** A message for device {@code code} of type heartbeat, status or alarm. */
    public Outcome accept(String code, String type, byte[] payload, Instant receivedAt) {
        if (payload == null || payload.length > MAX_BYTES) {
            return refuse("payload is missing or larger than " + MAX_BYTES + " bytes");
        }
        JsonNode body;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
            body = JSON.readTree(text);
        } catch (CharacterCodingException e) {
            return refuse("payload is not UTF-8");
        } catch (JacksonException e) {
            return refuse("payload is not JSON");
        }
        if (body == null || !body.isObject()) {
            return refuse("payload must be a JSON object");
        }
        return switch (type) {
            case "heartbeat" -> heartbeat(code, body, receivedAt);
            case "status" -> status(code, body, receivedAt);
            case "alarm" -> alarm(code, body, receivedAt);
            default -> refuse("unknown message type " + type);
        };
    }

    private Outcome heartbeat(String code, JsonNode body, Instant receivedAt) {
        String problem = onlyFields(body, Set.of("at", "seq"));
        if (problem == null && body.has("at")) {
            problem = instant(body.get("at")) == null ? "at must be an ISO-8601 instant such as 2026-11-29T09:00:00Z" : null;
        }
        if (problem == null && body.has("seq") && !(body.get("seq").isIntegralNumber() && body.get("seq").asLong() >= 0)) {
            problem = "seq must be a non-negative integer";
        }
        if (problem != null) {
            return refuse(problem);
        }
        tracker.mqttSeen(code, receivedAt);
        accepted.increment();
        return Outcome.OK;
    }

    private Outcome status(String code, JsonNode body, Instant receivedAt) {
        String problem = onlyFields(body, Set.of("state", "fault", "at"));
        String state = text(body, "state");
        if (problem == null && (state == null || !(state.equals("OK") || state.equals("FAULT")))) {
            problem = "state must be OK or FAULT";
        }
        String fault = text(body, "fault");
        if (problem == null && fault != null && fault.length() > 200) {
            problem = "fault must be at most 200 characters";
        }
        if (problem == null && body.has("at") && instant(body.get("at")) == null) {
            problem = "at must be an ISO-8601 instant";
        }
        if (problem != null) {
            return refuse(problem);
        }
        Optional<DeviceView> device = mqttDevice(code);
        if (device.isEmpty()) {
            return refuse("no MQTT device has the code " + code);
        }
        jdbc.sql("UPDATE device SET fault = :fault WHERE id = :id")
                .param("fault", state.equals("OK") ? null : (fault == null ? "FAULT" : fault)).param("id", device.get().id()).update();
        tracker.mqttSeen(code, receivedAt);
        accepted.increment();
        return Outcome.OK;
    }

    private Outcome alarm(String code, JsonNode body, Instant receivedAt) {
        String problem = onlyFields(body, Set.of("eventId", "type", "description", "at", "lon", "lat"));
        String eventId = text(body, "eventId");
        String type = text(body, "type");
        String description = text(body, "description");
        Instant at = body.has("at") ? instant(body.get("at")) : null;
        if (problem == null && (eventId == null || !eventId.matches("[A-Za-z0-9_.:-]{1,64}"))) {
            problem = "eventId is required: 1–64 letters, digits or _.:-";
        } else if (problem == null && (type == null || !ALARM_TYPES.contains(type))) {
            problem = "type must be one of " + ALARM_TYPES.stream().sorted().toList();
        } else if (problem == null && at == null) {
            problem = "at is required: an ISO-8601 instant";
        } else if (problem == null && description != null && description.length() > 500) {
            problem = "description must be at most 500 characters";
        } else if (problem == null && (body.has("lon") != body.has("lat"))) {
            problem = "lon and lat go together";
        } else if (problem == null && body.has("lon") && !(body.get("lon").isNumber() && body.get("lat").isNumber()
                && Math.abs(body.get("lon").asDouble()) <= 180 && Math.abs(body.get("lat").asDouble()) <= 90)) {
            problem = "lon/lat must be numbers within ±180/±90";
        }
        if (problem != null) {
            return refuse(problem);
        }
        Optional<DeviceView> device = mqttDevice(code);
        if (device.isEmpty()) {
            return refuse("no MQTT device has the code " + code);
        }
        tracker.mqttSeen(code, receivedAt);
        String text = device.get().kind().chinese() + "报警（" + type + "）" + (description == null ? "" : "：" + description);
        alarms.raise(device.get(), "mqtt:" + eventId, text, body.has("lon") ? body.get("lon").asDouble() : null,
                body.has("lat") ? body.get("lat").asDouble() : null, at, receivedAt);
        accepted.increment();
        return Outcome.OK;
    }

    private Optional<DeviceView> mqttDevice(String code) {
        return devices.findByCode(code).filter(d -> "MQTT".equals(d.protocol()));
    }

    private Outcome refuse(String reason) {
        malformed.incrementAndGet();
        refused.increment();
        log.debug("device message refused: {}", reason);
        return Outcome.refused(reason);
    }

    private static String onlyFields(JsonNode body, Set<String> allowed) {
        Iterator<Map.Entry<String, JsonNode>> it = body.properties().iterator();
        while (it.hasNext()) {
            String name = it.next().getKey();
            if (!allowed.contains(name)) {
                return "unknown field '" + name + "' (allowed: " + allowed.stream().sorted().toList() + ")";
            }
        }
        return null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || !n.isString() || n.asString().isBlank() ? null : n.asString().strip();
    }

    private static Instant instant(JsonNode n) {
        if (n == null || !n.isString()) {
            return null;
        }
        try {
            return Instant.parse(n.asString().strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
