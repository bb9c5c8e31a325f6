package io.zhian.community.internal;

import io.zhian.community.internal.CommunityViews.Compound;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ConflictException;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.Role;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Compound pages: the list, a compound, a resident, the import, the live board, police data requests. */
@Controller
class CommunityPages {

    private static final int PAGE = 50;

    private final ActorProvider actors;
    private final Compounds compounds;
    private final ResidentImport imports;
    private final AccessControl access;
    private final VisitorPasses passes;
    private final PoliceRequests police;
    private final CompoundAlarms alarms;
    private final LiveBoard board;

    CommunityPages(ActorProvider actors, Compounds compounds, ResidentImport imports, AccessControl access, VisitorPasses passes,
                   PoliceRequests police, CompoundAlarms alarms, LiveBoard board) {
        this.actors = actors;
        this.compounds = compounds;
        this.imports = imports;
        this.access = access;
        this.passes = passes;
        this.police = police;
        this.alarms = alarms;
        this.board = board;
    }

    @Bean
    static NavigationEntry communityNavigation() {
        return new NavigationEntry("nav.community", "/community", 450, Set.of(Role.CITY_ADMIN, Role.PROPERTY_MANAGER,
                Role.TOWNSHIP_OFFICER, Role.GRID_WORKER, Role.POLICE_DISPATCHER));
    }

    @GetMapping("/community")
    String list(Model model) {
        Actor actor = actors.require();
        model.addAttribute("compounds", compounds.list(actor));
        model.addAttribute("mayManage", actor.hasAny(Role.CITY_ADMIN, Role.PROPERTY_MANAGER));
        model.addAttribute("mayPolice", police.mayRequest(actor) || police.mayDecide(actor));
        model.addAttribute("values", Map.of());
        return "community/list";
    }

    @PostMapping("/community/compounds")
    String create(@RequestParam Map<String, String> form, Model model) {
        Actor actor = actors.require();
        try {
            long id = compounds.createCompound(actor, form.get("code"), form.get("name"), form.get("regionCode"), form.get("unitCode"),
                    form.get("address"));
            return "redirect:/community/compounds/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            model.addAttribute("compounds", compounds.list(actor));
            model.addAttribute("mayManage", true);
            model.addAttribute("mayPolice", false);
            return "community/list";
        }
    }

    @GetMapping("/community/compounds/{id}")
    String compound(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        Compound c = compounds.get(actor, id);
        model.addAttribute("c", c);
        boolean reader = actor.hasAny(Compounds.READERS);
        model.addAttribute("mayManage", actor.hasAny(Role.CITY_ADMIN, Role.PROPERTY_MANAGER));
        model.addAttribute("reader", reader);
        model.addAttribute("mayAlarm", actor.roles().stream().anyMatch(r -> CompoundAlarms.RAISERS.contains(r.name())));
        model.addAttribute("residents", reader ? compounds.residents(actor, id, null, page * PAGE, PAGE) : List.of());
        model.addAttribute("houses", reader ? compounds.houses(actor, id, 0, 200) : List.of());
        model.addAttribute("doors", access.doors(actor, id));
        model.addAttribute("alarms", alarms.list(actor, id));
        model.addAttribute("passes", reader ? passes.list(actor, id) : List.of());
        model.addAttribute("page", page);
        model.addAttribute("pages", Math.max(1, (c.residents() + PAGE - 1) / PAGE));
        model.addAttribute("total", c.residents());
        model.addAttribute("pagePrefix", "/community/compounds/" + id + "?page=");
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        return "community/compound";
    }

    @PostMapping("/community/compounds/{id}/houses")
    String addHouse(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            compounds.addHouse(actors.require(), id, form.get("building"), form.get("entrance"), form.get("room"));
            redirect.addFlashAttribute("done", "cm.houseAdded");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("houseErrors", e.byField());
            redirect.addFlashAttribute("values", form);
        }
        return "redirect:/community/compounds/" + id;
    }

    @PostMapping("/community/compounds/{id}/residents")
    String addResident(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            long r = compounds.addResident(actors.require(), id, new Compounds.NewResident(form.get("name"), form.get("phone"),
                    form.get("idNumber"), parseLong(form.get("houseId")), form.get("kind"), date(form.get("startDate")),
                    date(form.get("leaseEnd"))));
            return "redirect:/community/residents/" + r;
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("residentErrors", e.byField());
            redirect.addFlashAttribute("values", form);
            return "redirect:/community/compounds/" + id + "#new-resident";
        }
    }

    @PostMapping("/community/compounds/{id}/doors")
    String addDoor(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            access.addDoor(actors.require(), id, form.get("deviceId"), form.get("name"), form.get("location"));
            redirect.addFlashAttribute("done", "cm.doorAdded");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("doorErrors", e.byField());
        }
        return "redirect:/community/compounds/" + id;
    }

    @PostMapping("/community/compounds/{id}/alarms")
    String raise(@PathVariable long id, @RequestParam(defaultValue = "") String place, RedirectAttributes redirect) {
        alarms.raise(actors.require(), id, place, null);
        redirect.addFlashAttribute("done", "cm.alarmRaised");
        return "redirect:/community/compounds/" + id;
    }

    @PostMapping("/community/compounds/{id}/visitor-passes")
    String issuePass(@PathVariable long id, @RequestParam Map<String, String> form,
                     @RequestParam(name = "doorIds", required = false) List<Long> doorIds, RedirectAttributes redirect) {
        try {
            Instant from = Instant.now();
            int hours = form.getOrDefault("hours", "4").matches("\\d{1,3}") ? Integer.parseInt(form.getOrDefault("hours", "4")) : 4;
            passes.issue(actors.require(), id, form.get("visitorLabel"), null, from, from.plusSeconds(hours * 3600L), doorIds);
            redirect.addFlashAttribute("done", "cm.passIssued");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("passErrors", e.byField());
        }
        return "redirect:/community/compounds/" + id + "#passes";
    }

    @GetMapping("/community/compounds/{id}/import")
    String importForm(@PathVariable long id, Model model) {
        model.addAttribute("c", compounds.get(actors.require(), id));
        return "community/import";
    }

    @PostMapping("/community/compounds/{id}/import")
    String importFile(@PathVariable long id, @RequestParam("file") MultipartFile file,
                      @RequestParam(defaultValue = "all-or-nothing") String mode, Model model) throws IOException {
        Actor actor = actors.require();
        model.addAttribute("c", compounds.get(actor, id));
        model.addAttribute("report", imports.importFile(actor, id, file.getOriginalFilename(), file.getInputStream(),
                !"good-rows".equals(mode)));
        model.addAttribute("mode", mode);
        return "community/import";
    }

    @GetMapping("/community/residents/{id}")
    String resident(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        var r = compounds.resident(actor, id);
        model.addAttribute("r", r);
        model.addAttribute("c", compounds.get(actor, r.compoundId()));
        model.addAttribute("credentials", access.credentials(actor, id));
        model.addAttribute("consents", access.consents(actor, id));
        model.addAttribute("doors", access.doors(actor, r.compoundId()));
        model.addAttribute("mayManage", actor.hasAny(Role.CITY_ADMIN, Role.PROPERTY_MANAGER));
        return "community/resident";
    }

    @PostMapping("/community/residents/{id}/personal-data")
    String reveal(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Model model) {
        Actor actor = actors.require();
        try {
            model.addAttribute("revealed", compounds.reveal(actor, id, reason));
        } catch (InvalidInputException e) {
            model.addAttribute("revealError", e.problems().get(0).reason());
        } catch (ForbiddenException e) {
            model.addAttribute("revealError", e.getMessage());
        }
        model.addAttribute("r", compounds.resident(actor, id));
        model.addAttribute("mayManage", actor.hasAny(Role.CITY_ADMIN, Role.PROPERTY_MANAGER));
        return "community/resident :: personal";
    }

    @PostMapping("/community/residents/{id}/credentials")
    String addCredential(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(id, redirect, () -> access.addCredential(actors.require(), id, form.get("kind"), form.get("cardNo"), form.get("pin")));
    }

    @PostMapping("/community/credentials/{credentialId}/disable")
    String disable(@PathVariable long credentialId, @RequestParam long residentId, RedirectAttributes redirect) {
        return act(residentId, redirect, () -> access.disableCredential(actors.require(), credentialId, null));
    }

    @PostMapping("/community/residents/{id}/face")
    String enrol(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(id, redirect, () -> access.enrolFace(actors.require(), id, parseLong(form.get("doorId")) == null ? -1
                : parseLong(form.get("doorId")), form.get("textVersion"), form.get("method")));
    }

    @PostMapping("/community/residents/{id}/face/withdraw")
    String withdraw(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, () -> access.withdrawFaceConsent(actors.require(), id));
    }

    @PostMapping("/community/occupancies/{occupancyId}/move-out")
    String moveOut(@PathVariable long occupancyId, @RequestParam long residentId, @RequestParam(defaultValue = "") String endDate,
                   RedirectAttributes redirect) {
        return act(residentId, redirect, () -> compounds.moveOut(actors.require(), occupancyId, date(endDate)));
    }

    private String act(long residentId, RedirectAttributes redirect, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("done", "cm.saved");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", String.join("; ", e.byField().entrySet().stream()
                    .map(x -> x.getKey() + ": " + x.getValue()).toList()));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/community/residents/" + residentId;
    }

    // ---- live board ----

    @GetMapping("/community/compounds/{id}/board")
    String board(@PathVariable long id, Model model) {
        model.addAttribute("c", compounds.get(actors.require(), id));
        return "community/board";
    }

    @GetMapping(path = "/community/compounds/{id}/board/stream", produces = "text/event-stream")
    SseEmitter stream(@PathVariable long id) {
        compounds.get(actors.require(), id);
        return board.open(id);
    }

    // ---- police data requests ----

    @GetMapping("/community/police-requests")
    String policeRequests(Model model) {
        Actor actor = actors.require();
        model.addAttribute("requests", police.list(actor));
        model.addAttribute("mayRequest", police.mayRequest(actor));
        model.addAttribute("mayDecide", police.mayDecide(actor));
        model.addAttribute("compounds", police.mayRequest(actor) ? compounds.list(actor) : List.of());
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        return "community/police";
    }

    @PostMapping("/community/police-requests")
    String request(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            Long compound = parseLong(form.get("compoundId"));
            if (compound == null) {
                throw new InvalidInputException("compoundId", "is required");
            }
            police.request(actors.require(), compound, form.get("idNumber"), form.get("caseNo"), form.get("purpose"),
                    dateTime(form.get("windowFrom")), dateTime(form.get("windowTo")));
            redirect.addFlashAttribute("done", "cm.requested");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", e.byField());
            redirect.addFlashAttribute("values", form);
        }
        return "redirect:/community/police-requests";
    }

    @PostMapping("/community/police-requests/{id}/{decision}")
    String decide(@PathVariable long id, @PathVariable String decision, @RequestParam(defaultValue = "") String note,
                  RedirectAttributes redirect) {
        try {
            police.decide(actors.require(), id, "approve".equals(decision), note);
            redirect.addFlashAttribute("done", "cm.saved");
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/community/police-requests";
    }

    @GetMapping("/community/police-requests/{id}/records")
    String records(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        model.addAttribute("q", police.get(actor, id));
        model.addAttribute("records", police.records(actor, id));
        return "community/police-records";
    }

    private static Long parseLong(String s) {
        return s == null || !s.strip().matches("\\d{1,18}") ? null : Long.parseLong(s.strip());
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("date", "must be a date like 2026-01-31");
        }
    }

    private static Instant dateTime(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(s.strip()).atZone(LiveBoard.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("window", "must be a date and time like 2026-01-31T08:00");
        }
    }
}
