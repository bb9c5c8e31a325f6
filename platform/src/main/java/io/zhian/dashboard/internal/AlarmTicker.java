package io.zhian.dashboard.internal;

import io.zhian.alarms.AlarmRequested;
import io.zhian.alarms.AlarmStatusChanged;
import io.zhian.dashboard.FiguresRefreshed;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live alarm ticker of open wall screens. A new alarm (AlarmRequested) goes to every screen whose
 * user scope and screen region cover the alarm's region; a stage change (AlarmStatusChanged carries no
 * region) is shown where the request was seen. After the figure board has recomputed (on its own schedule
 * and after alarms) every screen is told to re-fetch its figures, which are scoped on the server. Only the
 * region name and the reported description are pushed, never the exact address.
 */
@Component
class AlarmTicker {

    private static final long TIMEOUT_MS = 10 * 60 * 1000L;
    private static final int REMEMBERED = 5_000;

    private record Screen(SseEmitter emitter, DataScope scope, long[] area) {
        boolean shows(long regionId) {
            return scope.coversRegion(regionId) && Arrays.binarySearch(area, regionId) >= 0;
        }
    }

    private final List<Screen> screens = new CopyOnWriteArrayList<>();
    /** sourceRef → region of alarms requested recently, to place their stage changes. */
    private final Map<String, Long> regionsBySource = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Regions regions;

    AlarmTicker(Regions regions) {
        this.regions = regions;
    }

    SseEmitter open(DataScope scope, long screenRegionId) {
        long[] area = regions.subtreeIds(List.of(screenRegionId));
        Arrays.sort(area);
        Screen screen = new Screen(new SseEmitter(TIMEOUT_MS), scope, area);
        SseEmitter emitter = screen.emitter();
        emitter.onCompletion(() -> screens.remove(screen));
        emitter.onTimeout(() -> screens.remove(screen));
        emitter.onError(e -> screens.remove(screen));
        screens.add(screen);
        try {
            emitter.send(SseEmitter.event().name("hello").reconnectTime(2000).data(Instant.now().toString()));
        } catch (IOException e) {
            screens.remove(screen);
        }
        return emitter;
    }

    int screens() {
        return screens.size();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AlarmRequested e) {
        if (e.sourceRef() != null) {
            synchronized (regionsBySource) {
                regionsBySource.put(e.sourceRef(), e.regionId());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", "REQUESTED");
        data.put("regionId", e.regionId());
        data.put("region", regions.names(List.of(e.regionId())).getOrDefault(e.regionId(), ""));
        data.put("description", e.description());
        data.put("at", (e.at() == null ? Instant.now() : e.at()).toString());
        for (Screen s : screens) {
            if (s.shows(e.regionId())) {
                send(s, "alarm", data);
            }
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AlarmStatusChanged e) {
        Long regionId;
        synchronized (regionsBySource) {
            regionId = e.sourceRef() == null ? null : regionsBySource.get(e.sourceRef());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", "STAGE");
        data.put("alarmId", e.alarmId());
        data.put("stage", e.stage());
        data.put("at", (e.at() == null ? Instant.now() : e.at()).toString());
        if (regionId != null) {
            data.put("regionId", regionId);
            data.put("region", regions.names(List.of(regionId)).getOrDefault(regionId, ""));
        }
        // the figures follow when the board has taken the change in (FiguresRefreshed below)
        if (regionId != null) {
            for (Screen s : screens) {
                if (s.shows(regionId)) {
                    send(s, "alarm", data);
                }
            }
        }
    }

    /** The figures were recomputed: every open screen fetches its own again (they are scoped on the server). */
    @EventListener
    void on(FiguresRefreshed e) {
        for (Screen s : screens) {
            send(s, "refresh", Map.of("at", Instant.ofEpochMilli(e.at()).toString()));
        }
    }

    private void send(Screen s, String name, Object data) {
        try {
            s.emitter().send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            screens.remove(s);
        }
    }

    /** Keeps idle connections open through proxies and finds dead ones. */
    @Scheduled(fixedDelay = 20_000, initialDelay = 20_000)
    void heartbeat() {
        for (Screen s : screens) {
            try {
                s.emitter().send(SseEmitter.event().comment("ping"));
            } catch (IOException | IllegalStateException e) {
                screens.remove(s);
            }
        }
    }
}
