package io.zhian.mediation.internal;

/** 人民调解, 行政调解, 司法调解, 诉调对接 (the last carries a court referral). */
enum MediationKind {
    PEOPLES, ADMINISTRATIVE, JUDICIAL, LINKED;

    static MediationKind parse(String v) {
        return Enums.parse(MediationKind.class, v);
    }
}
