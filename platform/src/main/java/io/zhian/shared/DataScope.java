package io.zhian.shared;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What rows a user may see and change: everything, a set of regions (already expanded to their
 * subtrees), a set of units, and the user's own rows. The union of all the user's role assignments.
 *
 * <p>Queries use {@link #where} with {@link #params()}: the fragment is fixed text plus bind
 * parameters, never values spliced into SQL. Single-record access re-checks with {@link #permits}.
 * An empty scope permits nothing (fail-closed).
 */
public final class DataScope {

    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    private static final long[] NONE_IDS = new long[0];
    private static final DataScope NONE = new DataScope(false, NONE_IDS, NONE_IDS, null);
    private static final DataScope ALL = new DataScope(true, NONE_IDS, NONE_IDS, null);

    private final boolean all;
    private final long[] regionIds;
    private final long[] unitIds;
    private final Long userId;

    private DataScope(boolean all, long[] regionIds, long[] unitIds, Long userId) {
        this.all = all;
        this.regionIds = regionIds;
        this.unitIds = unitIds;
        this.userId = userId;
    }

    public static DataScope none() {
        return NONE;
    }

    public static DataScope all() {
        return ALL;
    }

    /** @param regionIds every region id covered, subtrees already expanded */
    public static DataScope of(long[] regionIds, long[] unitIds, Long userId) {
        long[] r = Arrays.stream(regionIds).distinct().sorted().toArray();
        long[] u = Arrays.stream(unitIds).distinct().sorted().toArray();
        if (r.length == 0 && u.length == 0 && userId == null) {
            return NONE;
        }
        return new DataScope(false, r, u, userId);
    }

    public boolean isAll() {
        return all;
    }

    public boolean isEmpty() {
        return !all && regionIds.length == 0 && unitIds.length == 0 && userId == null;
    }

    public boolean coversRegion(Long regionId) {
        return all || (regionId != null && Arrays.binarySearch(regionIds, regionId) >= 0);
    }

    public boolean coversUnit(Long unitId) {
        return all || (unitId != null && Arrays.binarySearch(unitIds, unitId) >= 0);
    }

    /** The by-id check for one row, given the row's region, unit and owning user (any may be null). */
    public boolean permits(Long regionId, Long unitId, Long ownerUserId) {
        if (all) {
            return true;
        }
        return coversRegion(regionId) || coversUnit(unitId)
                || (userId != null && ownerUserId != null && userId.equals(ownerUserId));
    }

    public int regionCount() {
        return regionIds.length;
    }

    public long[] regionIds() {
        return regionIds.clone();
    }

    public long[] unitIds() {
        return unitIds.clone();
    }

    /**
     * A boolean SQL fragment for the given columns (pass null for a column the table lacks). Column
     * names are code constants; they are checked so that nothing else can reach the SQL text.
     */
    public String where(String regionColumn, String unitColumn, String ownerColumn) {
        StringBuilder sql = new StringBuilder("(:scope_all");
        if (regionColumn != null) {
            sql.append(" OR ").append(column(regionColumn)).append(" = ANY(CAST(:scope_regions AS BIGINT[]))");
        }
        if (unitColumn != null) {
            sql.append(" OR ").append(column(unitColumn)).append(" = ANY(CAST(:scope_units AS BIGINT[]))");
        }
        if (ownerColumn != null) {
            sql.append(" OR ").append(column(ownerColumn)).append(" = :scope_user");
        }
        return sql.append(')').toString();
    }

    /** Bind parameters for {@link #where}. */
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("scope_all", all);
        p.put("scope_regions", SqlArrays.bigints(regionIds));
        p.put("scope_units", SqlArrays.bigints(unitIds));
        p.put("scope_user", userId == null ? -1L : userId);
        return p;
    }

    private static String column(String name) {
        if (!COLUMN.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a column name: " + name);
        }
        return name;
    }

    @Override
    public String toString() {
        return all ? "DataScope[all]" : "DataScope[regions=" + regionIds.length + ", units="
                + Arrays.toString(unitIds) + ", user=" + userId + "]";
    }
}
