package io.zhian.linking;

import java.util.List;
import java.util.Map;

/**
 * The engine's persistent state as plain data (no engine types inside besides records), so the
 * platform can store it in PostgreSQL and restore it: cases themselves are re-supplied by the caller.
 *
 * @param nextSeriesId  the series id counter: the next id that will be handed out
 * @param seriesByCase  previous assignment case key -> series id
 * @param decisions     analyst decisions, in the order they were made
 * @param nextEventSequence next history sequence number
 */
public record LinkingState(long nextSeriesId, Map<String, Long> seriesByCase, List<AnalystDecision> decisions,
                           long nextEventSequence) {
    public LinkingState {
        if (nextSeriesId < 1) {
            throw new IllegalArgumentException("nextSeriesId must be >= 1");
        }
        seriesByCase = Map.copyOf(seriesByCase);
        decisions = List.copyOf(decisions);
    }

    public static LinkingState empty() {
        return new LinkingState(1, Map.of(), List.of(), 1);
    }
}
