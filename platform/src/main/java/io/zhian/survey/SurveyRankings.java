package io.zhian.survey;

import io.zhian.shared.Actor;
import java.util.List;

/**
 * External survey rankings against targets (双提升 测评排名), read-only, for the command dashboard and reports. Scoped and
 * authorised as the rankings page is: only survey reviewers (township officers, city administrators) may read, and each
 * sees the units in their scope.
 */
public interface SurveyRankings {

    /** The rankings page, listing every position with its target, gap and trend. */
    String PAGE = "/survey/rankings";

    /**
     * Each ranked unit's latest position per level inside the actor's scope, with the target and the previous period;
     * ordered by level, then rank. Refuses (forbidden) an actor who may not review surveys.
     */
    List<RankingPosition> latest(Actor actor);

    /** The rankings page narrowed to one level (e.g. {@code PREFECTURE}); the whole page for a null or blank level. */
    static String page(String level) {
        return level == null || level.isBlank() ? PAGE : PAGE + "?level=" + level.strip();
    }
}
