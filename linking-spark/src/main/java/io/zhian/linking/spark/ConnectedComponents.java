package io.zhian.linking.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

/**
 * Connected components of an undirected graph with the alternating large-star / small-star algorithm
 * (Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii: "Connected Components in MapReduce and Beyond",
 * SoCC 2014), written with DataFrame operations only.
 *
 * <p>Nodes are {@code long}s; the component label of a node is the smallest node in its component.
 * The edge set is kept oriented child → parent ({@code u > v}). Each round:
 * <ul>
 *   <li><b>large-star</b>: for every node n with neighbourhood N(n) (both directions), m(n) = min(N(n) ∪ {n});
 *       every neighbour larger than n is re-attached to m(n);</li>
 *   <li><b>small-star</b>: for every node u with smaller neighbours P(u), m = min(P(u)); u and every
 *       p ∈ P(u), p ≠ m, are attached to m.</li>
 * </ul>
 * Both steps keep the connectivity and never increase the number of edges. The loop stops when the edge set
 * is a forest of stars (every child has exactly one parent and no parent is a child): then each star is one
 * component and its centre, being smaller than all its children, is the component's minimum. Each step is a
 * single window shuffle ({@code min(...) over (partition by node)}) plus a {@code distinct}; O(log² n) rounds.
 *
 * <p>Every round is persisted and materialised; every {@code checkpointEvery} rounds the result is checkpointed
 * (reliably when the SparkContext has a checkpoint directory, otherwise locally) so the query plan and the RDD
 * lineage stay short.
 */
public final class ConnectedComponents {

    private static final Logger log = LoggerFactory.getLogger(ConnectedComponents.class);

    /**
     * Result: {@code labels} has columns (node, component) for every node that has at least one edge;
     * {@code cached} is the persisted dataset behind it (null after a checkpoint round) to unpersist when done.
     */
    public record Result(Dataset<Row> labels, int rounds, Dataset<Row> cached) {
    }

    private final int checkpointEvery;
    private final int maxRounds;

    public ConnectedComponents(int checkpointEvery, int maxRounds) {
        if (checkpointEvery < 1 || maxRounds < 1) {
            throw new IllegalArgumentException("checkpointEvery and maxRounds must be >= 1");
        }
        this.checkpointEvery = checkpointEvery;
        this.maxRounds = maxRounds;
    }

    /**
     * @param edges undirected edges, columns {@code src} and {@code dst} (long); self-loops and duplicates allowed
     * @return labels (node, component) for every node with an edge, persisted; nodes without edges are singletons
     */
    public Result run(Dataset<Row> edges) {
        Dataset<Row> first = edges
                .select(greatest(col("src"), col("dst")).as("u"), least(col("src"), col("dst")).as("v"))
                .where(col("u").notEqual(col("v")))
                .distinct();
        Materialised e = materialise(first, null, false);
        int round = 0;
        while (true) {
            round++;
            if (round > maxRounds) {
                e.release();
                throw new IllegalStateException("connected components did not converge in " + maxRounds + " rounds");
            }
            long t0 = System.nanoTime();
            e = materialise(smallStar(largeStar(e.df())), e, round % checkpointEvery == 0);
            long t1 = System.nanoTime();
            boolean done = isStarForest(e.df());
            log.debug("round {}: step {} ms, star check {} ms", round, (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
            if (done) {
                break;
            }
        }
        log.info("connected components converged after {} rounds", round);
        return new Result(e.df().select(col("u").as("node"), col("v").as("component")), round, e.cached());
    }

    /** Large-star: every neighbour larger than n is attached to the minimum of n's closed neighbourhood. */
    static Dataset<Row> largeStar(Dataset<Row> e) {
        Dataset<Row> both = e.select(col("u").as("n"), col("v").as("m"))
                .union(e.select(col("v").as("n"), col("u").as("m")));
        WindowSpec byNode = Window.partitionBy("n");
        return both
                .withColumn("mn", least(min(col("m")).over(byNode), col("n")))
                .where(col("m").gt(col("n")))
                .select(col("m").as("u"), col("mn").as("v"))
                .distinct();
    }

    /** Small-star: u and all its smaller neighbours are attached to the smallest of them. */
    static Dataset<Row> smallStar(Dataset<Row> e) {
        WindowSpec byChild = Window.partitionBy("u");
        Dataset<Row> withMin = e.withColumn("mn", min(col("v")).over(byChild));
        return withMin.select(col("u"), col("mn").as("v"))
                .union(withMin.where(col("v").notEqual(col("mn"))).select(col("v").as("u"), col("mn").as("v")))
                .distinct();
    }

    /**
     * True when every child has exactly one parent and no parent is itself a child (one aggregation, one job):
     * per node, how often it is a child and whether it is a parent.
     */
    static boolean isStarForest(Dataset<Row> e) {
        Dataset<Row> roles = e.select(col("u").as("node"), lit(1).as("child"), lit(0).as("parent"))
                .union(e.select(col("v").as("node"), lit(0).as("child"), lit(1).as("parent")));
        return roles.groupBy("node").agg(sum(col("child")).as("c"), max(col("parent")).as("p"))
                .where(col("c").gt(1).or(col("c").equalTo(1).and(col("p").equalTo(1))))
                .isEmpty();
    }

    /**
     * A computed round: {@code df} has a short logical plan (a scan of already computed rows), so that analysis
     * and optimisation do not grow with the number of rounds; {@code cached} is what to unpersist later.
     */
    private record Materialised(Dataset<Row> df, Dataset<Row> cached) {
        void release() {
            if (cached != null) {
                cached.unpersist();
            }
        }
    }

    /**
     * Computes {@code next} and cuts its plan. Normally: persist, count, and re-wrap the cached rows as a new
     * DataFrame (the RDD lineage is kept, so a lost block is recomputed). On checkpoint rounds: a reliable
     * checkpoint when the SparkContext has a checkpoint directory (cuts the RDD lineage too), otherwise a local
     * checkpoint. The previous round is unpersisted once the new one is computed.
     */
    private static Materialised materialise(Dataset<Row> next, Materialised previous, boolean checkpoint) {
        Materialised out;
        if (checkpoint) {
            boolean reliable = next.sparkSession().sparkContext().getCheckpointDir().isDefined();
            out = new Materialised(reliable ? next.checkpoint(true) : next.localCheckpoint(true), null);
        } else {
            Dataset<Row> cached = next.persist(StorageLevel.MEMORY_AND_DISK());
            cached.count();
            out = new Materialised(next.sparkSession().createDataFrame(cached.javaRDD(), cached.schema()), cached);
        }
        if (previous != null) {
            previous.release();
        }
        return out;
    }
}
