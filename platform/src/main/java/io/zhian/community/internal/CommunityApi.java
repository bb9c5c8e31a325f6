package io.zhian.community.internal;

import io.zhian.community.ingest.AccessEventParser;
import io.zhian.community.internal.CommunityViews.AccessRecord;
import io.zhian.community.internal.CommunityViews.Alarm;
import io.zhian.community.internal.CommunityViews.Compound;
import io.zhian.community.internal.CommunityViews.Consent;
import io.zhian.community.internal.CommunityViews.Credential;
import io.zhian.community.internal.CommunityViews.DeviceCredential;
import io.zhian.community.internal.CommunityViews.Door;
import io.zhian.community.internal.CommunityViews.House;
import io.zhian.community.internal.CommunityViews.PoliceRequest;
import io.zhian.community.internal.CommunityViews.Resident;
import io.zhian.community.internal.CommunityViews.RevealedResident;
import io.zhian.community.internal.CommunityViews.VisitorPass;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
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
import org.springframework.web.multipart.MultipartFile;

/** REST API of the smart safe compounds (documented in README.md). */
@RestController
@RequestMapping("/api/v1/community")
class CommunityApi {

    record CompoundInput(String code, String name, String regionCode, String unitCode, String address) {}
    record HouseInput(String building, String entrance, String room) {}
    record ResidentInput(String name, String phone, String idNumber, Long houseId, String kind, LocalDate startDate, LocalDate leaseEnd) {}
    record MoveOutInput(LocalDate endDate) {}
    record DoorInput(String deviceId, String name, String location) {}
    record CredentialInput(String kind, String cardNo, String pin) {}
    record ReasonInput(String reason) {}
    record FaceInput(Long doorId, String textVersion, String method) {}
    record VerifyInput(String deviceId, String token) {}
    record PassInput(String visitorLabel, Long hostResidentId, Instant validFrom, Instant validTo, List<Long> doorIds) {}
    record PoliceInput(Long compoundId, String idNumber, String caseNo, String purpose, Instant windowFrom, Instant windowTo) {}
    record DecisionInput(String note) {}
    record AlarmInput(String place, String description) {}
    record IngestResult(int accepted, int duplicates, int rejected, List<AccessEventParser.Rejected> problems) {}

    private final ActorProvider actors;
    private final Compounds compounds;
    private final ResidentImport imports;
    private final AccessControl access;
    private final AccessIngest ingest;
    private final VisitorPasses passes;
    private final PoliceRequests police;
    private final CompoundAlarms alarms;
    private final LiveBoard board;

    CommunityApi(ActorProvider actors, Compounds compounds, ResidentImport imports, AccessControl access, AccessIngest ingest,
                 VisitorPasses passes, PoliceRequests police, CompoundAlarms alarms, LiveBoard board) {
        this.actors = actors;
        this.compounds = compounds;
        this.imports = imports;
        this.access = access;
        this.ingest = ingest;
        this.passes = passes;
        this.police = police;
        this.alarms = alarms;
        this.board = board;
    }

    // ---- compounds, houses, residents ----

    @GetMapping("/compounds")
    List<Compound> compounds() {
        return compounds.list(actors.require());
    }

    @PostMapping("/compounds")
    ResponseEntity<Compound> createCompound(@RequestBody CompoundInput in) {
        Actor actor = actors.require();
        long id = compounds.createCompound(actor, in.code(), in.name(), in.regionCode(), in.unitCode(), in.address());
        return ResponseEntity.status(HttpStatus.CREATED).body(compounds.get(actor, id));
    }

    @GetMapping("/compounds/{id}")
    Compound compound(@PathVariable long id) {
        return compounds.get(actors.require(), id);
    }

    @GetMapping("/compounds/{id}/houses")
    List<House> houses(@PathVariable long id, @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
        return compounds.houses(actors.require(), id, offset, limit);
    }

    @PostMapping("/compounds/{id}/houses")
    ResponseEntity<Map<String, Long>> addHouse(@PathVariable long id, @RequestBody HouseInput in) {
        long house = compounds.addHouse(actors.require(), id, in.building(), in.entrance(), in.room());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", house));
    }

    @GetMapping("/compounds/{id}/residents")
    List<Resident> residents(@PathVariable long id, @RequestParam(required = false) Long houseId,
                             @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
        return compounds.residents(actors.require(), id, houseId, offset, limit);
    }

    @PostMapping("/compounds/{id}/residents")
    ResponseEntity<Resident> addResident(@PathVariable long id, @RequestBody ResidentInput in) {
        Actor actor = actors.require();
        long resident = compounds.addResident(actor, id, new Compounds.NewResident(in.name(), in.phone(), in.idNumber(), in.houseId(),
                in.kind(), in.startDate(), in.leaseEnd()));
        return ResponseEntity.status(HttpStatus.CREATED).body(compounds.resident(actor, resident));
    }

    /** {@code mode=all-or-nothing} (default) imports nothing when any row is bad; {@code mode=good-rows} imports the good rows. */
    @PostMapping("/compounds/{id}/residents/import")
    ImportReport importResidents(@PathVariable long id, @RequestParam("file") MultipartFile file,
                                 @RequestParam(defaultValue = "all-or-nothing") String mode) throws IOException {
        if (!mode.equals("all-or-nothing") && !mode.equals("good-rows")) {
            throw new InvalidInputException("mode", "must be all-or-nothing or good-rows");
        }
        return imports.importFile(actors.require(), id, file.getOriginalFilename(), file.getInputStream(), mode.equals("all-or-nothing"));
    }

    @GetMapping("/residents/{id}")
    Resident resident(@PathVariable long id) {
        return compounds.resident(actors.require(), id);
    }

    /** The unmasked name, phone and ID number, for a stated reason that is audited. */
    @GetMapping("/residents/{id}/personal-data")
    RevealedResident reveal(@PathVariable long id, @RequestParam(required = false) String reason) {
        return compounds.reveal(actors.require(), id, reason);
    }

    @PostMapping("/occupancies/{id}/move-out")
    Map<String, Object> moveOut(@PathVariable long id, @RequestBody(required = false) MoveOutInput in) {
        compounds.moveOut(actors.require(), id, in == null ? null : in.endDate());
        return Map.of("id", id, "movedOut", true);
    }

    // ---- doors, credentials, consent ----

    @GetMapping("/compounds/{id}/doors")
    List<Door> doors(@PathVariable long id) {
        return access.doors(actors.require(), id);
    }

    @PostMapping("/compounds/{id}/doors")
    ResponseEntity<Door> addDoor(@PathVariable long id, @RequestBody DoorInput in) {
        Actor actor = actors.require();
        long door = access.addDoor(actor, id, in.deviceId(), in.name(), in.location());
        return ResponseEntity.status(HttpStatus.CREATED).body(access.door(actor, door));
    }

    /** The list a door controller fetches: enabled flags, card numbers, face enrolments for this device; no names. */
    @GetMapping("/doors/{id}/credentials")
    List<DeviceCredential> deviceCredentials(@PathVariable long id) {
        return access.deviceCredentials(actors.require(), id);
    }

    @PostMapping("/compounds/{id}/face-only")
    void faceOnly(@PathVariable long id) {
        compounds.get(actors.require(), id);
        access.refuseFaceOnly();
    }

    @GetMapping("/residents/{id}/credentials")
    List<Credential> credentials(@PathVariable long id) {
        return access.credentials(actors.require(), id);
    }

    @PostMapping("/residents/{id}/credentials")
    ResponseEntity<Map<String, Long>> addCredential(@PathVariable long id, @RequestBody CredentialInput in) {
        long c = access.addCredential(actors.require(), id, in.kind(), in.cardNo(), in.pin());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", c));
    }

    @PostMapping("/credentials/{id}/disable")
    Map<String, Object> disable(@PathVariable long id, @RequestBody(required = false) ReasonInput in) {
        access.disableCredential(actors.require(), id, in == null ? null : in.reason());
        return Map.of("id", id, "enabled", false);
    }

    @PostMapping("/residents/{id}/face-enrolments")
    ResponseEntity<Map<String, Long>> enrolFace(@PathVariable long id, @RequestBody FaceInput in) {
        if (in.doorId() == null) {
            throw new InvalidInputException("doorId", "is required");
        }
        long c = access.enrolFace(actors.require(), id, in.doorId(), in.textVersion(), in.method());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("credentialId", c));
    }

    @PostMapping("/residents/{id}/face-consent/withdraw")
    Map<String, Object> withdraw(@PathVariable long id) {
        return Map.of("disabledFaceCredentials", access.withdrawFaceConsent(actors.require(), id));
    }

    @GetMapping("/residents/{id}/face-consents")
    List<Consent> consents(@PathVariable long id) {
        return access.consents(actors.require(), id);
    }

    @PostMapping("/residents/{id}/qr")
    Map<String, String> qr(@PathVariable long id) {
        return Map.of("token", access.issueQr(actors.require(), id));
    }

    @PostMapping("/access-verifications")
    VisitorPasses.Verdict verify(@RequestBody VerifyInput in) {
        return passes.verify(actors.require(), in.deviceId(), in.token(), Instant.now());
    }

    // ---- access events: the webhook ----

    /**
     * Door controllers (or their gateway) post a batch of events with an API token of a property-desk
     * account; each event's compound must be in that account's scope. Good events are stored (duplicates
     * ignored) even when others in the batch are rejected; a body that is not JSON at all is a 400.
     */
    @PostMapping(path = "/access-events", consumes = "application/json")
    ResponseEntity<IngestResult> accessEvents(@RequestBody byte[] body) {
        Actor actor = actors.require();
        Compounds.requireAny(actor, Compounds.MANAGERS, "post access events");
        Map<Long, Boolean> allowed = new HashMap<>();
        AccessIngest.Result r = ingest.ingest(body, null, id -> allowed.computeIfAbsent(id, k -> {
            try {
                compounds.get(actor, k);
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        }));
        if (r.accepted() == 0 && r.duplicates() == 0 && r.rejected().size() == 1 && r.rejected().get(0).index() == -1
                && !r.rejected().get(0).reason().startsWith("compound")) {
            throw new InvalidInputException(List.of(new FieldProblem("body", r.rejected().get(0).reason())));
        }
        return ResponseEntity.ok(new IngestResult(r.accepted(), r.duplicates(), r.rejected().size(), r.rejected()));
    }

    @GetMapping("/compounds/{id}/board")
    Map<String, Object> board(@PathVariable long id) {
        compounds.get(actors.require(), id);
        return board.snapshot(id);
    }

    // ---- visitors ----

    @GetMapping("/compounds/{id}/visitor-passes")
    List<VisitorPass> passes(@PathVariable long id) {
        return passes.list(actors.require(), id);
    }

    @PostMapping("/compounds/{id}/visitor-passes")
    ResponseEntity<VisitorPass> issuePass(@PathVariable long id, @RequestBody PassInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(passes.issue(actors.require(), id, in.visitorLabel(), in.hostResidentId(),
                in.validFrom(), in.validTo(), in.doorIds()));
    }

    @GetMapping("/visitor-passes/{id}/uses")
    List<AccessRecord> passUses(@PathVariable long id) {
        return passes.uses(actors.require(), id);
    }

    // ---- police data requests ----

    @GetMapping("/police-requests")
    List<PoliceRequest> policeRequests() {
        return police.list(actors.require());
    }

    @PostMapping("/police-requests")
    ResponseEntity<PoliceRequest> request(@RequestBody PoliceInput in) {
        if (in.compoundId() == null) {
            throw new InvalidInputException("compoundId", "is required");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(police.request(actors.require(), in.compoundId(), in.idNumber(), in.caseNo(),
                in.purpose(), in.windowFrom(), in.windowTo()));
    }

    @GetMapping("/police-requests/{id}")
    PoliceRequest policeRequest(@PathVariable long id) {
        return police.get(actors.require(), id);
    }

    @PostMapping("/police-requests/{id}/approve")
    PoliceRequest approve(@PathVariable long id, @RequestBody(required = false) DecisionInput in) {
        return police.decide(actors.require(), id, true, in == null ? null : in.note());
    }

    @PostMapping("/police-requests/{id}/refuse")
    PoliceRequest refuse(@PathVariable long id, @RequestBody(required = false) DecisionInput in) {
        return police.decide(actors.require(), id, false, in == null ? null : in.note());
    }

    @GetMapping("/police-requests/{id}/records")
    List<AccessRecord> records(@PathVariable long id) {
        return police.records(actors.require(), id);
    }

    // ---- one-key alarm ----

    @GetMapping("/compounds/{id}/alarms")
    List<Alarm> alarms(@PathVariable long id) {
        return alarms.list(actors.require(), id);
    }

    @PostMapping("/compounds/{id}/alarms")
    ResponseEntity<Alarm> raise(@PathVariable long id, @RequestBody(required = false) AlarmInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(alarms.raise(actors.require(), id, in == null ? null : in.place(),
                in == null ? null : in.description()));
    }
}
