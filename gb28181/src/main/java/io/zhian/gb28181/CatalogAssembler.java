package io.zhian.gb28181;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects the packets of a catalog response. Devices split large catalogs over several MESSAGEs that share
 * the query's SN, each carrying {@code SumNum} (the total) and a {@code DeviceList} slice; the catalog is done
 * once SumNum distinct items arrived, or incomplete when the timeout fires first.
 */
final class CatalogAssembler {

    private record Key(GbDeviceId deviceId, String sn) {
    }

    private final class Assembly {
        final Key key;
        final CompletableFuture<CatalogResult> future = new CompletableFuture<>();
        final Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        int sumNum = -1;
        ScheduledFuture<?> timeout;

        Assembly(Key key) {
            this.key = key;
        }
    }

    private final Map<Key, Assembly> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private final Consumer<CatalogResult> onFinished;

    CatalogAssembler(ScheduledExecutorService timer, Duration timeout, Consumer<CatalogResult> onFinished) {
        this.timer = timer;
        this.timeout = timeout;
        this.onFinished = onFinished;
    }

    /** Registers interest in the response to a query we are about to send. */
    CompletableFuture<CatalogResult> expect(GbDeviceId deviceId, String sn) {
        return assemblyFor(new Key(deviceId, sn)).future;
    }

    /** Abandons a query the device refused. */
    void fail(GbDeviceId deviceId, String sn, Throwable cause) {
        Assembly assembly = pending.remove(new Key(deviceId, sn));
        if (assembly != null) {
            cancelTimeout(assembly);
            assembly.future.completeExceptionally(cause);
        }
    }

    /** Adds one response packet (solicited or pushed by the device). */
    void accept(GbDeviceId deviceId, ManscdpDocument response) {
        String sn = response.sn().orElse("");
        Integer sumNum = ManscdpDocument.parseInteger(response.text("SumNum").orElse(null));
        List<Map<String, String>> items = response.items("DeviceList");
        Assembly assembly = assemblyFor(new Key(deviceId, sn));
        boolean done;
        synchronized (assembly) {
            if (sumNum != null && sumNum >= 0) {
                assembly.sumNum = sumNum;
            }
            for (Map<String, String> item : items) {
                CatalogEntry entry = CatalogEntry.fromItem(item);
                // Keyed by DeviceID so a re-sent packet does not inflate the count.
                assembly.entries.putIfAbsent(entry.deviceId() == null ? "#" + assembly.entries.size() : entry.deviceId(), entry);
            }
            done = assembly.sumNum >= 0 && assembly.entries.size() >= assembly.sumNum;
        }
        if (done) {
            finish(assembly, true);
        }
    }

    int pendingCount() {
        return pending.size();
    }

    private Assembly assemblyFor(Key key) {
        Assembly assembly = pending.computeIfAbsent(key, Assembly::new);
        // Scheduled outside computeIfAbsent so a tiny timeout cannot fire before the assembly is in the map.
        synchronized (assembly) {
            if (assembly.timeout == null) {
                assembly.timeout = timer.schedule(() -> finish(assembly, false), timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return assembly;
    }

    private static void cancelTimeout(Assembly assembly) {
        synchronized (assembly) {
            if (assembly.timeout != null) {
                assembly.timeout.cancel(false);
            }
        }
    }

    private void finish(Assembly assembly, boolean complete) {
        if (!pending.remove(assembly.key, assembly)) {
            return; // already finished by the other path (last packet vs timeout)
        }
        cancelTimeout(assembly);
        CatalogResult result;
        synchronized (assembly) {
            result = new CatalogResult(assembly.key.deviceId(), assembly.key.sn(), Math.max(assembly.sumNum, 0),
                    List.copyOf(assembly.entries.values()), complete);
        }
        assembly.future.complete(result);
        onFinished.accept(result);
    }
}
