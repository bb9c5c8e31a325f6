package io.zhian.mediation.internal;

/** Kinds of dispute, as the mediation statistics of the justice bureau count them. */
enum DisputeCategory {
    NEIGHBOUR, FAMILY, LAND_HOUSING, LABOUR, PROPERTY, COMMERCIAL, MEDICAL, TRAFFIC, OTHER;

    static DisputeCategory parse(String v) {
        return Enums.parse(DisputeCategory.class, v);
    }
}
