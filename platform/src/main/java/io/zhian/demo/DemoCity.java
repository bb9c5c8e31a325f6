package io.zhian.demo;

import io.zhian.regions.NewOrgUnit;
import io.zhian.regions.NewRegion;
import java.util.List;

/** A generated city: regions parents-first, and its organisation units. */
public record DemoCity(List<NewRegion> regions, List<NewOrgUnit> units) {

    public long count(io.zhian.regions.RegionLevel level) {
        return regions.stream().filter(r -> r.kind().level() == level).count();
    }
}
