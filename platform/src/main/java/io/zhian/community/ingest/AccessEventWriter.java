package io.zhian.community.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Writes a batch of access events in one statement and one transaction: the arrays are unnested
 * server-side and duplicates (same device + device event id) are skipped by the unique index. Returns
 * only after the commit, so a caller that acknowledges afterwards (MQTT) loses nothing on a crash.
 */
public final class AccessEventWriter {

    static final String INSERT = """
            INSERT INTO community_access_event (compound_id, device_id, device_event_id, occurred_at, direction,
                credential_type, resident_id, visitor_pass_id, result)
            SELECT * FROM unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::varchar[], ?::varchar[],
                ?::bigint[], ?::bigint[], ?::varchar[])
            ON CONFLICT (device_id, device_event_id) DO NOTHING
            RETURNING compound_id""";

    /** How many were new, and the compounds that received new events (for the live boards). */
    public record Written(int inserted, int duplicates, Set<Long> compounds) {}

    private final DataSource dataSource;

    public AccessEventWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Written write(List<AccessEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return new Written(0, 0, Set.of());
        }
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Written w = write(c, events);
                c.commit();
                return w;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** Writes on the caller's connection and transaction. */
    public static Written write(Connection c, List<AccessEvent> events) throws SQLException {
        int n = events.size();
        Long[] compound = new Long[n];
        String[] device = new String[n];
        String[] eventId = new String[n];
        Timestamp[] at = new Timestamp[n];
        String[] direction = new String[n];
        String[] credential = new String[n];
        Long[] resident = new Long[n];
        Long[] pass = new Long[n];
        String[] result = new String[n];
        for (int i = 0; i < n; i++) {
            AccessEvent e = events.get(i);
            compound[i] = e.compoundId();
            device[i] = e.deviceId();
            eventId[i] = e.deviceEventId();
            at[i] = Timestamp.from(e.at());
            direction[i] = e.direction();
            credential[i] = e.credentialType();
            resident[i] = e.residentId();
            pass[i] = e.visitorPassId();
            result[i] = e.result();
        }
        Set<Long> compounds = new TreeSet<>();
        int inserted = 0;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Array[] arrays = {c.createArrayOf("bigint", compound), c.createArrayOf("varchar", device),
                    c.createArrayOf("varchar", eventId), c.createArrayOf("timestamptz", at), c.createArrayOf("varchar", direction),
                    c.createArrayOf("varchar", credential), c.createArrayOf("bigint", resident), c.createArrayOf("bigint", pass),
                    c.createArrayOf("varchar", result)};
            for (int i = 0; i < arrays.length; i++) {
                ps.setArray(i + 1, arrays[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted++;
                    compounds.add(rs.getLong(1));
                }
            }
        }
        return new Written(inserted, n - inserted, compounds);
    }
}
