package io.zhian.devices.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zhian.alarms.AlarmRequested;
import io.zhian.devices.DeviceKind;
import io.zhian.devices.DeviceView;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises device alarms as {@link AlarmRequested} (through the event publication registry, so an accepted alarm
 * survives a crash) and records the latency from the device's send time to the committed publication: the hook the
 * end-to-end alarm latency measurement builds on ({@code zhian.devices.alarm.latency} timer, and {@link #latency()}).
 */
@Component
public class DeviceAlarms {

    /** Latency figures since start, in milliseconds. */
    public record Latency(long count, double meanMillis, long maxMillis) {}

    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Timer timer;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong totalMillis = new AtomicLong();
    private final LongAccumulator maxMillis = new LongAccumulator(Math::max, 0);

    DeviceAlarms(ApplicationEventPublisher events, PlatformTransactionManager txm, MeterRegistry meters) {
        this.events = events;
        this.tx = new TransactionTemplate(txm);
        this.timer = Timer.builder("zhian.devices.alarm.latency").description("device send time to AlarmRequested published")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
    }

    /**
     * @param eventRef the device's own event reference (GB SN + time, MQTT eventId): the same alarm twice is one alarm
     * @param sentAt   when the device says it sent the alarm (null: use {@code receivedAt})
     */
    public AlarmRequested raise(DeviceView device, String eventRef, String description, Double lon, Double lat, Instant sentAt,
                                Instant receivedAt) {
        String kind = device.kind() == DeviceKind.LIGHT_BOX ? "LIGHT_BOX" : "DEVICE";
        String location = (device.address() == null ? "" : device.address() + " ") + device.name();
        AlarmRequested event = new AlarmRequested(kind, "device:" + device.id(), "device:" + device.code() + ":" + eventRef,
                device.regionId(), lon != null ? lon : device.lon(), lat != null ? lat : device.lat(), location.strip(),
                description, sentAt != null ? sentAt : receivedAt);
        tx.executeWithoutResult(s -> events.publishEvent(event));
        Instant from = sentAt != null ? sentAt : receivedAt;
        long millis = Math.max(0, Duration.between(from, Instant.now()).toMillis());
        timer.record(Duration.ofMillis(millis));
        count.incrementAndGet();
        totalMillis.addAndGet(millis);
        maxMillis.accumulate(millis);
        return event;
    }

    public Latency latency() {
        long n = count.get();
        return new Latency(n, n == 0 ? 0 : (double) totalMillis.get() / n, maxMillis.get());
    }
}
