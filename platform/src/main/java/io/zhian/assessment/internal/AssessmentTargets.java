package io.zhian.assessment.internal;

import io.zhian.shared.FigureTargets;
import java.util.Comparator;
import java.util.OptionalDouble;
import org.springframework.stereotype.Component;

/**
 * The targets of platform figures as the assessment scheme sets them: an active indicator scored from the
 * figure, with a target. The scheme is not kept per year — the indicators as configured now apply to every
 * year and region — and when several active indicators score the same figure the latest one (highest id)
 * wins. Count indicators (SUM) are scored per township per month, so their target says nothing about a city
 * or a year and none is offered for them; rates (MEAN) carry over to any region and period.
 */
@Component
class AssessmentTargets implements FigureTargets {

    private final AssessmentStore store;

    AssessmentTargets(AssessmentStore store) {
        this.store = store;
    }

    @Override
    public OptionalDouble target(String figureCode, long regionId, int year) {
        if (figureCode == null) {
            return OptionalDouble.empty();
        }
        return store.indicators(true).stream()
                .filter(i -> i.source() == Indicator.Source.FIGURE && figureCode.equals(i.figureCode()))
                .filter(i -> i.aggregation() == Indicator.Aggregation.MEAN && i.target() != null)
                .max(Comparator.comparingLong(Indicator::id))
                .map(i -> OptionalDouble.of(i.target()))
                .orElse(OptionalDouble.empty());
    }
}
