package io.zhian.web;

import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: who you are, your unit, your roles and what your scope covers. */
@Controller
class HomePage {

    private final ActorProvider actors;
    private final Regions regions;
    private final OrgUnits units;

    HomePage(ActorProvider actors, Regions regions, OrgUnits units) {
        this.actors = actors;
        this.regions = regions;
        this.units = units;
    }

    @GetMapping("/")
    String home(Model model) {
        Actor actor = actors.require();
        List<Region> roots = regions.scopeRoots(actor.scope());
        model.addAttribute("unit", units.find(actor.unitId()).orElse(null));
        model.addAttribute("scopeRoots", roots);
        model.addAttribute("townships", regions.countInScope(actor.scope(), RegionLevel.TOWNSHIP));
        model.addAttribute("villages", regions.countInScope(actor.scope(), RegionLevel.VILLAGE));
        model.addAttribute("grids", regions.countInScope(actor.scope(), RegionLevel.GRID));
        model.addAttribute("unitCount", units.count(actor.scope(), null, null, null));
        return "home";
    }
}
