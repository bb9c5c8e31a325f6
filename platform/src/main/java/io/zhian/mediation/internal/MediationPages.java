package io.zhian.mediation.internal;

import io.zhian.casework.ActionInput;
import io.zhian.casework.CaseAction;
import io.zhian.casework.Casework;
import io.zhian.casework.Channel;
import io.zhian.casework.NewParty;
import io.zhian.regions.RegionMonthFilter;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ConflictException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Spreadsheet;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages: the dispute list with township notifications, intake, a dispute with its mediation work, statistics. */
@Controller
class MediationPages {

    private static final int PAGE = 50;

    private final MediationService service;
    private final MediationStatistics statistics;
    private final AgreementPdf pdf;
    private final ActorProvider actors;
    private final DisputeListFilters filters;

    MediationPages(MediationService service, MediationStatistics statistics, AgreementPdf pdf, ActorProvider actors,
                   DisputeListFilters filters) {
        this.service = service;
        this.statistics = statistics;
        this.pdf = pdf;
        this.actors = actors;
        this.filters = filters;
    }

    @Bean
    static NavigationEntry mediationNavigation() {
        return new NavigationEntry("nav.mediation", "/mediation", 550, Casework.WORKERS);
    }

    static YearMonth month(String field, String v, List<io.zhian.shared.FieldProblem> problems) {
        return DisputeListFilters.month(field, v, problems);
    }

    /**
     * The dispute list. Besides category, grade and flags it narrows to a region's whole subtree ({@code region}, an id in
     * the caller's scope), to months ({@code from}/{@code to}: registration, or resolution for {@code counted=resolved}),
     * and to the disputes a figure counts ({@code counted}): the page a dashboard figure links to.
     */
    @GetMapping("/mediation")
    String list(@RequestParam(defaultValue = "") String category, @RequestParam(defaultValue = "") String risk,
                @RequestParam(defaultValue = "") String flagged, @RequestParam(defaultValue = "") String from,
                @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String region,
                @RequestParam(defaultValue = "") String counted, @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        DisputeListFilters.Active active;
        try {
            active = filters.parse(actor, category, risk, flagged, from, to, region, counted);
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            active = new DisputeListFilters.Active(MediationStore.Filter.none(), RegionMonthFilter.NONE, MediationStore.Counted.REGISTERED);
        }
        MediationStore.Filter f = active.filter();
        int p = Math.max(page, 0);
        long total = service.count(actor, f);
        model.addAttribute("items", service.list(actor, f, p * PAGE, PAGE));
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        model.addAttribute("category", category);
        model.addAttribute("risk", risk);
        model.addAttribute("flagged", flagged);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("region", active.range().region() == null ? "" : String.valueOf(active.range().region().id()));
        model.addAttribute("regionName", active.range().region() == null ? null : active.range().region().name());
        model.addAttribute("counted", active.counted() == MediationStore.Counted.REGISTERED ? "" : active.counted().slug());
        model.addAttribute("period", active.range().period());
        model.addAttribute("categories", DisputeCategory.values());
        model.addAttribute("grades", RiskGrade.values());
        model.addAttribute("notifications", service.notifications(actor));
        return "mediation/list";
    }

    @GetMapping("/mediation/export.xlsx")
    ResponseEntity<byte[]> export(@RequestParam(defaultValue = "") String category, @RequestParam(defaultValue = "") String risk,
                                  @RequestParam(defaultValue = "") String flagged, @RequestParam(defaultValue = "") String from,
                                  @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String region,
                                  @RequestParam(defaultValue = "") String counted) {
        Actor actor = actors.require();
        MediationStore.Filter f = filters.parse(actor, category, risk, flagged, from, to, region, counted).filter();
        List<MediationService.DisputeView> rows = service.list(actor, f, 0, 10_000);
        List<List<Object>> data = new ArrayList<>();
        for (MediationService.DisputeView d : rows) {
            data.add(List.of(d.caseNo(), d.title(), d.category().name(), d.riskGrade().name(),
                    String.join(",", d.flags().stream().map(Enum::name).toList()), d.priority(), nz(d.townshipName()), nz(d.regionName()),
                    d.state().name(), d.outcome() == null ? "" : d.outcome().name(), d.escalated() ? "Y" : "N",
                    d.createdAt().atZone(Casework.ZONE).toLocalDate().toString()));
        }
        return Spreadsheet.download("disputes", Spreadsheet.write("矛盾纠纷", List.of("案件编号 case no", "标题 title", "类型 category",
                "风险等级 risk", "风险标记 flags", "优先级 priority", "乡镇 township", "发生地 region", "状态 state", "结果 outcome",
                "已升级 escalated", "登记日期 registered"), data));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @GetMapping("/mediation/new")
    String newForm(Model model) {
        actors.require();
        model.addAttribute("values", Map.of());
        model.addAttribute("flagValues", List.of());
        addFormLists(model);
        return "mediation/new";
    }

    private void addFormLists(Model model) {
        model.addAttribute("categories", DisputeCategory.values());
        model.addAttribute("grades", RiskGrade.values());
        model.addAttribute("riskFlags", RiskFlag.values());
        model.addAttribute("channels", Channel.values());
    }

    @PostMapping("/mediation/disputes")
    String create(@RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        List<NewParty> parties = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String name = form.getFirst("party" + i + "Name");
            String phone = form.getFirst("party" + i + "Phone");
            if (!MediationService.blank(name) || !MediationService.blank(phone)) {
                parties.add(new NewParty(i == 1 ? "APPLICANT" : "RESPONDENT", name, phone));
            }
        }
        List<String> flags = form.getOrDefault("flags", List.of());
        try {
            long id = service.register(actor, new MediationService.NewDispute(form.getFirst("category"), form.getFirst("riskGrade"), flags,
                    form.getFirst("title"), form.getFirst("description"), form.getFirst("regionCode"), form.getFirst("channel"), parties));
            redirect.addFlashAttribute("created", true);
            return "redirect:/mediation/disputes/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form.toSingleValueMap());
            model.addAttribute("flagValues", flags);
            addFormLists(model);
            return "mediation/new";
        }
    }

    @GetMapping("/mediation/disputes/{id}")
    String show(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        MediationService.Detail d = service.detail(actor, id);
        model.addAttribute("d", d.dispute());
        model.addAttribute("c", d.caseView());
        model.addAttribute("sessions", d.sessions());
        model.addAttribute("agreement", d.agreement());
        model.addAttribute("followups", d.followups());
        model.addAttribute("kinds", MediationKind.values());
        model.addAttribute("grades", RiskGrade.values());
        model.addAttribute("riskFlags", RiskFlag.values());
        model.addAttribute("today", MediationService.today());
        if (!model.containsAttribute("formValues")) {
            model.addAttribute("formValues", Map.of());
        }
        return "mediation/dispute";
    }

    @PostMapping("/mediation/disputes/{id}/actions/{action}")
    String act(@PathVariable long id, @PathVariable String action, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        CaseAction a = CaseAction.fromSlug(action);
        if (a == null) {
            throw new NotFoundException("casework_action", action);
        }
        return handle(id, "action", form, redirect, () -> service.act(actors.require(), id, a,
                new ActionInput(form.get("unitCode"), "on".equals(form.get("toMe")), form.get("reason"), form.get("outcome"))));
    }

    @PostMapping("/mediation/disputes/{id}/grading")
    String grading(@PathVariable long id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        return handle(id, "grading", form.toSingleValueMap(), redirect, () -> service.regrade(actors.require(), id, form.getFirst("riskGrade"),
                form.getOrDefault("flags", List.of())));
    }

    @PostMapping("/mediation/disputes/{id}/sessions")
    String session(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return handle(id, "session", form, redirect, () -> service.addSession(actors.require(), id, new MediationService.NewSession(
                form.get("kind"), form.get("mediator"), form.get("heldOn"), form.get("result"), form.get("notes"), form.get("courtUnit"),
                form.get("courtDate"), form.get("courtRef"))));
    }

    @PostMapping("/mediation/disputes/{id}/agreement")
    String agreement(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        List<MediationService.PartyView> parties = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            parties.add(new MediationService.PartyView(i == 1 ? "APPLICANT" : "RESPONDENT", form.get("party" + i + "Name"),
                    form.get("party" + i + "Id")));
        }
        List<MediationService.NewObligation> obligations = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            obligations.add(new MediationService.NewObligation(form.get("ob" + i + "Obligor"), form.get("ob" + i + "Content"),
                    form.get("ob" + i + "Due")));
        }
        return handle(id, "agreement", form, redirect, () -> service.addAgreement(actors.require(), id,
                new MediationService.NewAgreement(form.get("facts"), form.get("signedOn"), parties, obligations)));
    }

    @PostMapping("/mediation/disputes/{id}/judicial")
    String judicial(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return handle(id, "judicial", form, redirect, () -> service.applyJudicial(actors.require(), id, form.get("appliedOn"), form.get("court")));
    }

    @PostMapping("/mediation/disputes/{id}/judicial-result")
    String judicialResult(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return handle(id, "judicialResult", form, redirect,
                () -> service.judicialResult(actors.require(), id, form.get("result"), form.get("note")));
    }

    @PostMapping("/mediation/disputes/{id}/obligations/{obligationId}")
    String performance(@PathVariable long id, @PathVariable long obligationId, @RequestParam Map<String, String> form,
                       RedirectAttributes redirect) {
        return handle(id, "performance", form, redirect,
                () -> service.performance(actors.require(), id, obligationId, form.get("performance")));
    }

    @PostMapping("/mediation/disputes/{id}/followups")
    String followup(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return handle(id, "followup", form, redirect,
                () -> service.addFollowup(actors.require(), id, form.get("visitedOn"), form.get("visitor"), form.get("finding")));
    }

    private String handle(long id, String formName, Map<String, String> form, RedirectAttributes redirect, Runnable work) {
        try {
            work.run();
            redirect.addFlashAttribute("done", formName);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("failedForm", formName);
            redirect.addFlashAttribute("formErrors", e.byField());
            redirect.addFlashAttribute("formValues", form);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/mediation/disputes/" + id;
    }

    @PostMapping("/mediation/disputes/{id}/agreement/parties")
    String revealParties(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Model model) {
        Actor actor = actors.require();
        try {
            model.addAttribute("revealed", service.revealAgreementParties(actor, id, reason));
        } catch (InvalidInputException e) {
            model.addAttribute("revealError", e.problems().get(0).reason());
        }
        MediationService.Detail d = service.detail(actor, id);
        model.addAttribute("d", d.dispute());
        model.addAttribute("agreement", d.agreement());
        return "mediation/dispute :: agreementParties";
    }

    @GetMapping("/mediation/disputes/{id}/agreement.pdf")
    ResponseEntity<byte[]> printAgreement(@PathVariable long id) {
        Actor actor = actors.require();
        MediationService.Detail d = service.detail(actor, id);
        MediationService.AgreementView a = service.agreementForPrint(actor, id);
        String mediators = String.join("、", d.sessions().stream().filter(s -> "SUCCESS".equals(s.result()))
                .map(MediationStore.SessionRow::mediator).distinct().toList());
        byte[] body = pdf.render(d.dispute(), a, mediators);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("agreement-" + d.dispute().caseNo() + ".pdf").build().toString())
                .body(body);
    }

    @GetMapping("/mediation/statistics")
    String statistics(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to, Model model) {
        Actor actor = actors.require();
        MediationService.requireWorker(actor);
        List<io.zhian.shared.FieldProblem> problems = new ArrayList<>();
        YearMonth f = month("from", from, problems);
        YearMonth t = month("to", to, problems);
        if (!problems.isEmpty()) {
            model.addAttribute("errors", new InvalidInputException(problems).byField());
        }
        List<MediationStatistics.Row> rows = statistics.rows(actor.scope(), f, t);
        model.addAttribute("rows", rows);
        model.addAttribute("total", MediationStatistics.total(rows, 0, null));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "mediation/statistics";
    }

    @GetMapping("/mediation/statistics/export.xlsx")
    ResponseEntity<byte[]> exportStatistics(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to) {
        Actor actor = actors.require();
        MediationService.requireWorker(actor);
        List<io.zhian.shared.FieldProblem> problems = new ArrayList<>();
        YearMonth f = month("from", from, problems);
        YearMonth t = month("to", to, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<List<Object>> data = new ArrayList<>();
        for (MediationStatistics.Row r : statistics.rows(actor.scope(), f, t)) {
            data.add(java.util.Arrays.asList(r.townshipName(), r.month(), r.cases(), r.onTheSpot(), r.onTheSpotRate(), r.mediated(),
                    r.successRate(), r.obligationsAssessed(), r.performanceRate(), r.flagged(), r.escalationsPrevented(),
                    r.averageDaysToResolve()));
        }
        return Spreadsheet.download("mediation-statistics", Spreadsheet.write("调解统计", List.of("乡镇 township", "月份 month", "受理 cases",
                "就地化解 on the spot", "就地化解率", "调解终结 mediated", "调解成功率 success rate", "已评估义务 obligations assessed",
                "协议履行率 performance rate", "风险标记 flagged", "防止升级 escalations prevented", "平均化解天数 avg days"), data));
    }
}
