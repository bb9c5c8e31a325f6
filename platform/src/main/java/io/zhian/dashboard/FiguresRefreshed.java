package io.zhian.dashboard;

/** Published after the dashboard's figures were recomputed, so open screens fetch theirs again. */
public record FiguresRefreshed(long at) {}
