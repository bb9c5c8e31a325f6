package io.zhian.shared;

import java.util.List;

/**
 * The outcome of a file import, one line per data row. Nothing is imported when any row is bad
 * (all-or-nothing), so {@code imported} is either every good row or zero.
 */
public record ImportReport(int rows, int imported, boolean applied, List<RowResult> results) {

    public record RowResult(int line, String key, String status, List<FieldProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public long errorCount() {
        return results.stream().filter(r -> !r.ok()).count();
    }
}
