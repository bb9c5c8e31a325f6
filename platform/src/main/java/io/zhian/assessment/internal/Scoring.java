package io.zhian.assessment.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of scores and rankings, free of storage so it can be checked against hand-computed
 * tables. A missing value stays missing: it gets no sub-score, and the total is the weighted mean of the
 * indicators that do have a value (the covered weight is reported beside it). A subject with no value at
 * all has no total and no rank.
 */
public final class Scoring {

    private Scoring() {}

    /** One subject being scored: a township (id = region id) or a unit (id = unit id). */
    public record Subject(long id, String name, long regionId) {}

    /** A value for one subject and indicator, where it came from, and the records behind it. */
    public record Value(double value, long sampleSize, String origin) {}

    /** One row of a score's breakdown. Value, sub-score and contribution are null when the value is missing. */
    public record Line(long indicatorId, String indicatorName, String rule, Double floor, Double target, String unitLabel,
                       Double value, Long sampleSize, String origin, Double subScore, double weight, Double contribution) {
        public boolean missing() {
            return value == null;
        }
    }

    /** A subject's total (null when nothing is known), its rank among the subjects with a total, and the breakdown. */
    public record SubjectScore(long subjectId, String name, long regionId, Double total, Integer rank, double coveredWeight,
                        double totalWeight, List<Line> lines) {
        public boolean missing() {
            return total == null;
        }
    }

    static double linear(double value, double floor, double target) {
        double s = (value - floor) / (target - floor);
        return 100.0 * Math.max(0.0, Math.min(1.0, s));
    }

    static double threshold(double value, double target, boolean higherIsBetter) {
        boolean pass = higherIsBetter ? value >= target - 1e-9 : value <= target + 1e-9;
        return pass ? 100.0 : 0.0;
    }

    /** Competition ranking (1, 1, 3): a position is 1 + the number of peers strictly better. */
    static int rankOf(double value, List<Double> peers, boolean higherIsBetter) {
        int better = 0;
        for (double p : peers) {
            if (higherIsBetter ? p > value + 1e-9 : p < value - 1e-9) {
                better++;
            }
        }
        return better + 1;
    }

    static double rankScore(int rank, int peers) {
        return peers <= 1 ? 100.0 : 100.0 * (peers - rank) / (peers - 1);
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /**
     * Scores every subject on every indicator and ranks them. {@code values} maps indicator id to the
     * values per subject id; subjects absent from an indicator's map are missing for it.
     */
    static List<SubjectScore> score(List<Indicator> indicators, List<Subject> subjects, Map<Long, Map<Long, Value>> values) {
        double totalWeight = indicators.stream().mapToDouble(Indicator::weight).sum();
        Map<Long, List<Line>> lines = new HashMap<>();
        subjects.forEach(s -> lines.put(s.id(), new ArrayList<>()));
        for (Indicator ind : indicators) {
            Map<Long, Value> byId = values.getOrDefault(ind.id(), Map.of());
            List<Double> peers = subjects.stream().map(s -> byId.get(s.id())).filter(v -> v != null).map(Value::value).toList();
            for (Subject s : subjects) {
                Value v = byId.get(s.id());
                Double sub = null;
                if (v != null) {
                    sub = switch (ind.rule()) {
                        case LINEAR -> linear(v.value(), ind.floor(), ind.target());
                        case THRESHOLD -> threshold(v.value(), ind.target(), ind.higherIsBetter());
                        case RANK -> rankScore(rankOf(v.value(), peers, ind.higherIsBetter()), peers.size());
                    };
                }
                // a sample size of 0 means "not meaningful" (FigureValue) and is shown as none
                lines.get(s.id()).add(new Line(ind.id(), ind.name(), ind.rule().name(), ind.floor(), ind.target(), ind.unitLabel(),
                        v == null ? null : v.value(), v == null || v.sampleSize() <= 0 ? null : v.sampleSize(), v == null ? null : v.origin(),
                        sub, ind.weight(), null));
            }
        }
        List<SubjectScore> scores = new ArrayList<>();
        for (Subject s : subjects) {
            List<Line> own = lines.get(s.id());
            double covered = own.stream().filter(l -> !l.missing()).mapToDouble(Line::weight).sum();
            List<Line> withContribution = own.stream().map(l -> l.missing() || covered <= 0 ? l
                    : new Line(l.indicatorId(), l.indicatorName(), l.rule(), l.floor(), l.target(), l.unitLabel(), l.value(),
                    l.sampleSize(), l.origin(),
                    l.subScore(), l.weight(), l.weight() * l.subScore() / covered)).toList();
            Double total = covered <= 0 ? null
                    : withContribution.stream().filter(l -> !l.missing()).mapToDouble(Line::contribution).sum();
            scores.add(new SubjectScore(s.id(), s.name(), s.regionId(), total, null, covered, totalWeight, withContribution));
        }
        return rank(scores);
    }

    /**
     * Orders by total, best first, and numbers the places: equal totals (to the 0.01 shown) share a place
     * and the next place is skipped (1, 2, 2, 4). Subjects without a total come last, unranked.
     */
    static List<SubjectScore> rank(List<SubjectScore> scores) {
        List<SubjectScore> sorted = new ArrayList<>(scores);
        sorted.sort(Comparator.comparing((SubjectScore s) -> s.total() == null)
                .thenComparing(s -> s.total() == null ? 0.0 : -round2(s.total()))
                .thenComparing(SubjectScore::name));
        List<SubjectScore> ranked = new ArrayList<>();
        Double previous = null;
        int place = 0;
        for (int i = 0; i < sorted.size(); i++) {
            SubjectScore s = sorted.get(i);
            Integer rank = null;
            if (s.total() != null) {
                double t = round2(s.total());
                if (previous == null || t != previous) {
                    place = i + 1;
                    previous = t;
                }
                rank = place;
            }
            ranked.add(new SubjectScore(s.subjectId(), s.name(), s.regionId(), s.total(), rank, s.coveredWeight(),
                    s.totalWeight(), s.lines()));
        }
        return ranked;
    }
}
