package io.zhian.mediation.internal;

import io.zhian.casework.CaseOutcome;
import io.zhian.casework.CaseSummary;
import io.zhian.casework.Casework;
import io.zhian.mediation.internal.MediationStore.DisputeRow;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Statistics per township and month of registration, computed live from the records:
 * <ul>
 * <li>resolved on the spot (就地化解): resolved without a transfer or an escalation;</li>
 * <li>mediation success rate: disputes with a successful mediation / disputes whose mediation concluded;</li>
 * <li>agreement performance rate: obligations performed in full / obligations assessed;</li>
 * <li>escalations prevented: flagged disputes resolved without escalation;</li>
 * <li>average days to resolve: registration to resolution, resolved disputes only.</li>
 * </ul>
 */
@Component
class MediationStatistics {

    /** One township-month; rates are null when nothing stands behind them. */
    record Row(long townshipId, String townshipName, String month, long cases, long resolved, long onTheSpot, long mediated,
               long mediatedSuccessfully, long obligationsAssessed, long obligationsPerformed, long flagged, long escalationsPrevented,
               double resolveDaysSum) {

        public Double onTheSpotRate() {
            return cases == 0 ? null : round(onTheSpot / (double) cases);
        }

        public Double successRate() {
            return mediated == 0 ? null : round(mediatedSuccessfully / (double) mediated);
        }

        public Double performanceRate() {
            return obligationsAssessed == 0 ? null : round(obligationsPerformed / (double) obligationsAssessed);
        }

        public Double averageDaysToResolve() {
            return resolved == 0 ? null : Math.round(10.0 * resolveDaysSum / resolved) / 10.0;
        }

        Row plus(Row o) {
            return new Row(townshipId, townshipName, month, cases + o.cases, resolved + o.resolved, onTheSpot + o.onTheSpot,
                    mediated + o.mediated, mediatedSuccessfully + o.mediatedSuccessfully, obligationsAssessed + o.obligationsAssessed,
                    obligationsPerformed + o.obligationsPerformed, flagged + o.flagged, escalationsPrevented + o.escalationsPrevented,
                    resolveDaysSum + o.resolveDaysSum);
        }

        private static double round(double v) {
            return Math.round(1000.0 * v) / 1000.0;
        }
    }

    private final MediationStore store;
    private final Casework casework;
    private final Regions regions;

    MediationStatistics(MediationStore store, Casework casework, Regions regions) {
        this.store = store;
        this.casework = casework;
        this.regions = regions;
    }

    /** Rows per township and month within {@code from}..{@code to} (inclusive; null = open), in the scope. */
    List<Row> rows(DataScope scope, YearMonth from, YearMonth to) {
        MediationStore.Filter f = new MediationStore.Filter(null, null, null, null,
                from == null ? null : from.atDay(1).atStartOfDay(Casework.ZONE).toInstant(),
                to == null ? null : to.plusMonths(1).atDay(1).atStartOfDay(Casework.ZONE).toInstant());
        List<DisputeRow> disputes = store.list(scope, f, 0, 10_000);
        List<Long> ids = disputes.stream().map(DisputeRow::id).toList();
        Map<Long, CaseSummary> cases = casework.summaries(disputes.stream().map(DisputeRow::caseId).toList());
        Map<Long, long[]> sessions = store.sessionResults(ids);
        Map<Long, long[]> performance = store.performance(ids);
        Map<String, Row> acc = new TreeMap<>();
        for (DisputeRow d : disputes) {
            Row one = one(d, cases.get(d.caseId()), sessions.get(d.id()), performance.get(d.id()));
            acc.merge(one.month() + "/" + d.townshipId(), one, Row::plus);
        }
        HashSet<Long> townships = new HashSet<>();
        acc.values().forEach(r -> townships.add(r.townshipId()));
        Map<Long, String> names = regions.names(townships);
        return acc.values().stream().map(r -> new Row(r.townshipId(), names.get(r.townshipId()), r.month(), r.cases(), r.resolved(),
                r.onTheSpot(), r.mediated(), r.mediatedSuccessfully(), r.obligationsAssessed(), r.obligationsPerformed(), r.flagged(),
                r.escalationsPrevented(), r.resolveDaysSum())).toList();
    }

    /** One dispute's contribution to its township-month (sessions and performance as from the store; null = none). */
    private static Row one(DisputeRow d, CaseSummary c, long[] sessions, long[] performance) {
        boolean resolved = c.outcome() == CaseOutcome.RESOLVED;
        boolean flagged = !d.flags().isEmpty();
        long[] s = sessions == null ? new long[2] : sessions;
        long[] p = performance == null ? new long[2] : performance;
        String month = YearMonth.from(d.createdAt().atZone(Casework.ZONE)).toString();
        return new Row(d.townshipId(), null, month, 1, resolved ? 1 : 0, resolved && !c.handedOn() && !c.escalated() ? 1 : 0,
                s[0] > 0 ? 1 : 0, s[1] > 0 ? 1 : 0, p[0], p[1], flagged ? 1 : 0, flagged && resolved && !c.escalated() ? 1 : 0,
                resolved && c.finishedAt() != null ? (c.finishedAt().toEpochMilli() - c.createdAt().toEpochMilli()) / 86_400_000.0 : 0);
    }

    /**
     * A region's figures over its whole subtree for a month range: {@code registered} sums the disputes registered in the
     * months (as {@link #rows} does); {@code resolvedInPeriod} counts disputes whose case was resolved (outcome RESOLVED) in
     * the months, by the resolution date, whenever they were registered. Null {@code registered} when none was registered.
     */
    record RegionTotals(Row registered, long resolvedInPeriod) {}

    /**
     * {@link RegionTotals} for each asked region that has a dispute registered or resolved in the months, with a fixed
     * number of statements however many regions are asked: the disputes of all their subtrees at once, then their cases,
     * sessions and obligations, each dispute added to every asked region above it.
     */
    Map<Long, RegionTotals> byRegion(java.util.Collection<Long> regionIds, YearMonth from, YearMonth to) {
        java.time.Instant start = from.atDay(1).atStartOfDay(Casework.ZONE).toInstant();
        java.time.Instant end = to.plusMonths(1).atDay(1).atStartOfDay(Casework.ZONE).toInstant();
        List<MediationStore.PlacedDispute> placed = store.placedBefore(regionIds, end);
        Map<Long, RegionTotals> out = new java.util.HashMap<>();
        if (placed.isEmpty()) {
            return out;
        }
        List<Long> registeredIds = placed.stream().map(MediationStore.PlacedDispute::dispute)
                .filter(d -> !d.createdAt().isBefore(start)).map(DisputeRow::id).toList();
        Map<Long, CaseSummary> cases = casework.summaries(placed.stream().map(p -> p.dispute().caseId()).toList());
        Map<Long, long[]> sessions = store.sessionResults(registeredIds);
        Map<Long, long[]> performance = store.performance(registeredIds);
        Map<Long, Row> registered = new java.util.HashMap<>();
        Map<Long, Long> resolved = new java.util.HashMap<>();
        for (MediationStore.PlacedDispute p : placed) {
            DisputeRow d = p.dispute();
            CaseSummary c = cases.get(d.caseId());
            if (c == null) {
                continue;
            }
            boolean registeredInPeriod = !d.createdAt().isBefore(start);
            boolean resolvedInPeriod = c.outcome() == CaseOutcome.RESOLVED && c.finishedAt() != null
                    && !c.finishedAt().isBefore(start) && c.finishedAt().isBefore(end);
            Row one = registeredInPeriod ? one(d, c, sessions.get(d.id()), performance.get(d.id())) : null;
            for (Long regionId : regionIds) {
                if (!p.ancestry().contains(regionId)) {
                    continue;
                }
                if (one != null) {
                    registered.merge(regionId, one, Row::plus);
                }
                if (resolvedInPeriod) {
                    resolved.merge(regionId, 1L, Long::sum);
                }
            }
        }
        for (Long regionId : regionIds) {
            Row r = registered.get(regionId);
            long n = resolved.getOrDefault(regionId, 0L);
            if (r != null || n > 0) {
                out.put(regionId, new RegionTotals(r == null ? null : total(List.of(r), regionId, null), n));
            }
        }
        return out;
    }

    /** All rows of a township (or every township) summed: the figure behind a month range. */
    static Row total(List<Row> rows, long townshipId, String label) {
        Row t = new Row(townshipId, label, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        for (Row r : rows) {
            t = t.plus(r);
        }
        return t;
    }
}
