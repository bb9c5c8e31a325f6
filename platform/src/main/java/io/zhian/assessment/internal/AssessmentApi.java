package io.zhian.assessment.internal;

import io.zhian.assessment.internal.AssessmentService.FigureInput;
import io.zhian.assessment.internal.AssessmentService.IndicatorInput;
import io.zhian.shared.ActorProvider;
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

/** REST API of the assessment module. */
@RestController
@RequestMapping("/api/v1/assessment")
class AssessmentApi {

    record PairingInput(String unitCode, String townshipCode, String startedOn, String note) {}

    record TaskInput(String title, String dueOn) {}

    record CompletionInput(String completionNote, String completedOn, Integer version) {}

    record InspectionInput(String team, String unitCode, String inspectedOn, String findings, String rectifyBy) {}

    record FollowUpInput(String outcome, String note, Integer version) {}

    record SanctionInput(String unitCode, String kind, String issuedOn, String reason, String issuer, Long inspectionId) {}

    record PublicityInput(String townshipCode, String kind, Integer quantity, String doneOn, String note) {}

    private final AssessmentService service;
    private final ActorProvider actors;

    AssessmentApi(AssessmentService service, ActorProvider actors) {
        this.service = service;
        this.actors = actors;
    }

    @GetMapping("/indicators")
    List<AssessmentService.IndicatorView> indicators(@RequestParam(defaultValue = "false") boolean activeOnly) {
        return service.indicators(actors.require(), activeOnly);
    }

    @PostMapping("/indicators")
    ResponseEntity<AssessmentService.IndicatorView> createIndicator(@RequestBody IndicatorInput in) {
        var actor = actors.require();
        return ResponseEntity.status(HttpStatus.CREATED).body(service.view(service.saveIndicator(actor, null, in)));
    }

    @PutMapping("/indicators/{id}")
    AssessmentService.IndicatorView updateIndicator(@PathVariable long id, @RequestBody IndicatorInput in) {
        return service.view(service.saveIndicator(actors.require(), id, in));
    }

    /** Every figure the modules offer now, for choosing an indicator's source. */
    @GetMapping("/offered-figures")
    List<FigureSources.Offered> offered() {
        return service.offeredFigures(actors.require());
    }

    @GetMapping("/figures")
    List<AssessmentService.FigureView> figures(@RequestParam(required = false) Long indicatorId, @RequestParam(required = false) String month,
                                               @RequestParam(required = false) Long regionId, @RequestParam(defaultValue = "200") int limit) {
        return service.figures(actors.require(), indicatorId, month, regionId, limit);
    }

    @GetMapping("/figures/{id}")
    AssessmentService.FigureView figure(@PathVariable long id) {
        return service.figure(actors.require(), id);
    }

    /** Enters a figure, or corrects the one already entered for the same indicator, subject and month. */
    @PostMapping("/figures")
    ResponseEntity<AssessmentService.FigureView> enter(@RequestBody FigureInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.enterFigure(actors.require(), in));
    }

    @DeleteMapping("/figures/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        service.deleteFigure(actors.require(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/rankings")
    AssessmentService.Ranking ranking(@RequestParam(defaultValue = "township") String subject,
                                      @RequestParam(required = false) String period) {
        return service.ranking(actors.require(), subject, period);
    }

    @GetMapping("/townships/{id}")
    AssessmentService.SubjectPage township(@PathVariable long id, @RequestParam(required = false) String period) {
        return service.township(actors.require(), id, period);
    }

    @GetMapping("/units/{id}")
    AssessmentService.SubjectPage unit(@PathVariable long id, @RequestParam(required = false) String period) {
        return service.unit(actors.require(), id, period);
    }

    @GetMapping("/pairings")
    List<AssessmentService.PairingView> pairings() {
        return service.pairings(actors.require());
    }

    @PostMapping("/pairings")
    ResponseEntity<AssessmentService.PairingView> pair(@RequestBody PairingInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.createPairing(actors.require(), in.unitCode(), in.townshipCode(),
                in.startedOn(), in.note()));
    }

    @PostMapping("/pairings/{id}/tasks")
    ResponseEntity<AssessmentService.TaskView> addTask(@PathVariable long id, @RequestBody TaskInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.addTask(actors.require(), id, in.title(), in.dueOn()));
    }

    @GetMapping("/tasks")
    List<AssessmentService.TaskView> tasks(@RequestParam(required = false) Long unitId, @RequestParam(required = false) Long townshipId) {
        return service.tasks(actors.require(), unitId, townshipId);
    }

    @PostMapping("/tasks/{id}/complete")
    AssessmentService.TaskView complete(@PathVariable long id, @RequestBody CompletionInput in) {
        return service.completeTask(actors.require(), id, in.completionNote(), in.completedOn(), in.version());
    }

    @GetMapping("/inspections")
    List<AssessmentService.InspectionView> inspections(@RequestParam(required = false) Long unitId) {
        return service.inspections(actors.require(), unitId);
    }

    @GetMapping("/inspections/{id}")
    AssessmentService.InspectionView inspection(@PathVariable long id) {
        return service.inspection(actors.require(), id);
    }

    @PostMapping("/inspections")
    ResponseEntity<AssessmentService.InspectionView> inspect(@RequestBody InspectionInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.createInspection(actors.require(), in.team(), in.unitCode(),
                in.inspectedOn(), in.findings(), in.rectifyBy()));
    }

    @PostMapping("/inspections/{id}/follow-up")
    AssessmentService.InspectionView followUp(@PathVariable long id, @RequestBody FollowUpInput in) {
        return service.followUp(actors.require(), id, in.outcome(), in.note(), in.version());
    }

    @GetMapping("/sanctions")
    List<AssessmentService.SanctionView> sanctions(@RequestParam(required = false) Long unitId) {
        return service.sanctions(actors.require(), unitId);
    }

    @PostMapping("/sanctions")
    ResponseEntity<AssessmentService.SanctionView> sanction(@RequestBody SanctionInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.addSanction(actors.require(), in.unitCode(), in.kind(),
                in.issuedOn(), in.reason(), in.issuer(), in.inspectionId()));
    }

    @GetMapping("/publicity")
    List<AssessmentService.PublicityView> publicity(@RequestParam(required = false) Long regionId,
                                                    @RequestParam(required = false) String period) {
        return service.publicity(actors.require(), regionId, period);
    }

    @GetMapping("/publicity/counts")
    List<Map<String, Object>> publicityCounts(@RequestParam(required = false) String period) {
        return service.publicityCounts(actors.require(), period);
    }

    @PostMapping("/publicity")
    ResponseEntity<AssessmentService.PublicityView> recordPublicity(@RequestBody PublicityInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.recordPublicity(actors.require(), in.townshipCode(), in.kind(),
                in.quantity(), in.doneOn(), in.note()));
    }
}
