package io.zhian.regions;

/** A region as other modules see it (the boundary is fetched separately: it can be large). */
public record Region(long id, String code, String name, RegionLevel level, RegionKind kind, Long parentId,
                     String path, Double centreLon, Double centreLat, Integer population, boolean hasBoundary,
                     int version) {

    /** Depth-first ancestry ids, root first, this region last. */
    public long[] pathIds() {
        String[] parts = path.substring(1).split("/");
        long[] ids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = Long.parseLong(parts[i]);
        }
        return ids;
    }
}
