package io.zhian.linking;

import java.util.ArrayList;
import java.util.List;

import static io.zhian.linking.IdentifierType.*;

/** Synthetic, fictional identifiers only (138 0000 xxxx numbers, made-up cards and domains). */
final class Fixtures {
    private Fixtures() {
    }

    static RawIdentifier phone(int i) {
        return RawIdentifier.of(PHONE, String.format("1380000%04d", i));
    }

    static RawIdentifier card(int i) {
        return RawIdentifier.of(BANK_CARD, String.format("6222020000%06d", i));
    }

    static RawIdentifier ip(int i) {
        return RawIdentifier.of(IP, "10.20." + (i / 250) + "." + (i % 250 + 1));
    }

    static RawIdentifier url(int i) {
        return RawIdentifier.of(URL, "https://www.fake-site" + i + ".com/login");
    }

    static RawIdentifier im(int i) {
        return RawIdentifier.of(IM_ACCOUNT, "wx_fake" + i);
    }

    static RawIdentifier app(int i) {
        return RawIdentifier.of(APP_NAME, "fake app " + i);
    }

    static RawIdentifier device(int i) {
        return RawIdentifier.of(DEVICE_ID, String.format("86000000%07d", i));
    }

    static CaseRecord c(String key, RawIdentifier... ids) {
        return CaseRecord.of(key, ids);
    }

    static List<String> keys(String... k) {
        return List.of(k);
    }

    static List<List<String>> partition(List<CaseSeries> series) {
        List<List<String>> out = new ArrayList<>();
        for (CaseSeries s : series) {
            List<String> k = new ArrayList<>(s.caseKeys());
            k.sort(null);
            out.add(k);
        }
        out.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return out;
    }
}
