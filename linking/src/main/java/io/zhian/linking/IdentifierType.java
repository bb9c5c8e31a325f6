package io.zhian.linking;

/**
 * Kinds of identifier that can tie fraud cases together.
 * Each type has its own normalisation rules, hub cap and link weight, because a shared
 * bank card says far more about a gang than a shared app name.
 */
public enum IdentifierType {
    /** Phone numbers, normalised to E.164 (+86 by default). */
    PHONE,
    /** Bank cards and bank accounts (digits only, Luhn reported). */
    BANK_CARD,
    /** Third-party payment accounts (Alipay, WeChat Pay merchant ids, ...). */
    PAYMENT_ACCOUNT,
    /** Instant-messaging accounts (WeChat id, QQ number, ...). */
    IM_ACCOUNT,
    /** Web addresses, reduced to the registrable domain. */
    URL,
    /** IPv4 / IPv6 addresses. */
    IP,
    /** Device identifiers such as IMEI. */
    DEVICE_ID,
    /** Names of (fake) apps the victim was asked to install. */
    APP_NAME
}
