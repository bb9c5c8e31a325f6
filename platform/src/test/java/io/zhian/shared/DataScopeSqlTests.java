package io.zhian.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhian.ZhianTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL fragment and the by-id check must agree: for random scopes over random rows, the rows
 * PostgreSQL returns are exactly the rows {@link DataScope#permits} accepts.
 */
@ZhianTest
class DataScopeSqlTests {

    @Autowired JdbcClient jdbc;

    @BeforeEach
    void table() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS scope_probe (id INT PRIMARY KEY, region_id BIGINT, unit_id BIGINT, owner_id BIGINT)").update();
        jdbc.sql("TRUNCATE scope_probe").update();
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            jdbc.sql("INSERT INTO scope_probe VALUES (:id, :r, :u, :o)").param("id", i)
                    .param("r", random.nextInt(5) == 0 ? null : (long) random.nextInt(40))
                    .param("u", random.nextInt(3) == 0 ? null : (long) random.nextInt(10))
                    .param("o", random.nextInt(4) == 0 ? null : (long) random.nextInt(6)).update();
        }
    }

    @Test
    void sqlAndJavaChecksSelectTheSameRows() {
        Random random = new Random(7);
        List<Object[]> rows = jdbc.sql("SELECT id, region_id, unit_id, owner_id FROM scope_probe")
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getObject(2, Long.class), rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class)}).list();
        for (int trial = 0; trial < 200; trial++) {
            DataScope scope = randomScope(random);
            Set<Integer> expected = new HashSet<>();
            for (Object[] r : rows) {
                if (scope.permits((Long) r[1], (Long) r[2], (Long) r[3])) {
                    expected.add((Integer) r[0]);
                }
            }
            List<Integer> actual = jdbc.sql("SELECT id FROM scope_probe t WHERE " + scope.where("t.region_id", "t.unit_id", "t.owner_id"))
                    .params(scope.params()).query(Integer.class).list();
            assertThat(new HashSet<>(actual)).as(scope.toString()).isEqualTo(expected);
        }
    }

    @Test
    void anEmptyScopeSeesNothing() {
        DataScope none = DataScope.of(new long[0], new long[0], null);
        assertThat(none.isEmpty()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM scope_probe t WHERE " + none.where("t.region_id", "t.unit_id", "t.owner_id"))
                .params(none.params()).query(Long.class).single()).isZero();
        assertThat(none.permits(1L, 1L, 1L)).isFalse();
    }

    @Test
    void columnNamesCannotCarrySql() {
        assertThatThrownBy(() -> DataScope.all().where("id; DROP TABLE region", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DataScope randomScope(Random random) {
        if (random.nextInt(10) == 0) {
            return DataScope.all();
        }
        List<Long> regions = new ArrayList<>();
        for (int i = random.nextInt(8); i > 0; i--) {
            regions.add((long) random.nextInt(40));
        }
        long[] units = random.nextBoolean() ? new long[] {random.nextInt(10)} : new long[0];
        Long user = random.nextBoolean() ? (long) random.nextInt(6) : null;
        return DataScope.of(regions.stream().mapToLong(Long::longValue).toArray(), units, user);
    }
}
