package io.zhian.survey;

import java.math.BigDecimal;

/**
 * A unit's latest position in an external survey ranking (测评排名) against the target for its level.
 *
 * @param unitName     the township or unit as ranked
 * @param level        the ranking level code, e.g. {@code PREFECTURE} (townships across the prefecture) or {@code PROVINCE}
 * @param levelName    the level's name, e.g. 全市（地级）乡镇排名
 * @param period       the ranking period: {@code YYYY}, {@code YYYY-MM} or {@code YYYY-Qn}
 * @param rank         the place (1 = best) among {@code total}
 * @param targetRank   the place to reach at this level (at or above it is met)
 * @param gap          {@code rank - targetRank}: places behind the target when positive, ahead of it when negative
 * @param previousRank the place in the unit's previous period at this level, null when there is none
 * @param score        the published score, null when the ranking gave none
 * @param regionId     the township ranked, null when the ranked unit is an organisation
 * @param orgUnitId    the organisation ranked, null when the ranked unit is a township
 */
public record RankingPosition(String unitName, String level, String levelName, String period, int rank, int total, int targetRank,
                              int gap, Integer previousRank, String previousPeriod, BigDecimal score, Long regionId, Long orgUnitId) {

    /** Whether the unit is at or above its target. */
    public boolean met() {
        return gap <= 0;
    }

    /** Places climbed since the previous period (negative: fell back), null without a previous period. */
    public Integer trend() {
        return previousRank == null ? null : previousRank - rank;
    }
}
