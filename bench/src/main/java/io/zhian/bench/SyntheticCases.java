package io.zhian.bench;

import io.zhian.linking.CaseAttributes;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.RawIdentifier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deterministic, gang-first synthetic fraud cases with ground truth. Same (seed, total) ⇒ same cases; every
 * case depends only on (seed, total, case number), so generation runs in parallel. All values are fictional.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><b>Gangs first.</b> {@value #GANG_SHARE_PCT} % of the cases belong to gangs. Gang sizes are heavy-tailed
 *       (2 … {@value #MAX_GANG}, P(size ≥ s) ≈ (2/s)^1.1: most gangs are small, a few have hundreds of cases).
 *       Each gang owns identifier <em>pools</em> whose sizes grow with the gang (phones ≈ size/5, cards ≈ size/6,
 *       payment accounts ≈ size/10, IM accounts ≈ size/8, devices ≈ size/12, domains ≈ size/25, server IPs
 *       ≈ size/20), because a gang that runs hundreds of scams rotates numbers and cards (numbers and cards are
 *       blocked / frozen after a few dozen reports). Within a pool, use is skewed (index = ⌊pool·u^1.5⌋): the gang's
 *       "main" card appears far more often than its spares; in the biggest gangs a main identifier can still
 *       cross its hub cap and stop linking.</li>
 *   <li><b>Each gang case draws from its gang's pools with noise</b>: a contact channel (a pool phone with 85 %, a
 *       second one with 30 %, an IM account with 55 %), a money destination (a pool card 72 % or payment account
 *       25 %, i.e. missing in 3 % of cases — it is nearly always reported because the stop-payment request needs
 *       it; a second card 25 %), technical traces that are often missing (device 30 %, domain 35 %, server IP
 *       20 %), plus identifiers of its own (a one-off number 50 %, card 35 %, QQ 20 %, a random CGNAT IP 40 %).
 *       {@value #NO_POOL_PERMILLE} ‰ of gang cases carry no pool identifier at all (nothing usable reported):
 *       they are unlinkable by construction and count against recall.</li>
 *   <li><b>Mule cards</b>: {@value #MULE_GANG_PERMILLE} ‰ of gangs also use a rented "跑分" mule card from a shared
 *       mule market, each mule card rented by two gangs. These honestly merge two true gangs (precision loss).</li>
 *   <li><b>Singletons</b> (the rest): own phones, cards, IM, payment account, device; sometimes a domain from a
 *       300k-domain public pool, an app from a 20k-app pool, a random CGNAT IP — weak shared signals only.</li>
 *   <li><b>Formatting variants</b> of the same identifier: {@code 13800001111}, {@code 138-0000-1111},
 *       {@code +86 138 0000 1111}, {@code 0086…}, {@code 86…}, {@code (+86)…}, full-width digits; cards with spaces
 *       or dashes; URLs with scheme / {@code www.} / {@code m.} / path / upper case; IM accounts in mixed case with
 *       blanks; IMEIs with dashes. Without normalisation most gang links are lost.</li>
 *   <li><b>Hubs</b>, injected deliberately: bank and service hotlines (95588 in 3 % of cases, 95599, 95533,
 *       400/12345/96110 …), five payment aggregators (0.2–0.6 % each, thousands of cases), money-laundering
 *       platform accounts (one per 3,000 cases, ~60 cases each, above the cap of 30), a carrier NAT IP, a popular app. They must be
 *       suppressed or everything merges.</li>
 *   <li><b>Placeholder junk</b> ("无", "000000", "不详", "null", "-", "11111111111" …) in ~4 % of cases.</li>
 * </ul>
 * Ground truth: {@link #gangOf(int)} is the gang of case i, or -1 for a singleton (its own gang). Hub rates are
 * proportional to the number of cases while caps are absolute, so below ~15k cases the rarer injected hubs
 * stay under their caps and link (use ≥ 20k cases). About 5 identifier occurrences per case.
 */
public final class SyntheticCases {
    static final int GANG_SHARE_PCT = 40;
    static final int MAX_GANG = 400;
    static final int NO_POOL_PERMILLE = 3;
    static final int MULE_GANG_PERMILLE = 5;

    private static final String[] HOTLINES = {"95588", "95599", "95533", "95555", "400-820-8888", "12345", "96110", "95566"};
    private static final double[] HOTLINE_RATE = {0.03, 0.015, 0.01, 0.008, 0.006, 0.006, 0.005, 0.01};
    private static final String[] AGGREGATORS = {"aggregator-pay-001", "aggregator-pay-002", "JuHe_Pay_88", "tong-fu-pay", "quick-pay-9"};
    private static final double[] AGGREGATOR_RATE = {0.006, 0.004, 0.003, 0.002, 0.002};
    private static final String[] JUNK = {"无", "000000", "不详", "null", "-", "未知", "11111111111", "unknown", "空", "n/a"};
    private static final String[] FRAUD_TYPES = {"刷单返利", "虚假投资理财", "冒充客服", "冒充公检法", "虚假贷款", "网络游戏交易"};
    private static final String[] REGIONS = {"330100", "330200", "440300", "510100", "320500", "110105"};
    private static final String[] TLDS = {".com", ".cn", ".top", ".com.cn", ".vip", ".net"};

    private final long seed;
    private final int total;
    private final int[] gangOfCase;   // -1 = singleton
    private final int[] gangSize;
    private final int[] muleOfGang;   // -1 = no mule card
    private final int gangCount;
    private final int mlpAccounts;

    /**
     * @param seed  random seed
     * @param total number of cases (case numbers 0 … total-1)
     */
    public SyntheticCases(long seed, int total) {
        this.seed = seed;
        this.total = total;
        SplittableRandom r = new SplittableRandom(seed);
        int gangMembers = (int) ((long) total * GANG_SHARE_PCT / 100);
        int[] assign = new int[total];
        Arrays.fill(assign, -1);
        int[] sizes = new int[Math.max(16, gangMembers / 2 + 1)];
        int g = 0;
        int filled = 0;
        while (filled < gangMembers) {
            double u = 1 - r.nextDouble();
            int size = (int) Math.min(MAX_GANG, Math.floor(2 * Math.pow(u, -1 / 1.1)));
            size = Math.min(size, gangMembers - filled);
            if (size < 2 && g > 0) { // fold the remainder into the previous gang
                for (int i = 0; i < size; i++) {
                    assign[filled++] = g - 1;
                }
                sizes[g - 1] += size;
                break;
            }
            for (int i = 0; i < size; i++) {
                assign[filled++] = g;
            }
            sizes[g] = size;
            g++;
        }
        for (int i = total - 1; i > 0; i--) { // Fisher–Yates: gang members are spread over time among singletons
            int j = r.nextInt(i + 1);
            int t = assign[i];
            assign[i] = assign[j];
            assign[j] = t;
        }
        this.mlpAccounts = Math.max(1, total / 3000);
        this.gangOfCase = assign;
        this.gangCount = g;
        this.gangSize = Arrays.copyOf(sizes, g);
        // mule cards: a few gangs rent the same mule card in pairs
        this.muleOfGang = new int[g];
        Arrays.fill(muleOfGang, -1);
        int mules = 0;
        int pending = -1;
        for (int k = 0; k < g; k++) {
            if (r.nextInt(1000) < MULE_GANG_PERMILLE) {
                if (pending < 0) {
                    pending = k;
                } else {
                    muleOfGang[pending] = mules;
                    muleOfGang[k] = mules;
                    mules++;
                    pending = -1;
                }
            }
        }
    }

    public int gangCount() {
        return gangCount;
    }

    public int total() {
        return total;
    }

    /** Ground truth: gang of case {@code i}, -1 if the case is a singleton (a gang of its own). */
    public int gangOf(int i) {
        return gangOfCase[i];
    }

    public static String key(int i) {
        return "AJ" + (10_000_000 + i);
    }

    /** Case number {@code i} (0 ≤ i &lt; total). Pure function of (seed, total, i). */
    public CaseRecord next(int i) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        List<RawIdentifier> ids = new ArrayList<>(8);
        int g = gangOfCase[i];
        if (g >= 0) {
            gangCase(g, i, r, ids);
        } else {
            singleton(i, r, ids);
        }
        for (int h = 0; h < HOTLINES.length; h++) {
            if (r.nextDouble() < HOTLINE_RATE[h]) {
                ids.add(RawIdentifier.of(IdentifierType.PHONE, phoneVariant(HOTLINES[h], r)));
            }
        }
        for (int h = 0; h < AGGREGATORS.length; h++) {
            if (r.nextDouble() < AGGREGATOR_RATE[h]) {
                ids.add(RawIdentifier.of(IdentifierType.PAYMENT_ACCOUNT, caseVariant(AGGREGATORS[h], r)));
            }
        }
        if (r.nextDouble() < 0.02) { // money-laundering platform accounts: one per 3,000 cases, ~60 cases each
            ids.add(RawIdentifier.of(IdentifierType.PAYMENT_ACCOUNT, "mlp-" + (7000 + r.nextInt(mlpAccounts))));
        }
        if (r.nextDouble() < 0.004) {
            ids.add(RawIdentifier.of(IdentifierType.IP, "10.0.0.1"));
        }
        if (r.nextDouble() < 0.02) {
            ids.add(RawIdentifier.of(IdentifierType.APP_NAME, "安全课堂"));
        }
        if (r.nextDouble() < 0.04) {
            ids.add(RawIdentifier.of(IdentifierType.values()[r.nextInt(4)], JUNK[r.nextInt(JUNK.length)]));
        }
        CaseAttributes attrs = new CaseAttributes(FRAUD_TYPES[r.nextInt(FRAUD_TYPES.length)],
                Instant.ofEpochSecond(1_700_000_000L + i * 30L), 100L * (1 + r.nextInt(500_000)),
                REGIONS[r.nextInt(REGIONS.length)]);
        return new CaseRecord(key(i), attrs, ids);
    }

    private void gangCase(int g, int i, SplittableRandom r, List<RawIdentifier> ids) {
        int s = gangSize[g];
        int phones = 1 + s / 5;
        int cards = 1 + s / 6;
        int pays = 1 + s / 10;
        int ims = 1 + s / 8;
        int devices = 1 + s / 12;
        int domains = 1 + s / 25;
        int ips = 1 + s / 20;
        boolean noPool = r.nextInt(1000) < NO_POOL_PERMILLE;
        if (!noPool) {
            // contact channel (how the gang reached the victim): phone(s) and/or IM account
            if (r.nextDouble() < 0.85) {
                ids.add(RawIdentifier.of(IdentifierType.PHONE, phoneVariant(gangPhone(g, skewed(phones, r)), r)));
            }
            if (r.nextDouble() < 0.3) {
                ids.add(RawIdentifier.of(IdentifierType.PHONE, phoneVariant(gangPhone(g, skewed(phones, r)), r)));
            }
            if (r.nextDouble() < 0.55) {
                ids.add(RawIdentifier.of(IdentifierType.IM_ACCOUNT, caseVariant("wx_g" + g + "x" + skewed(ims, r), r)));
            }
            // money destination (where the victim paid): almost always reported, because the stop-payment
            // (止付) request needs it; a bank card or a payment account, sometimes a second card
            double money = r.nextDouble();
            if (money < 0.72) {
                ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, cardVariant(gangCard(g, skewed(cards, r)), r)));
            } else if (money < 0.97) {
                ids.add(RawIdentifier.of(IdentifierType.PAYMENT_ACCOUNT, caseVariant("pay_g" + g + "_" + skewed(pays, r), r)));
            }
            if (r.nextDouble() < 0.25) {
                ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, cardVariant(gangCard(g, skewed(cards, r)), r)));
            }
            if (r.nextDouble() < 0.1) {
                ids.add(RawIdentifier.of(IdentifierType.PAYMENT_ACCOUNT, caseVariant("pay_g" + g + "_" + skewed(pays, r), r)));
            }
            // technical traces, often missing
            if (r.nextDouble() < 0.3) {
                ids.add(RawIdentifier.of(IdentifierType.DEVICE_ID, imeiVariant(350_000_000_000_000L + g * 64L + skewed(devices, r), r)));
            }
            if (r.nextDouble() < 0.35) {
                ids.add(RawIdentifier.of(IdentifierType.URL, urlVariant("fx-g" + g + "d" + skewed(domains, r) + TLDS[g % TLDS.length], r)));
            }
            if (r.nextDouble() < 0.2) {
                ids.add(RawIdentifier.of(IdentifierType.IP, "47." + (g >> 14 & 255) + "." + (g >> 6 & 255) + "." + ((g & 63) * 4 + skewed(Math.min(ips, 4), r))));
            }
            int mule = muleOfGang[g];
            if (mule >= 0 && r.nextDouble() < 0.15) {
                ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, cardVariant("6230" + String.format("%012d", 800_000_000L + mule), r)));
            }
        }
        // identifiers of its own: a one-off number / card / account not seen in any other case
        if (r.nextDouble() < 0.5) {
            ids.add(RawIdentifier.of(IdentifierType.PHONE, phoneVariant("138" + String.format("%08d", i), r)));
        }
        if (r.nextDouble() < 0.35) {
            ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, cardVariant("6222" + String.format("%012d", 100_000_000L + i), r)));
        }
        if (r.nextDouble() < 0.2) {
            ids.add(RawIdentifier.of(IdentifierType.IM_ACCOUNT, "qq" + (20_000_000L + i)));
        }
        if (r.nextDouble() < 0.4) {
            ids.add(RawIdentifier.of(IdentifierType.IP, cgnatIp(r)));
        }
    }

    private void singleton(int i, SplittableRandom r, List<RawIdentifier> ids) {
        if (r.nextDouble() < 0.95) {
            ids.add(RawIdentifier.of(IdentifierType.PHONE, phoneVariant("139" + String.format("%08d", i), r)));
        }
        if (r.nextDouble() < 0.45) {
            ids.add(RawIdentifier.of(IdentifierType.PHONE, phoneVariant("136" + String.format("%08d", i), r)));
        }
        if (r.nextDouble() < 0.7) {
            ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, cardVariant("6222" + String.format("%012d", 500_000_000L + i), r)));
        }
        if (r.nextDouble() < 0.3) {
            ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, cardVariant("6228" + String.format("%012d", 500_000_000L + i), r)));
        }
        if (r.nextDouble() < 0.45) {
            ids.add(RawIdentifier.of(IdentifierType.IM_ACCOUNT, caseVariant("wxid_" + Long.toString(1_000_000_000L + i * 7L, 36), r)));
        }
        if (r.nextDouble() < 0.3) {
            ids.add(RawIdentifier.of(IdentifierType.PAYMENT_ACCOUNT, "alipay-" + (30_000_000L + i)));
        }
        if (r.nextDouble() < 0.15) {
            ids.add(RawIdentifier.of(IdentifierType.DEVICE_ID, imeiVariant(860_000_000_000_000L + i, r)));
        }
        if (r.nextDouble() < 0.3) {
            ids.add(RawIdentifier.of(IdentifierType.URL, urlVariant("site" + r.nextInt(300_000) + ".com.cn", r)));
        }
        if (r.nextDouble() < 0.5) {
            ids.add(RawIdentifier.of(IdentifierType.IP, cgnatIp(r)));
        }
        if (r.nextDouble() < 0.35) {
            ids.add(RawIdentifier.of(IdentifierType.APP_NAME, "app " + r.nextInt(20_000)));
        }
    }

    /** Skewed pick in [0, n): index ⌊n·u^1.5⌋, so low indexes (the gang's main identifiers) dominate. */
    private static int skewed(int n, SplittableRandom r) {
        double u = r.nextDouble();
        return Math.min(n - 1, (int) (n * u * Math.sqrt(u)));
    }

    private static String gangPhone(int g, int k) {
        // 170/171/172… + 8 digits, unique per (gang, k): pools never collide by accident
        long n = g * 128L + k;
        return "17" + (n / 100_000_000L) + String.format("%08d", n % 100_000_000L);
    }

    private static String gangCard(int g, int k) {
        return "6217" + String.format("%012d", 500_000_000L + g * 128L + k);
    }

    private static String cgnatIp(SplittableRandom r) {
        return "100." + (64 + r.nextInt(64)) + "." + r.nextInt(256) + "." + r.nextInt(256);
    }

    /** The same number in one of several spellings. Service numbers (5 digits) stay short. */
    static String phoneVariant(String digits, SplittableRandom r) {
        if (digits.length() != 11) {
            return r.nextInt(4) == 0 ? digits.replace("-", "") : digits;
        }
        return switch (r.nextInt(9)) {
            case 0, 1 -> digits;
            case 2 -> "+86 " + digits;
            case 3 -> digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7);
            case 4 -> "0086" + digits;
            case 5 -> "86" + digits;
            case 6 -> "+86 " + digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7);
            case 7 -> "(+86)" + digits;
            default -> fullWidth(digits);
        };
    }

    private static String fullWidth(String digits) {
        StringBuilder b = new StringBuilder(digits.length());
        for (int k = 0; k < digits.length(); k++) {
            b.append((char) (digits.charAt(k) - '0' + '\uFF10'));
        }
        return b.toString();
    }

    private static String cardVariant(String digits, SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0, 1 -> digits;
            case 2 -> digits.replaceAll("(\\d{4})(?=\\d)", "$1 ");
            default -> digits.substring(0, 6) + "-" + digits.substring(6);
        };
    }

    private static String caseVariant(String account, SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0, 1 -> account;
            case 2 -> account.toUpperCase(java.util.Locale.ROOT);
            default -> " " + account + " ";
        };
    }

    private static String imeiVariant(long n, SplittableRandom r) {
        String d = Long.toString(n);
        return r.nextBoolean() ? d : d.substring(0, 2) + "-" + d.substring(2, 8) + "-" + d.substring(8);
    }

    private static String urlVariant(String domain, SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> domain;
            case 1 -> "http://" + domain + "/";
            case 2 -> "https://www." + domain + "/app/download?id=" + r.nextInt(1000);
            case 3 -> "https://m." + domain + "/#/login";
            case 4 -> "HTTP://WWW." + domain.toUpperCase(java.util.Locale.ROOT);
            default -> "https://" + domain + ":8443/x";
        };
    }

    /** Cases {@code from … from+count-1}, generated in parallel (deterministic: each case is a pure function of i). */
    public List<CaseRecord> generate(int from, int count) {
        CaseRecord[] out = new CaseRecord[count];
        IntStream.range(0, count).parallel().forEach(k -> out[k] = next(from + k));
        return Arrays.asList(out);
    }
}
