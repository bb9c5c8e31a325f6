package io.zhian.linking.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectedComponentsTest {

    private static final StructType EDGES = new StructType()
            .add("src", DataTypes.LongType, false)
            .add("dst", DataTypes.LongType, false);

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    @Test
    void randomForestOfPathsStarsAndCyclesMatchesUnionFind() {
        Random rnd = new Random(7);
        List<long[]> edges = new ArrayList<>();
        int n = 3000;
        // shuffled labels so that component minima sit anywhere in the structure
        long[] label = new long[n];
        for (int i = 0; i < n; i++) {
            label[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = label[i];
            label[i] = label[j];
            label[j] = t;
        }
        for (int i = 0; i < 1200; i++) { // sparse random edges
            int a = rnd.nextInt(n);
            int b = rnd.nextInt(n);
            edges.add(new long[]{label[a], label[b]});
        }
        for (int i = 0; i < 400; i++) { // a long path: the worst case for label propagation
            edges.add(new long[]{label[i], label[i + 1]});
        }
        edges.add(new long[]{label[5], label[5]}); // self-loop
        edges.add(new long[]{label[1], label[0]}); // duplicate, reversed

        ConnectedComponents.Result result = new ConnectedComponents(2, 100).run(edgeFrame(edges));
        Map<Long, Long> got = new HashMap<>();
        for (Row r : result.labels().collectAsList()) {
            assertThat(got.put(r.getLong(0), r.getLong(1))).isNull();
        }
        Map<Long, Long> expected = unionFind(edges);
        assertThat(got).isEqualTo(expected);
        assertThat(result.rounds()).isBetween(2, 30);
    }

    @Test
    void failsLoudlyWhenRoundsRunOut() {
        List<long[]> path = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            path.add(new long[]{i, i + 1});
        }
        assertThatThrownBy(() -> new ConnectedComponents(1, 1).run(edgeFrame(path)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not converge");
    }

    private static Dataset<Row> edgeFrame(List<long[]> edges) {
        List<Row> rows = new ArrayList<>();
        for (long[] e : edges) {
            rows.add(RowFactory.create(e[0], e[1]));
        }
        return spark.createDataFrame(rows, EDGES).repartition(4);
    }

    /** node -> smallest node of its component, for nodes with a non-self-loop edge. */
    private static Map<Long, Long> unionFind(List<long[]> edges) {
        Map<Long, Long> parent = new HashMap<>();
        for (long[] e : edges) {
            if (e[0] == e[1]) {
                continue;
            }
            long a = find(parent, e[0]);
            long b = find(parent, e[1]);
            if (a != b) {
                parent.put(Math.max(a, b), Math.min(a, b));
            }
        }
        Map<Long, Long> out = new HashMap<>();
        for (Long x : parent.keySet()) {
            long r = find(parent, x);
            if (r != x) {
                out.put(x, r);
            }
        }
        return out;
    }

    private static long find(Map<Long, Long> parent, long x) {
        parent.putIfAbsent(x, x);
        long r = x;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        return r;
    }
}
