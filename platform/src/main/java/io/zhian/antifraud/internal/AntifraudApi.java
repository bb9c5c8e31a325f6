package io.zhian.antifraud.internal;

import io.zhian.antifraud.FraudCases;
import io.zhian.antifraud.FraudType;
import io.zhian.antifraud.NewFraudCase;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.QualityReport;
import io.zhian.linking.RawIdentifier;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** REST API for case intake, series queries and analyst work. Amounts are in yuan. */
@RestController
@RequestMapping("/api/v1/antifraud")
class AntifraudApi {

    record IdentifierInput(String type, String value) {}

    record CaseInput(String caseNo, String regionCode, String fraudType, String occurredAt, java.math.BigDecimal amountYuan,
                     String victimName, String victimPhone, String summary, List<IdentifierInput> identifiers) {}

    record DecisionInput(Long caseA, Long caseB, String kind, String note) {}

    record ConsultationInput(String heldAt, String participants, String conclusion) {}

    record AssignmentInput(String unitCode) {}

    private final FraudCases cases;
    private final FraudAnalysis analysis;
    private final FraudCaseStore store;
    private final FraudImport imports;
    private final ActorProvider actors;

    AntifraudApi(FraudCases cases, FraudAnalysis analysis, FraudCaseStore store, FraudImport imports, ActorProvider actors) {
        this.cases = cases;
        this.analysis = analysis;
        this.store = store;
        this.imports = imports;
        this.actors = actors;
    }

    @PostMapping("/cases")
    ResponseEntity<FraudAnalysis.CaseView> create(@RequestBody CaseInput input) {
        Actor actor = actors.require();
        if (!FraudCases.mayRecord(actor)) {
            throw new io.zhian.shared.ForbiddenException("only police dispatchers and fraud analysts record fraud cases");
        }
        List<FieldProblem> parseProblems = new ArrayList<>();
        NewFraudCase candidate = toCase(input, parseProblems);
        cases.requireValid(candidate, parseProblems);
        long id = cases.record(actor, candidate);
        return ResponseEntity.status(HttpStatus.CREATED).body(analysis.views(List.of(analysis.getCase(actor, id))).get(0));
    }

    @GetMapping("/cases")
    Map<String, Object> list(@RequestParam(required = false) String q, @RequestParam(required = false) String type,
                             @RequestParam(required = false) Long regionId, @RequestParam(required = false) Instant from,
                             @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size) {
        Actor actor = actors.require();
        FraudAnalysis.requireRead(actor);
        FraudType t = type == null || type.isBlank() ? null : fraudType(type);
        var filter = new FraudCaseStore.Filter(q, t, regionId, from, to);
        int s = Math.min(Math.max(size, 1), 500);
        return Map.of("total", store.count(actor.scope(), filter), "page", page, "size", s,
                "items", analysis.views(store.list(actor.scope(), filter, Math.max(page, 0) * s, s)));
    }

    @GetMapping("/cases/{id}")
    Map<String, Object> get(@PathVariable long id) {
        Actor actor = actors.require();
        var row = analysis.getCase(actor, id);
        return Map.of("case", analysis.views(List.of(row)).get(0), "identifiers", store.identifiers(id));
    }

    @GetMapping("/cases/{id}/victim")
    Map<String, String> victim(@PathVariable long id, @RequestParam(required = false) String reason) {
        return analysis.victim(actors.require(), id, reason);
    }

    @GetMapping("/cases/{id}/evidence")
    List<FraudAnalysis.EvidenceView> evidence(@PathVariable long id, @RequestParam(required = false) Long with) {
        Actor actor = actors.require();
        return with == null ? analysis.evidenceFrom(actor, id) : List.of(analysis.evidence(actor, id, with));
    }

    @GetMapping("/cases/{id}/graph")
    Map<String, Object> graph(@PathVariable long id, @RequestParam(defaultValue = "series") String view) {
        if (!view.equals("series") && !view.equals("gang")) {
            throw new InvalidInputException("view", "must be series or gang");
        }
        return analysis.graph(actors.require(), id, view.equals("gang"));
    }

    @GetMapping("/series/{id}")
    FraudAnalysis.SeriesView series(@PathVariable long id) {
        return analysis.series(actors.require(), id);
    }

    @PostMapping("/series/{id}/consultations")
    ResponseEntity<Map<String, Object>> consult(@PathVariable long id, @RequestBody ConsultationInput input) {
        Instant held = input.heldAt() == null ? null : FraudImport.parseTime(input.heldAt());
        if (input.heldAt() != null && held == null) {
            throw new InvalidInputException("heldAt", "'" + input.heldAt() + "' is not a date/time like 2026-11-29 10:00");
        }
        long cid = analysis.consult(actors.require(), id, held, input.participants(), input.conclusion());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", cid, "seriesId", id));
    }

    @PostMapping("/series/{id}/assignment")
    FraudAnalysis.SeriesView assign(@PathVariable long id, @RequestBody AssignmentInput input) {
        analysis.assign(actors.require(), id, input.unitCode());
        return analysis.series(actors.require(), id);
    }

    @PostMapping("/decisions")
    Map<String, Object> decide(@RequestBody DecisionInput input) {
        List<FieldProblem> problems = new ArrayList<>();
        if (input.caseA() == null) {
            problems.add(new FieldProblem("caseA", "is required"));
        }
        if (input.caseB() == null) {
            problems.add(new FieldProblem("caseB", "is required"));
        }
        if (input.kind() == null || !(input.kind().equals("MUST_LINK") || input.kind().equals("CANNOT_LINK"))) {
            problems.add(new FieldProblem("kind", "must be MUST_LINK or CANNOT_LINK"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Actor actor = actors.require();
        analysis.decide(actor, input.caseA(), input.caseB(), input.kind().equals("MUST_LINK"), input.note());
        var a = analysis.getCase(actor, input.caseA());
        var b = analysis.getCase(actor, input.caseB());
        return Map.of("caseA", Map.of("id", a.id(), "seriesId", a.seriesId()), "caseB", Map.of("id", b.id(), "seriesId", b.seriesId()));
    }

    @GetMapping("/statistics")
    List<Map<String, Object>> statistics(@RequestParam(defaultValue = "type") String by, @RequestParam(required = false) Instant from,
                                         @RequestParam(required = false) Instant to) {
        return analysis.statistics(actors.require(), by, from, to);
    }

    @GetMapping("/quality")
    QualityReport quality() {
        return analysis.quality(actors.require());
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportReport> importFile(@RequestPart("file") MultipartFile file,
                                            @RequestParam(defaultValue = "false") boolean dryRun) throws IOException {
        ImportReport report = imports.importFile(actors.require(), file.getOriginalFilename(), file.getInputStream(), dryRun);
        return ResponseEntity.status(report.errorCount() > 0 ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK).body(report);
    }

    static FraudType fraudType(String value) {
        FraudType t = FraudType.parse(value);
        if (t == null) {
            throw new InvalidInputException("fraudType", "'" + value + "' is not a fraud type");
        }
        return t;
    }

    /** Reads the JSON input; what cannot be read goes to {@code problems}, the rest into the case. */
    static NewFraudCase toCase(CaseInput in, List<FieldProblem> problems) {
        FraudType type = null;
        if (in.fraudType() != null) {
            type = FraudType.parse(in.fraudType());
            if (type == null) {
                problems.add(new FieldProblem("fraudType", "'" + in.fraudType() + "' is not a fraud type"));
            }
        }
        Instant at = null;
        if (in.occurredAt() != null) {
            at = FraudImport.parseTime(in.occurredAt());
            if (at == null) {
                problems.add(new FieldProblem("occurredAt", "'" + in.occurredAt() + "' is not a date/time like 2026-03-05 14:30"));
            }
        }
        long fen = 0;
        if (in.amountYuan() == null) {
            problems.add(new FieldProblem("amountYuan", "is required (0 if no loss)"));
        } else if (in.amountYuan().scale() > 2) {
            problems.add(new FieldProblem("amountYuan", "has more than 2 decimal places"));
        } else {
            fen = in.amountYuan().movePointRight(2).longValue();
        }
        List<RawIdentifier> ids = new ArrayList<>();
        if (in.identifiers() != null) {
            for (IdentifierInput i : in.identifiers()) {
                IdentifierType kind = null;
                try {
                    kind = i.type() == null ? null : IdentifierType.valueOf(i.type().strip());
                } catch (IllegalArgumentException e) {
                    // reported below
                }
                if (kind == null) {
                    problems.add(new FieldProblem("identifiers", "'" + i.type() + "' is not one of " + List.of(IdentifierType.values())));
                } else {
                    ids.add(new RawIdentifier(kind, i.value() == null ? "" : i.value()));
                }
            }
        }
        return new NewFraudCase(in.caseNo(), in.regionCode(), type, at, fen, in.victimName(), in.victimPhone(), in.summary(), ids);
    }
}
