package io.zhian.mediation.internal;

import io.zhian.casework.ActionInput;
import io.zhian.casework.CaseAction;
import io.zhian.casework.NewParty;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.NotFoundException;
import java.time.YearMonth;
import java.util.ArrayList;
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

/** REST API of dispute mediation; errors are RFC 9457 problem details with errors[{field, reason}]. */
@RestController
@RequestMapping("/api/v1/mediation")
class MediationApi {

    record DisputeInput(String category, String riskGrade, List<String> flags, String title, String description, String regionCode,
                        String channel, List<NewParty> parties) {}

    record Page(long total, int page, int size, List<MediationService.DisputeView> items) {}

    record GradingInput(String riskGrade, List<String> flags) {}

    record JudicialInput(String appliedOn, String court) {}

    record JudicialResultInput(String result, String note) {}

    record PerformanceInput(String performance) {}

    record FollowupInput(String visitedOn, String visitor, String finding) {}

    private final MediationService service;
    private final MediationStatistics statistics;
    private final ActorProvider actors;
    private final DisputeListFilters filters;

    MediationApi(MediationService service, MediationStatistics statistics, ActorProvider actors, DisputeListFilters filters) {
        this.service = service;
        this.statistics = statistics;
        this.actors = actors;
        this.filters = filters;
    }

    @PostMapping("/disputes")
    ResponseEntity<MediationService.Detail> create(@RequestBody DisputeInput in) {
        Actor actor = actors.require();
        long id = service.register(actor, new MediationService.NewDispute(in.category(), in.riskGrade(), in.flags(), in.title(),
                in.description(), in.regionCode(), in.channel(), in.parties() == null ? List.of() : in.parties()));
        return ResponseEntity.status(HttpStatus.CREATED).body(service.detail(actor, id));
    }

    @GetMapping("/disputes")
    Page list(@RequestParam(defaultValue = "") String category, @RequestParam(defaultValue = "") String risk,
              @RequestParam(defaultValue = "") String flagged, @RequestParam(defaultValue = "") String from,
              @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String region,
              @RequestParam(defaultValue = "") String counted, @RequestParam(defaultValue = "0") int page,
              @RequestParam(defaultValue = "50") int size) {
        Actor actor = actors.require();
        MediationStore.Filter f = filters.parse(actor, category, risk, flagged, from, to, region, counted).filter();
        int s = Math.min(Math.max(size, 1), 500);
        int p = Math.max(page, 0);
        return new Page(service.count(actor, f), p, s, service.list(actor, f, p * s, s));
    }

    @GetMapping("/disputes/{id}")
    MediationService.Detail get(@PathVariable long id) {
        return service.detail(actors.require(), id);
    }

    @PostMapping("/disputes/{id}/actions/{action}")
    MediationService.Detail act(@PathVariable long id, @PathVariable String action, @RequestBody(required = false) ActionInput input) {
        CaseAction a = CaseAction.fromSlug(action);
        if (a == null) {
            throw new NotFoundException("casework_action", action);
        }
        Actor actor = actors.require();
        service.act(actor, id, a, input);
        return service.detail(actor, id);
    }

    @PostMapping("/disputes/{id}/grading")
    MediationService.Detail grading(@PathVariable long id, @RequestBody GradingInput in) {
        Actor actor = actors.require();
        service.regrade(actor, id, in.riskGrade(), in.flags());
        return service.detail(actor, id);
    }

    @PostMapping("/disputes/{id}/sessions")
    MediationService.Detail session(@PathVariable long id, @RequestBody MediationService.NewSession in) {
        Actor actor = actors.require();
        service.addSession(actor, id, in);
        return service.detail(actor, id);
    }

    @PostMapping("/disputes/{id}/agreement")
    ResponseEntity<MediationService.Detail> agreement(@PathVariable long id, @RequestBody MediationService.NewAgreement in) {
        Actor actor = actors.require();
        service.addAgreement(actor, id, new MediationService.NewAgreement(in.facts(), in.signedOn(),
                in.parties() == null ? List.of() : in.parties(), in.obligations() == null ? List.of() : in.obligations()));
        return ResponseEntity.status(HttpStatus.CREATED).body(service.detail(actor, id));
    }

    @PostMapping("/disputes/{id}/judicial-confirmation")
    MediationService.Detail judicial(@PathVariable long id, @RequestBody JudicialInput in) {
        Actor actor = actors.require();
        service.applyJudicial(actor, id, in.appliedOn(), in.court());
        return service.detail(actor, id);
    }

    @PostMapping("/disputes/{id}/judicial-confirmation/result")
    MediationService.Detail judicialResult(@PathVariable long id, @RequestBody JudicialResultInput in) {
        Actor actor = actors.require();
        service.judicialResult(actor, id, in.result(), in.note());
        return service.detail(actor, id);
    }

    @PostMapping("/disputes/{id}/obligations/{obligationId}")
    MediationService.Detail performance(@PathVariable long id, @PathVariable long obligationId, @RequestBody PerformanceInput in) {
        Actor actor = actors.require();
        service.performance(actor, id, obligationId, in.performance());
        return service.detail(actor, id);
    }

    @PostMapping("/disputes/{id}/followups")
    MediationService.Detail followup(@PathVariable long id, @RequestBody FollowupInput in) {
        Actor actor = actors.require();
        service.addFollowup(actor, id, in.visitedOn(), in.visitor(), in.finding());
        return service.detail(actor, id);
    }

    @GetMapping("/statistics")
    List<Map<String, Object>> statistics(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to) {
        Actor actor = actors.require();
        MediationService.requireWorker(actor);
        List<io.zhian.shared.FieldProblem> problems = new ArrayList<>();
        YearMonth f = MediationPages.month("from", from, problems);
        YearMonth t = MediationPages.month("to", to, problems);
        if (!problems.isEmpty()) {
            throw new io.zhian.shared.InvalidInputException(problems);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (MediationStatistics.Row r : statistics.rows(actor.scope(), f, t)) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("townshipId", r.townshipId());
            m.put("townshipName", r.townshipName());
            m.put("month", r.month());
            m.put("cases", r.cases());
            m.put("resolved", r.resolved());
            m.put("resolvedOnTheSpot", r.onTheSpot());
            m.put("onTheSpotRate", r.onTheSpotRate());
            m.put("mediated", r.mediated());
            m.put("successRate", r.successRate());
            m.put("obligationsAssessed", r.obligationsAssessed());
            m.put("performanceRate", r.performanceRate());
            m.put("flagged", r.flagged());
            m.put("escalationsPrevented", r.escalationsPrevented());
            m.put("averageDaysToResolve", r.averageDaysToResolve());
            out.add(m);
        }
        return out;
    }
}
