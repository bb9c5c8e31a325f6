package io.zhian.enterprise.internal;

import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.Role;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages: the enterprise list with live figures, the enterprise page with its forms, practical deeds. */
@Controller
class EnterprisePages {

    private static final int PAGE = 50;

    private final EnterpriseService service;
    private final ActorProvider actors;
    private final Regions regions;

    EnterprisePages(EnterpriseService service, ActorProvider actors, Regions regions) {
        this.service = service;
        this.actors = actors;
        this.regions = regions;
    }

    @Bean
    static NavigationEntry enterpriseNavigation() {
        return new NavigationEntry("nav.enterprise", "/enterprise", 600,
                Set.of(Role.LIAISON_OFFICER, Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN));
    }

    @GetMapping("/enterprise")
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        int p = Math.max(page, 0);
        long total = service.count(actor, q);
        model.addAttribute("items", service.list(actor, q, p * PAGE, PAGE));
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        model.addAttribute("q", q);
        model.addAttribute("stats", service.statistics(actor));
        model.addAttribute("mayManage", EnterpriseService.mayManage(actor));
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        return "enterprise/list";
    }

    /** The list as shown (same search, same scope, contacts masked) as an Excel workbook. */
    @GetMapping("/enterprise/export.xlsx")
    org.springframework.http.ResponseEntity<byte[]> export(@RequestParam(defaultValue = "") String q) {
        Actor actor = actors.require();
        java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
        for (EnterpriseService.EnterpriseView e : service.list(actor, q, 0, 10_000)) {
            rows.add(java.util.Arrays.asList(e.name(), e.creditCode(), e.regionName(), e.aboveSize() ? "是" : "否", e.contactName(),
                    e.contactPhone()));
        }
        return io.zhian.shared.Spreadsheet.download("enterprises", io.zhian.shared.Spreadsheet.write("企业", java.util.List.of(
                "企业名称 name", "统一社会信用代码 credit code", "区域 region", "规上 above size", "联系人 contact", "电话 phone"), rows));
    }

    @PostMapping("/enterprise")
    String create(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            long id = service.create(actor, new EnterpriseService.NewEnterprise(form.get("name"), form.get("creditCode"),
                    form.get("regionCode"), "true".equals(form.get("aboveSize")), form.get("contactName"), form.get("contactPhone")));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/enterprise/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            return list("", 0, model);
        }
    }

    @GetMapping("/enterprise/{id}")
    String show(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        model.addAttribute("e", service.get(actor, id));
        model.addAttribute("pairings", service.pairings(actor, id));
        model.addAttribute("visits", service.visits(actor, id));
        model.addAttribute("problems", service.problems(actor, id));
        model.addAttribute("mayManage", EnterpriseService.mayManage(actor));
        return "enterprise/enterprise";
    }

    @PostMapping("/enterprise/{id}/contact")
    String contact(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Model model) {
        Actor actor = actors.require();
        try {
            model.addAttribute("contact", service.revealContact(actor, id, reason));
        } catch (InvalidInputException ex) {
            model.addAttribute("contactError", ex.problems().get(0).reason());
        }
        model.addAttribute("e", service.get(actor, id));
        return "enterprise/enterprise :: contact";
    }

    @PostMapping("/enterprise/{id}/pairings")
    String pair(@PathVariable long id, @RequestParam(defaultValue = "") String username, RedirectAttributes redirect) {
        try {
            service.pair(actors.require(), id, username);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("pairErrors", e.byField());
            redirect.addFlashAttribute("pairValues", Map.of("username", username));
        }
        return "redirect:/enterprise/" + id;
    }

    @PostMapping("/enterprise/{id}/visits")
    String visit(@PathVariable long id, @RequestParam(defaultValue = "") String visitedOn, @RequestParam(defaultValue = "") String notes,
                 RedirectAttributes redirect) {
        try {
            service.visit(actors.require(), id, visitedOn, notes);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("visitErrors", e.byField());
            redirect.addFlashAttribute("visitValues", Map.of("visitedOn", visitedOn, "notes", notes));
        }
        return "redirect:/enterprise/" + id;
    }

    @PostMapping("/enterprise/{id}/problems")
    String problem(@PathVariable long id, @RequestParam(defaultValue = "") String title,
                   @RequestParam(defaultValue = "") String description, RedirectAttributes redirect) {
        try {
            long caseId = service.raiseProblem(actors.require(), id, title, description, null);
            redirect.addFlashAttribute("problemCase", caseId);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problemErrors", e.byField());
            redirect.addFlashAttribute("problemValues", Map.of("title", title, "description", description));
        }
        return "redirect:/enterprise/" + id;
    }

    /**
     * Practical deeds. A figure links here with {@code region} (its whole subtree) and {@code from}/{@code to} (months of
     * the day done); bad values are shown beside the filter and list nothing, a region outside the scope is "not found".
     */
    @GetMapping("/enterprise/deeds")
    String deeds(@RequestParam(required = false) String region, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page, Model model,
                 HttpServletResponse response) {
        Actor actor = actors.require();
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        EnterpriseListFilter filter = filter(actor, region, from, to, null, model, response);
        if (filter == null) {
            model.addAttribute("counts", Map.of("byUnit", Map.of(), "byMonth", Map.of(), "byUnitAndMonth", java.util.List.of()));
            return "enterprise/deeds";
        }
        int p = Math.max(page, 0);
        long total = service.countDeeds(actor, filter);
        model.addAttribute("items", service.deeds(actor, filter, p * PAGE, PAGE));
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        model.addAttribute("counts", service.deedCounts(actor, filter));
        return "enterprise/deeds";
    }

    /**
     * Problems raised by enterprises in scope: a figure links here with {@code region}, {@code from}/{@code to} and
     * {@code solved=true} (solved in the months); without {@code solved} the months are those the problem was raised in.
     */
    @GetMapping("/enterprise/problems")
    String problems(@RequestParam(required = false) String region, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, @RequestParam(required = false) String solved,
                    @RequestParam(defaultValue = "0") int page, Model model, HttpServletResponse response) {
        Actor actor = actors.require();
        EnterpriseListFilter filter = filter(actor, region, from, to, solved, model, response);
        if (filter == null) {
            return "enterprise/problems";
        }
        int p = Math.max(page, 0);
        EnterpriseService.ProblemPage result = service.problemList(actor, filter, p * PAGE, PAGE);
        model.addAttribute("items", result.items());
        model.addAttribute("total", result.total());
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (result.total() + PAGE - 1) / PAGE));
        return "enterprise/problems";
    }

    /** The figure filter, or null (with the field problems, status 400 and an empty list in the model) when it is bad. */
    private EnterpriseListFilter filter(Actor actor, String region, String from, String to, String solved, Model model,
                                        HttpServletResponse response) {
        EnterpriseService.requireRead(actor);
        model.addAttribute("fromValue", from);
        model.addAttribute("toValue", to);
        try {
            EnterpriseListFilter filter = EnterpriseListFilter.parse(actor.scope(), regions, region, from, to, solved);
            model.addAttribute("filter", filter);
            return filter;
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("filterErrors", e.byField());
            model.addAttribute("filter", EnterpriseListFilter.NONE);
            model.addAttribute("items", java.util.List.of());
            model.addAttribute("total", 0L);
            model.addAttribute("page", 0);
            model.addAttribute("pages", 1L);
            return null;
        }
    }

    @GetMapping("/enterprise/deeds/export.xlsx")
    org.springframework.http.ResponseEntity<byte[]> exportDeeds() {
        Actor actor = actors.require();
        java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
        for (EnterpriseService.DeedView d : service.deeds(actor, 0, 100_000)) {
            rows.add(java.util.Arrays.asList(String.valueOf(d.doneOn()), d.doerName(), d.unitName(), d.regionName(), d.beneficiaryKind(),
                    d.beneficiary(), d.what(), d.hasPhoto() ? "是" : "否"));
        }
        return io.zhian.shared.Spreadsheet.download("deeds", io.zhian.shared.Spreadsheet.write("我为群众办实事", java.util.List.of(
                "日期 done on", "办理人 doer", "单位 unit", "区域 region", "对象类型 beneficiary kind", "服务对象 beneficiary", "事项 what",
                "有照片 has photo"), rows));
    }

    @PostMapping("/enterprise/deeds")
    String recordDeed(@RequestParam Map<String, String> form, @RequestParam(name = "photo", required = false) MultipartFile photo,
                      Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            service.recordDeed(actor, new EnterpriseService.NewDeed(form.get("regionCode"), form.get("beneficiaryKind"),
                    form.get("beneficiaryName"), form.get("what"), form.get("doneOn")), DeedPhotos.read(photo));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/enterprise/deeds";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            return deeds(null, null, null, 0, model, null);
        }
    }

    /** One deed with its photo and, for its doer or a township officer, the forms to replace or remove the photo. */
    @GetMapping("/enterprise/deeds/{id}")
    String deed(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        model.addAttribute("d", service.deed(actor, id));
        model.addAttribute("mayEdit", service.mayEditDeed(actor, id));
        return "enterprise/deed";
    }

    @PostMapping("/enterprise/deeds/{id}/photo")
    String uploadPhoto(@PathVariable long id, @RequestParam(name = "photo", required = false) MultipartFile photo,
                       RedirectAttributes redirect) {
        try {
            service.setDeedPhoto(actors.require(), id, DeedPhotos.read(photo));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", e.byField());
        }
        return "redirect:/enterprise/deeds/" + id;
    }

    @PostMapping("/enterprise/deeds/{id}/photo/remove")
    String removePhoto(@PathVariable long id, RedirectAttributes redirect) {
        service.removeDeedPhoto(actors.require(), id);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/enterprise/deeds/" + id;
    }

    /** The photo's bytes, scoped like the deed (out of scope: 404, recorded as a denial). */
    @GetMapping("/enterprise/deeds/{id}/photo")
    org.springframework.http.ResponseEntity<byte[]> photo(@PathVariable long id) {
        return DeedPhotos.response(service.deedPhoto(actors.require(), id));
    }
}
