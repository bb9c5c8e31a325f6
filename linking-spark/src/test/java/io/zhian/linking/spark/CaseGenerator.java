package io.zhian.linking.spark;

import io.zhian.linking.CaseRecord;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.RawIdentifier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.zhian.linking.IdentifierType.APP_NAME;
import static io.zhian.linking.IdentifierType.BANK_CARD;
import static io.zhian.linking.IdentifierType.DEVICE_ID;
import static io.zhian.linking.IdentifierType.IM_ACCOUNT;
import static io.zhian.linking.IdentifierType.IP;
import static io.zhian.linking.IdentifierType.PAYMENT_ACCOUNT;
import static io.zhian.linking.IdentifierType.PHONE;
import static io.zhian.linking.IdentifierType.URL;

/**
 * Seeded synthetic case data (fictional identifiers only: 138 0000 xxxx style numbers, made-up cards and
 * domains): gangs drawing from shared pools of phones, cards, IM ids, URLs, IPs and devices in varying spellings;
 * singletons; a few hub identifiers shared by many cases; one identifier on exactly its cap; placeholder junk
 * that must be rejected; and a few rows of an unknown type (Spark side only: the engine has no such type).
 */
final class CaseGenerator {

    /** The engine's view (CaseRecords) and the Spark input rows (case_key, identifier_type, raw_value). */
    record Data(List<CaseRecord> cases, List<Row> rows) {
    }

    /** Hub-ish identifiers planted by {@link #generate}, in raw form. */
    static final String HOTLINE = "95588";          // PHONE on 120 cases, cap 50 -> hub
    static final String PUBLIC_DNS = "114.114.114.114"; // IP on 40 cases, cap 20 -> hub
    static final String LOAN_APP = "极速贷";            // APP_NAME on 260 cases, cap 200 -> hub
    static final String CAP_CARD = "6222 9999 0000 0030"; // BANK_CARD on exactly 30 cases = cap -> still links
    static final String ALLOWED_ACCOUNT = "merchant_allowed_01"; // PAYMENT_ACCOUNT on 35 cases (cap 30), allow-listed
    static final String DENIED_PHONE = "400-000-0000"; // PHONE on 6 cases, deny-listed

    private static final String[] JUNK = {"无", "000000", "unknown", "N/A", "-", "  ", "11111111111", "空"};

    private final Random rnd;
    private int next = 1;
    private final Map<String, List<RawIdentifier>> byCase = new LinkedHashMap<>();
    private final List<Row> extraRows = new ArrayList<>();

    private CaseGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    static Data generate(long seed, int gangs, int singletons) {
        return new CaseGenerator(seed).run(gangs, singletons);
    }

    private Data run(int gangs, int singletons) {
        List<String> keys = new ArrayList<>();
        for (int g = 0; g < gangs; g++) {
            keys.addAll(gang(2 + rnd.nextInt(24)));
        }
        List<String> singles = new ArrayList<>();
        for (int s = 0; s < singletons; s++) {
            String k = newCase();
            keys.add(k);
            singles.add(k);
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                add(k, uniqueIdentifier());
            }
        }
        // hubs and boundary identifiers on random cases
        plant(keys, 120, RawIdentifier.of(PHONE, HOTLINE));
        plant(keys, 40, RawIdentifier.of(IP, PUBLIC_DNS));
        plant(keys, 260, RawIdentifier.of(APP_NAME, LOAN_APP));
        // linking identifiers with many cases go on singletons, so they make one series each, not a giant
        plant(singles, 30, RawIdentifier.of(BANK_CARD, CAP_CARD));
        plant(singles, 35, RawIdentifier.of(PAYMENT_ACCOUNT, ALLOWED_ACCOUNT));
        plant(keys, 6, RawIdentifier.of(PHONE, DENIED_PHONE));
        // junk on ~10 % of the cases, a null raw value, an unknown type
        IdentifierType[] types = IdentifierType.values();
        for (String k : keys) {
            if (rnd.nextInt(10) == 0) {
                add(k, RawIdentifier.of(types[rnd.nextInt(types.length)], JUNK[rnd.nextInt(JUNK.length)]));
            }
        }
        add(keys.get(rnd.nextInt(keys.size())), RawIdentifier.of(PHONE, null));
        for (int i = 0; i < 5; i++) {
            extraRows.add(RowFactory.create(keys.get(rnd.nextInt(keys.size())), "EMAIL", "x" + i + "@example.com"));
        }
        // a case whose only identifier is junk, and one with only an unknown type
        String onlyJunk = newCase();
        add(onlyJunk, RawIdentifier.of(PHONE, "无"));
        String onlyUnknown = newCase();
        byCase.put(onlyUnknown, new ArrayList<>());
        extraRows.add(RowFactory.create(onlyUnknown, "email", "y@example.com"));

        List<CaseRecord> cases = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        List<String> order = new ArrayList<>(byCase.keySet());
        Collections.shuffle(order, rnd); // engine insertion order unrelated to key order
        for (String k : order) {
            List<RawIdentifier> ids = byCase.get(k);
            cases.add(new CaseRecord(k, null, ids));
            for (RawIdentifier r : ids) {
                rows.add(RowFactory.create(k, r.type().name(), r.raw()));
            }
        }
        rows.addAll(extraRows);
        Collections.shuffle(rows, rnd);
        return new Data(cases, rows);
    }

    private List<String> gang(int size) {
        List<RawIdentifier> pool = new ArrayList<>();
        int phones = 1 + rnd.nextInt(3);
        for (int i = 0; i < phones; i++) {
            pool.add(phone(next++));
        }
        int cards = 1 + rnd.nextInt(2);
        for (int i = 0; i < cards; i++) {
            pool.add(card(next++));
        }
        int ims = 1 + rnd.nextInt(2);
        for (int i = 0; i < ims; i++) {
            pool.add(im(next++));
        }
        pool.add(url(next++));
        pool.add(ip(next++));
        if (rnd.nextBoolean()) {
            pool.add(device(next++));
        }
        List<String> keys = new ArrayList<>();
        for (int c = 0; c < size; c++) {
            String k = newCase();
            keys.add(k);
            boolean any = false;
            for (RawIdentifier r : pool) {
                if (rnd.nextInt(100) < 22) {
                    add(k, respell(r));
                    any = true;
                    if (rnd.nextInt(8) == 0) {
                        add(k, respell(r)); // same identifier twice in one case: counts once
                    }
                }
            }
            if (!any) {
                add(k, respell(pool.get(rnd.nextInt(pool.size()))));
            }
            int noise = rnd.nextInt(3);
            for (int i = 0; i < noise; i++) {
                add(k, uniqueIdentifier());
            }
        }
        return keys;
    }

    private void plant(List<String> keys, int count, RawIdentifier id) {
        List<String> copy = new ArrayList<>(keys);
        Collections.shuffle(copy, rnd);
        for (String k : copy.subList(0, count)) {
            add(k, id);
        }
    }

    private String newCase() {
        String k = String.format("AJ%07d", rnd.nextInt(10_000_000));
        while (byCase.containsKey(k)) {
            k = String.format("AJ%07d", rnd.nextInt(10_000_000));
        }
        byCase.put(k, new ArrayList<>());
        return k;
    }

    private void add(String key, RawIdentifier id) {
        byCase.get(key).add(id);
    }

    private RawIdentifier uniqueIdentifier() {
        int n = next++;
        return switch (rnd.nextInt(7)) {
            case 0 -> phone(n);
            case 1 -> card(n);
            case 2 -> im(n);
            case 3 -> url(n);
            case 4 -> ip(n);
            case 5 -> device(n);
            default -> RawIdentifier.of(PAYMENT_ACCOUNT, "pay_" + n);
        };
    }

    // canonical spellings; respell() varies them the way call-takers do

    static RawIdentifier phone(int n) {
        return RawIdentifier.of(PHONE, String.format("138%08d", n));
    }

    static RawIdentifier card(int n) {
        return RawIdentifier.of(BANK_CARD, String.format("6222%012d", n));
    }

    static RawIdentifier im(int n) {
        return RawIdentifier.of(IM_ACCOUNT, "wx_fake" + n);
    }

    static RawIdentifier url(int n) {
        return RawIdentifier.of(URL, "fake-site" + n + ".com");
    }

    static RawIdentifier ip(int n) {
        return RawIdentifier.of(IP, "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255 | 1));
    }

    static RawIdentifier device(int n) {
        return RawIdentifier.of(DEVICE_ID, String.format("86%013d", n));
    }

    private RawIdentifier respell(RawIdentifier r) {
        String v = r.raw();
        int k = rnd.nextInt(4);
        String out = switch (r.type()) {
            case PHONE -> switch (k) {
                case 0 -> v;
                case 1 -> v.substring(0, 3) + "-" + v.substring(3, 7) + "-" + v.substring(7);
                case 2 -> "+86 " + v.substring(0, 3) + " " + v.substring(3, 7) + " " + v.substring(7);
                default -> "0086" + v;
            };
            case BANK_CARD -> k % 2 == 0 ? v : v.replaceAll("(\\d{4})(?=\\d)", "$1 ");
            case IM_ACCOUNT -> k % 2 == 0 ? v : "  " + v.toUpperCase() + " ";
            case URL -> switch (k) {
                case 0 -> v;
                case 1 -> "https://www." + v + "/login?id=" + rnd.nextInt(1000);
                case 2 -> "http://m." + v + ":8080/";
                default -> v.toUpperCase();
            };
            case IP -> k % 2 == 0 ? v : padIp(v);
            default -> v;
        };
        return RawIdentifier.of(r.type(), out);
    }

    private static String padIp(String v) {
        StringBuilder sb = new StringBuilder();
        for (String p : v.split("\\.")) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(String.format("%03d", Integer.parseInt(p)));
        }
        return sb.toString();
    }
}
