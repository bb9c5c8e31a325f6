package io.zhian.linking.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;

/**
 * Output of {@link SparkLinkingJob#link}. The datasets are lazy views over intermediate results the job has
 * persisted; call {@link #unpersist()} when done with them in a long-lived session.
 */
public final class SparkLinkingResult {

    /**
     * @param cases        distinct case keys
     * @param gangEdges    case pairs whose link weight is &gt;= the gang threshold
     * @param seriesEdges  case pairs whose link weight is &gt;= the series threshold
     * @param seriesRounds large-star/small-star rounds for the series components
     * @param gangRounds   rounds for the gang components
     */
    public record Stats(long cases, long gangEdges, long seriesEdges, int seriesRounds, int gangRounds) {
    }

    private final Dataset<Row> assignments;
    private final Dataset<Row> hubs;
    private final Map<String, Long> rejectedByReason;
    private final Stats stats;
    private final List<Dataset<Row>> persisted;

    SparkLinkingResult(Dataset<Row> assignments, Dataset<Row> hubs, Map<String, Long> rejectedByReason, Stats stats,
                       List<Dataset<Row>> persisted) {
        this.assignments = assignments;
        this.hubs = hubs;
        this.rejectedByReason = Map.copyOf(rejectedByReason);
        this.stats = stats;
        this.persisted = List.copyOf(persisted);
    }

    /**
     * One row per case: {@code case_key, series_id, gang_id}. An id is the smallest case key of the component in
     * Java {@code String} order; a singleton's id is its own key.
     */
    public Dataset<Row> assignments() {
        return assignments;
    }

    /** Suppressed hub identifiers: {@code identifier_type, value, cases, cap} (deny-listed ones are not hubs). */
    public Dataset<Row> hubs() {
        return hubs;
    }

    /**
     * Rejected raw rows by {@link io.zhian.linking.RejectionReason} name, plus {@code UNKNOWN_TYPE}
     * (identifier_type is not an {@code IdentifierType}) and {@code BLANK_CASE_KEY} (row without a case key; not
     * a case).
     */
    public Map<String, Long> rejectedByReason() {
        return rejectedByReason;
    }

    public Stats stats() {
        return stats;
    }

    /** Frees the cached intermediate data; the datasets above are recomputed from the input if used again. */
    public void unpersist() {
        for (Dataset<Row> d : persisted) {
            d.unpersist();
        }
    }
}
