package io.zhian.dashboard.internal;

import io.zhian.dashboard.Dashboard;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 平安建设报告 (/dashboard/reports): the archive in your scope and a form to generate a report now. */
@Controller
class ReportPages {

    private final ReportGenerator generator;
    private final ReportArchive archive;
    private final Regions regions;
    private final ActorProvider actors;

    ReportPages(ReportGenerator generator, ReportArchive archive, Regions regions, ActorProvider actors) {
        this.generator = generator;
        this.archive = archive;
        this.regions = regions;
        this.actors = actors;
    }

    @Bean
    static NavigationEntry reportNavigation() {
        return new NavigationEntry("nav.reports", "/dashboard/reports", 6, Set.of(Dashboard.ROLES));
    }

    @GetMapping("/dashboard/reports")
    String list(@RequestParam(required = false) Long region, Model model) {
        Actor actor = actors.require();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kind", "MONTH");
        values.put("period", generator.currentMonth().minusMonths(1).toString());
        return page(actor, region, values, null, model);
    }

    @PostMapping("/dashboard/reports")
    String generate(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Actor actor = actors.require();
        Long regionId = null;
        String regionText = form.getOrDefault("regionId", "").strip();
        try {
            if (!regionText.isEmpty()) {
                regionId = Long.parseLong(regionText);
            }
        } catch (NumberFormatException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(actor, null, form, Map.of("regionId", "is not a region id"), model);
        }
        try {
            ReportArchive.Entry entry = generator.onDemand(actor, regionId, form.get("kind"), form.get("period"));
            redirect.addFlashAttribute("generated", entry.id());
            return "redirect:/dashboard/reports";
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(actor, null, form, e.byField(), model);
        }
    }

    private String page(Actor actor, Long region, Map<String, String> values, Map<String, String> errors, Model model) {
        model.addAttribute("reports", archive.list(actor, region, 200));
        model.addAttribute("regions", choices(actor));
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("currentMonth", generator.currentMonth().toString());
        return "dashboard/reports";
    }

    /** The regions a report can be made for: the cities and townships in the actor's scope. */
    private List<Region> choices(Actor actor) {
        List<Region> list = new ArrayList<>();
        for (Region root : regions.scopeRoots(actor.scope())) {
            if (root.level() == RegionLevel.CITY) {
                list.add(root);
                regions.children(actor.scope(), root.id()).stream().filter(c -> c.level() == RegionLevel.TOWNSHIP).forEach(list::add);
            } else if (root.level() == RegionLevel.TOWNSHIP) {
                list.add(root);
            }
        }
        return list;
    }
}
