package io.zhian.alarms.internal;

import io.zhian.alarms.NearbyCamera;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ConflictException;
import io.zhian.shared.DataScope;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Alarm pages: the live dispatch board, the list, one alarm, manual entry, the unit inbox, statistics, targets. */
@Controller
class AlarmPages {

    private static final int PAGE = 50;

    private final AlarmDesk desk;
    private final AlarmStatistics statistics;
    private final ResponseTargets targets;
    private final DispatchBoard board;
    private final Regions regions;
    private final OrgUnits units;
    private final ActorProvider actors;

    AlarmPages(AlarmDesk desk, AlarmStatistics statistics, ResponseTargets targets, DispatchBoard board, Regions regions,
               OrgUnits units, ActorProvider actors) {
        this.desk = desk;
        this.statistics = statistics;
        this.targets = targets;
        this.board = board;
        this.regions = regions;
        this.units = units;
        this.actors = actors;
    }

    @Bean
    static NavigationEntry alarmsNavigation() {
        return new NavigationEntry("nav.alarms", "/alarms", 450, Set.of(Role.POLICE_DISPATCHER, Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN));
    }

    @GetMapping("/alarms")
    String home() {
        Actor actor = actors.require();
        return AlarmDesk.mayDispatch(actor) ? "redirect:/alarms/board" : AlarmDesk.mayRead(actor) ? "redirect:/alarms/list"
                : "redirect:/alarms/inbox";
    }

    // ---- the board ----

    @GetMapping("/alarms/board")
    String board(Model model) {
        Actor actor = actors.require();
        addCards(model, desk.board(actor));
        // the overview map shows the highest region the user may see, divided into its children
        model.addAttribute("mapRegionId", regions.scopeRoots(actor.scope()).stream().findFirst().map(Region::id).orElse(null));
        return "alarms/board";
    }

    @GetMapping(path = "/alarms/board/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        Actor actor = actors.require();
        if (!AlarmDesk.mayRead(actor)) {
            throw new ForbiddenException("your roles do not work with alarms");
        }
        return board.openBoard(actor);
    }

    /** Every card, for the full refresh after a reconnect. */
    @GetMapping("/alarms/board/cards")
    String cards(Model model) {
        addCards(model, desk.board(actors.require()));
        return "alarms/board :: cards";
    }

    @GetMapping("/alarms/board/cards/{id}")
    String card(@PathVariable long id, Model model) {
        addCards(model, List.of(desk.get(actors.require(), id)));
        return "alarms/board :: cards";
    }

    private void addCards(Model model, List<AlarmView> alarms) {
        Map<Long, Optional<List<NearbyCamera>>> cams = new LinkedHashMap<>();
        Map<Long, Long> suggested = new LinkedHashMap<>();
        Map<Long, double[]> places = new LinkedHashMap<>();
        List<OrgUnit> stations = units.list(DataScope.all(), null, OrgUnitKind.POLICE_STATION, null, 0, 200);
        for (AlarmView a : alarms) {
            if (!a.finished()) {
                cams.put(a.id(), desk.cameras(a, 3));
            }
            if (a.lon() != null && a.lat() != null) {
                places.put(a.id(), new double[] {a.lon(), a.lat()});
            } else {
                regions.find(a.regionId()).filter(r -> r.centreLon() != null)
                        .ifPresent(r -> places.put(a.id(), new double[] {r.centreLon(), r.centreLat()}));
            }
            if (a.townshipId() != null) {
                stations.stream().filter(s -> s.regionId() == a.townshipId()).findFirst().ifPresent(s -> suggested.put(a.id(), s.id()));
            }
        }
        model.addAttribute("alarms", alarms);
        model.addAttribute("cams", cams);
        model.addAttribute("stations", stations);
        model.addAttribute("suggested", suggested);
        model.addAttribute("places", places);
    }

    @PostMapping("/alarms/{id}/actions/{action}")
    String act(@PathVariable long id, @PathVariable String action, @RequestParam Map<String, String> form,
               @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        AlarmAction a = AlarmAction.fromSlug(action);
        if (a == null) {
            throw new NotFoundException("alarm_action", action);
        }
        String problem = null;
        try {
            desk.act(actor, id, a, form.get("unitCode"), form.get("reason"));
        } catch (InvalidInputException e) {
            problem = String.join("; ", e.byField().entrySet().stream().map(x -> x.getKey() + ": " + x.getValue()).toList());
        } catch (ConflictException e) {
            problem = e.getMessage();
        }
        return afterChange(actor, id, htmx, problem, model, redirect);
    }

    @PostMapping("/alarms/{id}/messages")
    String message(@PathVariable long id, @RequestParam Map<String, String> form,
                   @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        String problem = null;
        try {
            desk.sendMessage(actor, id, form.get("unitCode"), form.get("body"));
        } catch (InvalidInputException e) {
            problem = String.join("; ", e.byField().entrySet().stream().map(x -> x.getKey() + ": " + x.getValue()).toList());
        }
        return afterChange(actor, id, htmx, problem, model, redirect);
    }

    private String afterChange(Actor actor, long id, String htmx, String problem, Model model, RedirectAttributes redirect) {
        if (htmx != null) {
            addCards(model, List.of(desk.get(actor, id)));
            model.addAttribute("cardProblem", problem);
            model.addAttribute("problemId", id);
            return "alarms/board :: cards";
        }
        if (problem != null) {
            redirect.addFlashAttribute("problem", problem);
        }
        return "redirect:/alarms/" + id;
    }

    // ---- list, one alarm, manual entry ----

    /**
     * The alarm list. A figure links here with {@code region} (its whole subtree), {@code from}/{@code to} (months of
     * receipt) and, for the time figures, {@code has=dispatched|arrived}; bad values are shown beside the filter and
     * list nothing, a region outside the caller's scope is "not found".
     */
    @GetMapping("/alarms/list")
    String list(@RequestParam(defaultValue = "") String stage, @RequestParam(defaultValue = "") String q,
                @RequestParam(required = false) String region, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String has,
                @RequestParam(defaultValue = "0") int page, Model model, HttpServletResponse response) {
        Actor actor = actors.require();
        model.addAttribute("stage", stage);
        model.addAttribute("q", q);
        model.addAttribute("stages", AlarmStage.values());
        model.addAttribute("fromValue", from);
        model.addAttribute("toValue", to);
        AlarmListFilter filter;
        try {
            filter = AlarmListFilter.parse(actor.scope(), regions, region, from, to, has);
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", e.byField());
            model.addAttribute("filter", AlarmListFilter.NONE);
            model.addAttribute("items", List.of());
            model.addAttribute("total", 0L);
            model.addAttribute("page", 0);
            model.addAttribute("pages", 1L);
            return "alarms/list";
        }
        AlarmDesk.Page p = desk.list(actor, stage, q, filter, page, PAGE);
        model.addAttribute("filter", filter);
        model.addAttribute("items", p.items());
        model.addAttribute("total", p.total());
        model.addAttribute("page", p.page());
        model.addAttribute("pages", Math.max(1, (p.total() + PAGE - 1) / PAGE));
        return "alarms/list";
    }

    @GetMapping("/alarms/{id}")
    String show(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        AlarmView a = desk.get(actor, id);
        addCards(model, List.of(a));
        model.addAttribute("a", a);
        model.addAttribute("timeline", desk.timeline(actor, id));
        return "alarms/alarm";
    }

    @PostMapping("/alarms/{id}/caller-phone")
    String callerPhone(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Model model) {
        Actor actor = actors.require();
        try {
            model.addAttribute("revealed", desk.revealCallerPhone(actor, id, reason));
        } catch (InvalidInputException e) {
            model.addAttribute("revealError", e.problems().get(0).reason());
        }
        model.addAttribute("a", desk.get(actor, id));
        return "alarms/alarm :: phone";
    }

    @GetMapping("/alarms/new")
    String newForm(Model model) {
        Actor actor = actors.require();
        if (!AlarmDesk.mayDispatch(actor)) {
            throw new ForbiddenException("only police dispatchers may take in alarms");
        }
        model.addAttribute("values", Map.of());
        addFormLists(actor, model);
        return "alarms/new";
    }

    @PostMapping("/alarms")
    String create(@RequestParam Map<String, String> form, Model model) {
        Actor actor = actors.require();
        try {
            long id = desk.create(actor, new ManualAlarm(form.get("regionCode"), form.get("address"), form.get("lon"), form.get("lat"),
                    form.get("category"), form.get("description"), form.get("callerPhone")));
            return "redirect:/alarms/board#alarm-" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            addFormLists(actor, model);
            return "alarms/new";
        }
    }

    /** The region picker: townships in scope, each with its villages and communities. */
    private void addFormLists(Actor actor, Model model) {
        Map<Region, List<Region>> tree = new LinkedHashMap<>();
        for (Region t : regions.byLevel(RegionLevel.TOWNSHIP)) {
            if (actor.scope().coversRegion(t.id())) {
                tree.put(t, regions.children(actor.scope(), t.id()));
            }
        }
        model.addAttribute("tree", tree);
        model.addAttribute("categories", AlarmCategory.values());
    }

    // ---- the unit inbox ----

    @GetMapping("/alarms/inbox")
    String inbox(Model model) {
        Actor actor = actors.require();
        model.addAttribute("messages", desk.inbox(actor));
        model.addAttribute("unitName", units.find(actor.unitId()).map(OrgUnit::name).orElse(""));
        return "alarms/inbox";
    }

    @GetMapping("/alarms/inbox/messages")
    String inboxMessages(Model model) {
        model.addAttribute("messages", desk.inbox(actors.require()));
        return "alarms/inbox :: messages";
    }

    @GetMapping(path = "/alarms/inbox/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter inboxStream() {
        return board.openInbox(actors.require());
    }

    @PostMapping("/alarms/messages/{id}/ack")
    String acknowledge(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Actor actor = actors.require();
        try {
            desk.acknowledge(actor, id);
        } catch (ConflictException e) {
            // acknowledged twice (two tabs): the list shows the first acknowledgement
        }
        if (htmx != null) {
            model.addAttribute("messages", desk.inbox(actor));
            return "alarms/inbox :: messages";
        }
        return "redirect:/alarms/inbox";
    }

    // ---- statistics and targets ----

    @GetMapping("/alarms/statistics")
    String statistics(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        Actor actor = actors.require();
        YearMonth now = YearMonth.now(AlarmDesk.ZONE);
        YearMonth f = AlarmStatistics.month("from", from, now.minusMonths(2));
        YearMonth t = AlarmStatistics.month("to", to, now);
        model.addAttribute("rows", statistics.byTownshipAndMonth(actor, f, t));
        model.addAttribute("from", f.toString());
        model.addAttribute("to", t.toString());
        return "alarms/statistics";
    }

    private static final String[] HEADER = {"乡镇/街道 Township", "月份 Month", "警情数 Alarms", "已派警 Dispatched", "已到场 Arrived",
            "派警P50(分) Dispatch P50 min", "派警P90(分) Dispatch P90 min", "到场P50(分) Arrival P50 min",
            "到场P90(分) Arrival P90 min", "按时到场 Within target", "按时到场率% Compliance %", "撤警 Cancelled", "无效警情 Unfounded"};

    private static Object[] cells(AlarmStatistics.Row r) {
        return new Object[] {r.townshipName(), r.month(), r.alarms(), r.dispatched(), r.arrived(), r.dispatchP50(), r.dispatchP90(),
                r.arrivalP50(), r.arrivalP90(), r.arrivedWithinTarget(), r.compliancePercent(), r.cancelled(), r.unfounded()};
    }

    @GetMapping("/alarms/statistics.csv")
    void statisticsCsv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                       HttpServletResponse response) throws IOException {
        List<AlarmStatistics.Row> rows = rows(from, to);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"alarm-statistics.csv\"");
        Writer w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        w.write('\uFEFF'); // so spreadsheet programs read the Chinese headers as UTF-8
        w.write(String.join(",", HEADER) + "\r\n");
        for (AlarmStatistics.Row r : rows) {
            StringBuilder line = new StringBuilder();
            for (Object c : cells(r)) {
                if (line.length() > 0) {
                    line.append(',');
                }
                String v = c == null ? "" : c.toString();
                line.append(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            w.write(line + "\r\n");
        }
        w.flush();
    }

    @GetMapping("/alarms/statistics.xlsx")
    void statisticsXlsx(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                        HttpServletResponse response) throws IOException {
        List<AlarmStatistics.Row> rows = rows(from, to);
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"alarm-statistics.xlsx\"");
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = response.getOutputStream()) {
            Sheet sheet = book.createSheet("警情统计");
            Row head = sheet.createRow(0);
            for (int i = 0; i < HEADER.length; i++) {
                head.createCell(i).setCellValue(HEADER[i]);
            }
            int n = 1;
            for (AlarmStatistics.Row r : rows) {
                Row row = sheet.createRow(n++);
                Object[] cells = cells(r);
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i] instanceof Number num) {
                        row.createCell(i).setCellValue(num.doubleValue());
                    } else if (cells[i] != null) {
                        row.createCell(i).setCellValue(cells[i].toString());
                    }
                }
            }
            book.write(out);
        }
    }

    private List<AlarmStatistics.Row> rows(String from, String to) {
        YearMonth now = YearMonth.now(AlarmDesk.ZONE);
        return statistics.byTownshipAndMonth(actors.require(), AlarmStatistics.month("from", from, now.minusMonths(2)),
                AlarmStatistics.month("to", to, now));
    }

    @GetMapping("/alarms/targets")
    String targets(Model model) {
        Actor actor = actors.require();
        if (!AlarmDesk.mayRead(actor)) {
            throw new ForbiddenException("your roles do not work with alarms");
        }
        model.addAttribute("targets", targets.all());
        model.addAttribute("mayEdit", ResponseTargets.mayEdit(actor));
        return "alarms/targets";
    }

    @PostMapping("/alarms/targets/{townshipId}")
    String setTarget(@PathVariable long townshipId, @RequestParam Map<String, String> form, Model model,
                     RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            targets.set(actor, townshipId, form.get("dispatchMinutes"), form.get("arrivalMinutes"));
            redirect.addFlashAttribute("saved", townshipId);
            return "redirect:/alarms/targets";
        } catch (InvalidInputException e) {
            model.addAttribute("targets", targets.all());
            model.addAttribute("mayEdit", true);
            model.addAttribute("errors", e.byField());
            model.addAttribute("errorTownship", townshipId);
            model.addAttribute("values", form);
            return "alarms/targets";
        }
    }
}
