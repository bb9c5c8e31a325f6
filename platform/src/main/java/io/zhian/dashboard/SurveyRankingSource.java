package io.zhian.dashboard;

import java.util.List;

/** Where the screen gets the external survey rankings (测评排名) against their targets. */
public interface SurveyRankingSource {

    /** The latest position of each ranked unit. */
    List<DashboardSnapshot.Ranking> positions();

    /** The page listing the rankings. */
    String link();
}
