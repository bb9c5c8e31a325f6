package io.zhian.dashboard;

import io.zhian.shared.Actor;
import java.util.List;

/** Where the screen gets the external survey rankings (测评排名) against their targets. */
public interface SurveyRankingSource {

    /** The latest positions the actor may see of the units in the region's subtree (empty when they may see none). */
    List<DashboardSnapshot.Ranking> positions(Actor actor, long regionId);

    /** The page listing the rankings. */
    String link();
}
