package io.zhian.antifraud.internal;

import io.zhian.antifraud.FraudCases;
import io.zhian.antifraud.FraudType;
import io.zhian.antifraud.NewFraudCase;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.RawIdentifier;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Anti-fraud pages: case register, case and series pages with evidence and graph, statistics, import. */
@Controller
class AntifraudPages {

    private static final int PAGE = 50;

    private final FraudCases cases;
    private final FraudAnalysis analysis;
    private final FraudCaseStore store;
    private final FraudImport imports;
    private final ActorProvider actors;
    private final Regions regions;

    AntifraudPages(FraudCases cases, FraudAnalysis analysis, FraudCaseStore store, FraudImport imports, ActorProvider actors,
                   Regions regions) {
        this.regions = regions;
        this.cases = cases;
        this.analysis = analysis;
        this.store = store;
        this.imports = imports;
        this.actors = actors;
    }

    @Bean
    static NavigationEntry antifraudNavigation() {
        return new NavigationEntry("nav.antifraud", "/antifraud", 400,
                Set.of(Role.FRAUD_ANALYST, Role.POLICE_DISPATCHER, Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN));
    }

    /**
     * The case register. A figure links here with {@code region} (its whole subtree), {@code from}/{@code to} (months
     * of occurrence) and, for the series figure, {@code series=linked}; bad values are shown beside the filter and list
     * nothing, a region outside the caller's scope is "not found".
     */
    @GetMapping("/antifraud")
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) String type,
                @RequestParam(required = false) String month, @RequestParam(required = false) String region,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String series, @RequestParam(defaultValue = "0") int page, Model model,
                HttpServletResponse response) {
        Actor actor = actors.require();
        FraudAnalysis.requireRead(actor);
        FraudType t = type == null || type.isBlank() ? null : AntifraudApi.fraudType(type);
        model.addAttribute("q", q);
        model.addAttribute("type", type);
        model.addAttribute("month", month);
        model.addAttribute("types", FraudType.values());
        model.addAttribute("mayRecord", FraudCases.mayRecord(actor));
        CaseListFilter figure;
        try {
            figure = CaseListFilter.parse(actor.scope(), regions, region, month, from, to, series);
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", e.byField());
            model.addAttribute("filter", CaseListFilter.NONE);
            model.addAttribute("items", List.of());
            model.addAttribute("total", 0L);
            model.addAttribute("page", 0);
            model.addAttribute("pages", 1L);
            return "antifraud/cases";
        }
        var filter = new FraudCaseStore.Filter(q, t, null, figure.range().fromInstant(FraudImport.ZONE),
                figure.range().toInstant(FraudImport.ZONE), figure.range().subtree(), figure.linkingOnly());
        int p = Math.max(page, 0);
        long total = store.count(actor.scope(), filter);
        model.addAttribute("filter", figure);
        model.addAttribute("items", analysis.views(store.list(actor.scope(), filter, p * PAGE, PAGE)));
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        return "antifraud/cases";
    }

    @GetMapping("/antifraud/cases/new")
    String newForm(Model model) {
        actors.require();
        model.addAttribute("values", Map.of());
        model.addAttribute("types", FraudType.values());
        model.addAttribute("identifierTypes", IdentifierType.values());
        return "antifraud/new";
    }

    @PostMapping("/antifraud/cases")
    String create(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            List<io.zhian.shared.FieldProblem> parseProblems = new ArrayList<>();
            NewFraudCase candidate = fromForm(form, parseProblems);
            cases.requireValid(candidate, parseProblems);
            long id = cases.record(actor, candidate);
            redirect.addFlashAttribute("created", true);
            return "redirect:/antifraud/cases/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", form);
            model.addAttribute("types", FraudType.values());
            model.addAttribute("identifierTypes", IdentifierType.values());
            return "antifraud/new";
        }
    }

    @GetMapping("/antifraud/cases/{id}")
    String show(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        var row = analysis.getCase(actor, id);
        model.addAttribute("c", analysis.views(List.of(row)).get(0));
        model.addAttribute("identifiers", store.identifiers(id));
        model.addAttribute("evidence", analysis.evidenceFrom(actor, id));
        model.addAttribute("seriesSize", row.seriesId() == null ? 0 : store.memberCount("series", row.seriesId()));
        model.addAttribute("gangSize", row.gangId() == null ? 0 : store.memberCount("gang", row.gangId()));
        model.addAttribute("mayAnalyse", FraudAnalysis.mayAnalyse(actor));
        return "antifraud/case";
    }

    @PostMapping("/antifraud/cases/{id}/victim")
    String victim(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Model model) {
        try {
            model.addAttribute("victim", analysis.victim(actors.require(), id, reason));
        } catch (InvalidInputException e) {
            model.addAttribute("victimError", e.problems().get(0).reason());
        }
        model.addAttribute("c", analysis.views(List.of(analysis.getCase(actors.require(), id))).get(0));
        return "antifraud/case :: victim";
    }

    @PostMapping("/antifraud/cases/{id}/decisions")
    String decide(@PathVariable long id, @RequestParam String otherCaseNo, @RequestParam String kind, @RequestParam String note,
                  RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            long other = store.findByNo(otherCaseNo.strip()).map(FraudCaseStore.CaseRow::id)
                    .orElseThrow(() -> new InvalidInputException("otherCaseNo", "no case has the number " + otherCaseNo));
            analysis.decide(actor, id, other, "MUST_LINK".equals(kind), note);
            redirect.addFlashAttribute("decided", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("decisionErrors", e.byField());
        }
        return "redirect:/antifraud/cases/" + id;
    }

    @GetMapping("/antifraud/series/{id}")
    String series(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        model.addAttribute("s", analysis.series(actor, id));
        model.addAttribute("mayAnalyse", FraudAnalysis.mayAnalyse(actor));
        return "antifraud/series";
    }

    @PostMapping("/antifraud/series/{id}/consultations")
    String consult(@PathVariable long id, @RequestParam(defaultValue = "") String heldAt, @RequestParam String participants,
                   @RequestParam String conclusion, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            Instant held = heldAt.isBlank() ? null : FraudImport.parseTime(heldAt.replace('T', ' '));
            if (!heldAt.isBlank() && held == null) {
                throw new InvalidInputException("heldAt", "'" + heldAt + "' is not a date/time");
            }
            analysis.consult(actor, id, held, participants, conclusion);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/antifraud/series/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("s", analysis.series(actor, id));
            model.addAttribute("mayAnalyse", FraudAnalysis.mayAnalyse(actor));
            model.addAttribute("consultErrors", e.byField());
            model.addAttribute("consultValues", Map.of("heldAt", heldAt, "participants", participants, "conclusion", conclusion));
            return "antifraud/series";
        }
    }

    @PostMapping("/antifraud/series/{id}/assignment")
    String assign(@PathVariable long id, @RequestParam String unitCode, RedirectAttributes redirect) {
        try {
            analysis.assign(actors.require(), id, unitCode);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("assignErrors", e.byField());
        }
        return "redirect:/antifraud/series/" + id;
    }

    @GetMapping("/antifraud/statistics")
    String statistics(Model model) {
        Actor actor = actors.require();
        model.addAttribute("byType", analysis.statistics(actor, "type", null, null));
        model.addAttribute("byRegion", analysis.statistics(actor, "region", null, null));
        model.addAttribute("byMonth", analysis.statistics(actor, "month", null, null));
        return "antifraud/statistics";
    }

    @GetMapping("/antifraud/import")
    String importForm() {
        actors.require();
        return "antifraud/import";
    }

    @PostMapping("/antifraud/import")
    String importFile(@RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "false") boolean dryRun, Model model)
            throws IOException {
        model.addAttribute("report", imports.importFile(actors.require(), file.getOriginalFilename(), file.getInputStream(), dryRun));
        return "antifraud/import";
    }

    /** The new-case form: identifiers one per line as "TYPE: value" (e.g. "PHONE: 138 0000 1111"). */
    static NewFraudCase fromForm(Map<String, String> form, List<io.zhian.shared.FieldProblem> problems) {
        Map<String, String> errors = new HashMap<>();
        FraudType type = FraudType.parse(form.get("fraudType"));
        Instant at = form.getOrDefault("occurredAt", "").isBlank() ? null
                : FraudImport.parseTime(form.get("occurredAt").replace('T', ' '));
        if (at == null && !form.getOrDefault("occurredAt", "").isBlank()) {
            errors.put("occurredAt", "is not a date/time like 2026-03-05 14:30");
        }
        long fen = 0;
        try {
            BigDecimal yuan = new BigDecimal(form.getOrDefault("amountYuan", "").strip());
            if (yuan.scale() > 2 || yuan.signum() < 0) {
                errors.put("amountYuan", "a non-negative amount with at most 2 decimals");
            }
            fen = yuan.movePointRight(2).longValue();
        } catch (NumberFormatException e) {
            errors.put("amountYuan", "is not an amount in yuan");
        }
        List<RawIdentifier> ids = new ArrayList<>();
        for (String line : form.getOrDefault("identifiers", "").split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("[:：]", 2);
            IdentifierType kind = null;
            try {
                kind = parts.length == 2 ? IdentifierType.valueOf(parts[0].strip().toUpperCase()) : null;
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            if (kind == null) {
                errors.put("identifiers", "write one per line as TYPE: value, e.g. PHONE: 13800001111 (bad line: " + line.strip() + ")");
            } else {
                ids.add(new RawIdentifier(kind, parts[1].strip()));
            }
        }
        errors.forEach((field, reason) -> problems.add(new io.zhian.shared.FieldProblem(field, reason)));
        return new NewFraudCase(form.get("caseNo"), form.get("regionCode"), type, at, fen, form.get("victimName"),
                form.get("victimPhone"), form.get("summary"), ids);
    }
}
