package io.zhian.regions;

/** What a region is called locally; each kind belongs to one level. */
public enum RegionKind {
    CITY(RegionLevel.CITY, "市"),
    STREET(RegionLevel.TOWNSHIP, "街道"),
    TOWN(RegionLevel.TOWNSHIP, "镇"),
    TOWNSHIP(RegionLevel.TOWNSHIP, "乡"),
    COMMUNITY(RegionLevel.VILLAGE, "社区"),
    VILLAGE(RegionLevel.VILLAGE, "村"),
    GRID(RegionLevel.GRID, "网格");

    private final RegionLevel level;
    private final String chinese;

    RegionKind(RegionLevel level, String chinese) {
        this.level = level;
        this.chinese = chinese;
    }

    public RegionLevel level() {
        return level;
    }

    public String chinese() {
        return chinese;
    }

    /** By English name or Chinese word (村, 社区, 网格 …); null when neither. */
    public static RegionKind parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        for (RegionKind k : values()) {
            if (k.name().equalsIgnoreCase(v) || k.chinese().equals(v)) {
                return k;
            }
        }
        return null;
    }
}
