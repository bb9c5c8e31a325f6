package io.zhian.linking.spark;

import io.zhian.linking.HubPolicy;
import io.zhian.linking.Identifier;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.LinkingConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line arguments of {@link SparkLinkingJob#main}. Linking rules start from
 * {@link LinkingConfig#defaults()} and are changed with the options below.
 */
record JobArguments(String input, String inputFormat, String output, String outputFormat, String hubsOutput,
                    String master, String checkpointDir, int checkpointEvery, LinkingConfig config) {

    static final String USAGE = """
            usage: SparkLinkingJob --input PATH --output PATH [options]
              --input PATH              case identifiers: columns case_key, identifier_type, raw_value
              --input-format F          parquet (default) or csv (header row, UTF-8)
              --output PATH             result: case_key, series_id, gang_id (overwritten)
              --output-format F         parquet (default) or csv
              --hubs-output PATH        also write suppressed hubs: identifier_type, value, cases, cap
              --series-threshold N      default 10
              --gang-threshold N        default 6
              --weight TYPE=N           per-type link weight (repeatable), e.g. --weight IP=3
              --cap TYPE=N              per-type hub cap (repeatable), e.g. --cap PHONE=80
              --no-hub-caps             no caps at all (every identifier links; for comparison only)
              --allow TYPE:VALUE        never a hub (normalised value; repeatable)
              --deny TYPE:VALUE         never links (normalised value; repeatable)
              --checkpoint-dir DIR      reliable checkpoints (HDFS/S3 path on a cluster); default: local checkpoints
              --checkpoint-every N      checkpoint every N connected-component rounds (default 3)
              --master URL              only for running without spark-submit, e.g. local[2]
            """;

    static JobArguments parse(String[] args) {
        String input = null;
        String inputFormat = "parquet";
        String output = null;
        String outputFormat = "parquet";
        String hubsOutput = null;
        String master = null;
        String checkpointDir = null;
        int checkpointEvery = 3;
        LinkingConfig config = LinkingConfig.defaults();
        Integer series = null;
        Integer gang = null;
        HubPolicy policy = config.hubPolicy();
        List<Identifier> allow = new ArrayList<>();
        List<Identifier> deny = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (opt.equals("--no-hub-caps")) {
                policy = HubPolicy.unlimited();
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + opt);
            }
            String v = args[++i];
            switch (opt) {
                case "--input" -> input = v;
                case "--input-format" -> inputFormat = format(v);
                case "--output" -> output = v;
                case "--output-format" -> outputFormat = format(v);
                case "--hubs-output" -> hubsOutput = v;
                case "--master" -> master = v;
                case "--checkpoint-dir" -> checkpointDir = v;
                case "--checkpoint-every" -> checkpointEvery = positive(opt, v);
                case "--series-threshold" -> series = positive(opt, v);
                case "--gang-threshold" -> gang = positive(opt, v);
                case "--weight" -> {
                    String[] kv = split(v, '=', opt);
                    config = config.withWeight(type(kv[0]), nonNegative(opt, kv[1]));
                }
                case "--cap" -> {
                    String[] kv = split(v, '=', opt);
                    policy = policy.withCap(type(kv[0]), positive(opt, kv[1]));
                }
                case "--allow" -> allow.add(identifier(v, opt));
                case "--deny" -> deny.add(identifier(v, opt));
                default -> throw new IllegalArgumentException("unknown option " + opt);
            }
        }
        if (input == null || output == null) {
            throw new IllegalArgumentException("--input and --output are required");
        }
        policy = policy.withAllowed(allow).withDenied(deny);
        config = config.withThresholds(series == null ? config.seriesThreshold() : series,
                gang == null ? config.gangThreshold() : gang).withHubPolicy(policy);
        return new JobArguments(input, inputFormat, output, outputFormat, hubsOutput, master, checkpointDir,
                checkpointEvery, config);
    }

    private static String format(String v) {
        String f = v.toLowerCase(Locale.ROOT);
        if (!f.equals("parquet") && !f.equals("csv")) {
            throw new IllegalArgumentException("format must be parquet or csv, was " + v);
        }
        return f;
    }

    private static IdentifierType type(String s) {
        IdentifierType t = SparkLinkingJob.parseType(s);
        if (t == null) {
            throw new IllegalArgumentException("unknown identifier type " + s);
        }
        return t;
    }

    private static Identifier identifier(String v, String opt) {
        String[] kv = split(v, ':', opt);
        return new Identifier(type(kv[0]), kv[1]);
    }

    private static String[] split(String v, char sep, String opt) {
        int i = v.indexOf(sep);
        if (i <= 0 || i == v.length() - 1) {
            throw new IllegalArgumentException(opt + " expects TYPE" + sep + "VALUE, was " + v);
        }
        return new String[]{v.substring(0, i), v.substring(i + 1)};
    }

    private static int positive(String opt, String v) {
        int n = nonNegative(opt, v);
        if (n < 1) {
            throw new IllegalArgumentException(opt + " must be >= 1");
        }
        return n;
    }

    private static int nonNegative(String opt, String v) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0) {
                throw new IllegalArgumentException(opt + " must be >= 0");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " expects a number, was " + v);
        }
    }
}
