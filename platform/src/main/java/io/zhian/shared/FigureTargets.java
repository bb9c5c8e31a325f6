package io.zhian.shared;

import java.util.OptionalDouble;

/**
 * The targets set for platform figures (e.g. by the assessment scheme: 安全感率 ≥ 95 %), so that screens and
 * reports can compare a figure with its target without reaching into the module that sets them.
 */
public interface FigureTargets {

    /** The target for figure {@code figureCode} in the region for the year, or empty when none is set. */
    OptionalDouble target(String figureCode, long regionId, int year);
}
