package io.zhian.assessment;

/**
 * Published when a sanction (通报批评, 约谈, 挂牌整治, 取消评先评优资格) is issued to a unit, for the modules
 * that show it elsewhere (the command dashboard). Ids only.
 *
 * @param kind CRITICISM, SUMMONS, LISTED_RECTIFICATION or DISQUALIFIED
 */
public record SanctionIssued(long sanctionId, long unitId, long regionId, String kind) {}
