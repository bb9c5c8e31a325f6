package io.zhian.shared;

/**
 * Under the demo profile, a module contributes its own demo data through a bean of this type, so the
 * demo loader needs no knowledge of the module. Contributors run once, on the first start, after the
 * demo city (regions, units, demo users) exists, in ascending {@link #demoOrder()}, inside the loader's
 * transaction. Data must be generated (never real people) and deterministic for a given seed.
 */
public interface DemoDataContributor {

    /** Lower runs first; modules whose demo data builds on another's pick a higher number. */
    int demoOrder();

    /** Generates and stores the module's demo data; returns a one-line summary for the start-up log. */
    String contributeDemoData(long seed);
}
