package io.zhian.devices.internal;

import io.zhian.devices.DeviceKind;
import io.zhian.devices.DeviceView;
import io.zhian.devices.Devices;
import io.zhian.devices.NewDevice;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.RegionMonthFilter;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ConflictException;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Device pages: the registry, a device, the status overview (online rate, offline list, map), tickets, the ledger. */
@Controller
class DevicePages {

    private static final int PAGE = 50;

    private final Devices devices;
    private final ActorProvider actors;
    private final OnlineRates rates;
    private final MaintenanceTickets tickets;
    private final FeeLedger ledger;
    private final DeviceCsv csv;
    private final Regions regions;
    private final DeviceStatusTracker tracker;

    DevicePages(Devices devices, ActorProvider actors, OnlineRates rates, MaintenanceTickets tickets, FeeLedger ledger, DeviceCsv csv,
                Regions regions, DeviceStatusTracker tracker) {
        this.devices = devices;
        this.actors = actors;
        this.rates = rates;
        this.tickets = tickets;
        this.ledger = ledger;
        this.csv = csv;
        this.regions = regions;
        this.tracker = tracker;
    }

    @Bean
    static NavigationEntry devicesNavigation() {
        return new NavigationEntry("nav.devices", "/devices", 700, Devices.READERS);
    }

    /**
     * The registry. Besides kind, status, township and text it narrows to a region's whole subtree ({@code region}, an id
     * in the caller's scope) and to the months {@code from}..{@code to}: the devices observed then, which the online rate
     * over those months is computed from. A dashboard figure links here.
     */
    @GetMapping("/devices")
    String list(@RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String online,
                @RequestParam(required = false) Long township, @RequestParam(defaultValue = "") String q,
                @RequestParam(defaultValue = "") String region, @RequestParam(defaultValue = "") String from,
                @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        Boolean on = online.equals("true") ? Boolean.TRUE : online.equals("false") ? Boolean.FALSE : null;
        List<FieldProblem> problems = new ArrayList<>();
        DeviceKind k = null;
        try {
            k = DeviceApi.kind(kind);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        RegionMonthFilter.Params params = RegionMonthFilter.read(region, from, to, RegionMonthFilter.Wording.PATTERN, problems);
        Devices.Filter filter;
        Region r = null;
        if (problems.isEmpty()) {
            RegionMonthFilter range = params.resolve(actor.scope(), regions);
            r = range.region();
            Instant start = range.fromInstant(Devices.ZONE);
            Instant end = range.toInstant(Devices.ZONE);
            Instant now = tracker.now();
            Instant until = end == null || end.isAfter(now) ? now : end;
            boolean months = range.from() != null || range.to() != null;
            filter = new Devices.Filter(k, on, township, q, range.subtree(), months ? (start == null ? Instant.EPOCH : start) : null,
                    months ? until : null);
        } else {
            model.addAttribute("errors", new InvalidInputException(problems).byField());
            filter = Devices.Filter.ANY;
        }
        Devices.Page p = devices.list(actor, filter, page, PAGE);
        model.addAttribute("items", p.items());
        model.addAttribute("total", p.total());
        model.addAttribute("page", p.page());
        model.addAttribute("pages", Math.max(1, (p.total() + PAGE - 1) / PAGE));
        model.addAttribute("kind", k == null ? "" : k.name());
        model.addAttribute("online", online);
        model.addAttribute("township", township);
        model.addAttribute("q", q);
        model.addAttribute("region", r == null ? "" : String.valueOf(r.id()));
        model.addAttribute("regionName", r == null ? null : r.name());
        model.addAttribute("from", params.from() == null ? "" : params.from().toString());
        model.addAttribute("to", params.to() == null ? "" : params.to().toString());
        model.addAttribute("period", RegionMonthFilter.period(params.from(), params.to()));
        model.addAttribute("kinds", DeviceKind.values());
        model.addAttribute("townships", townships(actor));
        model.addAttribute("mayManage", Devices.mayManage(actor));
        return "devices/list";
    }

    @GetMapping("/devices/new")
    String newForm(Model model) {
        Actor actor = actors.require();
        Devices.requireManagerForPages(actor);
        model.addAttribute("values", Map.of());
        model.addAttribute("kinds", DeviceKind.values());
        return "devices/form";
    }

    @PostMapping("/devices")
    String create(@RequestParam Map<String, String> form, Model model) {
        Actor actor = actors.require();
        try {
            DeviceView d = devices.create(actor, input(form));
            return "redirect:/devices/" + d.id() + "?created";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            Map<String, String> values = new HashMap<>(form);
            values.remove("sipPassword");
            model.addAttribute("values", values);
            model.addAttribute("kinds", DeviceKind.values());
            return "devices/form";
        }
    }

    @GetMapping("/devices/{id:\\d+}")
    String show(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        DeviceView d = devices.get(actor, id);
        model.addAttribute("d", d);
        model.addAttribute("history", devices.history(actor, id, 50));
        model.addAttribute("channels", devices.channels(actor, id));
        model.addAttribute("tickets", tickets.list(actor, null, 1000).stream().filter(t -> t.deviceId() == id).toList());
        model.addAttribute("mayManage", Devices.mayManage(actor));
        model.addAttribute("mayTicket", actor.hasAny(MaintenanceTickets.WORKERS));
        model.addAttribute("kinds", DeviceKind.values());
        if (!model.containsAttribute("values")) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("code", d.code());
            values.put("kind", d.kind().name());
            values.put("name", d.name());
            values.put("regionCode", regions.find(d.regionId()).map(Region::code).orElse(""));
            values.put("lon", d.lon());
            values.put("lat", d.lat());
            values.put("address", d.address());
            values.put("installDate", d.installDate());
            values.put("vendor", d.vendor());
            values.put("gbId", d.gbId());
            model.addAttribute("values", values);
        }
        return "devices/detail";
    }

    @PostMapping("/devices/{id:\\d+}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, @RequestParam int version, Model model,
                  RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            devices.update(actor, id, input(form), version);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/devices/" + id;
        } catch (InvalidInputException e) {
            Map<String, String> values = new HashMap<>(form);
            values.remove("sipPassword");
            model.addAttribute("values", values);
            model.addAttribute("errors", e.byField());
            return show(id, model);
        }
    }

    @GetMapping("/devices/status")
    String status(@RequestParam(required = false) String month, @RequestParam(defaultValue = "") String kind, Model model) {
        Actor actor = actors.require();
        DeviceApi.requireReader(actor);
        YearMonth ym = DeviceApi.month(month);
        DeviceKind k = DeviceApi.kind(kind);
        List<OnlineRates.NowRow> now = rates.now(actor.scope());
        Map<String, Map<DeviceKind, OnlineRates.NowRow>> byTownship = new LinkedHashMap<>();
        long total = 0;
        long online = 0;
        for (OnlineRates.NowRow r : now) {
            byTownship.computeIfAbsent(r.townshipName() == null ? "-" : r.townshipName(), x -> new LinkedHashMap<>()).put(r.kind(), r);
            total += r.total();
            online += r.online();
        }
        LocalDate today = LocalDate.now(Devices.ZONE);
        LocalDate end = ym.atEndOfMonth().isAfter(today) ? today : ym.atEndOfMonth();
        List<OnlineRates.PeriodRate> daily = ym.atDay(1).isAfter(today) ? List.of() : rates.daily(actor.scope(), k, null, ym.atDay(1), end);
        model.addAttribute("byTownship", byTownship);
        model.addAttribute("kinds", DeviceKind.values());
        model.addAttribute("total", total);
        model.addAttribute("online", online);
        model.addAttribute("rate", total == 0 ? 0 : 100.0 * online / total);
        model.addAttribute("month", ym.toString());
        model.addAttribute("kind", kind);
        model.addAttribute("daily", daily);
        model.addAttribute("dailyDays", daily.stream().map(r -> r.day().toString()).toList());
        model.addAttribute("dailyRates", daily.stream().map(r -> r.observedSeconds() > 0 ? Math.round(r.rate() * 100) / 100.0 : null).toList());
        model.addAttribute("offline", DeviceApi.offlineItems(devices.offline(actor, null, 100), tracker.now()));
        return "devices/status";
    }

    @GetMapping("/devices/tickets")
    String tickets(@RequestParam(defaultValue = "") String state, Model model) {
        Actor actor = actors.require();
        TicketState s = java.util.Arrays.stream(TicketState.values()).filter(v -> v.name().equals(state)).findFirst().orElse(null);
        model.addAttribute("tickets", tickets.list(actor, s, 300));
        model.addAttribute("suggestions", tickets.suggestions(actor, 50));
        model.addAttribute("state", state);
        model.addAttribute("states", TicketState.values());
        model.addAttribute("mayTicket", actor.hasAny(MaintenanceTickets.WORKERS));
        return "devices/tickets";
    }

    @PostMapping("/devices/{id:\\d+}/tickets")
    String openTicket(@PathVariable long id, @RequestParam(defaultValue = "") String fault, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            MaintenanceTickets.Ticket t = tickets.open(actor, id, fault);
            redirect.addFlashAttribute("done", "#" + t.id());
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/devices/tickets";
    }

    @PostMapping("/devices/tickets/{id:\\d+}/{action}")
    String act(@PathVariable long id, @PathVariable String action, @RequestParam(required = false) String assignee,
               @RequestParam(required = false) String note, @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            tickets.act(actor, id, action, assignee, note, version);
            redirect.addFlashAttribute("done", "#" + id);
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("problem", "#" + id + ": " + e.getMessage());
        }
        return "redirect:/devices/tickets";
    }

    @GetMapping("/devices/ledger")
    String ledger(@RequestParam(required = false) Integer year, Model model) {
        Actor actor = actors.require();
        model.addAttribute("totals", ledger.totals(actor, year));
        model.addAttribute("entries", ledger.entries(actor, year));
        model.addAttribute("year", year);
        model.addAttribute("mayManage", Devices.mayManage(actor));
        model.addAttribute("townships", townships(actor));
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of("year", String.valueOf(LocalDate.now(Devices.ZONE).getYear())));
        }
        return "devices/ledger";
    }

    @PostMapping("/devices/ledger")
    String addFee(@RequestParam Map<String, String> form, Model model) {
        Actor actor = actors.require();
        try {
            ledger.add(actor, form.get("townshipCode"), form.get("year"), form.get("category"), form.get("party"), form.get("amount"),
                    form.get("note"));
            return "redirect:/devices/ledger?added";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            return ledger(null, model);
        }
    }

    @GetMapping("/devices/import")
    String importForm(Model model) {
        Devices.requireManagerForPages(actors.require());
        return "devices/import";
    }

    @PostMapping("/devices/import")
    String importCsv(@RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "false") boolean dryRun,
                     @RequestParam(defaultValue = "false") boolean partial, Model model) throws IOException {
        ImportReport report = csv.importCsv(actors.require(), new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8),
                !partial, dryRun);
        model.addAttribute("report", report);
        return "devices/import";
    }

    private List<Region> townships(Actor actor) {
        return regions.byLevel(RegionLevel.TOWNSHIP).stream().filter(r -> actor.scope().coversRegion(r.id())).toList();
    }

    private static NewDevice input(Map<String, String> f) {
        return new NewDevice(f.get("code"), f.get("kind"), f.get("name"), f.get("regionCode"), f.get("unitCode"), number(f, "lon"),
                number(f, "lat"), f.get("address"), f.get("installDate"), f.get("vendor"), f.get("gbId"), f.get("sipPassword"));
    }

    private static Double number(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, "'" + v.strip() + "' is not a number");
        }
    }
}
