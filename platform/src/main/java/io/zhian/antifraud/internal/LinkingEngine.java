package io.zhian.antifraud.internal;

import io.zhian.linking.AnalystDecision;
import io.zhian.linking.CaseLinkIndex;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.Gang;
import io.zhian.linking.LinkEvidence;
import io.zhian.linking.LinkingConfig;
import io.zhian.linking.LinkingState;
import io.zhian.linking.QualityReport;
import io.zhian.linking.SeriesEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The in-memory case-linking index, rebuilt from PostgreSQL on first use. Every change to it writes the
 * changed series/gang assignments and merge/split events in the caller's transaction; if that
 * transaction rolls back, the index is thrown away and rebuilt from the database on next use, so
 * memory never keeps what the database lost. The index is not thread-safe: one lock guards it.
 */
@Component
public class LinkingEngine {

    private static final Logger log = LoggerFactory.getLogger(LinkingEngine.class);

    private final FraudCaseStore store;
    private final LinkingConfig config = LinkingConfig.defaults();
    private final ReentrantLock lock = new ReentrantLock();
    private CaseLinkIndex index;
    private final Map<String, long[]> persisted = new HashMap<>();
    private long persistedEventSequence;

    LinkingEngine(FraudCaseStore store) {
        this.store = store;
    }

    /**
     * Loads the index if needed. Call before inserting a case in the same transaction: a load reads the
     * database, and must not see the case that is about to be added.
     */
    public void ensureLoaded() {
        locked(idx -> null);
    }

    /** Builds the index while the server starts, so the first analyst does not wait for it. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void preload() {
        ensureLoaded();
    }

    /** Adds a recorded case; returns its series id. */
    public long add(CaseRecord record) {
        return locked(idx -> {
            idx.add(record);
            persistGangs(List.of(record.key()));
            return idx.seriesIdOf(record.key());
        });
    }

    void decide(AnalystDecision decision) {
        locked(idx -> {
            Set<String> before = new HashSet<>(idx.gangOf(decision.caseA()).caseKeys());
            before.addAll(idx.gangOf(decision.caseB()).caseKeys());
            if (decision.kind() == AnalystDecision.Kind.MUST_LINK) {
                idx.mustLink(decision.caseA(), decision.caseB(), decision.note());
            } else {
                idx.cannotLink(decision.caseA(), decision.caseB(), decision.note());
            }
            before.add(decision.caseA());
            persistGangs(before);
            return null;
        });
    }

    <T> T read(Function<CaseLinkIndex, T> query) {
        return locked(query);
    }

    LinkEvidence evidence(String a, String b) {
        return locked(idx -> idx.evidence(a, b));
    }

    QualityReport quality() {
        return locked(CaseLinkIndex::qualityReport);
    }

    private <T> T locked(Function<CaseLinkIndex, T> work) {
        lock.lock();
        try {
            if (index == null) {
                load();
            }
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        if (status != STATUS_COMMITTED) {
                            discard();
                        }
                    }
                });
            }
            return work.apply(index);
        } catch (RuntimeException e) {
            index = null; // the index may be half-changed: rebuild from the database next time
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** Keys the index knows that are not yet persisted (the ones just added). */
    private List<String> persistedCandidates(Collection<String> known) {
        Set<String> knownSet = new HashSet<>(known);
        List<String> extra = new java.util.ArrayList<>();
        for (var series : index.series(1)) {
            for (String k : series.caseKeys()) {
                if (!knownSet.contains(k)) {
                    extra.add(k);
                }
            }
        }
        return extra;
    }

    private void discard() {
        lock.lock();
        try {
            index = null;
            persisted.clear();
        } finally {
            lock.unlock();
        }
    }

    private void load() {
        long started = System.nanoTime();
        List<CaseRecord> cases = store.engineCases();
        Map<String, long[]> memberships = store.memberships();
        Map<String, Long> seriesByCase = new HashMap<>();
        memberships.forEach((k, v) -> seriesByCase.put(k, v[0]));
        long nextEvent = store.nextEventSequence();
        LinkingState state = new LinkingState(store.maxSeriesId() + 1, seriesByCase, store.engineDecisions(), nextEvent);
        index = CaseLinkIndex.restore(config, state, cases);
        persisted.clear();
        persisted.putAll(memberships);
        persistedEventSequence = nextEvent - 1;
        // a restore may renumber or regroup (e.g. a decision recorded but not applied): write what differs
        persistGangs(cases.stream().map(CaseRecord::key).toList());
        log.info("Case-linking index loaded: {} cases in {} ms", cases.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Writes series and gang ids of every case in the gangs of the given cases, where they changed. A
     * merge or split recorded meanwhile (e.g. an identifier crossing its hub cap, which cuts apart
     * cases far from the one just added) makes it check every case.
     */
    private void persistGangs(Collection<String> keys) {
        List<SeriesEvent> newEvents = index.historySince(persistedEventSequence);
        boolean regrouped = !newEvents.isEmpty();
        if (regrouped) {
            keys = new java.util.ArrayList<>(persisted.keySet());
            keys.addAll(persistedCandidates(keys));
        }
        Map<String, long[]> changed = new HashMap<>();
        Set<String> done = new HashSet<>();
        for (String key : keys) {
            if (done.contains(key) || !index.contains(key)) {
                continue;
            }
            Gang gang = index.gangOf(key);
            long gangId = gang.seriesIds().stream().mapToLong(Long::longValue).min().orElse(index.seriesIdOf(key));
            for (String member : gang.caseKeys()) {
                done.add(member);
                long[] now = {index.seriesIdOf(member), gangId};
                long[] was = persisted.get(member);
                if (was == null || was[0] != now[0] || was[1] != now[1]) {
                    changed.put(member, now);
                }
            }
        }
        if (!changed.isEmpty()) {
            Map<String, Long> ids = store.caseIdsByNo(changed.keySet());
            Map<Long, long[]> byId = new HashMap<>();
            changed.forEach((k, v) -> {
                Long id = ids.get(k);
                if (id != null) {
                    byId.put(id, v);
                }
            });
            store.saveMemberships(byId);
            persisted.putAll(changed);
        }
        for (SeriesEvent e : newEvents) {
            store.saveEvent(e.sequence(), e.kind().name(), e.seriesId(), e.otherIds(), e.partSizes(), e.cause());
            persistedEventSequence = e.sequence();
        }
    }
}
