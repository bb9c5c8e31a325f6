package io.zhian.alarms.internal;

import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API of alarm intake and dispatch. */
@RestController
@RequestMapping("/api/v1/alarms")
class AlarmApi {

    record AlarmInput(String regionCode, String address, String lon, String lat, String category, String description,
                      String callerPhone) {}

    record ActionInput(String unitCode, String reason) {}

    record MessageInput(String unitCode, String body) {}

    record TargetInput(String dispatchMinutes, String arrivalMinutes) {}

    private final AlarmDesk desk;
    private final AlarmStatistics statistics;
    private final ResponseTargets targets;
    private final BoardLatency latency;
    private final ActorProvider actors;

    AlarmApi(AlarmDesk desk, AlarmStatistics statistics, ResponseTargets targets, BoardLatency latency, ActorProvider actors) {
        this.desk = desk;
        this.statistics = statistics;
        this.targets = targets;
        this.latency = latency;
        this.actors = actors;
    }

    @PostMapping
    ResponseEntity<AlarmView> create(@RequestBody AlarmInput in) {
        Actor actor = actors.require();
        long id = desk.create(actor, new ManualAlarm(in.regionCode(), in.address(), in.lon(), in.lat(), in.category(),
                in.description(), in.callerPhone()));
        return ResponseEntity.status(HttpStatus.CREATED).body(desk.get(actor, id));
    }

    @GetMapping
    AlarmDesk.Page list(@RequestParam(required = false) String stage, @RequestParam(defaultValue = "") String q,
                        @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return desk.list(actors.require(), stage, q, page, size);
    }

    /** What the dispatch board shows: open alarms and those finished in the last hour. */
    @GetMapping("/board")
    List<AlarmView> board() {
        return desk.board(actors.require());
    }

    @GetMapping("/{id}")
    AlarmView get(@PathVariable long id) {
        return desk.get(actors.require(), id);
    }

    @GetMapping("/{id}/timeline")
    List<AlarmView.TimelineEntry> timeline(@PathVariable long id) {
        return desk.timeline(actors.require(), id);
    }

    @GetMapping("/{id}/caller-phone")
    Map<String, String> callerPhone(@PathVariable long id, @RequestParam(required = false) String reason) {
        String phone = desk.revealCallerPhone(actors.require(), id, reason);
        return Map.of("callerPhone", phone == null ? "" : phone);
    }

    @PostMapping("/{id}/messages")
    ResponseEntity<Map<String, Long>> send(@PathVariable long id, @RequestBody MessageInput in) {
        long messageId = desk.sendMessage(actors.require(), id, in.unitCode(), in.body());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", messageId));
    }

    @PostMapping("/{id}/{action}")
    AlarmView act(@PathVariable long id, @PathVariable String action, @RequestBody(required = false) ActionInput in) {
        AlarmAction a = AlarmAction.fromSlug(action);
        if (a == null) {
            throw new NotFoundException("alarm_action", action);
        }
        ActionInput input = in == null ? new ActionInput(null, null) : in;
        return desk.act(actors.require(), id, a, input.unitCode(), input.reason());
    }

    /** Dispatch messages sent to the caller's unit; reading them marks them delivered. */
    @GetMapping("/messages")
    List<AlarmView.MessageView> inbox() {
        return desk.inbox(actors.require());
    }

    @PostMapping("/messages/{id}/acknowledge")
    ResponseEntity<Void> acknowledge(@PathVariable long id) {
        desk.acknowledge(actors.require(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/statistics")
    List<AlarmStatistics.Row> statistics(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        YearMonth now = YearMonth.now(AlarmDesk.ZONE);
        return statistics.byTownshipAndMonth(actors.require(), AlarmStatistics.month("from", from, now.minusMonths(11)),
                AlarmStatistics.month("to", to, now));
    }

    @GetMapping("/targets")
    List<ResponseTargets.Target> targets() {
        Actor actor = actors.require();
        if (!AlarmDesk.mayRead(actor)) {
            throw new ForbiddenException("your roles do not work with alarms");
        }
        return targets.all();
    }

    @PutMapping("/targets/{townshipId}")
    ResponseEntity<Void> setTarget(@PathVariable long townshipId, @RequestBody TargetInput in) {
        targets.set(actors.require(), townshipId, in.dispatchMinutes(), in.arrivalMinutes());
        return ResponseEntity.noContent().build();
    }

    /** The benchmark hook: p50/p99 from AlarmRequested to intake and to the board's SSE send. */
    @GetMapping("/latency")
    Map<String, Object> latency(@RequestParam(defaultValue = "60") int sinceMinutes) {
        Actor actor = actors.require();
        if (!AlarmDesk.mayDispatch(actor)) {
            throw new ForbiddenException("only police dispatchers may read board latency");
        }
        return latency.summary(Instant.now().minus(Duration.ofMinutes(Math.max(1, sinceMinutes))));
    }
}
