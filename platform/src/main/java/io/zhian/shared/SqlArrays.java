package io.zhian.shared;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * PostgreSQL array literals ({@code {1,2,3}}, {@code {"a","b"}}) for one bind parameter used as
 * {@code = ANY(CAST(:p AS BIGINT[]))}: a list of any length stays a single parameter, and the values
 * never become SQL text.
 */
public final class SqlArrays {

    private SqlArrays() {}

    public static String bigints(long[] ids) {
        return Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
    }

    public static String bigints(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    /** Every element quoted, with quotes and backslashes escaped. */
    public static String texts(Collection<String> values) {
        return values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
