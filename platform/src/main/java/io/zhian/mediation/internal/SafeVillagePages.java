package io.zhian.mediation.internal;

import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Role;
import io.zhian.shared.Spreadsheet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 五零平安村: which villages qualify for a year, why the others do not, count entry and the checklist. */
@Controller
class SafeVillagePages {

    private final SafeVillages safeVillages;
    private final ActorProvider actors;

    SafeVillagePages(SafeVillages safeVillages, ActorProvider actors) {
        this.safeVillages = safeVillages;
        this.actors = actors;
    }

    static int year(Integer year) {
        return year == null ? MediationService.today().getYear() : Math.max(2000, Math.min(2100, year));
    }

    @GetMapping("/mediation/safe-villages")
    String page(@RequestParam(required = false) Integer year, @RequestParam(defaultValue = "all") String show, Model model) {
        Actor actor = actors.require();
        MediationService.requireWorker(actor);
        int y = year(year);
        List<SafeVillages.VillageResult> results = safeVillages.evaluate(actor, y);
        model.addAttribute("year", y);
        model.addAttribute("show", show);
        model.addAttribute("qualifying", results.stream().filter(SafeVillages.VillageResult::qualifies).count());
        model.addAttribute("villageCount", results.size());
        model.addAttribute("results", "fail".equals(show) ? results.stream().filter(r -> !r.qualifies()).toList()
                : "pass".equals(show) ? results.stream().filter(SafeVillages.VillageResult::qualifies).toList() : results);
        model.addAttribute("criteria", safeVillages.criteria());
        model.addAttribute("mayRecord", actor.hasAny(Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN));
        model.addAttribute("mayEdit", actor.has(Role.CITY_ADMIN));
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        return "mediation/safe-villages";
    }

    @GetMapping("/mediation/safe-villages/export.xlsx")
    ResponseEntity<byte[]> export(@RequestParam(required = false) Integer year, @RequestParam(defaultValue = "all") String show) {
        Actor actor = actors.require();
        MediationService.requireWorker(actor);
        List<List<Object>> rows = new ArrayList<>();
        for (SafeVillages.VillageResult r : safeVillages.evaluate(actor, year(year))) {
            if (("fail".equals(show) && r.qualifies()) || ("pass".equals(show) && !r.qualifies())) {
                continue;
            }
            rows.add(List.of(r.townshipName() == null ? "" : r.townshipName(), r.villageName(), r.qualifies() ? "达标" : "未达标",
                    String.join("；", r.failures().stream().map(f -> f.criterion().nameZh() + " " + f.count()).toList())));
        }
        return Spreadsheet.download("safe-villages-" + year(year), Spreadsheet.write("五零平安村",
                List.of("乡镇 township", "村（社区）village", "结果 result", "未达标项 failing criteria"), rows));
    }

    @PostMapping("/mediation/safe-villages/counts")
    String record(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            safeVillages.record(actors.require(), form.get("villageCode"), form.get("year"), form.get("criterion"), form.get("count"),
                    form.get("sourceNote"));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", e.byField());
            redirect.addFlashAttribute("values", form);
        }
        return "redirect:/mediation/safe-villages?year=" + year(parse(form.get("year")));
    }

    @PostMapping("/mediation/safe-villages/criteria")
    String criterion(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            safeVillages.saveCriterion(actors.require(), form.get("code"), form.get("nameZh"), form.get("nameEn"),
                    "on".equals(form.get("active")) || "true".equals(form.get("active")), parse(form.get("sortOrder")));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("criterionErrors", e.byField());
        }
        return "redirect:/mediation/safe-villages";
    }

    private static Integer parse(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
