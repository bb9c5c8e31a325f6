package io.zhian.antifraud.internal;

import io.zhian.shared.FigureProvider;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The anti-fraud figures for assessment and the dashboard. A case belongs to the month in which it occurred (city
 * time; the register, its month filter and the statistics page count the same way) and to its region; each asked
 * region adds up its whole subtree, all asked regions in one statement.
 * <ul>
 * <li>{@code antifraud.cases}: fraud cases that occurred in the months;</li>
 * <li>{@code antifraud.loss-yuan}: their reported losses, in yuan;</li>
 * <li>{@code antifraud.series-linked}: case series that became series in the months — a series (the linking engine's
 * current assignment) counts once, in the month and region of its linking case, its second case by time of
 * occurrence. Membership carries no timestamp of its own, so the case timeline is what dates a link.</li>
 * </ul>
 */
@Component
class AntifraudFigures implements FigureProvider {

    static final String CASES = "antifraud.cases";
    static final String LOSS = "antifraud.loss-yuan";
    static final String SERIES_LINKED = "antifraud.series-linked";
    private static final List<String> CODES = List.of(CASES, LOSS, SERIES_LINKED);

    private final FraudCaseStore store;

    AntifraudFigures(FraudCaseStore store) {
        this.store = store;
    }

    @Override
    public List<FigureDefinition> figures() {
        return List.of(new FigureDefinition(CASES, "电诈发案数", "起", false),
                new FigureDefinition(LOSS, "电诈损失金额", "元", false),
                new FigureDefinition(SERIES_LINKED, "新串并案件系列数", "个", true));
    }

    @Override
    public Map<Long, FigureValue> values(String code, YearMonth from, YearMonth to, Collection<Long> regionIds) {
        requireCode(code);
        Instant start = from.atDay(1).atStartOfDay(FraudImport.ZONE).toInstant();
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(FraudImport.ZONE).toInstant();
        Map<Long, FigureValue> out = new LinkedHashMap<>();
        if (code.equals(SERIES_LINKED)) {
            Map<Long, Long> linked = store.seriesLinkedBySubtree(regionIds, start, end);
            for (Long regionId : regionIds) {
                Long n = linked.get(regionId);
                if (n != null) {
                    out.put(regionId, new FigureValue(n, n));
                }
            }
            return out;
        }
        Map<Long, long[]> cases = store.casesAndLossBySubtree(regionIds, start, end);
        for (Long regionId : regionIds) {
            long[] c = cases.get(regionId);
            if (c != null) {
                out.put(regionId, code.equals(CASES) ? new FigureValue(c[0], c[0]) : new FigureValue(c[1] / 100.0, c[0]));
            }
        }
        return out;
    }

    /** The case register narrowed to the region's subtree and the months; for the series figure, the linking cases. */
    @Override
    public Optional<String> recordsLink(String code, long regionId, YearMonth from, YearMonth to) {
        requireCode(code);
        return Optional.of("/antifraud?region=" + regionId + "&from=" + from + "&to=" + to
                + (code.equals(SERIES_LINKED) ? "&series=linked" : ""));
    }

    private static void requireCode(String code) {
        if (!CODES.contains(code)) {
            throw new IllegalArgumentException("not an anti-fraud figure: " + code);
        }
    }
}
