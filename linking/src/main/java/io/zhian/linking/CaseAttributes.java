package io.zhian.linking;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Descriptive case attributes. They do not create links (identifiers do); they travel with the case
 * so analysts can judge a series. Money is kept in fen (分) to avoid floating-point yuan.
 *
 * @param fraudType  e.g. "刷单返利", "冒充客服" (free text or a code)
 * @param occurredAt when the fraud happened, may be null
 * @param amountFen  loss in fen
 * @param regionCode administrative division code (e.g. "330100"), may be null
 */
public record CaseAttributes(String fraudType, Instant occurredAt, long amountFen, String regionCode) {

    public static final CaseAttributes NONE = new CaseAttributes(null, null, 0, null);

    /** Converts a yuan amount (may have up to 2 decimals) to fen. */
    public static long yuanToFen(BigDecimal yuan) {
        return yuan.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    public BigDecimal amountYuan() {
        return BigDecimal.valueOf(amountFen, 2);
    }
}
