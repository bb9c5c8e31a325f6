package io.zhian.casework.internal;

import io.zhian.casework.ActionInput;
import io.zhian.casework.CaseAction;
import io.zhian.casework.CaseState;
import io.zhian.casework.CaseType;
import io.zhian.casework.CaseView;
import io.zhian.casework.Casework;
import io.zhian.casework.NewCase;
import io.zhian.casework.NewParty;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API of the casework mechanism. */
@RestController
@RequestMapping("/api/v1/casework")
class CaseworkApi {

    record CaseInput(String typeCode, String title, String description, String regionCode, String channel, List<NewParty> parties) {}

    private final Casework casework;
    private final ActorProvider actors;

    CaseworkApi(Casework casework, ActorProvider actors) {
        this.casework = casework;
        this.actors = actors;
    }

    @GetMapping("/types")
    List<CaseType> types() {
        actors.require();
        return casework.types();
    }

    @PostMapping("/cases")
    ResponseEntity<CaseView> create(@RequestBody CaseInput in) {
        var actor = actors.require();
        long id = casework.create(actor, new NewCase(in.typeCode(), in.title(), in.description(), in.regionCode(), in.channel(),
                in.parties()));
        return ResponseEntity.status(HttpStatus.CREATED).body(casework.get(actor, id));
    }

    @GetMapping("/cases")
    Casework.Page list(@RequestParam(defaultValue = "all") String queue, @RequestParam(required = false) String type,
                       @RequestParam(required = false) String state, @RequestParam(defaultValue = "") String q,
                       @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return casework.list(actors.require(), filter(queue, type, state, q), page, size);
    }

    @GetMapping("/cases/{id}")
    CaseView get(@PathVariable long id) {
        return casework.get(actors.require(), id);
    }

    @GetMapping("/cases/{id}/timeline")
    List<CaseView.TimelineEntry> timeline(@PathVariable long id) {
        return casework.timeline(actors.require(), id);
    }

    @GetMapping("/cases/{id}/parties")
    List<CaseView.PartyView> parties(@PathVariable long id, @RequestParam(required = false) String reason) {
        return casework.revealParties(actors.require(), id, reason);
    }

    @PostMapping("/cases/{id}/{action}")
    CaseView act(@PathVariable long id, @PathVariable String action, @RequestBody(required = false) ActionInput input) {
        CaseAction a = CaseAction.fromSlug(action);
        if (a == null) {
            throw new NotFoundException("casework_action", action);
        }
        return casework.act(actors.require(), id, a, input);
    }

    @GetMapping("/statistics")
    List<Map<String, Object>> statistics(@RequestParam(required = false) String type) {
        return casework.statistics(actors.require(), type);
    }

    static CaseStore.Filter filter(String queue, String type, String state, String q) {
        CaseStore.Queue qu = parseQueue(queue);
        CaseState s = null;
        if (state != null && !state.isBlank()) {
            try {
                s = CaseState.valueOf(state.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("state", "'" + state + "' is not one of " + Arrays.toString(CaseState.values()));
            }
        }
        return new CaseStore.Filter(qu, type, s, q);
    }

    static CaseStore.Queue parseQueue(String queue) {
        if (queue == null || queue.isBlank()) {
            return CaseStore.Queue.ALL;
        }
        String v = queue.strip().replace('-', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
        try {
            return CaseStore.Queue.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("queue", "'" + queue + "' is not one of all, mine, unassigned, due-soon, overdue, returned");
        }
    }
}
