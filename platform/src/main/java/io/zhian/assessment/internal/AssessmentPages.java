package io.zhian.assessment.internal;

import io.zhian.regions.RegionMonthFilter;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ConflictException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Assessment pages: the ranking, a township's or unit's assessment page, indicator configuration,
 * figure entry, supervision, pairings and the publicity log. Forms re-show with the reasons beside fields.
 */
@Controller
class AssessmentPages {

    private final AssessmentService service;
    private final ActorProvider actors;
    private final io.zhian.regions.Regions regions;

    AssessmentPages(AssessmentService service, ActorProvider actors, io.zhian.regions.Regions regions) {
        this.service = service;
        this.actors = actors;
        this.regions = regions;
    }

    /** Where a ranged records list starts and ends when a month is left open: everything before, everything after. */
    private static final java.time.LocalDate FIRST = java.time.LocalDate.of(1900, 1, 1);
    private static final java.time.LocalDate LAST = java.time.LocalDate.of(9999, 12, 31);

    /**
     * Reads region/from/to, the records list narrowed to a region's whole subtree and to months as a figure links to it
     * ({@code active()} is false when no such parameter was given: the page shows its usual lists). Bad values are shown
     * beside the filter (and the usual lists stay), a region outside the caller's scope answers "not found".
     */
    private RegionMonthFilter range(Actor actor, String region, String from, String to, Model model) {
        List<io.zhian.shared.FieldProblem> problems = new java.util.ArrayList<>();
        RegionMonthFilter range = RegionMonthFilter.parse(actor.scope(), regions, region, from, to,
                RegionMonthFilter.Wording.PATTERN.withRegionReason("is not a whole number"), problems);
        if (!problems.isEmpty()) {
            model.addAttribute("rangeErrors", new InvalidInputException(problems).byField());
        }
        model.addAttribute("range", range);
        return range;
    }

    private static java.time.LocalDate firstDay(RegionMonthFilter range) {
        return range.from() == null ? FIRST : range.firstDay();
    }

    private static java.time.LocalDate lastDay(RegionMonthFilter range) {
        return range.to() == null ? LAST : range.lastDay();
    }

    @Bean
    static NavigationEntry assessmentNavigation() {
        return new NavigationEntry("nav.assessment", "/assessment", 700, AssessmentService.READERS);
    }

    private Actor reader(Model model, String tab) {
        Actor actor = actors.require();
        if (!AssessmentService.mayRead(actor)) {
            throw new io.zhian.shared.ForbiddenException("your roles do not read assessment data");
        }
        model.addAttribute("tab", tab);
        model.addAttribute("mayEnter", AssessmentService.mayEnter(actor));
        model.addAttribute("mayConfigure", AssessmentService.mayConfigure(actor));
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        return actor;
    }

    @GetMapping("/assessment")
    String ranking(@RequestParam(defaultValue = "township") String subject, @RequestParam(defaultValue = "") String period,
                   Model model) {
        Actor actor = reader(model, "ranking");
        AssessmentService.Ranking ranking = service.ranking(actor, subject, period);
        model.addAttribute("ranking", ranking);
        model.addAttribute("subject", ranking.subject().toLowerCase());
        model.addAttribute("periods", quickPeriods(Period.parse(ranking.period())));
        return "assessment/ranking";
    }

    @GetMapping("/assessment/townships/{id}")
    String township(@PathVariable long id, @RequestParam(defaultValue = "") String period, Model model) {
        Actor actor = reader(model, "ranking");
        AssessmentService.SubjectPage page = service.township(actor, id, period);
        return subjectPage(page, model);
    }

    @GetMapping("/assessment/units/{id}")
    String unit(@PathVariable long id, @RequestParam(defaultValue = "") String period, Model model) {
        Actor actor = reader(model, "ranking");
        AssessmentService.SubjectPage page = service.unit(actor, id, period);
        return subjectPage(page, model);
    }

    private String subjectPage(AssessmentService.SubjectPage page, Model model) {
        model.addAttribute("p", page);
        model.addAttribute("selfPath", (page.kind().equals("TOWNSHIP") ? "/assessment/townships/" : "/assessment/units/") + page.id());
        model.addAttribute("periods", quickPeriods(Period.parse(page.period())));
        model.addAttribute("today", service.today());
        return "assessment/subject";
    }

    /** Links to nearby periods: the last three months, the current and last quarter, this and last year. */
    private Map<String, String> quickPeriods(Period current) {
        Map<String, String> links = new java.util.LinkedHashMap<>();
        Period last = service.defaultPeriod();
        for (int i = 2; i >= 0; i--) {
            String k = last.from().minusMonths(i).toString();
            links.put(k, k);
        }
        int year = last.from().getYear();
        int q = (last.from().getMonthValue() + 2) / 3;
        links.put(year + "-Q" + q, year + "-Q" + q);
        links.put(q == 1 ? (year - 1) + "-Q4" : year + "-Q" + (q - 1), q == 1 ? (year - 1) + "-Q4" : year + "-Q" + (q - 1));
        links.put(String.valueOf(year), String.valueOf(year));
        links.put(String.valueOf(year - 1), String.valueOf(year - 1));
        links.putIfAbsent(current.key(), current.key());
        return links;
    }

    // ---- indicators ----

    @GetMapping("/assessment/indicators")
    String indicators(@RequestParam(required = false) Long edit, Model model) {
        Actor actor = reader(model, "indicators");
        List<AssessmentService.IndicatorView> list = service.indicators(actor, false);
        model.addAttribute("indicators", list);
        model.addAttribute("offered", service.offeredFigures(actor));
        if (edit != null && !model.containsAttribute("editing")) {
            list.stream().filter(v -> v.indicator().id() == edit).findFirst().ifPresent(v -> {
                Indicator i = v.indicator();
                Map<String, String> values = new HashMap<>();
                values.put("code", i.code());
                values.put("name", i.name());
                values.put("subject", i.subject().name());
                values.put("source", i.source().name());
                values.put("figureCode", i.figureCode() == null ? "" : i.figureCode());
                values.put("higherIsBetter", String.valueOf(i.higherIsBetter()));
                values.put("aggregation", i.aggregation().name());
                values.put("weight", plain(i.weight()));
                values.put("rule", i.rule().name());
                values.put("floor", i.floor() == null ? "" : plain(i.floor()));
                values.put("target", i.target() == null ? "" : plain(i.target()));
                values.put("unitLabel", i.unitLabel() == null ? "" : i.unitLabel());
                values.put("active", String.valueOf(i.active()));
                values.put("sortOrder", String.valueOf(i.sortOrder()));
                values.put("version", String.valueOf(i.version()));
                model.addAttribute("values", values);
                model.addAttribute("editing", i.id());
            });
        }
        return "assessment/indicators";
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    @PostMapping({"/assessment/indicators", "/assessment/indicators/{id}"})
    String saveIndicator(@PathVariable(required = false) Long id, @RequestParam Map<String, String> form, Model model,
                         RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            List<io.zhian.shared.FieldProblem> parse = new java.util.ArrayList<>();
            Double weight = number(form, "weight", parse);
            Double floor = number(form, "floor", parse);
            Double target = number(form, "target", parse);
            Long sortOrder = whole(form, "sortOrder", parse);
            if (!parse.isEmpty()) {
                throw new InvalidInputException(parse);
            }
            service.saveIndicator(actor, id, new AssessmentService.IndicatorInput(form.get("code"), form.get("name"), form.get("subject"),
                    form.get("source"), form.get("figureCode"), bool(form.get("higherIsBetter")), form.get("aggregation"),
                    weight, form.get("rule"), floor, target, form.get("unitLabel"),
                    !form.containsKey("active") || "true".equals(form.get("active")) || "on".equals(form.get("active")),
                    sortOrder == null ? null : (int) Math.max(-100000, Math.min(100000, sortOrder)), integer(form, "version")));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/assessment/indicators";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            model.addAttribute("editing", id);
            return indicators(null, model);
        } catch (ConflictException e) {
            model.addAttribute("conflict", e.getMessage());
            model.addAttribute("values", form);
            model.addAttribute("editing", id);
            return indicators(null, model);
        }
    }

    // ---- figures ----

    @GetMapping("/assessment/figures")
    String figures(@RequestParam(defaultValue = "") String month, @RequestParam(required = false) Long indicatorId, Model model) {
        Actor actor = reader(model, "figures");
        model.addAttribute("indicators", service.indicators(actor, true).stream().filter(AssessmentService.IndicatorView::enteredByHand).toList());
        model.addAttribute("figures", service.figures(actor, indicatorId, month, null, 200));
        model.addAttribute("month", month);
        model.addAttribute("indicatorId", indicatorId);
        model.addAttribute("defaultMonth", service.defaultPeriod().key());
        return "assessment/figures";
    }

    @PostMapping("/assessment/figures")
    String enterFigure(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            List<io.zhian.shared.FieldProblem> parse = new java.util.ArrayList<>();
            Double value = number(form, "value", parse);
            Long sample = whole(form, "sampleSize", parse);
            if (!parse.isEmpty()) {
                throw new InvalidInputException(parse);
            }
            AssessmentService.FigureView f = service.enterFigure(actor, new AssessmentService.FigureInput(form.get("indicatorCode"),
                    form.get("regionCode"), form.get("unitCode"), form.get("month"), value, sample, form.get("sourceNote")));
            redirect.addFlashAttribute("savedFigure", f);
            return "redirect:/assessment/figures";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            return figures("", null, model);
        }
    }

    // ---- supervision ----

    String supervision(Model model) {
        return supervision("", "", "", model);
    }

    /** Supervision; with region/from/to the inspections are those whose rectification fell due then (the rectified rate's base). */
    @GetMapping("/assessment/supervision")
    String supervision(@RequestParam(defaultValue = "") String region, @RequestParam(defaultValue = "") String from,
                       @RequestParam(defaultValue = "") String to, Model model) {
        Actor actor = reader(model, "supervision");
        RegionMonthFilter range = range(actor, region, from, to, model);
        model.addAttribute("inspections", range.active() ? service.inspectionsDue(actor, range.subtree(), firstDay(range), lastDay(range))
                : service.inspections(actor, null));
        model.addAttribute("sanctions", service.sanctions(actor, null));
        model.addAttribute("sanctionKinds", AssessmentService.SANCTION_KINDS);
        model.addAttribute("today", service.today());
        return "assessment/supervision";
    }

    @PostMapping("/assessment/inspections")
    String inspect(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            service.createInspection(actor, form.get("team"), form.get("unitCode"), form.get("inspectedOn"), form.get("findings"),
                    form.get("rectifyBy"));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/assessment/supervision";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            return supervision(model);
        }
    }

    @PostMapping("/assessment/inspections/{id}/follow-up")
    String followUp(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            service.followUp(actor, id, form.get("outcome"), form.get("note"), integer(form, "version"));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("followUpId", id);
            redirect.addFlashAttribute("followUpErrors", e.byField());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/assessment/supervision";
    }

    @PostMapping("/assessment/sanctions")
    String sanction(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            List<io.zhian.shared.FieldProblem> parse = new java.util.ArrayList<>();
            Long inspection = whole(form, "inspectionId", parse);
            if (!parse.isEmpty()) {
                throw new InvalidInputException(parse);
            }
            service.addSanction(actor, form.get("unitCode"), form.get("kind"), form.get("issuedOn"), form.get("reason"),
                    form.get("issuer"), inspection);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/assessment/supervision";
        } catch (InvalidInputException e) {
            model.addAttribute("sanctionErrors", e.byField());
            model.addAttribute("sanctionValues", form);
            return supervision(model);
        }
    }

    // ---- pairings ----

    String pairings(Model model) {
        return pairings("", "", "", model);
    }

    /** Pairings and tasks; with region/from/to the tasks are those due then for townships there (the on-time rate's base). */
    @GetMapping("/assessment/pairings")
    String pairings(@RequestParam(defaultValue = "") String region, @RequestParam(defaultValue = "") String from,
                    @RequestParam(defaultValue = "") String to, Model model) {
        Actor actor = reader(model, "pairings");
        RegionMonthFilter range = range(actor, region, from, to, model);
        model.addAttribute("pairings", service.pairings(actor));
        model.addAttribute("tasks", range.active() ? service.tasksDue(actor, range.subtree(), firstDay(range), lastDay(range))
                : service.tasks(actor, null, null));
        return "assessment/pairings";
    }

    @PostMapping("/assessment/pairings")
    String pair(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            service.createPairing(actor, form.get("unitCode"), form.get("townshipCode"), form.get("startedOn"), form.get("note"));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/assessment/pairings";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            return pairings(model);
        }
    }

    @PostMapping("/assessment/pairings/{id}/tasks")
    String addTask(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            service.addTask(actor, id, form.get("title"), form.get("dueOn"));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("taskPairing", id);
            redirect.addFlashAttribute("taskErrors", e.byField());
        }
        return "redirect:/assessment/pairings";
    }

    @PostMapping("/assessment/tasks/{id}/complete")
    String complete(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            service.completeTask(actor, id, form.get("completionNote"), form.get("completedOn"), integer(form, "version"));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("completeTask", id);
            redirect.addFlashAttribute("completeErrors", e.byField());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/assessment/pairings";
    }

    // ---- publicity ----

    String publicity(String period, Model model) {
        return publicity(period, "", "", "", model);
    }

    /** The publicity log; with region/from/to the entries are those done then in the region's subtree (what the figure sums). */
    @GetMapping("/assessment/publicity")
    String publicity(@RequestParam(defaultValue = "") String period, @RequestParam(defaultValue = "") String region,
                     @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to, Model model) {
        Actor actor = reader(model, "publicity");
        RegionMonthFilter range = range(actor, region, from, to, model);
        String p = period.isBlank() ? String.valueOf(service.today().getYear()) : Period.parse(period).key();
        model.addAttribute("period", p);
        model.addAttribute("entries", range.active() ? service.publicityIn(actor, range.subtree(), firstDay(range), lastDay(range))
                : service.publicity(actor, null, p));
        model.addAttribute("counts", service.publicityCounts(actor, p));
        model.addAttribute("kinds", AssessmentService.PUBLICITY_KINDS);
        return "assessment/publicity";
    }

    @PostMapping("/assessment/publicity")
    String recordPublicity(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            List<io.zhian.shared.FieldProblem> parse = new java.util.ArrayList<>();
            Long qty = whole(form, "quantity", parse);
            if (!parse.isEmpty()) {
                throw new InvalidInputException(parse);
            }
            service.recordPublicity(actor, form.get("townshipCode"), form.get("kind"),
                    qty == null ? null : (int) Math.min(Integer.MAX_VALUE, qty), form.get("doneOn"), form.get("note"));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/assessment/publicity";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            return publicity("", model);
        }
    }

    // ---- form parsing: a number that does not parse is a field error, not a 500 ----

    private static Boolean bool(String s) {
        return s == null || s.isBlank() ? null : Boolean.valueOf("true".equalsIgnoreCase(s.strip()) || "on".equalsIgnoreCase(s.strip()));
    }

    private static Double number(Map<String, String> form, String field, List<io.zhian.shared.FieldProblem> problems) {
        String s = form.get(field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            problems.add(new io.zhian.shared.FieldProblem(field, "'" + s.strip() + "' is not a number"));
            return null;
        }
    }

    private static Long whole(Map<String, String> form, String field, List<io.zhian.shared.FieldProblem> problems) {
        String s = form.get(field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            problems.add(new io.zhian.shared.FieldProblem(field, "'" + s.strip() + "' is not a whole number"));
            return null;
        }
    }

    private static Integer integer(Map<String, String> form, String field) {
        String s = form.get(field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "'" + s.strip() + "' is not a whole number");
        }
    }
}
