package io.zhian.linking.spark;

import io.zhian.linking.Identifier;
import io.zhian.linking.IdentifierType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobArgumentsAndFilesTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    @Test
    void parsesRuleOptions() {
        JobArguments a = JobArguments.parse(new String[]{"--input", "in", "--output", "out", "--input-format", "CSV",
                "--series-threshold", "12", "--gang-threshold", "8", "--weight", "ip=5", "--cap", "PHONE=80",
                "--allow", "PHONE:+8695588", "--deny", "IP:1.2.3.4", "--checkpoint-every", "4"});
        assertThat(a.inputFormat()).isEqualTo("csv");
        assertThat(a.outputFormat()).isEqualTo("parquet");
        assertThat(a.config().seriesThreshold()).isEqualTo(12);
        assertThat(a.config().gangThreshold()).isEqualTo(8);
        assertThat(a.config().weight(IdentifierType.IP)).isEqualTo(5);
        assertThat(a.config().hubPolicy().cap(IdentifierType.PHONE)).isEqualTo(80);
        assertThat(a.config().hubPolicy().allow()).containsExactly(new Identifier(IdentifierType.PHONE, "+8695588"));
        assertThat(a.config().hubPolicy().deny()).containsExactly(new Identifier(IdentifierType.IP, "1.2.3.4"));
        assertThat(a.checkpointEvery()).isEqualTo(4);

        assertThatThrownBy(() -> JobArguments.parse(new String[]{"--input", "x"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobArguments.parse(new String[]{"--input", "x", "--output", "y", "--cap", "FAX=3"}))
                .hasMessageContaining("FAX");
    }

    @Test
    void csvInCsvOutWithReliableCheckpoints(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("ids.csv");
        Files.writeString(in, String.join("\n",
                "case_key,identifier_type,raw_value",
                "AJ3,PHONE,138-0000-0001",
                "AJ1,phone,+86 138 0000 0001",
                "AJ2,BANK_CARD,6222 0200 0000 0001",
                "AJ4,BANK_CARD,6222020000000001",
                "AJ4,IM_ACCOUNT,无",
                "AJ5,PHONE,95588",
                "AJ6,PHONE,95588",
                ""), StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        Path hubs = dir.resolve("hubs");
        JobArguments a = JobArguments.parse(new String[]{"--input", in.toString(), "--input-format", "csv",
                "--output", out.toString(), "--output-format", "csv", "--hubs-output", hubs.toString(),
                "--cap", "PHONE=1", "--checkpoint-dir", dir.resolve("ckpt").toString(), "--checkpoint-every", "1"});
        SparkLinkingResult result = SparkLinkingJob.run(spark, a);
        assertThat(SparkLinkingJob.summary(result)).contains("6 cases").contains("PLACEHOLDER=1");

        Map<String, String> series = new HashMap<>();
        for (Row r : spark.read().option("header", "true").csv(out.toString()).collectAsList()) {
            series.put(r.getString(0), r.getString(1));
        }
        // cap PHONE=1 makes every shared phone a hub: only the card links
        assertThat(series).containsEntry("AJ1", "AJ1").containsEntry("AJ3", "AJ3")
                .containsEntry("AJ2", "AJ2").containsEntry("AJ4", "AJ2")
                .containsEntry("AJ5", "AJ5").containsEntry("AJ6", "AJ6");
        List<Row> hubRows = spark.read().option("header", "true").csv(hubs.toString()).collectAsList();
        assertThat(hubRows).hasSize(2);
    }
}
