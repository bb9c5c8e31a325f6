package io.zhian.bench;

import io.zhian.linking.CaseRecord;
import io.zhian.linking.HubPolicy;
import io.zhian.linking.Identifier;
import io.zhian.linking.IdentifierNormalizer;
import io.zhian.linking.LinkingConfig;
import io.zhian.linking.NormalizedIdentifier;
import io.zhian.linking.RawIdentifier;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntMaps;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The two baselines of the full-linking benchmark. Both use the same {@link IdentifierNormalizer}, the same
 * weights, series threshold and hub policy (caps, allow, deny) as the engine, so their components must equal
 * the engine's series when no analyst decisions exist.
 */
final class Baselines {
    private Baselines() {
    }

    /** Timings of one baseline run (seconds) and the component label of every case. */
    record Result(int[] labels, Map<String, Double> seconds, String note) {
    }

    /** Normalises every case (in parallel, like the engine) to its de-duplicated accepted identifiers. */
    static Identifier[][] normalise(List<CaseRecord> cases) {
        Identifier[][] out = new Identifier[cases.size()][];
        IntStream.range(0, cases.size()).parallel().forEach(i -> {
            Set<Identifier> ids = new LinkedHashSet<>();
            for (RawIdentifier raw : cases.get(i).identifiers()) {
                NormalizedIdentifier n = IdentifierNormalizer.normalize(raw.type(), raw.raw());
                if (n.isAccepted()) {
                    ids.add(new Identifier(n.type(), n.value()));
                }
            }
            out[i] = ids.toArray(new Identifier[0]);
        });
        return out;
    }

    private static boolean links(LinkingConfig config, Identifier id, int cases) {
        HubPolicy hp = config.hubPolicy();
        return config.weight(id.type()) > 0 && !hp.deny().contains(id) && !hp.isHub(id, cases);
    }

    // ------------------------------------------------------------------ (a) JGraphT

    /**
     * (a) JGraphT: normalise (parallel) → {@code HashMap<Identifier, IntArrayList>} postings → hub policy →
     * per case, pairwise weights to earlier cases over its linking identifiers → every pair with weight ≥ the
     * series threshold becomes an edge of a {@code SimpleGraph<Integer, DefaultEdge>} (all cases are vertices)
     * → {@link ConnectivityInspector#connectedSets()}.
     */
    static Result jgrapht(LinkingConfig config, List<CaseRecord> cases) {
        Map<String, Double> secs = new java.util.LinkedHashMap<>();
        long t0 = System.nanoTime();
        int n = cases.size();
        Identifier[][] ids = normalise(cases);
        secs.put("normalise", since(t0));
        long t1 = System.nanoTime();
        HashMap<Identifier, IntArrayList> postings = new HashMap<>();
        for (int c = 0; c < n; c++) {
            for (Identifier id : ids[c]) {
                postings.computeIfAbsent(id, k -> new IntArrayList(2)).add(c);
            }
        }
        Graph<Integer, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
        for (int c = 0; c < n; c++) {
            g.addVertex(c);
        }
        Int2IntOpenHashMap acc = new Int2IntOpenHashMap();
        long edges = 0;
        for (int c = 0; c < n; c++) {
            acc.clear();
            for (Identifier id : ids[c]) {
                IntArrayList p = postings.get(id);
                if (p.size() < 2 || !links(config, id, p.size())) {
                    continue;
                }
                int w = config.weight(id.type());
                for (int i = 0; i < p.size(); i++) {
                    int d = p.getInt(i);
                    if (d >= c) {
                        break;
                    }
                    acc.addTo(d, w);
                }
            }
            for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(acc)) {
                if (e.getIntValue() >= config.seriesThreshold()) {
                    g.addEdge(e.getIntKey(), c);
                    edges++;
                }
            }
        }
        secs.put("postings+links+graph", since(t1));
        long t2 = System.nanoTime();
        List<Set<Integer>> sets = new ConnectivityInspector<>(g).connectedSets();
        int[] labels = new int[n];
        for (int k = 0; k < sets.size(); k++) {
            for (int v : sets.get(k)) {
                labels[v] = k;
            }
        }
        secs.put("components", since(t2));
        secs.put("total", since(t0));
        return new Result(labels, secs, String.format("%,d edges, %,d components", edges, sets.size()));
    }

    // ------------------------------------------------------------------ (b) PostgreSQL

    /**
     * (b) PostgreSQL: normalise (parallel, in Java) → COPY the (case, type, value) postings into an UNLOGGED
     * table through the driver's CopyManager → in SQL: de-duplicate, count cases per identifier, drop hubs
     * (count &gt; cap) and single-case identifiers, self-join postings on (type, value) and keep case pairs
     * whose summed weight reaches the threshold → iterative min-label propagation ({@code UPDATE … FROM
     * (SELECT min(neighbour label) …)}) until no row changes. Cases without links keep their own label.
     * Runs in its own schema, dropped at the end.
     */
    static Result postgres(LinkingConfig config, List<CaseRecord> cases, String url) throws SQLException {
        HubPolicy hp = config.hubPolicy();
        if (!hp.allow().isEmpty() || !hp.deny().isEmpty()) {
            throw new IllegalArgumentException("SQL baseline supports caps only (no allow/deny lists)");
        }
        Map<String, Double> secs = new java.util.LinkedHashMap<>();
        int n = cases.size();
        String schema = "zhian_bench_" + ProcessHandle.current().pid();
        try (Connection conn = DriverManager.getConnection(url)) {
            conn.setAutoCommit(true);
            try (Statement st = conn.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                st.execute("CREATE SCHEMA " + schema);
                st.execute("SET search_path TO " + schema);
                st.execute("SET work_mem = '1GB'");
                st.execute("SET maintenance_work_mem = '1GB'");
                st.execute("CREATE UNLOGGED TABLE p (c int NOT NULL, t smallint NOT NULL, v text NOT NULL)");
                st.execute("CREATE UNLOGGED TABLE tw (t smallint PRIMARY KEY, weight int NOT NULL, cap int NOT NULL)");
                for (var t : io.zhian.linking.IdentifierType.values()) {
                    st.execute("INSERT INTO tw VALUES (" + t.ordinal() + ", " + config.weight(t) + ", " + hp.cap(t) + ")");
                }
            }
            long t0 = System.nanoTime();
            Identifier[][] ids = normalise(cases);
            secs.put("normalise", since(t0));
            long t1 = System.nanoTime();
            long rows = copy(conn, ids);
            secs.put("COPY", since(t1));
            long t2 = System.nanoTime();
            try (Statement st = conn.createStatement()) {
                st.execute("ANALYZE p");
                st.execute("CREATE UNLOGGED TABLE ident AS SELECT t, v, count(DISTINCT c) AS cnt FROM p GROUP BY t, v");
                st.execute("CREATE UNLOGGED TABLE lp AS SELECT DISTINCT p.c, p.t, p.v, tw.weight FROM p "
                        + "JOIN ident USING (t, v) JOIN tw USING (t) WHERE ident.cnt >= 2 AND ident.cnt <= tw.cap AND tw.weight > 0");
                st.execute("ANALYZE lp");
                st.execute("CREATE UNLOGGED TABLE links AS SELECT a.c AS a, b.c AS b FROM lp a JOIN lp b "
                        + "ON a.t = b.t AND a.v = b.v AND a.c < b.c GROUP BY a.c, b.c HAVING sum(a.weight) >= " + config.seriesThreshold());
                st.execute("CREATE UNLOGGED TABLE e AS SELECT a AS s, b AS d FROM links UNION ALL SELECT b, a FROM links");
                st.execute("CREATE UNLOGGED TABLE lab AS SELECT DISTINCT s AS c, s AS l FROM e");
                st.execute("ALTER TABLE lab ADD PRIMARY KEY (c)");
                st.execute("ANALYZE e");
                st.execute("ANALYZE lab");
            }
            secs.put("SQL links", since(t2));
            long t3 = System.nanoTime();
            int iterations = 0;
            try (Statement st = conn.createStatement()) {
                while (true) {
                    iterations++;
                    int changed = st.executeUpdate("UPDATE lab SET l = m.ml FROM "
                            + "(SELECT e.s, min(x.l) AS ml FROM e JOIN lab x ON x.c = e.d GROUP BY e.s) m "
                            + "WHERE lab.c = m.s AND m.ml < lab.l");
                    if (changed == 0) {
                        break;
                    }
                }
            }
            secs.put("label propagation", since(t3));
            secs.put("total", since(t0));
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i;
            }
            long linkCount;
            try (Statement st = conn.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT c, l FROM lab")) {
                    while (rs.next()) {
                        labels[rs.getInt(1)] = rs.getInt(2);
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM links")) {
                    rs.next();
                    linkCount = rs.getLong(1);
                }
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
            return new Result(labels, secs, String.format("%,d postings copied, %,d links, %d label-propagation iterations (last one confirms no change)",
                    rows, linkCount, iterations));
        }
    }

    private static long copy(Connection conn, Identifier[][] ids) throws SQLException {
        CopyIn in = conn.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY p (c, t, v) FROM STDIN");
        StringBuilder b = new StringBuilder(1 << 20);
        long rows = 0;
        for (int c = 0; c < ids.length; c++) {
            for (Identifier id : ids[c]) {
                b.append(c).append('\t').append(id.type().ordinal()).append('\t');
                String v = id.value();
                for (int i = 0; i < v.length(); i++) {
                    char ch = v.charAt(i);
                    switch (ch) {
                        case '\\' -> b.append("\\\\");
                        case '\t' -> b.append("\\t");
                        case '\n' -> b.append("\\n");
                        case '\r' -> b.append("\\r");
                        default -> b.append(ch);
                    }
                }
                b.append('\n');
                rows++;
            }
            if (b.length() > (1 << 20) - 4096) {
                byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                in.writeToCopy(bytes, 0, bytes.length);
                b.setLength(0);
            }
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
        return rows;
    }

    static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

}
