package io.zhian.antifraud;

import io.zhian.linking.RawIdentifier;
import java.time.Instant;
import java.util.List;

/** A fraud case as reported: where, what, how much, and the identifiers the fraudsters used. */
public record NewFraudCase(String caseNo, String regionCode, FraudType fraudType, Instant occurredAt, long amountFen,
                           String victimName, String victimPhone, String summary, List<RawIdentifier> identifiers) {

    public NewFraudCase {
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }
}
