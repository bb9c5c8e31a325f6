package io.zhian.alarms.internal;

import io.zhian.alarms.internal.AlarmStore.AlarmRow;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes changes to open dispatch boards and unit inboxes over server-sent events. Each connection
 * keeps its user's scope, so a board receives only alarms it may see. Browsers reconnect on their
 * own (EventSource) and then reload the whole list, so nothing missed while away stays missing.
 */
@Component
class DispatchBoard {

    private static final long TIMEOUT_MS = 10 * 60 * 1000L;

    private record Client(SseEmitter emitter, DataScope scope, long unitId, boolean inbox) {}

    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AlarmStore store;
    private final BoardLatency latency;

    DispatchBoard(AlarmStore store, BoardLatency latency) {
        this.store = store;
        this.latency = latency;
    }

    SseEmitter openBoard(Actor actor) {
        return open(new Client(new SseEmitter(TIMEOUT_MS), actor.scope(), actor.unitId(), false));
    }

    SseEmitter openInbox(Actor actor) {
        return open(new Client(new SseEmitter(TIMEOUT_MS), DataScope.none(), actor.unitId(), true));
    }

    private SseEmitter open(Client client) {
        SseEmitter emitter = client.emitter();
        emitter.onCompletion(() -> clients.remove(client));
        emitter.onTimeout(() -> clients.remove(client));
        emitter.onError(e -> clients.remove(client));
        clients.add(client);
        try {
            emitter.send(SseEmitter.event().name("hello").reconnectTime(2000).data(Instant.now().toString()));
        } catch (IOException e) {
            clients.remove(client);
        }
        return emitter;
    }

    int connections() {
        return clients.size();
    }

    /** An alarm changed (new, stage, message status): every board that may see it is told. */
    void alarmChanged(long alarmId) {
        AlarmRow row = store.find(alarmId).orElse(null);
        if (row == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", row.id());
        data.put("alarmNo", row.alarmNo());
        data.put("stage", row.stage().name());
        int sent = 0;
        for (Client c : clients) {
            if (!c.inbox() && c.scope().permits(row.regionId(), row.unitId(), null)) {
                if (send(c, "alarm", data)) {
                    sent++;
                }
            }
        }
        if (row.stage() == AlarmStage.RECEIVED) {
            latency.record(row.id(), row.raisedAt(), row.receivedAt(), Instant.now(), sent);
        }
    }

    /** A dispatch message went out: the unit's open inboxes get it (which delivers it), the boards see its status. */
    void messageSent(long messageId, long unitId, long alarmId) {
        Map<String, Object> data = Map.of("id", messageId, "alarmId", alarmId);
        boolean delivered = false;
        for (Client c : clients) {
            if (c.inbox() && c.unitId() == unitId && send(c, "message", data)) {
                delivered = true;
            }
        }
        if (delivered) {
            store.markDelivered(List.of(messageId), Instant.now());
        }
        alarmChanged(alarmId);
    }

    private boolean send(Client c, String name, Object data) {
        try {
            c.emitter().send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            clients.remove(c);
            return false;
        }
    }

    /** Keeps idle connections open through proxies and finds dead ones. */
    @Scheduled(fixedDelay = 20_000, initialDelay = 20_000)
    void heartbeat() {
        for (Client c : clients) {
            try {
                c.emitter().send(SseEmitter.event().comment("ping"));
            } catch (IOException | IllegalStateException e) {
                clients.remove(c);
            }
        }
    }
}
