package io.zhian.devices.internal;

import io.zhian.devices.DeviceKind;
import io.zhian.devices.DeviceView;
import io.zhian.devices.Devices;
import io.zhian.devices.NearbyCamera;
import io.zhian.devices.NewDevice;
import io.zhian.devices.StatusChange;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** REST API of the device module. */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceApi {

    record DeviceInput(String code, String kind, String name, String regionCode, String unitCode, Double lon, Double lat, String address,
                       String installDate, String vendor, String gbId, String sipPassword, Integer version) {
        NewDevice toNew() {
            return new NewDevice(code, kind, name, regionCode, unitCode, lon, lat, address, installDate, vendor, gbId, sipPassword);
        }
    }

    record TicketInput(String fault) {}

    record TicketAction(String assignee, String note, Integer version) {}

    record FeeInput(String townshipCode, String year, String category, String party, String amount, String note) {}

    record OfflineItem(long id, String code, String name, DeviceKind kind, String townshipName, Instant since, long offlineMinutes,
                       boolean suggestTicket) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Devices devices;
    private final ActorProvider actors;
    private final DeviceCsv csv;
    private final OnlineRates rates;
    private final MaintenanceTickets tickets;
    private final FeeLedger ledger;
    private final DeviceMessages messages;
    private final GbSignalling signalling;
    private final DeviceAlarms alarms;
    private final Regions regions;
    private final DeviceStatusTracker tracker;

    DeviceApi(Devices devices, ActorProvider actors, DeviceCsv csv, OnlineRates rates, MaintenanceTickets tickets, FeeLedger ledger,
              DeviceMessages messages, GbSignalling signalling, DeviceAlarms alarms, Regions regions, DeviceStatusTracker tracker) {
        this.devices = devices;
        this.actors = actors;
        this.csv = csv;
        this.rates = rates;
        this.tickets = tickets;
        this.ledger = ledger;
        this.messages = messages;
        this.signalling = signalling;
        this.alarms = alarms;
        this.regions = regions;
        this.tracker = tracker;
    }

    @GetMapping
    Devices.Page list(@RequestParam(required = false) String kind, @RequestParam(required = false) Boolean online,
                      @RequestParam(required = false) Long township, @RequestParam(defaultValue = "") String q,
                      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return devices.list(actors.require(), new Devices.Filter(kind(kind), online, township, q), page, size);
    }

    @PostMapping
    ResponseEntity<DeviceView> create(@RequestBody DeviceInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(devices.create(actors.require(), in.toNew()));
    }

    @GetMapping("/{id:\\d+}")
    DeviceView get(@PathVariable long id) {
        return devices.get(actors.require(), id);
    }

    @PutMapping("/{id:\\d+}")
    DeviceView update(@PathVariable long id, @RequestBody DeviceInput in) {
        if (in.version() == null) {
            throw new InvalidInputException("version", "is required (the version you read)");
        }
        return devices.update(actors.require(), id, in.toNew(), in.version());
    }

    @DeleteMapping("/{id:\\d+}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        devices.delete(actors.require(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id:\\d+}/history")
    List<StatusChange> history(@PathVariable long id, @RequestParam(defaultValue = "100") int limit) {
        return devices.history(actors.require(), id, limit);
    }

    @GetMapping("/{id:\\d+}/channels")
    List<Map<String, Object>> channels(@PathVariable long id) {
        return devices.channels(actors.require(), id);
    }

    @GetMapping(path = "/export.csv", produces = "text/csv")
    void export(HttpServletResponse response) throws IOException {
        Actor actor = actors.require();
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"devices.csv\"");
        try (Writer w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)) {
            csv.export(actor, w);
        }
    }

    @PostMapping(path = "/import", consumes = "multipart/form-data")
    ImportReport importCsv(@RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "true") boolean allOrNothing,
                           @RequestParam(defaultValue = "false") boolean dryRun) throws IOException {
        return csv.importCsv(actors.require(), new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8), allOrNothing, dryRun);
    }

    @GetMapping("/online-rate")
    List<OnlineRates.NowRow> onlineRate() {
        Actor actor = actors.require();
        requireReader(actor);
        return rates.now(actor.scope());
    }

    @GetMapping("/online-rate/daily")
    List<OnlineRates.PeriodRate> daily(@RequestParam(required = false) String month, @RequestParam(required = false) String kind,
                                       @RequestParam(required = false) Long township) {
        Actor actor = actors.require();
        requireReader(actor);
        YearMonth ym = month(month);
        LocalDate today = LocalDate.now(Devices.ZONE);
        LocalDate end = ym.atEndOfMonth().isAfter(today) ? today : ym.atEndOfMonth();
        return rates.daily(actor.scope(), kind(kind), township, ym.atDay(1), end);
    }

    @GetMapping("/offline")
    List<OfflineItem> offline(@RequestParam(required = false) String kind, @RequestParam(defaultValue = "200") int limit) {
        return offlineItems(devices.offline(actors.require(), kind(kind), limit), tracker.now());
    }

    static List<OfflineItem> offlineItems(List<DeviceView> list, Instant now) {
        List<OfflineItem> out = new ArrayList<>();
        for (DeviceView d : list) {
            Duration off = Duration.between(d.statusSince(), now);
            out.add(new OfflineItem(d.id(), d.code(), d.name(), d.kind(), d.townshipName(), d.statusSince(), off.toMinutes(),
                    off.compareTo(MaintenanceTickets.SUGGEST_AFTER) > 0));
        }
        return out;
    }

    /** Region shapes of the caller's top region and the located devices, for the device map. */
    @GetMapping("/map")
    Map<String, Object> map(@RequestParam(defaultValue = "5000") int limit) {
        Actor actor = actors.require();
        requireReader(actor);
        List<Region> roots = regions.scopeRoots(actor.scope());
        List<Map<String, Object>> features = new ArrayList<>();
        if (roots.size() == 1) {
            for (Map<String, Object> child : regions.childShapes(actor.scope(), roots.get(0).id())) {
                String boundary = (String) child.get("boundary");
                if (boundary == null) {
                    continue;
                }
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("type", "Feature");
                f.put("geometry", JSON.readValue(boundary, Map.class));
                f.put("properties", Map.of("id", child.get("id"), "name", child.get("name")));
                features.add(f);
            }
        }
        List<List<Object>> points = new ArrayList<>();
        for (DeviceView d : devices.located(actor, limit)) {
            points.add(List.of(d.lon(), d.lat(), d.online() ? 1 : 0, d.name(), d.id(), d.kind().name()));
        }
        return Map.of("regions", Map.of("type", "FeatureCollection", "features", features), "devices", points);
    }

    @GetMapping("/nearest-cameras")
    List<NearbyCamera> nearest(@RequestParam double lon, @RequestParam double lat, @RequestParam(defaultValue = "5") int limit) {
        requireReader(actors.require());
        return devices.nearestCameras(lon, lat, limit);
    }

    /**
     * The HTTP twin of the MQTT topics, for devices or gateways that cannot speak MQTT: the same JSON body as the
     * topic {@code zhian/devices/{code}/{type}}. Needs a city administrator's session or API token (a gateway account).
     */
    @PostMapping("/{code}/messages/{type}")
    ResponseEntity<Map<String, Object>> message(@PathVariable String code, @PathVariable String type, @RequestBody(required = false) byte[] body) {
        Actor actor = actors.require();
        if (!actor.has(Role.CITY_ADMIN)) {
            throw new ForbiddenException("only a city administrator (gateway) account may post device messages");
        }
        if (devices.findByCode(code).isEmpty()) {
            throw new NotFoundException("device", code);
        }
        DeviceMessages.Outcome outcome = messages.accept("zhian/devices/" + code + "/" + type, body == null ? new byte[0] : body,
                Instant.now());
        if (!outcome.accepted()) {
            throw new InvalidInputException("body", outcome.reason());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("accepted", true));
    }

    @GetMapping("/signalling")
    Map<String, Object> signalling() {
        requireReader(actors.require());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sipServerId", signalling.serverId().value());
        signalling.server().ifPresent(s -> {
            m.put("udpPort", s.udpPort());
            m.put("tcpPort", s.tcpPort());
            m.put("registered", s.onlineDevices().size());
        });
        m.put("malformedSip", signalling.malformedCount());
        m.put("malformedDeviceMessages", messages.malformedCount());
        m.put("alarmLatency", alarms.latency());
        return m;
    }

    // ---- maintenance ----

    @GetMapping("/tickets")
    List<MaintenanceTickets.Ticket> tickets(@RequestParam(required = false) String state, @RequestParam(defaultValue = "200") int limit) {
        TicketState s = null;
        if (state != null && !state.isBlank()) {
            try {
                s = TicketState.valueOf(state.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("state", "must be OPEN, ASSIGNED, FIXED or VERIFIED");
            }
        }
        return tickets.list(actors.require(), s, limit);
    }

    @GetMapping("/tickets/suggestions")
    List<MaintenanceTickets.Suggestion> suggestions() {
        return tickets.suggestions(actors.require(), 200);
    }

    @PostMapping("/{id:\\d+}/tickets")
    ResponseEntity<MaintenanceTickets.Ticket> openTicket(@PathVariable long id, @RequestBody TicketInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(tickets.open(actors.require(), id, in.fault()));
    }

    @GetMapping("/tickets/{id:\\d+}")
    Map<String, Object> ticket(@PathVariable long id) {
        Actor actor = actors.require();
        return Map.of("ticket", tickets.get(actor, id), "events", tickets.events(actor, id));
    }

    @PostMapping("/tickets/{id:\\d+}/{action}")
    MaintenanceTickets.Ticket act(@PathVariable long id, @PathVariable String action, @RequestBody(required = false) TicketAction in) {
        TicketAction a = in == null ? new TicketAction(null, null, null) : in;
        return tickets.act(actors.require(), id, action, a.assignee(), a.note(), a.version());
    }

    // ---- fee ledger ----

    @GetMapping("/fees")
    List<FeeLedger.Entry> fees(@RequestParam(required = false) Integer year) {
        return ledger.entries(actors.require(), year);
    }

    @GetMapping("/fees/totals")
    List<FeeLedger.Total> totals(@RequestParam(required = false) Integer year) {
        return ledger.totals(actors.require(), year);
    }

    @PostMapping("/fees")
    ResponseEntity<Map<String, Object>> addFee(@RequestBody FeeInput in) {
        long id = ledger.add(actors.require(), in.townshipCode(), in.year(), in.category(), in.party(), in.amount(), in.note());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }

    static void requireReader(Actor actor) {
        if (!Devices.mayRead(actor)) {
            throw new ForbiddenException("your roles do not read the device registry");
        }
    }

    static DeviceKind kind(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        DeviceKind k = DeviceKind.parse(raw);
        if (k == null) {
            throw new InvalidInputException("kind", "'" + raw + "' is not one of CAMERA, NVR, DOOR_CONTROLLER, ALARM_PILLAR, LIGHT_BOX, INTERCOM");
        }
        return k;
    }

    static YearMonth month(String raw) {
        if (raw == null || raw.isBlank()) {
            return YearMonth.now(Devices.ZONE);
        }
        try {
            return YearMonth.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "'" + raw + "' is not a month (yyyy-MM)");
        }
    }
}
