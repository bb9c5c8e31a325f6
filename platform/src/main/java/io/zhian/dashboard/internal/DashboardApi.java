package io.zhian.dashboard.internal;

import io.zhian.dashboard.Dashboard;
import io.zhian.dashboard.DashboardSnapshot;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The wall screen's data: figures (precomputed; {@code live=true} computes them now, one request at a time),
 * map shapes and the live stream (alarms, and a refresh signal whenever the figures were recomputed).
 */
@RestController
@RequestMapping("/api/v1/dashboard")
class DashboardApi {

    private final Dashboard dashboard;
    private final AlarmTicker ticker;
    private final ActorProvider actors;

    DashboardApi(Dashboard dashboard, AlarmTicker ticker, ActorProvider actors) {
        this.dashboard = dashboard;
        this.ticker = ticker;
        this.actors = actors;
    }

    @GetMapping
    DashboardSnapshot figures(@RequestParam(required = false) Long region, @RequestParam(required = false) String indicator,
                              @RequestParam(defaultValue = "false") boolean live, Locale locale) {
        return dashboard.snapshot(actors.require(), region, indicator, locale, live);
    }

    /** GeoJSON FeatureCollection of what the map draws ({@code self: true} when it draws the region itself). */
    @GetMapping(path = "/map", produces = {"application/geo+json", MediaType.APPLICATION_JSON_VALUE})
    Map<String, Object> map(@RequestParam(required = false) Long region) {
        return dashboard.shapes(actors.require(), region);
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) Long region) {
        Actor actor = actors.require();
        return ticker.open(actor.scope(), dashboard.screenRegion(actor, region).id());
    }
}
