package io.zhian.dashboard.internal;

import io.zhian.dashboard.DashboardSnapshot.Ranking;
import io.zhian.dashboard.SurveyRankingSource;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ForbiddenException;
import io.zhian.survey.RankingPosition;
import io.zhian.survey.SurveyRankings;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** The survey module's rankings as the screen shows them: positions of units inside the screen's region. */
@Component
class SurveyRankingsOnScreen implements SurveyRankingSource {

    private final SurveyRankings rankings;
    private final Regions regions;

    SurveyRankingsOnScreen(SurveyRankings rankings, Regions regions) {
        this.rankings = rankings;
        this.regions = regions;
    }

    @Override
    public List<Ranking> positions(Actor actor, long regionId) {
        List<RankingPosition> latest;
        try {
            latest = rankings.latest(actor);
        } catch (ForbiddenException e) {
            return List.of(); // a dispatcher does not review surveys: the panel shows the figures only
        }
        if (latest.isEmpty()) {
            return List.of();
        }
        long[] sorted = regions.subtreeIds(List.of(regionId));
        Arrays.sort(sorted);
        return latest.stream().filter(p -> p.regionId() != null && Arrays.binarySearch(sorted, p.regionId()) >= 0)
                .map(p -> new Ranking(p.unitName(), p.levelName(), p.period(), p.rank(), p.targetRank(), p.gap(), p.previousRank()))
                .toList();
    }

    @Override
    public String link() {
        return SurveyRankings.PAGE;
    }
}
