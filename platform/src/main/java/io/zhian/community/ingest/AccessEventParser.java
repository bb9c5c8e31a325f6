package io.zhian.community.ingest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON access-event payload (one object or an array of objects, documented in README.md).
 * Never throws for bad input: every event is either parsed or listed as rejected with a reason.
 */
public final class AccessEventParser {

    public static final Set<String> DIRECTIONS = Set.of("IN", "OUT");
    public static final Set<String> CREDENTIALS = Set.of("CARD", "QR", "PIN", "FACE", "VISITOR", "BUTTON");
    public static final Set<String> RESULTS = Set.of("GRANTED", "DENIED");
    private static final int MAX_ID = 64;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** One event that could not be read: its index in the payload (-1 for the whole payload) and why. */
    public record Rejected(int index, String reason) {}

    public record Parsed(List<AccessEvent> events, List<Rejected> rejected) {}

    private final JsonMapper json = JsonMapper.builder().build();
    private final Function<String, Long> compoundIds;

    /** @param compoundIds compound code → id, or null when the code is unknown */
    public AccessEventParser(Function<String, Long> compoundIds) {
        this.compoundIds = compoundIds;
    }

    /** @param topicCompound the compound code from the MQTT topic, or null (then each event names its {@code compound}) */
    public Parsed parse(byte[] payload, String topicCompound) {
        List<AccessEvent> events = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JacksonException e) {
            rejected.add(new Rejected(-1, "payload is not JSON"));
            return new Parsed(events, rejected);
        }
        if (root == null || (!root.isArray() && !root.isObject())) {
            rejected.add(new Rejected(-1, "payload must be a JSON object or an array of objects"));
            return new Parsed(events, rejected);
        }
        if (root.isObject()) {
            read(root, 0, topicCompound, events, rejected);
        } else {
            for (int i = 0; i < root.size(); i++) {
                read(root.get(i), i, topicCompound, events, rejected);
            }
        }
        return new Parsed(events, rejected);
    }

    private void read(JsonNode n, int index, String topicCompound, List<AccessEvent> events, List<Rejected> rejected) {
        if (n == null || !n.isObject()) {
            rejected.add(new Rejected(index, "event must be a JSON object"));
            return;
        }
        String compound = topicCompound != null ? topicCompound : text(n, "compound");
        String device = text(n, "deviceId");
        String eventId = text(n, "eventId");
        String at = text(n, "at");
        String direction = upper(text(n, "direction"));
        String credential = upper(text(n, "credential"));
        String result = upper(text(n, "result"));
        String problem = null;
        Long compoundId = null;
        Instant time = null;
        if (compound == null) {
            problem = "compound is required";
        } else if ((compoundId = compoundIds.apply(compound)) == null) {
            problem = "unknown compound " + compound;
        } else if (device == null || device.length() > MAX_ID) {
            problem = "deviceId is required (at most 64 characters)";
        } else if (eventId == null || eventId.length() > MAX_ID) {
            problem = "eventId is required (at most 64 characters)";
        } else if (!DIRECTIONS.contains(direction)) {
            problem = "direction must be IN or OUT";
        } else if (!CREDENTIALS.contains(credential)) {
            problem = "credential must be one of " + CREDENTIALS;
        } else if (!RESULTS.contains(result)) {
            problem = "result must be GRANTED or DENIED";
        } else {
            try {
                time = at == null ? null : Instant.parse(at);
            } catch (DateTimeParseException e) {
                time = null;
            }
            if (time == null) {
                problem = "at must be an ISO-8601 instant, e.g. 2026-11-29T08:00:00Z";
            } else if (time.isBefore(EARLIEST) || time.isAfter(Instant.now().plusSeconds(86_400))) {
                problem = "at is not plausible (before 2000 or more than a day ahead)";
            }
        }
        Long resident = id(n, "residentId");
        Long pass = id(n, "visitorPassId");
        if (problem == null && (resident != null && resident < 0 || pass != null && pass < 0)) {
            problem = "residentId and visitorPassId must be positive numbers";
        }
        if (problem != null) {
            rejected.add(new Rejected(index, problem));
            return;
        }
        events.add(new AccessEvent(compoundId, device, eventId, time, direction, credential, resident, pass, result));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isString() ? v.asString() : v.isNumber() ? v.asString() : null;
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Long id(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? v.asLong() : -1L;
        }
        if (v.isString() && v.asString().matches("\\d{1,18}")) {
            return Long.parseLong(v.asString());
        }
        return -1L;
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(java.util.Locale.ROOT);
    }
}
