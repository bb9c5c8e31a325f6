package io.zhian.regions;

/** Published after regions were created, moved or removed. Ids only. */
public record RegionTreeChanged(long[] regionIds) {}
