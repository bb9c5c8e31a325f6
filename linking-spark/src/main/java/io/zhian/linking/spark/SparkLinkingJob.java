package io.zhian.linking.spark;

import io.zhian.linking.HubPolicy;
import io.zhian.linking.Identifier;
import io.zhian.linking.IdentifierNormalizer;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.LinkingConfig;
import io.zhian.linking.NormalizedIdentifier;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * The {@code zhian-linking} series/gang rules as a distributed Spark job.
 *
 * <p>Input: one row per raw identifier, columns {@code case_key, identifier_type, raw_value} (strings; the type is
 * an {@link IdentifierType} name, case-insensitive). Output: one row per case, {@code case_key, series_id, gang_id},
 * where an id is the smallest case key (Java {@code String} order) of the component. Same rules as
 * {@link io.zhian.linking.CaseLinkIndex#build}:
 * <ol>
 *   <li>normalise every raw value with {@link IdentifierNormalizer} (in a map); rejected values are dropped and
 *       counted by reason; a case's identifier counts once however often and however spelt it appears;</li>
 *   <li>hub policy: count distinct cases per identifier; an identifier on more cases than its type's cap is a hub
 *       unless allow-listed; hubs, deny-listed identifiers and zero-weight types never link;</li>
 *   <li>link weight of two cases = sum of the type weights of the linking identifiers they share: pairs are
 *       generated per identifier (at most cap·(cap−1)/2 each, which is what keeps this from going quadratic)
 *       and summed per case pair;</li>
 *   <li>series = connected components of links with weight ≥ series threshold, gangs = ≥ gang threshold, with
 *       {@link ConnectedComponents} (large-star/small-star).</li>
 * </ol>
 * Analyst decisions (must-link / cannot-link) and stable numeric series ids are not part of the Spark job.
 */
public final class SparkLinkingJob {

    private static final Logger log = LoggerFactory.getLogger(SparkLinkingJob.class);

    public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";
    public static final String BLANK_CASE_KEY = "BLANK_CASE_KEY";

    /** Schema of the input table. */
    public static final StructType INPUT_SCHEMA = new StructType()
            .add("case_key", DataTypes.StringType, true)
            .add("identifier_type", DataTypes.StringType, true)
            .add("raw_value", DataTypes.StringType, true);

    static final StructType NORMALISED = new StructType()
            .add("case_key", DataTypes.StringType, true)
            .add("identifier_type", DataTypes.StringType, true)
            .add("value", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true);

    private static final StructType CASE_IDS = new StructType()
            .add("case_key", DataTypes.StringType, false)
            .add("cid", DataTypes.LongType, false);

    private static final StructType TYPE_RULES = new StructType()
            .add("identifier_type", DataTypes.StringType, false)
            .add("weight", DataTypes.IntegerType, false)
            .add("cap", DataTypes.IntegerType, false);

    private static final StructType POLICY_LISTS = new StructType()
            .add("identifier_type", DataTypes.StringType, false)
            .add("value", DataTypes.StringType, false)
            .add("allowed", DataTypes.BooleanType, false)
            .add("denied", DataTypes.BooleanType, false);

    private static final StructType PAIRS = new StructType()
            .add("a", DataTypes.LongType, false)
            .add("b", DataTypes.LongType, false)
            .add("w", DataTypes.IntegerType, false);

    /**
     * Tuning knobs that do not change results.
     *
     * @param checkpointEvery checkpoint the connected-components edge set every this many rounds
     * @param maxRounds       give up (exception) after this many large-star/small-star rounds
     */
    public record Options(int checkpointEvery, int maxRounds) {
        public static Options defaults() {
            return new Options(3, 100);
        }
    }

    private final SparkSession spark;
    private final LinkingConfig config;
    private final Options options;

    public SparkLinkingJob(SparkSession spark, LinkingConfig config) {
        this(spark, config, Options.defaults());
    }

    public SparkLinkingJob(SparkSession spark, LinkingConfig config, Options options) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Links the cases of {@code input} (columns {@code case_key, identifier_type, raw_value}; other columns are
     * ignored). Runs the Spark jobs up to the connected components eagerly; the returned assignments are lazy.
     */
    public SparkLinkingResult link(Dataset<Row> input) {
        long t0 = System.nanoTime();
        // 1. normalise (map side, no shuffle)
        Dataset<Row> norm = input
                .select(col("case_key").cast("string"), col("identifier_type").cast("string"),
                        col("raw_value").cast("string"))
                .mapPartitions(new Normalise(), Encoders.row(NORMALISED))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Map<String, Long> rejected = new HashMap<>();
        for (Row r : norm.where(col("reason").isNotNull()).groupBy("reason").count().collectAsList()) {
            rejected.put(r.getString(0), r.getLong(1));
        }

        log.info("normalised: rejected {} ({} ms)", rejected, ms(t0));
        // 2. dense case ids in case-key order, so the smallest id of a component is its smallest key
        int partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
        JavaRDD<String> keys = norm.where(col("case_key").isNotNull()).select("case_key").distinct()
                .as(Encoders.STRING()).javaRDD()
                .sortBy(k -> k, true, partitions);
        JavaPairRDD<String, Long> indexed = keys.zipWithIndex();
        Dataset<Row> caseIds = spark.createDataFrame(indexed.map(t -> RowFactory.create(t._1(), t._2())), CASE_IDS)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long cases = caseIds.count();
        log.info("{} cases ({} ms)", cases, ms(t0));

        // 3. distinct (case, identifier) postings and the hub policy
        Dataset<Row> postings = norm.where(col("value").isNotNull())
                .select("case_key", "identifier_type", "value").distinct()
                .join(caseIds, "case_key")
                .select("cid", "identifier_type", "value");
        Dataset<Row> perIdentifier = postings.groupBy("identifier_type", "value").agg(count(lit(1)).as("cases"))
                .join(broadcast(typeRules()), "identifier_type")
                .join(broadcast(policyLists()), new String[]{"identifier_type", "value"}, "left")
                .select(col("identifier_type"), col("value"), col("cases"), col("weight"), col("cap"),
                        coalesce(col("allowed"), lit(false)).as("allowed"),
                        coalesce(col("denied"), lit(false)).as("denied"))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> hubs = perIdentifier
                .where(col("denied").equalTo(false).and(col("allowed").equalTo(false))
                        .and(col("cases").gt(col("cap"))))
                .select("identifier_type", "value", "cases", "cap");
        Dataset<Row> linking = perIdentifier
                .where(col("denied").equalTo(false).and(col("weight").gt(0)).and(col("cases").geq(2))
                        .and(col("cases").leq(col("cap")).or(col("allowed"))))
                .select("identifier_type", "value", "weight");

        // 4. weighted case-case links: pairs per linking identifier (bounded by its cap), summed per pair
        Dataset<Row> pairs = postings.join(linking, new String[]{"identifier_type", "value"})
                .groupBy("identifier_type", "value", "weight").agg(collect_list(col("cid")).as("cids"))
                .select("cids", "weight")
                .flatMap(new Pairs(), Encoders.row(PAIRS));
        Dataset<Row> links = pairs.groupBy("a", "b").agg(sum(col("w")).as("weight"))
                .where(col("weight").geq(config.gangThreshold()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long gangEdges = links.count();
        log.info("{} gang-strength links ({} ms)", gangEdges, ms(t0));
        Dataset<Row> seriesLinks = links.where(col("weight").geq(config.seriesThreshold()));

        // 5. components (series, gangs)
        ConnectedComponents cc = new ConnectedComponents(options.checkpointEvery(), options.maxRounds());
        ConnectedComponents.Result series = cc.run(seriesLinks.select(col("a").as("src"), col("b").as("dst")));
        long seriesEdges = seriesLinks.count();
        log.info("series components in {} rounds ({} ms)", series.rounds(), ms(t0));
        ConnectedComponents.Result gangs = cc.run(links.select(col("a").as("src"), col("b").as("dst")));

        // 6. back to case keys
        Dataset<Row> labelled = caseIds
                .join(series.labels().withColumnRenamed("component", "s"), col("cid").equalTo(col("node")), "left")
                .select(col("case_key"), col("cid"), coalesce(col("s"), col("cid")).as("s"))
                .join(gangs.labels().withColumnRenamed("component", "g"), col("cid").equalTo(col("node")), "left")
                .select(col("case_key"), col("s"), coalesce(col("g"), col("cid")).as("g"));
        Dataset<Row> seriesKeys = caseIds.select(col("cid").as("s_cid"), col("case_key").as("series_id"));
        Dataset<Row> gangKeys = caseIds.select(col("cid").as("g_cid"), col("case_key").as("gang_id"));
        Dataset<Row> assignments = labelled
                .join(seriesKeys, col("s").equalTo(col("s_cid")))
                .join(gangKeys, col("g").equalTo(col("g_cid")))
                .select("case_key", "series_id", "gang_id");

        SparkLinkingResult.Stats stats = new SparkLinkingResult.Stats(cases, gangEdges, seriesEdges,
                series.rounds(), gangs.rounds());
        log.info("linked {} cases: {} gang links, {} series links, rounds series={} gangs={}, rejected={}",
                cases, gangEdges, seriesEdges, series.rounds(), gangs.rounds(), rejected);
        return new SparkLinkingResult(assignments, hubs, rejected, stats,
                java.util.stream.Stream.of(norm, caseIds, perIdentifier, links, series.cached(), gangs.cached())
                        .filter(Objects::nonNull).toList());
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private Dataset<Row> typeRules() {
        List<Row> rows = new ArrayList<>();
        HubPolicy policy = config.hubPolicy();
        for (IdentifierType t : IdentifierType.values()) {
            rows.add(RowFactory.create(t.name(), config.weight(t), policy.cap(t)));
        }
        return spark.createDataFrame(rows, TYPE_RULES);
    }

    private Dataset<Row> policyLists() {
        HubPolicy policy = config.hubPolicy();
        Set<Identifier> all = new HashSet<>(policy.allow());
        all.addAll(policy.deny());
        List<Row> rows = new ArrayList<>();
        for (Identifier id : all) {
            rows.add(RowFactory.create(id.type().name(), id.value(), policy.allow().contains(id),
                    policy.deny().contains(id)));
        }
        return spark.createDataFrame(rows, POLICY_LISTS);
    }

    /** Normalises rows (case_key, identifier_type, raw_value) to (case_key, identifier_type, value, reason). */
    static final class Normalise implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return in.hasNext();
                }

                @Override
                public Row next() {
                    return normalise(in.next());
                }
            };
        }

        static Row normalise(Row r) {
            String key = r.getString(0);
            String typeName = r.getString(1);
            String raw = r.getString(2);
            if (key == null || key.isBlank()) {
                return RowFactory.create(null, typeName, null, BLANK_CASE_KEY);
            }
            IdentifierType type = parseType(typeName);
            if (type == null) {
                return RowFactory.create(key, typeName, null, UNKNOWN_TYPE);
            }
            NormalizedIdentifier n = IdentifierNormalizer.normalize(type, raw);
            return n.isAccepted()
                    ? RowFactory.create(key, type.name(), n.value(), null)
                    : RowFactory.create(key, type.name(), null, n.reason().name());
        }
    }

    static IdentifierType parseType(String s) {
        if (s == null) {
            return null;
        }
        try {
            return IdentifierType.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** All case pairs (a &lt; b) sharing one identifier, with that identifier's weight. */
    static final class Pairs implements FlatMapFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Row r) {
            List<Long> list = r.getList(0);
            int w = r.getInt(1);
            long[] ids = new long[list.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = list.get(i);
            }
            java.util.Arrays.sort(ids);
            return new Iterator<>() {
                int i = 0;
                int j = 1;

                @Override
                public boolean hasNext() {
                    return j < ids.length;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    Row out = RowFactory.create(ids[i], ids[j], w);
                    if (++j == ids.length) {
                        i++;
                        j = i + 1;
                    }
                    return out;
                }
            };
        }
    }

    // ------------------------------------------------------------------ command line

    /**
     * {@code spark-submit --class io.zhian.linking.spark.SparkLinkingJob zhian-linking-spark-…-job.jar
     * --input PATH --output PATH [options]}; see {@link JobArguments} and the module README.
     */
    public static void main(String[] args) {
        JobArguments a;
        try {
            a = JobArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(JobArguments.USAGE);
            System.exit(2);
            return;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("zhian-linking");
        if (a.master() != null) {
            builder.master(a.master());
        }
        SparkSession spark = builder.getOrCreate();
        try {
            SparkLinkingResult result = run(spark, a);
            System.out.println(summary(result));
        } finally {
            spark.stop();
        }
    }

    /** Runs the job described by {@code a} on an existing session (reads input, links, writes output). */
    static SparkLinkingResult run(SparkSession spark, JobArguments a) {
        if (a.checkpointDir() != null) {
            spark.sparkContext().setCheckpointDir(a.checkpointDir());
        }
        Dataset<Row> input = read(spark, a.input(), a.inputFormat());
        SparkLinkingResult result = new SparkLinkingJob(spark, a.config(),
                new Options(a.checkpointEvery(), 100)).link(input);
        write(result.assignments(), a.output(), a.outputFormat());
        if (a.hubsOutput() != null) {
            write(result.hubs(), a.hubsOutput(), a.outputFormat());
        }
        return result;
    }

    static String summary(SparkLinkingResult r) {
        return String.format(Locale.ROOT, "zhian-linking: %d cases, %d gang links, %d series links, "
                        + "rounds series=%d gangs=%d, rejected=%s",
                r.stats().cases(), r.stats().gangEdges(), r.stats().seriesEdges(),
                r.stats().seriesRounds(), r.stats().gangRounds(), new java.util.TreeMap<>(r.rejectedByReason()));
    }

    /** Reads the input table: Parquet, or CSV with a header row (UTF-8). */
    public static Dataset<Row> read(SparkSession spark, String path, String format) {
        return switch (format) {
            case "parquet" -> spark.read().parquet(path);
            case "csv" -> spark.read().option("header", "true").option("encoding", "UTF-8")
                    .schema(INPUT_SCHEMA).csv(path);
            default -> throw new IllegalArgumentException("unknown format " + format);
        };
    }

    static void write(Dataset<Row> ds, String path, String format) {
        switch (format) {
            case "parquet" -> ds.write().mode("overwrite").parquet(path);
            case "csv" -> ds.write().mode("overwrite").option("header", "true").csv(path);
            default -> throw new IllegalArgumentException("unknown format " + format);
        }
    }
}
