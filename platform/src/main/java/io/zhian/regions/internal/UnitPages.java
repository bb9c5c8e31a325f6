package io.zhian.regions.internal;

import io.zhian.regions.NewOrgUnit;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.Role;
import java.util.HashSet;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Unit administration pages. */
@Controller
class UnitPages {

    private static final int PAGE = 50;

    private final OrgUnits units;
    private final Regions regions;
    private final ActorProvider actors;

    UnitPages(OrgUnits units, Regions regions, ActorProvider actors) {
        this.units = units;
        this.regions = regions;
        this.actors = actors;
    }

    @Bean
    static NavigationEntry unitNavigation() {
        return new NavigationEntry("nav.units", "/units", 200, Set.of());
    }

    @GetMapping("/units")
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) String kind,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        OrgUnitKind k = kind == null || kind.isBlank() ? null : UnitApi.kind(kind);
        List<OrgUnit> items = units.list(actor.scope(), q, k, null, Math.max(page, 0) * PAGE, PAGE);
        long total = units.count(actor.scope(), q, k, null);
        Set<Long> regionIds = new HashSet<>();
        items.forEach(u -> regionIds.add(u.regionId()));
        model.addAttribute("items", items);
        model.addAttribute("regionNames", regions.names(regionIds));
        model.addAttribute("total", total);
        model.addAttribute("page", Math.max(page, 0));
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        model.addAttribute("q", q);
        model.addAttribute("kind", kind);
        model.addAttribute("kinds", OrgUnitKind.values());
        model.addAttribute("mayEdit", actor.has(Role.CITY_ADMIN));
        return "units/list";
    }

    @GetMapping("/units/new")
    String newForm(Model model) {
        actors.require();
        model.addAttribute("values", Map.of());
        model.addAttribute("kinds", OrgUnitKind.values());
        return "units/form";
    }

    @PostMapping("/units")
    String create(@RequestParam String code, @RequestParam String name, @RequestParam(required = false) String kind,
                  @RequestParam String regionCode, @RequestParam(required = false) String parentCode, Model model,
                  RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            OrgUnit unit = units.create(actor, new NewOrgUnit(code, name, UnitApi.kind(kind), regionCode,
                    parentCode == null || parentCode.isBlank() ? null : parentCode));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/units/" + unit.id();
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", Map.of("code", code, "name", name, "kind", kind == null ? "" : kind,
                    "regionCode", regionCode, "parentCode", parentCode == null ? "" : parentCode));
            model.addAttribute("kinds", OrgUnitKind.values());
            return "units/form";
        }
    }

    @GetMapping("/units/{id}")
    String show(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        OrgUnit unit = units.get(actor.scope(), id);
        fill(model, actor, unit);
        return "units/detail";
    }

    @PostMapping("/units/{id}")
    String update(@PathVariable long id, @RequestParam String name, @RequestParam String kind,
                  @RequestParam String regionCode, @RequestParam(defaultValue = "false") boolean active,
                  @RequestParam int version, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            units.update(actor, id, name, UnitApi.kind(kind), regionCode, active, version);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/units/" + id;
        } catch (InvalidInputException e) {
            OrgUnit unit = units.get(actor.scope(), id);
            fill(model, actor, unit);
            model.addAttribute("errors", e.byField());
            return "units/detail";
        }
    }

    private void fill(Model model, Actor actor, OrgUnit unit) {
        model.addAttribute("unit", unit);
        model.addAttribute("region", regions.find(unit.regionId()).orElseThrow());
        model.addAttribute("kinds", OrgUnitKind.values());
        model.addAttribute("mayEdit", actor.has(Role.CITY_ADMIN));
    }
}
