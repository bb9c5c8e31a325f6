package io.zhian.regions.internal;

import io.zhian.regions.NewRegion;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionCsv;
import io.zhian.regions.RegionKind;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.Role;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The region tree browser: scope roots, a region with its children and map, edit and import forms. */
@Controller
class RegionPages {

    private final Regions regions;
    private final RegionCsv csv;
    private final OrgUnits units;
    private final ActorProvider actors;

    RegionPages(Regions regions, RegionCsv csv, OrgUnits units, ActorProvider actors) {
        this.regions = regions;
        this.csv = csv;
        this.actors = actors;
        this.units = units;
    }

    @Bean
    static NavigationEntry regionNavigation() {
        return new NavigationEntry("nav.regions", "/regions", 100, java.util.Set.of());
    }

    @GetMapping("/regions")
    String roots(Model model) {
        Actor actor = actors.require();
        List<Region> roots = regions.scopeRoots(actor.scope());
        if (roots.size() == 1) {
            return "redirect:/regions/" + roots.get(0).id();
        }
        model.addAttribute("roots", roots);
        model.addAttribute("mayImport", actor.has(Role.CITY_ADMIN));
        return "regions/roots";
    }

    @GetMapping("/regions/{id}")
    String region(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        Region region = regions.get(actor.scope(), id);
        fill(model, actor, region);
        return "regions/detail";
    }

    @GetMapping("/regions/search")
    String search(@RequestParam(defaultValue = "") String q, Model model) {
        Actor actor = actors.require();
        model.addAttribute("results", q.isBlank() ? List.of() : regions.search(actor.scope(), q, null, 30));
        return "regions/search :: results";
    }

    @PostMapping("/regions/{id}")
    String update(@PathVariable long id, @RequestParam String name, @RequestParam(required = false) String centreLon,
                  @RequestParam(required = false) String centreLat, @RequestParam(required = false) String boundary,
                  @RequestParam(required = false) String population, @RequestParam int version, Model model,
                  RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            regions.update(actor, id, name, number("centreLon", centreLon), number("centreLat", centreLat), boundary,
                    integer("population", population), version);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/regions/" + id;
        } catch (InvalidInputException e) {
            Region region = regions.get(actor.scope(), id);
            fill(model, actor, region);
            model.addAttribute("editErrors", e.byField());
            model.addAttribute("editValues", Map.of("name", name, "centreLon", nz(centreLon), "centreLat", nz(centreLat),
                    "boundary", nz(boundary), "population", nz(population)));
            return "regions/detail";
        }
    }

    @PostMapping("/regions/{id}/children")
    String addChild(@PathVariable long id, @RequestParam String code, @RequestParam String name,
                    @RequestParam(required = false) String kind, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        Region parent = regions.get(actor.scope(), id);
        try {
            RegionKind k = kind == null || kind.isBlank() ? defaultKind(parent.level().child()) : RegionKind.parse(kind);
            Region created = regions.create(actor, new NewRegion(code, name, k, parent.code(), null, null, null, null));
            redirect.addFlashAttribute("created", created.name());
            return "redirect:/regions/" + id;
        } catch (InvalidInputException e) {
            fill(model, actor, parent);
            model.addAttribute("childErrors", e.byField());
            model.addAttribute("childValues", Map.of("code", code, "name", name));
            return "regions/detail";
        }
    }

    @PostMapping("/regions/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        Actor actor = actors.require();
        Region region = regions.get(actor.scope(), id);
        regions.delete(actor, id);
        redirect.addFlashAttribute("deleted", region.name());
        return region.parentId() == null ? "redirect:/regions" : "redirect:/regions/" + region.parentId();
    }

    @GetMapping("/regions/import")
    String importForm() {
        actors.require();
        return "regions/import";
    }

    @PostMapping("/regions/import")
    String importFile(@RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "false") boolean dryRun,
                      Model model) throws IOException {
        ImportReport report = csv.importCsv(actors.require(),
                new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8), dryRun);
        model.addAttribute("report", report);
        model.addAttribute("dryRun", dryRun);
        return "regions/import";
    }

    private void fill(Model model, Actor actor, Region region) {
        model.addAttribute("region", region);
        List<Region> trail = regions.ancestors(region).stream().filter(r -> actor.scope().coversRegion(r.id())).toList();
        model.addAttribute("trail", trail);
        List<Region> children = regions.children(actor.scope(), region.id());
        model.addAttribute("children", children);
        model.addAttribute("mayEdit", Regions.mayChange(actor, region.level()));
        model.addAttribute("mayImport", actor.has(Role.CITY_ADMIN));
        RegionLevel childLevel = region.level().child();
        model.addAttribute("childLevel", childLevel);
        model.addAttribute("childKinds", childLevel == null ? List.of()
                : Arrays.stream(RegionKind.values()).filter(k -> k.level() == childLevel).toList());
        model.addAttribute("mayAddChild", childLevel != null && Regions.mayChange(actor, childLevel));
        model.addAttribute("mayDelete", Regions.mayChange(actor, region.level()) && children.isEmpty());
        model.addAttribute("boundary", regions.boundary(actor.scope(), region.id()).orElse(""));
        model.addAttribute("units", units.list(actor.scope(), null, null, region.id(), 0, 100));
        model.addAttribute("unitKinds", OrgUnitKind.values());
    }

    private static RegionKind defaultKind(RegionLevel level) {
        return level == null ? null : Arrays.stream(RegionKind.values()).filter(k -> k.level() == level).findFirst().orElse(null);
    }


    private static Double number(String field, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "'" + v + "' is not a number");
        }
    }

    private static Integer integer(String field, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "'" + v + "' is not a whole number");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
