package io.zhian.assessment.internal;

/**
 * An assessment indicator as configured: where its value comes from, which way is better, how it is
 * turned into a sub-score of 0..100, and its weight in the total.
 */
public record Indicator(long id, String code, String name, Subject subject, Source source, String figureCode,
                 boolean higherIsBetter, Aggregation aggregation, double weight, Rule rule, Double floor, Double target,
                 String unitLabel, boolean active, int sortOrder, int version) {

    /** What is scored: a township (乡镇/街道) or an organisation unit. */
    public enum Subject { TOWNSHIP, UNIT }

    /** A platform figure from a FigureProvider, or a figure entered by hand. */
    public enum Source { FIGURE, MANUAL }

    /** SUM: a count, scored per month (total / months); MEAN: a rate, averaged (weighted by sample size). */
    public enum Aggregation { SUM, MEAN }

    /**
     * LINEAR: 0 at the floor, 100 at the target, straight line between (clamped); THRESHOLD: 100 when the
     * target is reached, else 0; RANK: by position among the peers that have a value, 100 for the best,
     * 0 for the worst, ties share the better position.
     */
    public enum Rule { LINEAR, THRESHOLD, RANK }
}
