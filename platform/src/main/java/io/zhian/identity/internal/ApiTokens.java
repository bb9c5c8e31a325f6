package io.zhian.identity.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens for machine clients. A token acts as its user, with the user's roles and scope. Only a
 * SHA-256 hash is stored; the token is shown once when created. Revocation takes effect at once.
 */
@Service
public class ApiTokens {

    public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant revokedAt,
                            Instant lastUsedAt) {
        public boolean active(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    public record IssuedToken(TokenInfo info, String token) {}

    static final String PREFIX = "zh_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    ApiTokens(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional
    public IssuedToken issue(long userId, String name, Integer days) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            problems.add(new FieldProblem("name", "is required, at most 100 characters"));
        }
        if (days != null && (days < 1 || days > 366)) {
            problems.add(new FieldProblem("days", "must be between 1 and 366"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = PREFIX + HexFormat.of().formatHex(bytes);
        Instant expires = Instant.now().plus(days == null ? 90 : days, ChronoUnit.DAYS);
        long id = jdbc.sql("""
                        INSERT INTO api_token (user_id, name, token_prefix, token_hash, expires_at) VALUES (:u, :name, :prefix, :hash, :exp)
                        RETURNING id""")
                .param("u", userId).param("name", name.strip()).param("prefix", token.substring(0, 11))
                .param("hash", hash(token)).param("exp", Timestamp.from(expires)).query(Long.class).single();
        audit.record("TOKEN_ISSUE", "api_token", id, name.strip());
        return new IssuedToken(find(userId, id).orElseThrow(), token);
    }

    public List<TokenInfo> list(long userId) {
        return jdbc.sql("SELECT * FROM api_token WHERE user_id = :u ORDER BY created_at DESC").param("u", userId)
                .query((rs, n) -> map(rs)).list();
    }

    @Transactional
    public void revoke(long userId, long tokenId) {
        int n = jdbc.sql("UPDATE api_token SET revoked_at = now() WHERE id = :id AND user_id = :u AND revoked_at IS NULL")
                .param("id", tokenId).param("u", userId).update();
        if (n == 0 && find(userId, tokenId).isEmpty()) {
            throw new NotFoundException("api_token", tokenId);
        }
        audit.record("TOKEN_REVOKE", "api_token", tokenId, null);
    }

    /** The user id a presented token acts for, if it is known, not revoked and not expired. */
    public Optional<Long> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        UPDATE api_token SET last_used_at = now() WHERE token_hash = :h AND revoked_at IS NULL
                          AND (expires_at IS NULL OR expires_at > now()) RETURNING user_id""")
                .param("h", hash(token)).query(Long.class).optional();
    }

    private Optional<TokenInfo> find(long userId, long id) {
        return jdbc.sql("SELECT * FROM api_token WHERE id = :id AND user_id = :u").param("id", id).param("u", userId)
                .query((rs, n) -> map(rs)).optional();
    }

    private static TokenInfo map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("token_prefix"), ts(rs, "created_at"),
                ts(rs, "expires_at"), ts(rs, "revoked_at"), ts(rs, "last_used_at"));
    }

    private static Instant ts(java.sql.ResultSet rs, String col) throws java.sql.SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
