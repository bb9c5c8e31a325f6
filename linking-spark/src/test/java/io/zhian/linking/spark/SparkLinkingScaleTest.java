package io.zhian.linking.spark;

import io.zhian.linking.CaseLinkIndex;
import io.zhian.linking.LinkingConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local-mode figures for the README, off by default:
 * {@code ./mvnw -q -pl linking-spark -am verify -Dtest=SparkLinkingScaleTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dlinking.spark.scale=100000}. Writes the generated input as Parquet, runs the job end to end (Parquet in,
 * Parquet out) and checks the result against {@link CaseLinkIndex#build}.
 */
@EnabledIfSystemProperty(named = "linking.spark.scale", matches = "\\d+")
class SparkLinkingScaleTest {

    @Test
    void endToEndAtScale(@TempDir Path dir) {
        int n = Integer.getInteger("linking.spark.scale");
        SparkSession spark = TestSpark.session();
        // ~60 % of cases in gangs (13.5 cases per gang on average), the rest singletons
        CaseGenerator.Data data = CaseGenerator.generate(42L, (int) (n * 0.6 / 13.5), (int) (n * 0.4));
        LinkingConfig config = SparkLinkingJobTest.testConfig();

        long t0 = System.nanoTime();
        CaseLinkIndex engine = CaseLinkIndex.build(config, data.cases());
        double engineSecs = secs(t0);

        Path in = dir.resolve("in.parquet");
        Path out = dir.resolve("out.parquet");
        spark.createDataFrame(data.rows(), SparkLinkingJob.INPUT_SCHEMA).repartition(4).write().parquet(in.toString());

        JobArguments args = JobArguments.parse(new String[]{"--input", in.toString(), "--output", out.toString(),
                "--allow", "PAYMENT_ACCOUNT:" + CaseGenerator.ALLOWED_ACCOUNT, "--deny", "PHONE:+864000000000"});
        assertThat(args.config()).isEqualTo(config);
        t0 = System.nanoTime();
        SparkLinkingResult result = SparkLinkingJob.run(spark, args);
        double sparkSecs = secs(t0);

        Map<String, String[]> got = new HashMap<>();
        for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
            got.put(r.getString(0), new String[]{r.getString(1), r.getString(2)});
        }
        assertThat(got).hasSize(data.cases().size());
        assertThat(SparkLinkingJobTest.groups(got, 0)).isEqualTo(SparkLinkingJobTest.engineSeries(engine));
        assertThat(SparkLinkingJobTest.groups(got, 1))
                .isEqualTo(SparkLinkingJobTest.engineGangs(engine, data.cases()));

        System.out.printf(Locale.ROOT, "SCALE %d cases, %d input rows: spark job %.1f s (local[2], 4 shuffle "
                        + "partitions, parquet in/out), engine build %.2f s; %s%n",
                data.cases().size(), data.rows().size(), sparkSecs, engineSecs, SparkLinkingJob.summary(result));
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
