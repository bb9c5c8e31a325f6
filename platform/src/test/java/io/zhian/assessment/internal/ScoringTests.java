package io.zhian.assessment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scoring arithmetic against tables computed by hand. */
class ScoringTests {

    private static Indicator indicator(long id, String name, boolean higher, double weight, Indicator.Rule rule, Double floor,
                                       Double target) {
        return new Indicator(id, "i" + id, name, Indicator.Subject.TOWNSHIP, Indicator.Source.MANUAL, null, higher,
                Indicator.Aggregation.MEAN, weight, rule, floor, target, "%", true, 0, 0);
    }

    private static Scoring.Value v(double value) {
        return new Scoring.Value(value, 100, "manual");
    }

    @Test
    void linearThresholdAndRankRules() {
        // linear, higher is better: floor 80 -> 0, target 100 -> 100
        assertThat(Scoring.linear(95, 80, 100)).isCloseTo(75.0, within(1e-9));
        assertThat(Scoring.linear(70, 80, 100)).isEqualTo(0.0);
        assertThat(Scoring.linear(110, 80, 100)).isEqualTo(100.0);
        // linear, lower is better: floor 30 cases -> 0, target 5 -> 100; 10 cases -> (10-30)/(5-30) = 0.8
        assertThat(Scoring.linear(10, 30, 5)).isCloseTo(80.0, within(1e-9));
        assertThat(Scoring.linear(40, 30, 5)).isEqualTo(0.0);
        // threshold, inclusive
        assertThat(Scoring.threshold(95, 95, true)).isEqualTo(100.0);
        assertThat(Scoring.threshold(94.9, 95, true)).isEqualTo(0.0);
        assertThat(Scoring.threshold(10, 10, false)).isEqualTo(100.0);
        assertThat(Scoring.threshold(11, 10, false)).isEqualTo(0.0);
        // rank among 90, 80, 80, 70 (higher better): places 1, 2, 2, 4 -> 100, 66.67, 66.67, 0
        List<Double> peers = List.of(90.0, 80.0, 80.0, 70.0);
        assertThat(Scoring.rankOf(90, peers, true)).isEqualTo(1);
        assertThat(Scoring.rankOf(80, peers, true)).isEqualTo(2);
        assertThat(Scoring.rankOf(70, peers, true)).isEqualTo(4);
        assertThat(Scoring.rankScore(2, 4)).isCloseTo(66.6667, within(1e-3));
        assertThat(Scoring.rankScore(4, 4)).isEqualTo(0.0);
        assertThat(Scoring.rankScore(1, 1)).isEqualTo(100.0);
        // lower is better reverses the places
        assertThat(Scoring.rankOf(70, peers, false)).isEqualTo(1);
    }

    /**
     * Hand-computed table. A: linear, higher, floor 80, target 100, weight 50. B: threshold, lower, target
     * 10, weight 30. C: rank, higher, weight 20.
     * <pre>
     *      A    B    C   | sub A  sub B  sub C (peers 90, 80, 80) | covered | total
     * S1   95   8    90  | 75     100    100                      | 100     | (3750+3000+2000)/100 = 87.5
     * S2   90   12   80  | 50     0      50                       | 100     | (2500+0+1000)/100    = 35
     * S3   100  -    80  | 100    -      50                       | 70      | (5000+1000)/70       = 85.714
     * S4   -    -    -   | -      -      -                        | 0       | missing, unranked
     * S5   85   10   -   | 25     100    -                        | 80      | (1250+3000)/80       = 53.125
     * </pre>
     */
    @Test
    void weightedTotalsWithMissingDataAgainstAHandComputedTable() {
        Indicator a = indicator(1, "A", true, 50, Indicator.Rule.LINEAR, 80.0, 100.0);
        Indicator b = indicator(2, "B", false, 30, Indicator.Rule.THRESHOLD, null, 10.0);
        Indicator c = indicator(3, "C", true, 20, Indicator.Rule.RANK, null, null);
        List<Scoring.Subject> subjects = List.of(new Scoring.Subject(1, "S1", 1), new Scoring.Subject(2, "S2", 2),
                new Scoring.Subject(3, "S3", 3), new Scoring.Subject(4, "S4", 4), new Scoring.Subject(5, "S5", 5));
        Map<Long, Map<Long, Scoring.Value>> values = Map.of(
                1L, Map.of(1L, v(95), 2L, v(90), 3L, v(100), 5L, v(85)),
                2L, Map.of(1L, v(8), 2L, v(12), 5L, v(10)),
                3L, Map.of(1L, v(90), 2L, v(80), 3L, v(80)));
        List<Scoring.SubjectScore> scores = Scoring.score(List.of(a, b, c), subjects, values);

        assertThat(scores).extracting(Scoring.SubjectScore::name).containsExactly("S1", "S3", "S5", "S2", "S4");
        assertThat(scores).extracting(Scoring.SubjectScore::rank).containsExactly(1, 2, 3, 4, null);
        assertThat(scores.get(0).total()).isCloseTo(87.5, within(1e-9));
        assertThat(scores.get(1).total()).isCloseTo(6000.0 / 70, within(1e-9));
        assertThat(scores.get(2).total()).isCloseTo(53.125, within(1e-9));
        assertThat(scores.get(3).total()).isCloseTo(35.0, within(1e-9));
        assertThat(scores.get(4).total()).isNull();
        assertThat(scores.get(4).missing()).isTrue();

        Scoring.SubjectScore s3 = scores.get(1);
        assertThat(s3.coveredWeight()).isEqualTo(70.0);
        assertThat(s3.totalWeight()).isEqualTo(100.0);
        Scoring.Line missingB = s3.lines().get(1);
        assertThat(missingB.missing()).isTrue();
        assertThat(missingB.subScore()).isNull();
        assertThat(missingB.contribution()).isNull();
        assertThat(s3.lines().get(0).contribution()).isCloseTo(50 * 100.0 / 70, within(1e-9));
        assertThat(s3.lines().get(2).subScore()).isCloseTo(50.0, within(1e-9));
        // contributions add up to the total
        for (Scoring.SubjectScore s : scores) {
            if (s.total() != null) {
                double sum = s.lines().stream().filter(l -> !l.missing()).mapToDouble(Scoring.Line::contribution).sum();
                assertThat(sum).isCloseTo(s.total(), within(1e-9));
            }
        }
    }

    @Test
    void equalTotalsShareAPlaceAndTheNextPlaceIsSkipped() {
        Indicator a = indicator(1, "A", true, 1, Indicator.Rule.LINEAR, 0.0, 100.0);
        List<Scoring.Subject> subjects = List.of(new Scoring.Subject(1, "T1", 1), new Scoring.Subject(2, "T2", 2),
                new Scoring.Subject(3, "T3", 3), new Scoring.Subject(4, "T4", 4), new Scoring.Subject(5, "T5", 5));
        // T5 differs from 80 only below the 0.01 shown, so it ties
        Map<Long, Map<Long, Scoring.Value>> values = Map.of(1L, Map.of(1L, v(80), 2L, v(90), 3L, v(80), 4L, v(70), 5L, v(80.004)));
        List<Scoring.SubjectScore> scores = Scoring.score(List.of(a), subjects, values);
        assertThat(scores).extracting(Scoring.SubjectScore::name).containsExactly("T2", "T1", "T3", "T5", "T4");
        assertThat(scores).extracting(Scoring.SubjectScore::rank).containsExactly(1, 2, 2, 2, 5);
    }

    @Test
    void monthlyFiguresAggregateAsCountsPerMonthOrAsSampleWeightedRates() {
        Indicator rate = indicator(1, "rate", true, 1, Indicator.Rule.RANK, null, null);
        Indicator count = new Indicator(2, "c", "count", Indicator.Subject.TOWNSHIP, Indicator.Source.MANUAL, null, false,
                Indicator.Aggregation.SUM, 1, Indicator.Rule.RANK, null, null, "起", true, 0, 0);
        var m1 = new AssessmentStore.FigureRow(1, 1, 1, null, java.time.LocalDate.of(2026, 7, 1), 90, 100L, "x", null, null, 0);
        var m2 = new AssessmentStore.FigureRow(2, 1, 1, null, java.time.LocalDate.of(2026, 8, 1), 80, 300L, "x", null, null, 0);
        // (90*100 + 80*300) / 400 = 82.5, sample 400
        assertThat(FigureSources.aggregate(rate, List.of(m1, m2)).value()).isCloseTo(82.5, within(1e-9));
        assertThat(FigureSources.aggregate(rate, List.of(m1, m2)).sampleSize()).isEqualTo(400);
        var c1 = new AssessmentStore.FigureRow(3, 2, 1, null, java.time.LocalDate.of(2026, 7, 1), 6, null, "x", null, null, 0);
        var c2 = new AssessmentStore.FigureRow(4, 2, 1, null, java.time.LocalDate.of(2026, 8, 1), 10, null, "x", null, null, 0);
        // two months entered: 16 cases, 8 per month
        assertThat(FigureSources.aggregate(count, List.of(c1, c2)).value()).isCloseTo(8.0, within(1e-9));
    }

    @Test
    void periodsParseAndRefuseNonsense() {
        assertThat(Period.parse("2026-10").months()).isEqualTo(1);
        assertThat(Period.parse("2026-Q3").from()).isEqualTo(java.time.YearMonth.of(2026, 7));
        assertThat(Period.parse("2026-Q3").months()).isEqualTo(3);
        assertThat(Period.parse("2026").months()).isEqualTo(12);
        assertThat(Period.parse("2026-Q1").history(4)).extracting(Period::key).containsExactly("2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Period.parse("2026-13"))
                .isInstanceOf(io.zhian.shared.InvalidInputException.class);
    }
}
