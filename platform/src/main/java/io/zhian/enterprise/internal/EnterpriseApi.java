package io.zhian.enterprise.internal;

import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** REST API: enterprises, pairings, visits, problems (casework cases), practical deeds, live statistics. */
@RestController
@RequestMapping("/api/v1/enterprise")
class EnterpriseApi {

    record PairingInput(String username) {}

    record VisitInput(String visitedOn, String notes) {}

    record ProblemInput(String title, String description, String channel) {}

    private final EnterpriseService service;
    private final ActorProvider actors;

    EnterpriseApi(EnterpriseService service, ActorProvider actors) {
        this.service = service;
        this.actors = actors;
    }

    @PostMapping("/enterprises")
    ResponseEntity<EnterpriseService.EnterpriseView> create(@RequestBody EnterpriseService.NewEnterprise input) {
        Actor actor = actors.require();
        long id = service.create(actor, input);
        return ResponseEntity.status(HttpStatus.CREATED).body(service.get(actor, id));
    }

    @GetMapping("/enterprises")
    Map<String, Object> list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size) {
        Actor actor = actors.require();
        int s = Math.min(Math.max(size, 1), 500);
        int p = Math.max(page, 0);
        return Map.of("total", service.count(actor, q), "page", p, "size", s, "items", service.list(actor, q, p * s, s));
    }

    @GetMapping("/enterprises/{id}")
    Map<String, Object> get(@PathVariable long id) {
        Actor actor = actors.require();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enterprise", service.get(actor, id));
        m.put("pairings", service.pairings(actor, id));
        m.put("visits", service.visits(actor, id));
        m.put("problems", service.problems(actor, id));
        return m;
    }

    @GetMapping("/enterprises/{id}/contact")
    Map<String, String> contact(@PathVariable long id, @RequestParam(required = false) String reason) {
        return service.revealContact(actors.require(), id, reason);
    }

    @PostMapping("/enterprises/{id}/pairings")
    ResponseEntity<List<EnterpriseStore.PairingRow>> pair(@PathVariable long id, @RequestBody PairingInput input) {
        Actor actor = actors.require();
        service.pair(actor, id, input.username());
        return ResponseEntity.status(HttpStatus.CREATED).body(service.pairings(actor, id));
    }

    @GetMapping("/enterprises/{id}/pairings")
    List<EnterpriseStore.PairingRow> pairings(@PathVariable long id) {
        return service.pairings(actors.require(), id);
    }

    @PostMapping("/enterprises/{id}/visits")
    ResponseEntity<Map<String, Object>> visit(@PathVariable long id, @RequestBody VisitInput input) {
        long vid = service.visit(actors.require(), id, input.visitedOn(), input.notes());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", vid, "enterpriseId", id));
    }

    @GetMapping("/enterprises/{id}/visits")
    List<EnterpriseStore.VisitRow> visits(@PathVariable long id) {
        return service.visits(actors.require(), id);
    }

    @PostMapping("/enterprises/{id}/problems")
    ResponseEntity<Map<String, Object>> problem(@PathVariable long id, @RequestBody ProblemInput input) {
        long caseId = service.raiseProblem(actors.require(), id, input.title(), input.description(), input.channel());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("caseId", caseId, "enterpriseId", id,
                "caseUrl", "/casework/cases/" + caseId));
    }

    @GetMapping("/enterprises/{id}/problems")
    List<EnterpriseService.ProblemView> problems(@PathVariable long id) {
        return service.problems(actors.require(), id);
    }

    @GetMapping("/statistics")
    Map<String, Object> statistics() {
        return service.statistics(actors.require());
    }

    @PostMapping(path = "/deeds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> deed(@RequestBody EnterpriseService.NewDeed input) {
        long id = service.recordDeed(actors.require(), input);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }

    /** The same as the JSON create, as a multipart form with an optional {@code photo} part. */
    @PostMapping(path = "/deeds", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> deedWithPhoto(@RequestParam Map<String, String> form,
                                                      @RequestParam(name = "photo", required = false) MultipartFile photo) {
        long id = service.recordDeed(actors.require(), new EnterpriseService.NewDeed(form.get("regionCode"),
                form.get("beneficiaryKind"), form.get("beneficiaryName"), form.get("what"), form.get("doneOn")),
                DeedPhotos.read(photo));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }

    @GetMapping("/deeds/{id}")
    EnterpriseService.DeedView deed(@PathVariable long id) {
        return service.deed(actors.require(), id);
    }

    /** Attaches or replaces the deed's photo (multipart part {@code photo}: JPEG or PNG by content, at most 5 MB). */
    @PostMapping(path = "/deeds/{id}/photo", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    EnterpriseService.DeedView uploadPhoto(@PathVariable long id, @RequestParam(name = "photo", required = false) MultipartFile photo) {
        Actor actor = actors.require();
        service.setDeedPhoto(actor, id, DeedPhotos.read(photo));
        return service.deed(actor, id);
    }

    @DeleteMapping("/deeds/{id}/photo")
    ResponseEntity<Void> removePhoto(@PathVariable long id) {
        service.removeDeedPhoto(actors.require(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/deeds/{id}/photo")
    ResponseEntity<byte[]> photo(@PathVariable long id) {
        return DeedPhotos.response(service.deedPhoto(actors.require(), id));
    }

    @GetMapping("/deeds")
    Map<String, Object> deeds(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Actor actor = actors.require();
        int s = Math.min(Math.max(size, 1), 500);
        int p = Math.max(page, 0);
        return Map.of("total", service.countDeeds(actor), "page", p, "size", s, "items", service.deeds(actor, p * s, s));
    }

    @GetMapping("/deeds/counts")
    Map<String, Object> deedCounts() {
        return service.deedCounts(actors.require());
    }
}
