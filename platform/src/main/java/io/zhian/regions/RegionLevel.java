package io.zhian.regions;

/** The four levels of the tree; each level's parent is the one before it. */
public enum RegionLevel {
    CITY, TOWNSHIP, VILLAGE, GRID;

    public RegionLevel parent() {
        return this == CITY ? null : values()[ordinal() - 1];
    }

    public RegionLevel child() {
        return this == GRID ? null : values()[ordinal() + 1];
    }

    /** Whether the code of this level is a 12-digit statistical division code. */
    public boolean hasStatisticalCode() {
        return this != GRID;
    }
}
