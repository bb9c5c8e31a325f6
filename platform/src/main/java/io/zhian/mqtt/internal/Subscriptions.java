package io.zhian.mqtt.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zhian.mqtt.MqttBatchHandler;
import io.zhian.mqtt.MqttMessageIn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's subscriptions and their worker threads. A received message is queued to every matching
 * subscription; its acknowledgement runs once every one of them has handled it (committed) or
 * dead-lettered it. A failing batch is retried with back-off, then handled message by message so one
 * poison message cannot hold up the rest; a message that still fails is stored as a dead letter.
 */
final class Subscriptions {

    /** Acknowledges a message to its sender once all subscriptions are done with it. */
    static final class Ack {
        private final AtomicInteger remaining;
        private final Runnable action;

        Ack(int subscribers, Runnable action) {
            this.remaining = new AtomicInteger(subscribers);
            this.action = action;
        }

        void done() {
            if (remaining.decrementAndGet() == 0) {
                action.run();
            }
        }
    }

    record Pending(MqttMessageIn message, Ack ack) {}

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
    private static final int ATTEMPTS = 3;

    final class Subscription implements Runnable {
        final String name;
        final String filter;
        final int maxBatch;
        final MqttBatchHandler handler;
        final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        final Counter handled;

        Subscription(String name, String filter, int maxBatch, MqttBatchHandler handler) {
            this.name = name;
            this.filter = filter;
            this.maxBatch = maxBatch;
            this.handler = handler;
            this.handled = Counter.builder("zhian.mqtt.handled").tag("subscription", name).register(meters);
        }

        @Override
        public void run() {
            List<Pending> batch = new ArrayList<>(maxBatch);
            while (running) {
                try {
                    Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    deliver(batch);
                    batch.clear();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void deliver(List<Pending> batch) throws InterruptedException {
            List<MqttMessageIn> messages = batch.stream().map(Pending::message).toList();
            Exception failure = null;
            for (int attempt = 1; attempt <= ATTEMPTS && running; attempt++) {
                try {
                    handler.handle(messages);
                    batch.forEach(p -> p.ack().done());
                    handled.increment(batch.size());
                    return;
                } catch (Exception e) {
                    failure = e;
                    log.warn("MQTT subscription {}: a batch of {} failed (attempt {}): {}", name, batch.size(), attempt, e.toString());
                    Thread.sleep(100L << attempt);
                }
            }
            if (!running) {
                return; // unacknowledged: the sender re-sends after reconnecting
            }
            for (Pending p : batch) {
                Exception last = failure;
                boolean ok = false;
                for (int attempt = 1; attempt <= ATTEMPTS && !ok; attempt++) {
                    try {
                        handler.handle(List.of(p.message()));
                        ok = true;
                    } catch (Exception e) {
                        last = e;
                    }
                }
                if (!ok) {
                    try {
                        deadLetters.store(name, p.message(), last);
                        deadLettered.incrementAndGet();
                        log.error("MQTT subscription {}: message on {} dead-lettered: {}", name, p.message().topic(), String.valueOf(last));
                    } catch (RuntimeException e) {
                        log.error("MQTT subscription {}: could not store a dead letter, message left unacknowledged", name, e);
                        continue;
                    }
                } else {
                    handled.increment();
                }
                p.ack().done();
            }
        }
    }

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final AtomicLong unrouted = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean running = true;

    Subscriptions(DeadLetters deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    Subscription add(String name, String filter, int maxBatch, MqttBatchHandler handler) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("subscription name must be 1-40 letters, digits, - or _: " + name);
        }
        if (!TopicFilters.valid(filter)) {
            throw new IllegalArgumentException("not a valid MQTT topic filter: " + filter);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        Subscription s = new Subscription(name, filter, maxBatch, handler);
        subscriptions.add(s);
        Thread t = new Thread(s, "mqtt-" + name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
        return s;
    }

    /** Queues a message to every matching subscription; returns false (and acknowledges) when none matched. */
    boolean route(MqttMessageIn message, Runnable acknowledge) {
        List<Subscription> matching = new ArrayList<>(1);
        for (Subscription s : subscriptions) {
            if (TopicFilters.matches(s.filter, message.topic())) {
                matching.add(s);
            }
        }
        if (matching.isEmpty()) {
            unrouted.incrementAndGet();
            acknowledge.run();
            return false;
        }
        Ack ack = new Ack(matching.size(), acknowledge);
        for (Subscription s : matching) {
            s.queue.add(new Pending(message, ack));
        }
        return true;
    }

    List<Subscription> all() {
        return subscriptions;
    }

    long unroutedCount() {
        return unrouted.get();
    }

    long deadLetterCount() {
        return deadLettered.get();
    }

    void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
