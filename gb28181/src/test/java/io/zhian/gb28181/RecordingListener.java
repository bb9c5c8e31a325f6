package io.zhian.gb28181;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every callback so tests can wait for and inspect them. */
final class RecordingListener implements GbSignallingListener {

    record Offline(GbDeviceId deviceId, OfflineReason reason) {
    }

    final BlockingQueue<DeviceRegistration> registrations = new LinkedBlockingQueue<>();
    final BlockingQueue<Offline> offline = new LinkedBlockingQueue<>();
    final BlockingQueue<Keepalive> keepalives = new LinkedBlockingQueue<>();
    final BlockingQueue<CatalogResult> catalogs = new LinkedBlockingQueue<>();
    final BlockingQueue<AlarmNotification> alarms = new LinkedBlockingQueue<>();
    final List<MalformedMessage> malformed = new CopyOnWriteArrayList<>();

    @Override
    public void deviceRegistered(DeviceRegistration registration) {
        registrations.add(registration);
    }

    @Override
    public void deviceOffline(GbDeviceId deviceId, OfflineReason reason) {
        offline.add(new Offline(deviceId, reason));
    }

    @Override
    public void keepaliveReceived(Keepalive keepalive) {
        keepalives.add(keepalive);
    }

    @Override
    public void catalogReceived(CatalogResult catalog) {
        catalogs.add(catalog);
    }

    @Override
    public void alarmReceived(AlarmNotification alarm) {
        alarms.add(alarm);
    }

    @Override
    public void malformedMessage(MalformedMessage message) {
        malformed.add(message);
    }

    /** Waits for the first event matching {@code match}, discarding others. */
    static <T> T await(BlockingQueue<T> queue, java.util.function.Predicate<T> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            T value = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (value == null) {
                throw new AssertionError("no matching event within " + timeout);
            }
            if (match.test(value)) {
                return value;
            }
        }
    }

    static <T> T next(BlockingQueue<T> queue, Duration timeout) throws InterruptedException {
        T value = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (value == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return value;
    }
}
