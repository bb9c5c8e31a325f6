package io.zhian.casework.internal;

import io.zhian.casework.ActionInput;
import io.zhian.casework.CaseAction;
import io.zhian.casework.CaseOutcome;
import io.zhian.casework.CaseState;
import io.zhian.casework.Casework;
import io.zhian.casework.Channel;
import io.zhian.casework.NewCase;
import io.zhian.casework.NewParty;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ConflictException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.NotFoundException;
import java.util.ArrayList;
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

/** Casework pages: the work queues, a case with its timeline and actions, the new-case form. */
@Controller
class CaseworkPages {

    private static final int PAGE = 50;
    static final List<String> QUEUES = List.of("mine", "unassigned", "due-soon", "overdue", "returned", "all");

    private final Casework casework;
    private final ActorProvider actors;

    CaseworkPages(Casework casework, ActorProvider actors) {
        this.casework = casework;
        this.actors = actors;
    }

    @Bean
    static NavigationEntry caseworkNavigation() {
        return new NavigationEntry("nav.casework", "/casework", 500, Casework.WORKERS);
    }

    @GetMapping("/casework")
    String queues(@RequestParam(defaultValue = "mine") String queue, @RequestParam(defaultValue = "") String type,
                  @RequestParam(defaultValue = "") String state, @RequestParam(defaultValue = "") String q,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        String qn = QUEUES.contains(queue) ? queue : "mine";
        Casework.Page p = casework.list(actor, CaseworkApi.filter(qn, type, state, q), page, PAGE);
        model.addAttribute("items", p.items());
        model.addAttribute("total", p.total());
        model.addAttribute("page", p.page());
        model.addAttribute("pages", Math.max(1, (p.total() + PAGE - 1) / PAGE));
        model.addAttribute("queue", qn);
        model.addAttribute("queues", QUEUES);
        model.addAttribute("type", type);
        model.addAttribute("state", state);
        model.addAttribute("q", q);
        model.addAttribute("types", casework.types());
        model.addAttribute("states", CaseState.values());
        return "casework/queues";
    }

    /** The queue as shown (same queue, filters and scope; no party data) as an Excel workbook. */
    @GetMapping("/casework/export.xlsx")
    org.springframework.http.ResponseEntity<byte[]> export(@RequestParam(defaultValue = "mine") String queue,
                                                           @RequestParam(defaultValue = "") String type,
                                                           @RequestParam(defaultValue = "") String state, @RequestParam(defaultValue = "") String q) {
        Actor actor = actors.require();
        String qn = QUEUES.contains(queue) ? queue : "mine";
        CaseStore.Filter filter = CaseworkApi.filter(qn, type, state, q);
        List<List<Object>> rows = new ArrayList<>();
        for (int page = 0; ; page++) {
            Casework.Page p = casework.list(actor, filter, page, 500);
            for (io.zhian.casework.CaseView c : p.items()) {
                rows.add(java.util.Arrays.asList(c.caseNo(), c.typeName(), c.title(), c.regionName(), c.state().name(),
                        c.outcome() == null ? "" : c.outcome().name(), c.assigneeUnitName(), c.assigneeName(), c.escalated() ? "Y" : "N",
                        c.createdAt().atZone(Casework.ZONE).toLocalDateTime().toString(), c.dueAt().atZone(Casework.ZONE).toLocalDateTime().toString()));
            }
            if ((long) (page + 1) * 500 >= p.total() || page >= 40) {
                break;
            }
        }
        return io.zhian.shared.Spreadsheet.download("cases-" + qn, io.zhian.shared.Spreadsheet.write("案件", List.of("案件编号 case no",
                "类型 type", "标题 title", "区域 region", "状态 state", "结果 outcome", "承办单位 unit", "承办人 assignee", "已升级 escalated",
                "登记时间 created", "办理时限 due"), rows));
    }

    @GetMapping("/casework/new")
    String newForm(Model model) {
        actors.require();
        model.addAttribute("values", Map.of());
        addFormLists(model);
        return "casework/new";
    }

    @PostMapping("/casework/cases")
    String create(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            List<NewParty> parties = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                String name = form.getOrDefault("party" + i + "Name", "");
                String phone = form.getOrDefault("party" + i + "Phone", "");
                if (!name.isBlank() || !phone.isBlank()) {
                    parties.add(new NewParty(i == 1 ? "APPLICANT" : "RESPONDENT", name, phone));
                }
            }
            long id = casework.create(actor, new NewCase(form.get("typeCode"), form.get("title"), form.get("description"),
                    form.get("regionCode"), form.get("channel"), parties));
            redirect.addFlashAttribute("created", true);
            return "redirect:/casework/cases/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            addFormLists(model);
            return "casework/new";
        }
    }

    private void addFormLists(Model model) {
        model.addAttribute("types", casework.types());
        model.addAttribute("channels", Channel.values());
    }

    @GetMapping("/casework/cases/{id}")
    String show(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        model.addAttribute("c", casework.get(actor, id));
        model.addAttribute("timeline", casework.timeline(actor, id));
        model.addAttribute("closeOutcomes", List.of(CaseOutcome.CLOSED_UNRESOLVED, CaseOutcome.TRANSFERRED));
        return "casework/case";
    }

    @PostMapping("/casework/cases/{id}/actions/{action}")
    String act(@PathVariable long id, @PathVariable String action, @RequestParam Map<String, String> form,
               RedirectAttributes redirect) {
        Actor actor = actors.require();
        CaseAction a = CaseAction.fromSlug(action);
        if (a == null) {
            throw new NotFoundException("casework_action", action);
        }
        try {
            casework.act(actor, id, a, new ActionInput(form.get("unitCode"), "on".equals(form.get("toMe")) || "true".equals(form.get("toMe")),
                    form.get("reason"), form.get("outcome"), form.get("assigneeUsername")));
            redirect.addFlashAttribute("done", a.messageKey());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("failedAction", a.slug());
            redirect.addFlashAttribute("actionErrors", e.byField());
            redirect.addFlashAttribute("actionValues", form);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/casework/cases/" + id;
    }

    @PostMapping("/casework/cases/{id}/parties")
    String parties(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Model model) {
        Actor actor = actors.require();
        try {
            model.addAttribute("revealed", casework.revealParties(actor, id, reason));
        } catch (InvalidInputException e) {
            model.addAttribute("revealError", e.problems().get(0).reason());
        }
        model.addAttribute("c", casework.get(actor, id));
        return "casework/case :: parties";
    }
}
