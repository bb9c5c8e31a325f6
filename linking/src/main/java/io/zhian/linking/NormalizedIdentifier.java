package io.zhian.linking;

import java.util.Optional;

/**
 * Outcome of normalising one raw identifier: either an {@link Identifier} or a rejection reason.
 * Normalisation never throws on bad data, because case data typed by call-takers is messy and
 * one bad field must not stop a batch.
 *
 * @param type   requested type
 * @param raw    the input as given (may be null)
 * @param value  normalised value, null when rejected
 * @param reason rejection reason, null when accepted
 * @param luhn   Luhn check result for BANK_CARD / DEVICE_ID, otherwise NOT_APPLICABLE
 * @param note   short human-readable detail (e.g. "mainland mobile", "landline"), may be empty
 */
public record NormalizedIdentifier(IdentifierType type, String raw, String value, RejectionReason reason,
                                   LuhnCheck luhn, String note) {

    static NormalizedIdentifier accepted(IdentifierType type, String raw, String value, LuhnCheck luhn, String note) {
        return new NormalizedIdentifier(type, raw, value, null, luhn, note);
    }

    static NormalizedIdentifier accepted(IdentifierType type, String raw, String value, String note) {
        return accepted(type, raw, value, LuhnCheck.NOT_APPLICABLE, note);
    }

    static NormalizedIdentifier rejected(IdentifierType type, String raw, RejectionReason reason, String note) {
        return new NormalizedIdentifier(type, raw, null, reason, LuhnCheck.NOT_APPLICABLE, note);
    }

    public boolean isAccepted() {
        return value != null;
    }

    /** True only when a Luhn check applies and passes. */
    public boolean luhnValid() {
        return luhn == LuhnCheck.VALID;
    }

    public Optional<Identifier> identifier() {
        return value == null ? Optional.empty() : Optional.of(new Identifier(type, value));
    }
}
