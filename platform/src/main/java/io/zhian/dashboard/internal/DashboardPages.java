package io.zhian.dashboard.internal;

import io.zhian.dashboard.Dashboard;
import io.zhian.regions.Region;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.NavigationEntry;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The wall screen (指挥大屏): its own full-screen layout; the figures arrive from {@link DashboardApi}. */
@Controller
class DashboardPages {

    private final Dashboard dashboard;
    private final ActorProvider actors;

    DashboardPages(Dashboard dashboard, ActorProvider actors) {
        this.dashboard = dashboard;
        this.actors = actors;
    }

    @Bean
    static NavigationEntry dashboardNavigation() {
        return new NavigationEntry("nav.dashboard", "/dashboard", 5, Set.of(Dashboard.ROLES));
    }

    @GetMapping("/dashboard")
    String screen(@RequestParam(required = false) Long region, @RequestParam(required = false) String indicator, Model model) {
        Actor actor = actors.require();
        Region shown = dashboard.screenRegion(actor, region);
        String code = indicator != null && Dashboard.MAP_INDICATORS.contains(indicator) ? indicator : Dashboard.DEFAULT_INDICATOR;
        model.addAttribute("region", shown);
        model.addAttribute("indicator", code);
        model.addAttribute("indicators", Dashboard.MAP_INDICATORS);
        return "dashboard/screen";
    }
}
