package io.zhian.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit table and its hash chain. Each row's hash covers the previous row's hash and all of its
 * own content, so altering or deleting any row breaks verification at that row.
 */
@Repository
public class AuditLog {

    public record Entry(Long userId, String username, Long unitId, String clientAddress, String action,
                        String objectType, String objectId, String outcome, String reason, String detail) {}

    public record Row(long id, Instant occurredAt, Long userId, String username, Long unitId,
                      String clientAddress, String action, String objectType, String objectId,
                      String outcome, String reason, String detail, String prevHash, String hash) {}

    public record Filter(Instant from, Instant to, String username, String action, String outcome) {}

    public record Verification(boolean intact, long rowsChecked, Long firstBrokenId, String problem) {}

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside a transaction: the head row lock keeps the chain linear. */
    public long append(Entry e) {
        var head = jdbc.sql("SELECT last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
                .query(String.class).single();
        long id = jdbc.sql("SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String hash = hash(head, id, at, e);
        jdbc.sql("""
                INSERT INTO audit_event (id, occurred_at, user_id, username, unit_id, client_address, action,
                  object_type, object_id, outcome, reason, detail, prev_hash, hash)
                VALUES (:id, :at, :userId, :username, :unitId, :client, :action, :objectType, :objectId,
                  :outcome, :reason, :detail, :prev, :hash)""")
                .param("id", id).param("at", Timestamp.from(at))
                .param("userId", e.userId()).param("username", cut(e.username(), 64)).param("unitId", e.unitId())
                .param("client", cut(e.clientAddress(), 64)).param("action", e.action())
                .param("objectType", e.objectType()).param("objectId", cut(e.objectId(), 64))
                .param("outcome", e.outcome()).param("reason", cut(e.reason(), 500))
                .param("detail", cut(e.detail(), 2000)).param("prev", head).param("hash", hash)
                .update();
        jdbc.sql("UPDATE audit_chain_head SET last_id = :id, last_hash = :hash WHERE id = 1")
                .param("id", id).param("hash", hash).update();
        return id;
    }

    public List<Row> find(Filter f, int offset, int limit) {
        return jdbc.sql("SELECT * FROM audit_event WHERE " + filterSql() + " ORDER BY id DESC OFFSET :offset LIMIT :limit")
                .params(filterParams(f)).param("offset", offset).param("limit", limit)
                .query((rs, n) -> mapRow(rs)).list();
    }

    public long count(Filter f) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE " + filterSql()).params(filterParams(f))
                .query(Long.class).single();
    }

    public void forEach(Filter f, Consumer<Row> consumer) {
        try (var rows = jdbc.sql("SELECT * FROM audit_event WHERE " + filterSql() + " ORDER BY id")
                .params(filterParams(f)).query((rs, n) -> mapRow(rs)).stream()) {
            rows.forEach(consumer);
        }
    }

    /** Walks the whole chain in id order and reports the first row that does not fit. */
    public Verification verify() {
        String expectedPrev = "0".repeat(64);
        long checked = 0;
        Long lastId = null;
        try (var rows = jdbc.sql("SELECT * FROM audit_event ORDER BY id").query((rs, n) -> mapRow(rs)).stream()) {
            for (Row row : (Iterable<Row>) rows::iterator) {
                checked++;
                if (!row.prevHash().equals(expectedPrev)) {
                    return new Verification(false, checked, row.id(),
                            "previous-hash link broken: a row before it was deleted or altered");
                }
                String recomputed = hash(row.prevHash(), row.id(), row.occurredAt(), new Entry(row.userId(),
                        row.username(), row.unitId(), row.clientAddress(), row.action(), row.objectType(),
                        row.objectId(), row.outcome(), row.reason(), row.detail()));
                if (!recomputed.equals(row.hash())) {
                    return new Verification(false, checked, row.id(), "content altered: hash does not match");
                }
                expectedPrev = row.hash();
                lastId = row.id();
            }
        }
        var head = jdbc.sql("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1")
                .query((rs, n) -> new Object[] {rs.getObject("last_id"), rs.getString("last_hash")}).single();
        if (!expectedPrev.equals(head[1])) {
            Object headId = head[0];
            return new Verification(false, checked, headId == null ? null : ((Number) headId).longValue(),
                    "newest rows missing: the chain ends at " + lastId + " but the head records " + headId);
        }
        return new Verification(true, checked, null, null);
    }

    private static String filterSql() {
        return "(CAST(:from AS TIMESTAMPTZ) IS NULL OR occurred_at >= :from)"
                + " AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR occurred_at < :to)"
                + " AND (CAST(:username AS VARCHAR) IS NULL OR username = :username)"
                + " AND (CAST(:action AS VARCHAR) IS NULL OR action = :action)"
                + " AND (CAST(:outcome AS VARCHAR) IS NULL OR outcome = :outcome)";
    }

    private static java.util.Map<String, Object> filterParams(Filter f) {
        var p = new java.util.HashMap<String, Object>();
        p.put("from", f.from() == null ? null : OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
        p.put("to", f.to() == null ? null : OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        p.put("username", blankToNull(f.username()));
        p.put("action", blankToNull(f.action()));
        p.put("outcome", blankToNull(f.outcome()));
        return p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Row mapRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                (Long) rs.getObject("user_id", Long.class), rs.getString("username"),
                (Long) rs.getObject("unit_id", Long.class), rs.getString("client_address"), rs.getString("action"),
                rs.getString("object_type"), rs.getString("object_id"), rs.getString("outcome"),
                rs.getString("reason"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static String hash(String prevHash, long id, Instant at, Entry e) {
        List<String> parts = new ArrayList<>();
        parts.add(prevHash);
        parts.add(Long.toString(id));
        parts.add(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, at)));
        parts.add(str(e.userId()));
        parts.add(str(cut(e.username(), 64)));
        parts.add(str(e.unitId()));
        parts.add(str(cut(e.clientAddress(), 64)));
        parts.add(str(e.action()));
        parts.add(str(e.objectType()));
        parts.add(str(cut(e.objectId(), 64)));
        parts.add(str(e.outcome()));
        parts.add(str(cut(e.reason(), 500)));
        parts.add(str(cut(e.detail(), 2000)));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    // null and "" must hash differently, or blanking a field would go unnoticed
    private static String str(Object o) {
        return o == null ? "\u0000" : o.toString();
    }
}
