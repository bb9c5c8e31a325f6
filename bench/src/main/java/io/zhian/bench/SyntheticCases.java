package io.zhian.bench;

import io.zhian.linking.CaseAttributes;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.RawIdentifier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic fraud cases (same seed, same cases). All values are fictional.
 *
 * <p>Shape, per case:
 * <ul>
 *   <li>~75 % are "lone" cases: own phone/card/IM, a random IP, sometimes a domain from a pool of 200k
 *       and an app from a pool of 20k — mostly singletons, a few weak gang-level links.</li>
 *   <li>~25 % belong to a gang of 5–50 cases; members draw 1–3 identifiers from their gang's small pool
 *       (2–4 phones, 1–3 cards, 1–2 IM accounts, 1 device, a domain), so gangs form series.</li>
 *   <li>Hubs: 6 hotlines / service numbers in 0.3–1 % of all cases each, a payment aggregator account in
 *       0.5 %, a carrier NAT IP in 0.5 %, a popular app name in 2 % — thousands of cases each.</li>
 *   <li>~3 % of cases carry a placeholder such as "无" or "000000" that must be rejected.</li>
 * </ul>
 */
public final class SyntheticCases {
    private static final String[] HOTLINES = {"95588", "95599", "95533", "400-000-0001", "12345", "96110"};
    private static final double[] HOTLINE_RATE = {0.01, 0.006, 0.005, 0.004, 0.003, 0.003};
    private static final String[] FRAUD_TYPES = {"刷单返利", "虚假投资理财", "冒充客服", "冒充公检法", "虚假贷款", "网络游戏交易"};
    private static final String[] REGIONS = {"330100", "330200", "440300", "510100", "320500", "110105"};

    private final long seed;
    private final int[] gangOfSlot;   // gang member slots, shuffled
    private final int gangCount;
    private int slotCursor;

    /**
     * @param seed  random seed
     * @param total number of cases the generator will be asked for (sizes the gang population)
     */
    public SyntheticCases(long seed, int total) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        int gangMembers = (int) (total * 0.25);
        int[] slots = new int[gangMembers];
        int g = 0;
        int filled = 0;
        while (filled < gangMembers) {
            int size = Math.min(5 + r.nextInt(46), gangMembers - filled);
            for (int i = 0; i < size; i++) {
                slots[filled++] = g;
            }
            g++;
        }
        for (int i = slots.length - 1; i > 0; i--) { // Fisher–Yates: gang members arrive spread over time
            int j = r.nextInt(i + 1);
            int t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
        }
        this.gangOfSlot = slots;
        this.gangCount = g;
    }

    public int gangCount() {
        return gangCount;
    }

    /** Case number {@code i}; call with i = 0, 1, 2, ... in order. */
    public CaseRecord next(int i) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        List<RawIdentifier> ids = new ArrayList<>(6);
        boolean inGang = slotCursor < gangOfSlot.length && r.nextDouble() < 0.25;
        if (inGang) {
            int gang = gangOfSlot[slotCursor++];
            SplittableRandom gr = new SplittableRandom(seed ^ (gang * 0x632BE59BD9B4E019L));
            int phones = 2 + gr.nextInt(3);
            int cards = 1 + gr.nextInt(3);
            int picks = 1 + r.nextInt(3);
            for (int k = 0; k < picks; k++) {
                int what = r.nextInt(10);
                if (what < 4) {
                    ids.add(RawIdentifier.of(IdentifierType.PHONE, phone("137", gang * 4L + r.nextInt(phones), r)));
                } else if (what < 7) {
                    ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, String.format("6217%012d", 500_000_000L + gang * 3L + r.nextInt(cards))));
                } else if (what < 8) {
                    ids.add(RawIdentifier.of(IdentifierType.IM_ACCOUNT, "gang" + gang + "_wx" + r.nextInt(2)));
                } else if (what < 9) {
                    ids.add(RawIdentifier.of(IdentifierType.DEVICE_ID, String.format("35%013d", 1_000_000L + gang)));
                } else {
                    ids.add(RawIdentifier.of(IdentifierType.URL, "https://www.invest-gang" + gang + ".top/app"));
                }
            }
            // the victim's own phone is not shared
            ids.add(RawIdentifier.of(IdentifierType.PHONE, phone("139", i, r)));
        } else {
            ids.add(RawIdentifier.of(IdentifierType.PHONE, phone("139", i, r)));
            if (r.nextDouble() < 0.5) {
                ids.add(RawIdentifier.of(IdentifierType.BANK_CARD, String.format("6222%012d", 1_000_000L + i)));
            }
            if (r.nextDouble() < 0.3) {
                ids.add(RawIdentifier.of(IdentifierType.IM_ACCOUNT, "qq" + (10_000_000L + i)));
            }
            if (r.nextDouble() < 0.3) {
                ids.add(RawIdentifier.of(IdentifierType.URL, "http://site" + r.nextInt(200_000) + ".com.cn/x"));
            }
            if (r.nextDouble() < 0.3) {
                ids.add(RawIdentifier.of(IdentifierType.APP_NAME, "app " + r.nextInt(20_000)));
            }
        }
        if (r.nextDouble() < 0.4) {
            ids.add(RawIdentifier.of(IdentifierType.IP, "100." + r.nextInt(64) + "." + r.nextInt(256) + "." + r.nextInt(256)));
        }
        for (int h = 0; h < HOTLINES.length; h++) {
            if (r.nextDouble() < HOTLINE_RATE[h]) {
                ids.add(RawIdentifier.of(IdentifierType.PHONE, HOTLINES[h]));
            }
        }
        if (r.nextDouble() < 0.005) {
            ids.add(RawIdentifier.of(IdentifierType.PAYMENT_ACCOUNT, "aggregator-pay-001"));
        }
        if (r.nextDouble() < 0.005) {
            ids.add(RawIdentifier.of(IdentifierType.IP, "10.0.0.1"));
        }
        if (r.nextDouble() < 0.02) {
            ids.add(RawIdentifier.of(IdentifierType.APP_NAME, "安全课堂"));
        }
        if (r.nextDouble() < 0.03) {
            ids.add(RawIdentifier.of(r.nextBoolean() ? IdentifierType.PHONE : IdentifierType.BANK_CARD,
                    r.nextBoolean() ? "无" : "000000"));
        }
        CaseAttributes attrs = new CaseAttributes(FRAUD_TYPES[r.nextInt(FRAUD_TYPES.length)],
                Instant.ofEpochSecond(1_700_000_000L + i * 30L), 100L * (1 + r.nextInt(500_000)),
                REGIONS[r.nextInt(REGIONS.length)]);
        return new CaseRecord("AJ" + (10_000_000 + i), attrs, ids);
    }

    /** Fictional mobile in a random spelling (dashes, +86, spaces) so normalisation has work to do. */
    private static String phone(String prefix, long n, SplittableRandom r) {
        String digits = prefix + String.format("%08d", n % 100_000_000L);
        return switch (r.nextInt(4)) {
            case 0 -> digits;
            case 1 -> "+86 " + digits;
            case 2 -> digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7);
            default -> "0086" + digits;
        };
    }

    public List<CaseRecord> generate(int from, int count) {
        List<CaseRecord> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(next(i));
        }
        return out;
    }
}
