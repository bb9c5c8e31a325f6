package io.zhian.linking;

/**
 * Result of the Luhn (mod 10) check for bank cards and IMEIs. Reported, never used to reject:
 * victims copy card numbers from chat screenshots, and a typo still tells an analyst something.
 */
public enum LuhnCheck {
    VALID,
    INVALID,
    /** The type or the value has no Luhn check digit (e.g. a bank account, a non-IMEI device id). */
    NOT_APPLICABLE
}
