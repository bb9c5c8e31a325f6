package io.zhian.surveyindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.zhian.surveyindex.IndexCalculator.Dimension;
import io.zhian.surveyindex.IndexCalculator.Figure;
import io.zhian.surveyindex.IndexCalculator.IndexSpec;
import io.zhian.surveyindex.IndexCalculator.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The formulas against tables computed by hand. */
class IndexCalculatorTests {

    static final boolean[] TOP3 = {true, true, true, false, false};
    static final double[] W = {100, 80, 60, 30, 0};

    @Test
    void securityRateCountsTheConfiguredLevelsWithAWilsonInterval() {
        // 40 很安全, 30 安全, 20 基本安全, 6 不安全, 4 很不安全: (40+30+20)/100 = 90%
        Figure f = IndexCalculator.evaluate(new IndexSpec("r", Kind.RATE, new int[] {0}, TOP3, W), new long[] {40, 30, 20, 6, 4});
        assertThat(f.n()).isEqualTo(100);
        assertThat(f.value()).isEqualTo(90.0);
        assertThat(f.low()).isCloseTo(82.56, within(0.01));
        assertThat(f.high()).isCloseTo(94.48, within(0.01));
        // configuration, not code: only 很安全 + 安全 count → 70%, Wilson [60.41, 78.10]
        Figure strict = IndexCalculator.evaluate(new IndexSpec("r", Kind.RATE, new int[] {0},
                new boolean[] {true, true, false, false, false}, W), new long[] {40, 30, 20, 6, 4});
        assertThat(strict.value()).isEqualTo(70.0);
        assertThat(strict.low()).isCloseTo(60.41, within(0.01));
        assertThat(strict.high()).isCloseTo(78.10, within(0.01));
    }

    @Test
    void weightedScoreUsesTheConfiguredWeights() {
        long[] counts = {40, 30, 20, 6, 4};
        assertThat(IndexCalculator.evaluate(new IndexSpec("s", Kind.SCORE, new int[] {0}, TOP3, W), counts).value())
                .isCloseTo(77.8, within(1e-9)); // (4000 + 2400 + 1200 + 180 + 0) / 100
        Figure other = IndexCalculator.evaluate(new IndexSpec("s", Kind.SCORE, new int[] {0}, TOP3,
                new double[] {100, 90, 70, 40, 0}), counts);
        assertThat(other.value()).isCloseTo(83.4, within(1e-9));
        assertThat(other.low()).isLessThan(83.4);
        assertThat(other.high()).isGreaterThan(83.4);
    }

    @Test
    void groupsByVillageTownshipMonthAndCityAndPoolsQuestions() {
        // index 0 reads question 0; index 1 pools questions 1 and 2 (overall satisfaction)
        IndexCalculator calc = new IndexCalculator(List.of(
                new IndexSpec("security", Kind.RATE, new int[] {0}, TOP3, W),
                new IndexSpec("overall", Kind.RATE, new int[] {1, 2}, TOP3, W)), 3, 2, 1, 2);
        calc.addResponse(0, 0, 0, new byte[] {1, 1, 5});
        calc.addResponse(0, 0, 1, new byte[] {4, 0, 2});
        calc.addResponse(1, 0, 1, new byte[] {3, 3, 4});
        assertThat(calc.figure(Dimension.VILLAGE, 0, 0).value()).isEqualTo(50.0);
        assertThat(calc.figure(Dimension.VILLAGE, 1, 0).value()).isEqualTo(100.0);
        assertThat(calc.figure(Dimension.MONTH, 1, 0).n()).isEqualTo(2);
        Figure overall = calc.figure(Dimension.CITY, 0, 1);
        assertThat(overall.n()).isEqualTo(5); // the 0 (不了解) is not a valid answer
        assertThat(overall.value()).isEqualTo(60.0); // 1,2,3 count; 5,4 do not
        assertThat(calc.figure(Dimension.TOWNSHIP, 0, 0).value()).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(calc.levelCounts(Dimension.CITY, 0, 0)).containsExactly(1, 0, 1, 1, 0);
        assertThat(calc.figure(Dimension.VILLAGE, 1, 1).value()).isEqualTo(50.0);
    }

    @Test
    void noValidAnswersIsNoFigure() {
        Figure f = IndexCalculator.evaluate(new IndexSpec("r", Kind.RATE, new int[] {0}, TOP3, W), new long[5]);
        assertThat(f.isEmpty()).isTrue();
        assertThat(f.value()).isNaN();
    }
}
