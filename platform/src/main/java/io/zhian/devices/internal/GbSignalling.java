package io.zhian.devices.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zhian.devices.DeviceView;
import io.zhian.devices.Devices;
import io.zhian.gb28181.AlarmNotification;
import io.zhian.gb28181.CatalogEntry;
import io.zhian.gb28181.CatalogResult;
import io.zhian.gb28181.DeviceRegistration;
import io.zhian.gb28181.GbDeviceId;
import io.zhian.gb28181.GbSignallingListener;
import io.zhian.gb28181.Keepalive;
import io.zhian.gb28181.MalformedMessage;
import io.zhian.gb28181.OfflineReason;
import io.zhian.gb28181.SipServerConfig;
import io.zhian.gb28181.SipSignallingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The platform's GB/T 28181 SIP server (UDP and TCP): passwords from the registry, registrations and keepalives
 * into {@link DeviceStatusTracker}, catalogs into {@code device_channel}, alarms into {@link DeviceAlarms}.
 * Callbacks arrive on the library's single event thread, never on SIP threads.
 */
@Component
public class GbSignalling implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GbSignalling.class);

    private final Devices devices;
    private final DeviceStatusTracker tracker;
    private final DeviceAlarms alarms;
    private final JdbcClient jdbc;
    private final boolean enabled;
    private final GbDeviceId serverId;
    private final String host;
    private final int udpPort;
    private final int tcpPort;
    private final Duration keepaliveInterval;
    private final int maxMissed;
    private final boolean queryCatalog;
    private final AtomicLong malformed = new AtomicLong();
    private volatile SipSignallingServer server;

    GbSignalling(Devices devices, DeviceStatusTracker tracker, DeviceAlarms alarms, JdbcClient jdbc, MeterRegistry meters,
                 @Value("${zhian.devices.sip.enabled:true}") boolean enabled,
                 @Value("${zhian.devices.sip.server-id:41138100002000000001}") String serverId,
                 @Value("${zhian.devices.sip.host:127.0.0.1}") String host,
                 @Value("${zhian.devices.sip.udp-port:15060}") int udpPort,
                 @Value("${zhian.devices.sip.tcp-port:15060}") int tcpPort,
                 @Value("${zhian.devices.sip.keepalive-interval:PT60S}") Duration keepaliveInterval,
                 @Value("${zhian.devices.sip.max-missed-keepalives:3}") int maxMissed,
                 @Value("${zhian.devices.sip.query-catalog-on-register:true}") boolean queryCatalog) {
        this.devices = devices;
        this.tracker = tracker;
        this.alarms = alarms;
        this.jdbc = jdbc;
        this.enabled = enabled;
        this.serverId = GbDeviceId.parse(serverId);
        this.host = host;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
        this.keepaliveInterval = keepaliveInterval;
        this.maxMissed = maxMissed;
        this.queryCatalog = queryCatalog;
        Gauge.builder("zhian.devices.sip.malformed", malformed, AtomicLong::get).description("malformed SIP/MANSCDP messages")
                .register(meters);
    }

    /** A configuration for this platform's registry (tests build their own servers from it, with other timings). */
    public SipServerConfig.Builder config() {
        return SipServerConfig.builder(serverId, id -> devices.sipPassword(id.value())).host(host).udpPort(udpPort).tcpPort(tcpPort)
                .keepaliveInterval(keepaliveInterval).maxMissedKeepalives(maxMissed);
    }

    /** The listener that turns SIP callbacks into registry updates; shared by every server this class starts. */
    public GbSignallingListener listener() {
        return new Listener(null);
    }

    /** Starts a server with {@code config} and this platform's listener (the managed one, or one a test configures). */
    public SipSignallingServer start(SipServerConfig config) throws IOException {
        Listener listener = new Listener(null);
        SipSignallingServer s = SipSignallingServer.start(config, listener);
        listener.server = s;
        return s;
    }

    public Optional<SipSignallingServer> server() {
        return Optional.ofNullable(server);
    }

    public long malformedCount() {
        return malformed.get();
    }

    public GbDeviceId serverId() {
        return serverId;
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        Instant startedAt = tracker.now();
        Thread check = new Thread(() -> {
            try {
                Thread.sleep(keepaliveInterval.multipliedBy(maxMissed).toMillis());
                int n = tracker.markGbDevicesOfflineNotSeenSince(startedAt);
                log.info("{} GB/T 28181 devices did not register again after the start: marked offline", n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("restart check failed: {}", e.toString());
            }
        }, "gb-restart-check");
        check.setDaemon(true);
        check.start();
        try {
            server = start(config().build());
            log.info("GB/T 28181 SIP server {} listening on {} udp {} tcp {}", serverId, host, server.udpPort(), server.tcpPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the GB/T 28181 SIP server on " + host + ":" + udpPort, e);
        }
    }

    @Override
    public void stop() {
        SipSignallingServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        tracker.flush();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        // after the database and the web server are up; stopped before them
        return Integer.MAX_VALUE - 100;
    }

    private final class Listener implements GbSignallingListener {
        volatile SipSignallingServer server;

        Listener(SipSignallingServer server) {
            this.server = server;
        }

        @Override
        public void deviceRegistered(DeviceRegistration r) {
            tracker.gbSeen(r.deviceId().value(), r.registeredAt());
            if (!r.refresh()) {
                tracker.gbTransition(r.deviceId().value(), true, r.registeredAt(), "REGISTERED");
                if (queryCatalog && server != null) {
                    server.queryCatalog(r.deviceId()).exceptionally(e -> {
                        log.debug("catalog query to {} failed: {}", r.deviceId(), e.toString());
                        return null;
                    });
                }
            }
        }

        @Override
        public void deviceOffline(GbDeviceId id, OfflineReason reason) {
            tracker.gbTransition(id.value(), false, tracker.now(), reason.name());
        }

        @Override
        public void keepaliveReceived(Keepalive k) {
            tracker.gbSeen(k.deviceId().value(), k.receivedAt());
        }

        @Override
        public void catalogReceived(CatalogResult catalog) {
            devices.findByGbId(catalog.deviceId().value()).ifPresent(d -> storeChannels(d, catalog));
        }

        @Override
        public void alarmReceived(AlarmNotification a) {
            Optional<DeviceView> device = devices.findByGbId(a.reportingDeviceId().value());
            if (device.isEmpty()) {
                log.warn("alarm from unregistered GB device {} ignored", a.reportingDeviceId());
                return;
            }
            String channel = a.fromChannel() ? channelName(device.get().id(), a.alarmSourceId().value()) : null;
            String description = "GB/T 28181 报警" + (a.alarmPriority() == null ? "" : " 级别" + a.alarmPriority())
                    + (a.alarmMethod() == null ? "" : " 方式" + a.alarmMethod()) + (a.alarmType() == null ? "" : " 类型" + a.alarmType())
                    + (channel == null ? "" : " 通道 " + channel)
                    + (a.description() == null || a.description().isBlank() ? "" : "：" + a.description().strip());
            alarms.raise(device.get(), "gb:" + a.alarmSourceId() + ":" + a.sn() + ":" + a.rawAlarmTime(), description,
                    a.longitude(), a.latitude(),
                    a.alarmTime() == null ? null : a.alarmTime().atZone(ZoneId.systemDefault()).toInstant(), a.receivedAt());
        }

        @Override
        public void malformedMessage(MalformedMessage m) {
            malformed.incrementAndGet();
            log.debug("malformed SIP message from {}: {}", m.source(), m.reason());
        }
    }

    private String channelName(long deviceId, String channelId) {
        return jdbc.sql("SELECT COALESCE(name, channel_id) FROM device_channel WHERE device_id = :d AND channel_id = :c")
                .param("d", deviceId).param("c", channelId).query(String.class).optional().orElse(channelId);
    }

    private void storeChannels(DeviceView device, CatalogResult catalog) {
        for (CatalogEntry e : catalog.entries()) {
            if (e.deviceId() == null || e.deviceId().isBlank()) {
                continue;
            }
            jdbc.sql("""
                            INSERT INTO device_channel (device_id, channel_id, name, status, lon, lat, updated_at)
                            VALUES (:d, :c, :name, :status, :lon, :lat, now())
                            ON CONFLICT (device_id, channel_id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status,
                              lon = EXCLUDED.lon, lat = EXCLUDED.lat, updated_at = now()""")
                    .param("d", device.id()).param("c", truncate(e.deviceId(), 40)).param("name", truncate(e.name(), 200))
                    .param("status", truncate(e.status(), 20)).param("lon", e.longitude()).param("lat", e.latitude()).update();
        }
    }

    private static String truncate(String s, int max) {
        return s == null ? null : s.length() <= max ? s : s.substring(0, max);
    }
}
