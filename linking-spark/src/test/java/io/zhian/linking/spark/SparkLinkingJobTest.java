package io.zhian.linking.spark;

import io.zhian.linking.CaseLinkIndex;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.CaseSeries;
import io.zhian.linking.HubPolicy;
import io.zhian.linking.Identifier;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.LinkingConfig;
import io.zhian.linking.QualityReport;
import io.zhian.linking.RawIdentifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spark job must give the same series and gangs as {@link CaseLinkIndex#build} on the same data. */
class SparkLinkingJobTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    static LinkingConfig testConfig() {
        HubPolicy policy = HubPolicy.defaults()
                .withAllowed(List.of(new Identifier(IdentifierType.PAYMENT_ACCOUNT, CaseGenerator.ALLOWED_ACCOUNT)))
                .withDenied(List.of(new Identifier(IdentifierType.PHONE, "+864000000000")));
        return LinkingConfig.defaults().withHubPolicy(policy);
    }

    @Test
    void sameSeriesAndGangsAsTheEngineOnGeneratedData() {
        CaseGenerator.Data data = CaseGenerator.generate(20250301L, 220, 1200);
        LinkingConfig config = testConfig();

        CaseLinkIndex engine = CaseLinkIndex.build(config, data.cases());
        SparkLinkingResult result = new SparkLinkingJob(spark, config).link(input(data.rows()));
        Map<String, String[]> spark = collect(result.assignments());

        assertThat(spark.keySet()).containsExactlyInAnyOrderElementsOf(
                data.cases().stream().map(CaseRecord::key).toList());
        assertThat(result.stats().cases()).isEqualTo(data.cases().size());

        Set<Set<String>> engineSeries = engineSeries(engine);
        Set<Set<String>> engineGangs = engineGangs(engine, data.cases());
        assertThat(groups(spark, 0)).isEqualTo(engineSeries);
        assertThat(groups(spark, 1)).isEqualTo(engineGangs);

        // the data exercise what they should: real series, gangs coarser than series, a capped-but-linking card
        long multiSeries = engineSeries.stream().filter(s -> s.size() > 1).count();
        assertThat(multiSeries).isGreaterThan(150);
        assertThat(engineGangs.size()).isLessThan(engineSeries.size());
        assertThat(engineSeries.stream().mapToInt(Set::size).max().orElse(0)).isLessThan(data.cases().size() / 20);

        // ids are the smallest case key of the component
        for (var e : spark.entrySet()) {
            assertThat(e.getValue()[0].compareTo(e.getKey())).isLessThanOrEqualTo(0);
            assertThat(e.getValue()[1].compareTo(e.getValue()[0])).isLessThanOrEqualTo(0);
        }
        for (Set<String> s : groups(spark, 0)) {
            String min = new TreeSet<>(s).first();
            assertThat(s).allSatisfy(k -> assertThat(spark.get(k)[0]).isEqualTo(min));
        }

        // hubs and rejections as the engine reports them
        QualityReport report = engine.qualityReport();
        Set<String> engineHubs = new HashSet<>();
        for (QualityReport.HubIdentifier h : report.hubs()) {
            engineHubs.add(h.identifier().type() + ":" + h.identifier().value() + ":" + h.caseCount() + ":" + h.cap());
        }
        Set<String> sparkHubs = new HashSet<>();
        for (Row r : result.hubs().collectAsList()) {
            sparkHubs.add(r.getString(0) + ":" + r.getString(1) + ":" + r.getLong(2) + ":" + r.getInt(3));
        }
        assertThat(sparkHubs).isEqualTo(engineHubs)
                .contains("PHONE:+8695588:120:50", "IP:114.114.114.114:40:20", "APP_NAME:极速贷:260:200");

        Map<String, Long> engineRejected = new TreeMap<>();
        report.rejectedByReason().forEach((k, v) -> engineRejected.put(k.name(), v));
        Map<String, Long> sparkRejected = new TreeMap<>(result.rejectedByReason());
        assertThat(sparkRejected.remove(SparkLinkingJob.UNKNOWN_TYPE)).isEqualTo(6L);
        assertThat(sparkRejected).isEqualTo(engineRejected).containsKeys("PLACEHOLDER", "REPEATED_DIGITS", "BLANK");
        result.unpersist();
    }

    @Test
    void hubCapsKeepAHotlineFromMergingEverything() {
        // 300 victims all called the bank hotline; pairs of them also share a real fraud phone
        List<CaseRecord> cases = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            cases.add(CaseRecord.of(String.format("HB%04d", i),
                    RawIdentifier.of(IdentifierType.PHONE, "95588"),
                    CaseGenerator.phone(500_000 + i / 2),
                    CaseGenerator.card(700_000 + i)));
        }
        LinkingConfig capped = LinkingConfig.defaults();
        LinkingConfig uncapped = LinkingConfig.defaults().withHubPolicy(HubPolicy.unlimited());

        Map<String, String[]> withCaps = collect(new SparkLinkingJob(spark, capped).link(input(rows(cases))).assignments());
        Set<Set<String>> series = groups(withCaps, 0);
        assertThat(series).hasSize(150).allSatisfy(s -> assertThat(s).hasSize(2));
        assertThat(series).isEqualTo(engineSeries(CaseLinkIndex.build(capped, cases)));

        SparkLinkingResult merged = new SparkLinkingJob(spark, uncapped).link(input(rows(cases)));
        Map<String, String[]> withoutCaps = collect(merged.assignments());
        assertThat(groups(withoutCaps, 0)).hasSize(1);
        assertThat(groups(withoutCaps, 1)).hasSize(1);
        assertThat(withoutCaps.values()).allSatisfy(v -> assertThat(v[0]).isEqualTo("HB0000"));
        assertThat(groups(withoutCaps, 0)).isEqualTo(engineSeries(CaseLinkIndex.build(uncapped, cases)));
        assertThat(merged.hubs().count()).isZero();
    }

    @Test
    void weakSignalsAddUpExactlyAsInTheEngine() {
        // URL 6 + IP 4 = 10 -> series; IM 9 -> gang only; IP 4 -> nothing; denied phone -> nothing
        List<CaseRecord> cases = List.of(
                CaseRecord.of("A1", CaseGenerator.url(1), CaseGenerator.ip(1)),
                CaseRecord.of("A2", RawIdentifier.of(IdentifierType.URL, "https://www.fake-site1.com/x"),
                        RawIdentifier.of(IdentifierType.IP, "010.000.000.001")),
                CaseRecord.of("B1", CaseGenerator.im(5)),
                CaseRecord.of("B2", RawIdentifier.of(IdentifierType.IM_ACCOUNT, " WX_FAKE5 ")),
                CaseRecord.of("C1", CaseGenerator.ip(9)),
                CaseRecord.of("C2", CaseGenerator.ip(9)),
                CaseRecord.of("D1", RawIdentifier.of(IdentifierType.PHONE, "400-000-0000")),
                CaseRecord.of("D2", RawIdentifier.of(IdentifierType.PHONE, "4000000000")));
        LinkingConfig config = testConfig();
        Map<String, String[]> out = collect(new SparkLinkingJob(spark, config).link(input(rows(cases))).assignments());
        assertThat(out.get("A2")).containsExactly("A1", "A1");
        assertThat(out.get("B2")).containsExactly("B2", "B1");
        assertThat(out.get("C2")).containsExactly("C2", "C2");
        assertThat(out.get("D2")).containsExactly("D2", "D2");
        CaseLinkIndex engine = CaseLinkIndex.build(config, cases);
        assertThat(groups(out, 0)).isEqualTo(engineSeries(engine));
        assertThat(groups(out, 1)).isEqualTo(engineGangs(engine, cases));
    }

    // ------------------------------------------------------------------ helpers

    static Dataset<Row> input(List<Row> rows) {
        return spark.createDataFrame(rows, SparkLinkingJob.INPUT_SCHEMA).repartition(4);
    }

    static List<Row> rows(List<CaseRecord> cases) {
        List<Row> rows = new ArrayList<>();
        for (CaseRecord c : cases) {
            for (RawIdentifier r : c.identifiers()) {
                rows.add(org.apache.spark.sql.RowFactory.create(c.key(), r.type().name(), r.raw()));
            }
        }
        return rows;
    }

    /** case_key -> {series_id, gang_id}. */
    static Map<String, String[]> collect(Dataset<Row> assignments) {
        Map<String, String[]> out = new HashMap<>();
        for (Row r : assignments.collectAsList()) {
            String[] prev = out.put(r.getString(0), new String[]{r.getString(1), r.getString(2)});
            assertThat(prev).as("one row per case: %s", r.getString(0)).isNull();
        }
        return out;
    }

    static Set<Set<String>> groups(Map<String, String[]> assignments, int column) {
        Map<String, Set<String>> by = new HashMap<>();
        assignments.forEach((k, v) -> by.computeIfAbsent(v[column], x -> new HashSet<>()).add(k));
        return new HashSet<>(by.values());
    }

    static Set<Set<String>> engineSeries(CaseLinkIndex index) {
        Set<Set<String>> out = new HashSet<>();
        for (CaseSeries s : index.series(1)) {
            out.add(new HashSet<>(s.caseKeys()));
        }
        return out;
    }

    static Set<Set<String>> engineGangs(CaseLinkIndex index, List<CaseRecord> cases) {
        Set<Set<String>> out = new HashSet<>();
        for (CaseRecord c : cases) {
            out.add(new HashSet<>(index.gangOf(c.key()).caseKeys()));
        }
        return out;
    }
}
