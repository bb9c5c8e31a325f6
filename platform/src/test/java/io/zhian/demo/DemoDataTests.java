package io.zhian.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhian.ZhianTest;
import io.zhian.shared.Role;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the demo profile loads on an empty database, as a person trying the demo would find it. */
@ZhianTest
class DemoDataTests {

    @Autowired JdbcClient jdbc;

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void theDemoCityHasTheSeedsShapeAndDataInEveryModule() {
        assertThat(count("SELECT count(*) FROM region WHERE level = 'TOWNSHIP'")).isEqualTo(28);
        assertThat(count("SELECT count(*) FROM region WHERE level = 'VILLAGE'")).isGreaterThanOrEqualTo(626);
        assertThat(count("SELECT count(*) FROM fraud_case WHERE case_no LIKE 'FZ%'")).isEqualTo(1500);
        assertThat(count("SELECT count(DISTINCT series_id) FROM fraud_series_member")).isLessThan(1500);
        assertThat(count("SELECT count(*) FROM casework_case WHERE description LIKE '%（演示数据）'")).isBetween(56L, 112L);
        assertThat(count("SELECT count(DISTINCT region_id) FROM casework_case")).isGreaterThan(28);
        // one demo account for every role
        long roles = count("SELECT count(DISTINCT role) FROM role_assignment r JOIN app_user u ON u.id = r.user_id "
                + "WHERE u.display_name LIKE '%（演示）'");
        assertThat(roles).isEqualTo(Arrays.stream(Role.values()).count());
    }
}
