package io.zhian.identity.internal;

import io.zhian.identity.NewUser;
import io.zhian.identity.ScopeKind;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnits;
import io.zhian.shared.DataScope;
import io.zhian.shared.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/** Users, their role assignments and their sign-in state. */
@Repository
public class UserStore {

    public record UserRow(long id, String username, String displayName, String phone, long unitId, long regionId,
                          String passwordHash, boolean mustChangePassword, int failedAttempts, Instant lockedUntil,
                          String totpSecret, Instant totpEnrolledAt, Long totpLastStep, boolean enabled,
                          Instant lastLoginAt, int version) {

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }

        public boolean totpEnrolled() {
            return totpEnrolledAt != null && totpSecret != null;
        }
    }

    public record Assignment(long id, long userId, Role role, ScopeKind scope, Long scopeRegionId, Instant grantedAt) {}

    private static final String COLUMNS = "id, username, display_name, phone, unit_id, region_id, password_hash, "
            + "must_change_password, failed_attempts, locked_until, totp_secret, totp_enrolled_at, totp_last_step, enabled, "
            + "last_login_at, version";

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final OrgUnits units;

    UserStore(JdbcClient jdbc, PasswordEncoder encoder, OrgUnits units) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.units = units;
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single();
    }

    public Optional<UserRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE id = :id").param("id", id).query(UserStore::map).optional();
    }

    public Optional<UserRow> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE lower(username) = lower(:u)")
                .param("u", username == null ? "" : username.strip()).query(UserStore::map).optional();
    }

    public List<UserRow> list(DataScope scope, String q, int offset, int limit) {
        String query = q == null ? "" : q.strip();
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user u WHERE " + scope.where("u.region_id", "u.unit_id", "u.id")
                        + " AND (:q = '' OR u.username LIKE :like OR u.display_name LIKE :like) ORDER BY u.username OFFSET :o LIMIT :l")
                .params(scope.params()).param("q", query).param("like", "%" + query + "%").param("o", offset).param("l", limit)
                .query(UserStore::map).list();
    }

    public long count(DataScope scope, String q) {
        String query = q == null ? "" : q.strip();
        return jdbc.sql("SELECT count(*) FROM app_user u WHERE " + scope.where("u.region_id", "u.unit_id", "u.id")
                        + " AND (:q = '' OR u.username LIKE :like OR u.display_name LIKE :like)")
                .params(scope.params()).param("q", query).param("like", "%" + query + "%").query(Long.class).single();
    }

    public long insert(NewUser user, Long createdBy) {
        OrgUnit unit = units.find(user.unitId()).orElseThrow(() -> new IllegalArgumentException("unknown unit " + user.unitId()));
        return jdbc.sql("""
                        INSERT INTO app_user (username, display_name, phone, unit_id, region_id, password_hash,
                          must_change_password, password_changed_at, created_by)
                        VALUES (:username, :name, :phone, :unit, :region, :hash, :mustChange, now(), :createdBy) RETURNING id""")
                .param("username", user.username().strip()).param("name", user.displayName().strip())
                .param("phone", user.phone() == null || user.phone().isBlank() ? null : user.phone().strip())
                .param("unit", unit.id()).param("region", unit.regionId()).param("hash", encoder.encode(user.password()))
                .param("mustChange", user.mustChange()).param("createdBy", createdBy).query(Long.class).single();
    }

    public int updateProfile(long id, String displayName, String phone, long unitId, boolean enabled, int version) {
        OrgUnit unit = units.find(unitId).orElseThrow();
        return jdbc.sql("""
                        UPDATE app_user SET display_name = :name,
                          phone = CASE WHEN CAST(:phone AS VARCHAR) IS NULL THEN phone WHEN :phone = '' THEN NULL ELSE :phone END,
                          unit_id = :unit, region_id = :region,
                          enabled = :enabled, version = version + 1, updated_at = now() WHERE id = :id AND version = :version""")
                .param("name", displayName.strip()).param("phone", phone == null ? null : phone.strip())
                .param("unit", unit.id()).param("region", unit.regionId()).param("enabled", enabled)
                .param("id", id).param("version", version).update();
    }

    public void setPassword(long id, String raw, boolean mustChange) {
        jdbc.sql("""
                        UPDATE app_user SET password_hash = :hash, must_change_password = :mustChange, password_changed_at = now(),
                          failed_attempts = 0, locked_until = NULL, version = version + 1, updated_at = now() WHERE id = :id""")
                .param("hash", encoder.encode(raw)).param("mustChange", mustChange).param("id", id).update();
    }

    public boolean passwordMatches(UserRow user, String raw) {
        return raw != null && encoder.matches(raw, user.passwordHash());
    }

    /** Counts a failed sign-in; locks the account for {@code lockMinutes} at {@code maxFailures}. Returns the new count. */
    public int recordFailure(long id, int maxFailures, int lockMinutes) {
        return jdbc.sql("""
                        UPDATE app_user SET failed_attempts = failed_attempts + 1,
                          locked_until = CASE WHEN failed_attempts + 1 >= :max THEN now() + make_interval(mins => :mins) ELSE locked_until END
                        WHERE id = :id RETURNING failed_attempts""")
                .param("max", maxFailures).param("mins", lockMinutes).param("id", id).query(Integer.class).single();
    }

    public void recordSuccess(long id) {
        jdbc.sql("UPDATE app_user SET failed_attempts = 0, locked_until = NULL, last_login_at = now() WHERE id = :id")
                .param("id", id).update();
    }

    public void unlock(long id) {
        jdbc.sql("UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = :id").param("id", id).update();
    }

    public void startTotpEnrolment(long id, String secret) {
        jdbc.sql("UPDATE app_user SET totp_secret = :s, totp_enrolled_at = NULL, totp_last_step = NULL WHERE id = :id")
                .param("s", secret).param("id", id).update();
    }

    public void completeTotpEnrolment(long id, long step) {
        jdbc.sql("UPDATE app_user SET totp_enrolled_at = now(), totp_last_step = :step WHERE id = :id")
                .param("step", step).param("id", id).update();
    }

    public void resetTotp(long id) {
        jdbc.sql("UPDATE app_user SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL WHERE id = :id")
                .param("id", id).update();
    }

    /** Marks a TOTP step used; false when it (or a later one) was used already: a replayed code. */
    public boolean useTotpStep(long id, long step) {
        return jdbc.sql("UPDATE app_user SET totp_last_step = :step WHERE id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)")
                .param("step", step).param("id", id).update() == 1;
    }

    public List<Assignment> assignments(long userId) {
        return jdbc.sql("SELECT id, user_id, role, scope_kind, scope_region_id, granted_at FROM role_assignment WHERE user_id = :u ORDER BY role")
                .param("u", userId)
                .query((rs, n) -> new Assignment(rs.getLong("id"), rs.getLong("user_id"), Role.valueOf(rs.getString("role")),
                        ScopeKind.valueOf(rs.getString("scope_kind")), rs.getObject("scope_region_id", Long.class),
                        rs.getTimestamp("granted_at").toInstant()))
                .list();
    }

    public void assign(long userId, Role role, ScopeKind scope, Long scopeRegionId, Long grantedBy) {
        jdbc.sql("""
                        INSERT INTO role_assignment (user_id, role, scope_kind, scope_region_id, granted_by) VALUES (:u, :role, :scope, :region, :by)
                        ON CONFLICT (user_id, role) DO UPDATE SET scope_kind = EXCLUDED.scope_kind, scope_region_id = EXCLUDED.scope_region_id,
                          granted_by = EXCLUDED.granted_by, granted_at = now()""")
                .param("u", userId).param("role", role.name()).param("scope", scope.name())
                .param("region", scope == ScopeKind.REGION ? scopeRegionId : null).param("by", grantedBy).update();
    }

    public int revoke(long userId, Role role) {
        return jdbc.sql("DELETE FROM role_assignment WHERE user_id = :u AND role = :role").param("u", userId)
                .param("role", role.name()).update();
    }

    private static UserRow map(ResultSet rs, int n) throws SQLException {
        return new UserRow(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"), rs.getString("phone"),
                rs.getLong("unit_id"), rs.getLong("region_id"), rs.getString("password_hash"), rs.getBoolean("must_change_password"),
                rs.getInt("failed_attempts"), instant(rs.getTimestamp("locked_until")), rs.getString("totp_secret"),
                instant(rs.getTimestamp("totp_enrolled_at")), rs.getObject("totp_last_step", Long.class), rs.getBoolean("enabled"),
                instant(rs.getTimestamp("last_login_at")), rs.getInt("version"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
