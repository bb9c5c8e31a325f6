package io.zhian.demo;

import io.zhian.antifraud.FraudType;
import io.zhian.antifraud.NewFraudCase;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.RawIdentifier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Synthetic fraud cases for the demo: gangs that reuse pools of phones, cards, IM accounts and
 * domains, lone cases, a bank hotline and a payment aggregator that many victims mention (hubs that
 * must not merge everything), and placeholders like "无". All identifiers are fictional.
 */
public final class DemoFraudCases {

    private DemoFraudCases() {}

    public static List<NewFraudCase> generate(long seed, List<String> villageCodes, int count, LocalDate today) {
        Random random = new Random(seed);
        FraudType[] types = FraudType.values();
        int gangs = Math.max(3, count / 25);
        List<List<RawIdentifier>> pools = new ArrayList<>();
        FraudType[] gangType = new FraudType[gangs];
        for (int g = 0; g < gangs; g++) {
            gangType[g] = types[random.nextInt(types.length - 1)];
            List<RawIdentifier> pool = new ArrayList<>();
            for (int i = 0; i < 2 + random.nextInt(3); i++) {
                pool.add(new RawIdentifier(IdentifierType.PHONE, String.format(Locale.ROOT, "1%02d%08d", 30 + random.nextInt(60), 10_000_000 + g * 97 + i)));
            }
            pool.add(new RawIdentifier(IdentifierType.BANK_CARD, luhnCard(random, g)));
            pool.add(new RawIdentifier(IdentifierType.IM_ACCOUNT, "wx_demo_gang" + g + "_" + random.nextInt(1000)));
            pool.add(new RawIdentifier(IdentifierType.URL, "https://www.tz-demo" + g + ".com.cn/app?id=" + random.nextInt(99)));
            pools.add(pool);
        }
        List<NewFraudCase> cases = new ArrayList<>();
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        Instant end = today.atStartOfDay(zone).toInstant();
        for (int n = 0; n < count; n++) {
            boolean inGang = random.nextInt(100) < 70;
            int g = random.nextInt(gangs);
            FraudType type = inGang ? gangType[g] : types[random.nextInt(types.length)];
            List<RawIdentifier> ids = new ArrayList<>();
            if (inGang) {
                List<RawIdentifier> pool = pools.get(g);
                for (RawIdentifier id : pool) {
                    if (random.nextInt(100) < 45) {
                        ids.add(variant(random, id));
                    }
                }
                if (ids.isEmpty()) {
                    ids.add(variant(random, pool.get(0)));
                }
            } else {
                ids.add(new RawIdentifier(IdentifierType.PHONE, String.format(Locale.ROOT, "17%09d", 100_000_000 + n)));
            }
            if (random.nextInt(100) < 6) {
                ids.add(new RawIdentifier(IdentifierType.PHONE, "95588")); // a bank hotline: a hub, never a link
            }
            if (random.nextInt(100) < 5) {
                ids.add(new RawIdentifier(IdentifierType.PAYMENT_ACCOUNT, "aggregator-demo-pay"));
            }
            if (random.nextInt(100) < 4) {
                ids.add(new RawIdentifier(IdentifierType.IM_ACCOUNT, "无"));
            }
            Instant at = end.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
            long amount = (long) (Math.pow(10, 2 + random.nextDouble() * 4)) * 100;
            String village = villageCodes.get(random.nextInt(villageCodes.size()));
            cases.add(new NewFraudCase(String.format(Locale.ROOT, "FZ%s%05d", village.substring(6, 9), n + 1), village, type, at, amount,
                    "受害人" + (n + 1), String.format(Locale.ROOT, "1390000%04d", n % 10000),
                    "示例案情：" + type.chinese(), ids));
        }
        return cases;
    }

    private static RawIdentifier variant(Random random, RawIdentifier id) {
        if (id.type() != IdentifierType.PHONE) {
            return id;
        }
        String p = id.raw();
        return switch (random.nextInt(4)) {
            case 0 -> new RawIdentifier(id.type(), "+86 " + p);
            case 1 -> new RawIdentifier(id.type(), p.substring(0, 3) + "-" + p.substring(3, 7) + "-" + p.substring(7));
            case 2 -> new RawIdentifier(id.type(), "0086" + p);
            default -> id;
        };
    }

    private static String luhnCard(Random random, int g) {
        StringBuilder digits = new StringBuilder("622202");
        digits.append(String.format(Locale.ROOT, "%04d", g));
        while (digits.length() < 18) {
            digits.append(random.nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return digits.append((10 - sum % 10) % 10).toString();
    }
}
