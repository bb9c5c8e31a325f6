package io.zhian.linking;

import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntMaps;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntMaps;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrays;
import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntMaps;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The case-linking index (案件串并): normalises identifiers, links cases that share them, and keeps
 * case series (串案) and gangs (团伙) with stable series ids.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>The link weight of two cases is the sum of the {@linkplain LinkingConfig#weights() type weights}
 *       of the non-hub, non-denied identifiers they share. A series is a connected component of links with
 *       weight &gt;= {@code seriesThreshold}; a gang is one at &gt;= {@code gangThreshold}.</li>
 *   <li>Hubs ({@link HubPolicy}) never link. Hub status uses the current count of live cases.</li>
 *   <li>Analyst decisions win. Must-link pairs are joined before any identifier link (gang and series).
 *       Cannot-link pairs are never put in the same series: identifier links are applied in a fixed order
 *       (cases by insertion order; for each case its links to earlier cases by ascending insertion order),
 *       and a link whose union would put a cannot-link pair into one series is skipped. Same input, same
 *       decisions → same series. Gangs ignore cannot-link. A decision that contradicts the must-link
 *       closure of earlier decisions is refused with {@link IllegalArgumentException}; a new decision on
 *       the same pair replaces the old one.</li>
 *   <li>Series ids: a series keeps its id when it grows. When series merge, the lowest (oldest) id survives.
 *       When a series splits, the part holding most of its cases keeps the id (ties: the part with the
 *       earliest-inserted case) and the others get fresh ids from the counter. Both are recorded in
 *       {@link #history()}. Every component, singletons included, has an id.</li>
 * </ul>
 *
 * <h2>Incrementality</h2>
 * Adding a case is incremental: only its own links are evaluated (bounded by the hub caps) and unioned.
 * Union-find cannot un-union, so changes that remove links — removing a case, a cannot-link decision,
 * an identifier crossing its hub cap, a must-link (which changes the cannot-link cut order) — rebuild only
 * the affected <em>gang</em> components (gangs contain every candidate series link, so they are closed
 * under the change). Changing the hub policy rebuilds everything. Incremental results are identical to a
 * full build of the same cases and decisions.
 *
 * <p>Not thread-safe: callers serialise writes (the platform owns one index per tenant behind a lock).
 */
public final class CaseLinkIndex {

    private static final byte FLAG_ALLOW = 1;
    private static final byte FLAG_DENY = 2;

    private final LinkingConfig config;
    private HubPolicy hubPolicy;
    private final int seriesThreshold;
    private final int gangThreshold;
    private final int[] weightByType;
    private final int[] capByType = new int[IdentifierType.values().length];

    /** Number of hash partitions of the identifier dictionary (lets a bulk build intern on several cores). */
    private static final int PART_BITS = 2;
    private static final int PARTS = 1 << PART_BITS;
    private static final IdentifierType[] TYPES = IdentifierType.values();
    private static final int TYPE_COUNT = TYPES.length;
    /** Bulk builds of at least this many cases normalise and intern on several cores. */
    private static final int PARALLEL_MIN_CASES = 20_000;

    // identifier dictionary: (type, normalised value) -> compact int id, one String-keyed map per
    // (hash partition, type); plus postings (sorted case slots of live cases)
    @SuppressWarnings("unchecked")
    private final Object2IntOpenHashMap<String>[] dict = new Object2IntOpenHashMap[PARTS * TYPE_COUNT];
    /** Digit-only values (see {@link #numericKey}) live here instead of in {@link #dict}. */
    private final Long2IntOpenHashMap[] numDict = new Long2IntOpenHashMap[PARTS * TYPE_COUNT];
    private final ObjectArrayList<Identifier> idents = new ObjectArrayList<>();
    private byte[] identType = new byte[1024];
    private byte[] identFlags = new byte[1024];
    private int[][] postings = new int[1024][];
    private int[] postingSize = new int[1024];

    // cases: slot = insertion order; removed cases leave a dead slot
    private final Object2IntOpenHashMap<String> caseSlots = new Object2IntOpenHashMap<>();
    private final ObjectArrayList<String> caseKeys = new ObjectArrayList<>();
    private final ObjectArrayList<CaseAttributes> caseAttrs = new ObjectArrayList<>();
    private int[][] caseIdents = new int[1024][];
    private boolean[] alive = new boolean[1024];
    private int liveCount;

    private final DisjointSets series = new DisjointSets();
    private final DisjointSets gang = new DisjointSets();
    private long[] seriesIdAtRoot = new long[1024];

    // analyst decisions
    private final List<AnalystDecision> decisions = new ArrayList<>();
    private final Int2ObjectOpenHashMap<IntArrayList> mustPartners = new Int2ObjectOpenHashMap<>();
    private final Int2ObjectOpenHashMap<IntArrayList> cannotPartners = new Int2ObjectOpenHashMap<>();
    /** series root -> its members that have cannot-link partners (only for such series). */
    private final Int2ObjectOpenHashMap<IntArrayList> constrainedByRoot = new Int2ObjectOpenHashMap<>();

    private final long[] rejectedByReason = new long[RejectionReason.values().length];
    private final Int2ObjectOpenHashMap<byte[]> rejectedOfCase = new Int2ObjectOpenHashMap<>();

    private long nextSeriesId = 1;
    private long nextEventSequence = 1;
    private final List<SeriesEvent> history = new ArrayList<>();

    private final Int2IntOpenHashMap scratchWeights = new Int2IntOpenHashMap();
    private int[] scratchNeighbors = new int[64];

    public CaseLinkIndex(LinkingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.seriesThreshold = config.seriesThreshold();
        this.gangThreshold = config.gangThreshold();
        this.weightByType = new int[IdentifierType.values().length];
        for (IdentifierType t : IdentifierType.values()) {
            weightByType[t.ordinal()] = config.weight(t);
        }
        for (int i = 0; i < dict.length; i++) {
            dict[i] = new Object2IntOpenHashMap<>();
            dict[i].defaultReturnValue(-1);
            numDict[i] = new Long2IntOpenHashMap();
            numDict[i].defaultReturnValue(-1);
        }
        caseSlots.defaultReturnValue(-1);
        applyPolicy(config.hubPolicy());
    }

    /** Builds an index from scratch in one pass (faster than adding one by one; same result). */
    public static CaseLinkIndex build(LinkingConfig config, Collection<CaseRecord> cases) {
        return restore(config, LinkingState.empty(), cases);
    }

    /**
     * Rebuilds an index from persisted state plus the cases (re-read by the caller). Series ids of the
     * previous assignment are kept where the series still exist; changes since are recorded as merges
     * and splits.
     */
    public static CaseLinkIndex restore(LinkingConfig config, LinkingState state, Collection<CaseRecord> cases) {
        CaseLinkIndex index = new CaseLinkIndex(config);
        long maxOld = 0;
        for (long id : state.seriesByCase().values()) {
            maxOld = Math.max(maxOld, id);
        }
        index.nextSeriesId = Math.max(state.nextSeriesId(), maxOld + 1);
        index.nextEventSequence = state.nextEventSequence();
        index.bulkInsert(cases);
        for (AnalystDecision d : state.decisions()) {
            int a = index.caseSlots.getInt(d.caseA());
            int b = index.caseSlots.getInt(d.caseB());
            if (a >= 0 && b >= 0) { // decisions about cases no longer supplied are dropped
                index.recordDecision(d, a, b);
            }
        }
        int[] all = index.liveSlots();
        long[] old = new long[all.length];
        for (int i = 0; i < all.length; i++) {
            Long id = state.seriesByCase().get(index.caseKeys.get(all[i]));
            old[i] = id == null ? 0 : id;
        }
        index.rebuild(all, old, null, "restore");
        return index;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Adds one case and links it incrementally.
     *
     * @return the series id the case ends up in
     * @throws IllegalArgumentException if a live case with the same key exists
     */
    public long add(CaseRecord record) {
        int c = insert(record);
        IntArrayList seeds = null;
        StringBuilder cause = null;
        for (int x : caseIdents[c]) {
            if (isNewHubAt(x, postingSize[x])) {
                if (seeds == null) {
                    seeds = new IntArrayList();
                    cause = new StringBuilder("hub cap exceeded by case ").append(record.key()).append(':');
                }
                cause.append(' ').append(idents.get(x));
                for (int i = 0; i < postingSize[x]; i++) {
                    if (postings[x][i] != c) {
                        seeds.add(postings[x][i]);
                    }
                }
            }
        }
        if (seeds != null) {
            rebuildClosure(seeds, -1, cause.toString());
        }
        linkIdentifiers(c, true, null); // cause text is built only if a merge happens
        int root = series.find(c);
        if (seriesIdAtRoot[root] == 0) {
            seriesIdAtRoot[root] = nextSeriesId++;
        }
        return seriesIdAtRoot[root];
    }

    /** Adds cases one by one (see {@link #add}). */
    public void addAll(Collection<CaseRecord> records) {
        for (CaseRecord r : records) {
            add(r);
        }
    }

    /**
     * Removes a case (e.g. withdrawn or merged duplicate report). Its series may split; decisions
     * involving it are dropped.
     *
     * @return false if no such case
     */
    public boolean remove(String key) {
        int c = caseSlots.getInt(key);
        if (c < 0) {
            return false;
        }
        IntArrayList seeds = new IntArrayList();
        for (int m = gang.next(c); m != c; m = gang.next(m)) {
            seeds.add(m);
        }
        alive[c] = false;
        liveCount--;
        caseSlots.removeInt(key);
        byte[] rej = rejectedOfCase.remove(c);
        if (rej != null) {
            for (byte r : rej) {
                rejectedByReason[r]--;
            }
        }
        for (int x : caseIdents[c]) {
            int before = postingSize[x];
            removePosting(x, c);
            if (isNewHubAt(x, before)) { // it was a hub by exactly one case: it links again now
                for (int i = 0; i < postingSize[x]; i++) {
                    seeds.add(postings[x][i]);
                }
            }
        }
        dropDecisionsOf(c);
        rebuildClosure(seeds, c, "case " + key + " removed");
        return true;
    }

    /** Analyst decision: a and b belong to one series, whatever the identifiers say. */
    public void mustLink(String caseA, String caseB, String note) {
        decide(new AnalystDecision(AnalystDecision.Kind.MUST_LINK, caseA, caseB, note));
    }

    /** Analyst decision: a and b must never be in one series. */
    public void cannotLink(String caseA, String caseB, String note) {
        decide(new AnalystDecision(AnalystDecision.Kind.CANNOT_LINK, caseA, caseB, note));
    }

    private void decide(AnalystDecision d) {
        int a = requireSlot(d.caseA());
        int b = requireSlot(d.caseB());
        // checks ignore an existing decision on the same pair: the new decision replaces it
        if (d.kind() == AnalystDecision.Kind.MUST_LINK) {
            IntOpenHashSet ma = mustClosure(a, a, b);
            IntOpenHashSet mb = mustClosure(b, a, b);
            for (int x : ma) {
                IntArrayList ps = cannotPartners.get(x);
                if (ps != null) {
                    for (int p : ps) {
                        boolean samePair = x == a && p == b || x == b && p == a;
                        if (!samePair && mb.contains(p)) {
                            throw new IllegalArgumentException("must-link " + d.caseA() + "/" + d.caseB()
                                    + " contradicts cannot-link " + caseKeys.get(x) + "/" + caseKeys.get(p));
                        }
                    }
                }
            }
        } else if (mustClosure(a, a, b).contains(b)) {
            throw new IllegalArgumentException("cannot-link " + d.caseA() + "/" + d.caseB()
                    + " contradicts must-link decisions that join them");
        }
        removeDecisionPair(a, b);
        recordDecision(d, a, b);
        IntArrayList seeds = IntArrayList.of(a, b);
        String cause = (d.kind() == AnalystDecision.Kind.MUST_LINK ? "must-link " : "cannot-link ")
                + d.caseA() + "/" + d.caseB();
        rebuildClosure(seeds, -1, cause);
    }

    /** Replaces the hub policy (caps, allow, deny) and rebuilds all series; ids stay stable where possible. */
    public void setHubPolicy(HubPolicy policy) {
        applyPolicy(Objects.requireNonNull(policy, "policy"));
        for (int x = 0; x < idents.size(); x++) {
            identFlags[x] = flagsOf(idents.get(x));
        }
        int[] all = liveSlots();
        long[] old = new long[all.length];
        for (int i = 0; i < all.length; i++) {
            old[i] = seriesIdAtRoot[series.find(all[i])];
        }
        rebuild(all, old, null, "hub policy changed");
    }

    // ------------------------------------------------------------------ reads

    public LinkingConfig config() {
        return config.withHubPolicy(hubPolicy);
    }

    public HubPolicy hubPolicy() {
        return hubPolicy;
    }

    /** Number of live cases. */
    public int size() {
        return liveCount;
    }

    public boolean contains(String key) {
        return caseSlots.containsKey(key);
    }

    /** Series id of a case, or -1 if unknown. */
    public long seriesIdOf(String key) {
        int c = caseSlots.getInt(key);
        return c < 0 ? -1 : seriesIdAtRoot[series.find(c)];
    }

    /** The series containing a case, or null if unknown. */
    public CaseSeries seriesOf(String key) {
        int c = caseSlots.getInt(key);
        if (c < 0) {
            return null;
        }
        return new CaseSeries(seriesIdAtRoot[series.find(c)], keysOf(members(series, c)));
    }

    /** All series with at least {@code minSize} cases, ordered by series id. */
    public List<CaseSeries> series(int minSize) {
        Long2ObjectLinkedOpenHashMap<List<String>> byId = new Long2ObjectLinkedOpenHashMap<>();
        for (int c = 0; c < caseKeys.size(); c++) {
            if (alive[c]) {
                int r = series.find(c);
                if (series.sizeOfRoot(r) >= minSize) {
                    byId.computeIfAbsent(seriesIdAtRoot[r], k -> new ArrayList<>()).add(caseKeys.get(c));
                }
            }
        }
        long[] ids = byId.keySet().toLongArray();
        LongArrays.quickSort(ids);
        List<CaseSeries> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            out.add(new CaseSeries(id, byId.get(id)));
        }
        return out;
    }

    /** The gang containing a case, or null if unknown. */
    public Gang gangOf(String key) {
        int c = caseSlots.getInt(key);
        if (c < 0) {
            return null;
        }
        int[] m = members(gang, c);
        java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
        for (int x : m) {
            ids.add(seriesIdAtRoot[series.find(x)]);
        }
        return new Gang(new ArrayList<>(ids), keysOf(m));
    }

    /** Normalised identifiers of a case (accepted ones only), sorted. */
    public List<Identifier> identifiersOf(String key) {
        int c = caseSlots.getInt(key);
        if (c < 0) {
            return List.of();
        }
        List<Identifier> out = new ArrayList<>();
        for (int x : caseIdents[c]) {
            out.add(idents.get(x));
        }
        Collections.sort(out);
        return out;
    }

    public CaseAttributes attributesOf(String key) {
        int c = caseSlots.getInt(key);
        return c < 0 ? null : caseAttrs.get(c);
    }

    /** Analyst decisions currently in force, in the order they were made. */
    public List<AnalystDecision> decisions() {
        return List.copyOf(decisions);
    }

    /** Merge/split history since this index was created or restored. */
    public List<SeriesEvent> history() {
        return List.copyOf(history);
    }

    /**
     * The events with a sequence number above {@code sequence}, oldest first. Cheap when few are new:
     * events are appended in sequence order, so only the tail is read (callers that persist events
     * after every change need not copy the whole history each time).
     */
    public List<SeriesEvent> historySince(long sequence) {
        int from = history.size();
        while (from > 0 && history.get(from - 1).sequence() > sequence) {
            from--;
        }
        return List.copyOf(history.subList(from, history.size()));
    }

    /** Exports ids, counter and decisions as plain data for persistence. */
    public LinkingState exportState() {
        Map<String, Long> assignment = new LinkedHashMap<>(liveCount * 2);
        for (int c = 0; c < caseKeys.size(); c++) {
            if (alive[c]) {
                assignment.put(caseKeys.get(c), seriesIdAtRoot[series.find(c)]);
            }
        }
        return new LinkingState(nextSeriesId, assignment, decisions, nextEventSequence);
    }

    /**
     * Why two cases are linked: a shortest chain (by hops) of shared identifiers / must-link decisions
     * inside their series. BFS explores neighbours in insertion order, so ties resolve deterministically.
     */
    public LinkEvidence evidence(String keyA, String keyB) {
        int a = caseSlots.getInt(keyA);
        int b = caseSlots.getInt(keyB);
        if (a < 0 || b < 0) {
            return new LinkEvidence(keyA, keyB, false, -1, List.of(),
                    "unknown case " + (a < 0 ? keyA : keyB));
        }
        int root = series.find(a);
        if (root != series.find(b)) {
            long sa = seriesIdAtRoot[root];
            long sb = seriesIdAtRoot[series.find(b)];
            boolean sameGang = gang.find(a) == gang.find(b);
            boolean cut = isCannotPair(a, b);
            return new LinkEvidence(keyA, keyB, false, -1, List.of(),
                    "not in the same series (" + keyA + " in series " + sa + ", " + keyB + " in series " + sb + ")"
                            + (cut ? "; analyst decided cannot-link" : "")
                            + (sameGang ? "; same gang at the lower threshold" : ""));
        }
        long sid = seriesIdAtRoot[root];
        if (a == b) {
            return new LinkEvidence(keyA, keyB, true, sid, List.of(), "same case");
        }
        Int2IntOpenHashMap parent = new Int2IntOpenHashMap();
        parent.put(a, a);
        IntArrayList queue = new IntArrayList();
        queue.add(a);
        outer:
        for (int qi = 0; qi < queue.size(); qi++) {
            int c = queue.getInt(qi);
            for (int d : seriesNeighbours(c, root)) {
                if (!parent.containsKey(d)) {
                    parent.put(d, c);
                    if (d == b) {
                        break outer;
                    }
                    queue.add(d);
                }
            }
        }
        if (!parent.containsKey(b)) { // cannot happen: a series is connected by its links
            throw new IllegalStateException("series " + sid + " is not connected between " + keyA + " and " + keyB);
        }
        IntArrayList path = new IntArrayList();
        for (int x = b; x != a; x = parent.get(x)) {
            path.add(x);
        }
        path.add(a);
        List<EvidenceHop> hops = new ArrayList<>();
        for (int i = path.size() - 1; i > 0; i--) {
            int from = path.getInt(i);
            int to = path.getInt(i - 1);
            List<SharedIdentifier> shared = sharedIdentifiers(from, to);
            int w = 0;
            for (SharedIdentifier s : shared) {
                w += s.weight();
            }
            boolean must = isMustPair(from, to);
            hops.add(new EvidenceHop(caseKeys.get(from), caseKeys.get(to), shared, w, must));
        }
        return new LinkEvidence(keyA, keyB, true, sid, hops,
                "same series " + sid + " via " + hops.size() + " hop" + (hops.size() == 1 ? "" : "s"));
    }

    /** Quality report over the current state (computes bridges: O(total postings)). */
    public QualityReport qualityReport() {
        Int2IntOpenHashMap seriesSizes = new Int2IntOpenHashMap();
        Int2IntOpenHashMap gangSizes = new Int2IntOpenHashMap();
        for (int c = 0; c < caseKeys.size(); c++) {
            if (alive[c]) {
                seriesSizes.addTo(series.find(c), 1);
                gangSizes.addTo(gang.find(c), 1);
            }
        }
        int[] sizes = seriesSizes.values().toIntArray();
        IntArrays.quickSort(sizes);
        int seriesCount = 0;
        int singletons = 0;
        for (int s : sizes) {
            if (s >= 2) {
                seriesCount++;
            } else {
                singletons++;
            }
        }
        int gangCount = 0;
        for (int s : gangSizes.values()) {
            if (s >= 2) {
                gangCount++;
            }
        }
        int max = sizes.length == 0 ? 0 : sizes[sizes.length - 1];
        boolean giant = liveCount > 0 && max >= 2 && max > config.giantShare() * liveCount;

        List<QualityReport.HubIdentifier> hubs = new ArrayList<>();
        for (int x = 0; x < idents.size(); x++) {
            if ((identFlags[x] & FLAG_DENY) == 0 && isHub(x)) {
                hubs.add(new QualityReport.HubIdentifier(idents.get(x), postingSize[x], capByType[identType[x]]));
            }
        }
        hubs.sort((p, q) -> p.caseCount() != q.caseCount() ? Integer.compare(q.caseCount(), p.caseCount())
                : p.identifier().compareTo(q.identifier()));

        Map<RejectionReason, Long> rejected = new EnumMap<>(RejectionReason.class);
        for (RejectionReason r : RejectionReason.values()) {
            if (rejectedByReason[r.ordinal()] > 0) {
                rejected.put(r, rejectedByReason[r.ordinal()]);
            }
        }
        return new QualityReport(liveCount, seriesCount, singletons, gangCount,
                percentile(sizes, 0.50), percentile(sizes, 0.90), percentile(sizes, 0.99), max, giant,
                hubs, rejected, bridges());
    }

    // ------------------------------------------------------------------ internals: input

    private int insert(CaseRecord record) {
        if (caseSlots.containsKey(record.key())) {
            throw new IllegalArgumentException("case " + record.key() + " already indexed");
        }
        int c = caseKeys.size();
        caseKeys.add(record.key());
        caseAttrs.add(record.attributes());
        caseSlots.put(record.key(), c);
        if (c >= alive.length) {
            ensureCaseCapacity(c + 1);
        }
        alive[c] = true;
        liveCount++;
        series.makeSet(c);
        gang.makeSet(c);
        seriesIdAtRoot[c] = 0;

        IntArrayList ids = new IntArrayList(record.identifiers().size());
        byte[] rejected = null;
        int nRejected = 0;
        for (RawIdentifier raw : record.identifiers()) {
            NormalizedIdentifier n = IdentifierNormalizer.normalize(raw.type(), raw.raw());
            if (!n.isAccepted()) {
                if (rejected == null) {
                    rejected = new byte[record.identifiers().size()];
                }
                rejected[nRejected++] = (byte) n.reason().ordinal();
                rejectedByReason[n.reason().ordinal()]++;
                continue;
            }
            int x = intern(new Identifier(n.type(), n.value()));
            if (!ids.contains(x)) {
                ids.add(x);
            }
        }
        if (rejected != null) {
            rejectedOfCase.put(c, java.util.Arrays.copyOf(rejected, nRejected));
        }
        int[] arr = ids.toIntArray();
        IntArrays.quickSort(arr);
        caseIdents[c] = arr;
        for (int x : arr) {
            addPosting(x, c);
        }
        return c;
    }

    private static int partOf(int hash) {
        return (hash * 0x9E3779B9) >>> (32 - PART_BITS); // top bits: the maps themselves index by low bits
    }

    private static int partOfKey(long key) {
        return partOf((int) (key ^ (key >>> 32)));
    }

    private static final long KEY_DIGITS_MASK = (1L << 57) - 1;

    /**
     * A digits-only value (phone after its '+', bank card, IMEI) of at most 17 digits packed into a long:
     * digit count in the top bits, the number below; -1 if the value has another shape. Such values are
     * interned in {@code long}-keyed maps (no String hashing/equals, no pointer chasing).
     */
    static long numericKey(int type, String v) {
        int from;
        if (type == IdentifierType.PHONE.ordinal()) {
            if (v.length() < 2 || v.charAt(0) != '+') {
                return -1;
            }
            from = 1;
        } else if (type == IdentifierType.BANK_CARD.ordinal() || type == IdentifierType.DEVICE_ID.ordinal()) {
            from = 0;
        } else {
            return -1;
        }
        int len = v.length() - from;
        if (len < 1 || len > 17) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return ((long) len << 57) | n;
    }

    /** Inverse of {@link #numericKey}. */
    static String numericValue(int type, long key) {
        int len = (int) (key >>> 57);
        long n = key & KEY_DIGITS_MASK;
        int from = type == IdentifierType.PHONE.ordinal() ? 1 : 0;
        byte[] b = new byte[from + len];
        if (from == 1) {
            b[0] = '+';
        }
        for (int i = b.length - 1; i >= from; i--) {
            b[i] = (byte) ('0' + (int) (n % 10));
            n /= 10;
        }
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private int lookupIdent(int type, String value) {
        long key = numericKey(type, value);
        if (key >= 0) {
            return numDict[partOfKey(key) * TYPE_COUNT + type].get(key);
        }
        return dict[partOf(value.hashCode()) * TYPE_COUNT + type].getInt(value);
    }

    private int intern(Identifier id) {
        int t = id.type().ordinal();
        int x = lookupIdent(t, id.value());
        if (x >= 0) {
            return x;
        }
        x = idents.size();
        ensureIdentCapacity(x + 1);
        idents.add(id);
        long key = numericKey(t, id.value());
        if (key >= 0) {
            numDict[partOfKey(key) * TYPE_COUNT + t].put(key, x);
        } else {
            dict[partOf(id.value().hashCode()) * TYPE_COUNT + t].put(id.value(), x);
        }
        identType[x] = (byte) t;
        identFlags[x] = flagsOf(id);
        postings[x] = new int[1];
        postingSize[x] = 0;
        return x;
    }

    private void ensureIdentCapacity(int n) {
        if (n > identType.length) {
            int cap = Math.max(n, identType.length * 2);
            identType = java.util.Arrays.copyOf(identType, cap);
            identFlags = java.util.Arrays.copyOf(identFlags, cap);
            postings = java.util.Arrays.copyOf(postings, cap);
            postingSize = IntArrays.ensureCapacity(postingSize, cap);
        }
    }

    private void ensureCaseCapacity(int n) {
        if (n > alive.length) {
            int cap = Math.max(n, alive.length * 2);
            alive = java.util.Arrays.copyOf(alive, cap);
            caseIdents = java.util.Arrays.copyOf(caseIdents, cap);
            seriesIdAtRoot = LongArrays.ensureCapacity(seriesIdAtRoot, cap);
        }
        series.ensureCapacity(n);
        gang.ensureCapacity(n);
    }

    /** Runs body(0 … tasks-1), on the common fork-join pool when {@code parallel}. */
    private static void run(int tasks, boolean parallel, java.util.function.IntConsumer body) {
        if (parallel && tasks > 1) {
            java.util.stream.IntStream.range(0, tasks).parallel().forEach(body);
        } else {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
        }
    }

    private static int chunkStart(int n, int chunks, int ch) {
        return (int) ((long) n * ch / chunks);
    }

    /**
     * Bulk version of {@link #insert} for an empty index. Same slots, identifier ids (numbered in order of
     * first occurrence, as one-by-one inserts number them), postings, rejections and duplicate-key error as
     * inserting the cases one by one; the work is laid out for several cores and few objects:
     * <ol>
     *   <li>normalisation runs in parallel over chunks of cases into flat per-occurrence arrays; digit-only
     *       values (phones, cards, IMEIs) are packed into longs right away, so their Strings die young;</li>
     *   <li>interning runs in parallel, one task per hash partition of the dictionary (each task owns its
     *       maps, presized from counts of step 1) and marks each identifier's first occurrence; the case-key
     *       map is filled by one more task at the same time;</li>
     *   <li>global ids = rank of the first occurrence (one sequential scan of a byte array), then in parallel:
     *       ids per occurrence, each case's sorted duplicate-free id array, the {@link Identifier} objects,
     *       and the dictionary values rewritten from local to global ids;</li>
     *   <li>postings are allocated at their exact size and filled in slot order (hence sorted), in parallel
     *       over disjoint identifier ranges.</li>
     * </ol>
     */
    private void bulkInsert(Collection<CaseRecord> input) {
        CaseRecord[] recs = input.toArray(new CaseRecord[0]);
        int n = recs.length;
        if (n == 0) {
            return;
        }
        if (!caseKeys.isEmpty()) {
            throw new IllegalStateException("bulk insert needs an empty index");
        }
        boolean par = n >= PARALLEL_MIN_CASES;
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + recs[i].identifiers().size();
        }
        int occ = start[n];
        String[] vals = new String[occ];  // value of a non-numeric accepted identifier
        long[] keys = new long[occ];      // numeric key, or -1
        byte[] kind = new byte[occ];      // type ordinal if accepted, else -1 - rejection reason ordinal
        int[] hash = new int[occ];        // partition hash
        String[] keyOf = new String[n];
        CaseAttributes[] attrsOf = new CaseAttributes[n];
        int chunks = par ? Math.min(64, n / 4096 + 1) : 1;
        int[][] counts = new int[chunks][2 * PARTS * TYPE_COUNT]; // [numeric?][part][type]
        run(chunks, par, ch -> {
            int[] cnt = counts[ch];
            for (int i = chunkStart(n, chunks, ch), to = chunkStart(n, chunks, ch + 1); i < to; i++) {
                CaseRecord r = recs[i];
                keyOf[i] = r.key();
                keyOf[i].hashCode(); // computed here in parallel, cached in the String for the slot map
                attrsOf[i] = r.attributes();
                List<RawIdentifier> raws = r.identifiers();
                int k = start[i];
                for (int j = 0; j < raws.size(); j++, k++) {
                    RawIdentifier raw = raws.get(j);
                    NormalizedIdentifier nid = IdentifierNormalizer.normalize(raw.type(), raw.raw());
                    if (!nid.isAccepted()) {
                        kind[k] = (byte) (-1 - nid.reason().ordinal());
                        continue;
                    }
                    String v = nid.value();
                    int t = nid.type().ordinal();
                    kind[k] = (byte) t;
                    long key = numericKey(t, v);
                    keys[k] = key;
                    if (key >= 0) {
                        int h = (int) (key ^ (key >>> 32));
                        hash[k] = h;
                        cnt[PARTS * TYPE_COUNT + partOf(h) * TYPE_COUNT + t]++;
                    } else {
                        int h = v.hashCode();
                        hash[k] = h;
                        vals[k] = v;
                        cnt[partOf(h) * TYPE_COUNT + t]++;
                    }
                }
            }
        });

        int[] local = new int[occ];
        boolean[] first = new boolean[occ];
        int[][] firstOcc = new int[PARTS][];
        String[] duplicate = new String[1];
        caseSlots.ensureCapacity(n);
        run(PARTS + 1, par, p -> {
            if (p == PARTS) { // the case-key map, in slot order, concurrently with interning
                for (int i = 0; i < n; i++) {
                    if (caseSlots.putIfAbsent(keyOf[i], i) >= 0) {
                        duplicate[0] = keyOf[i];
                        return;
                    }
                }
                return;
            }
            for (int t = 0; t < TYPE_COUNT; t++) {
                int strings = 0;
                int numbers = 0;
                for (int[] cnt : counts) {
                    strings += cnt[p * TYPE_COUNT + t];
                    numbers += cnt[PARTS * TYPE_COUNT + p * TYPE_COUNT + t];
                }
                Object2IntOpenHashMap<String> m = new Object2IntOpenHashMap<>(Math.max(16, strings));
                m.defaultReturnValue(-1);
                dict[p * TYPE_COUNT + t] = m;
                Long2IntOpenHashMap lm = new Long2IntOpenHashMap(Math.max(16, numbers));
                lm.defaultReturnValue(-1);
                numDict[p * TYPE_COUNT + t] = lm;
            }
            IntArrayList fo = new IntArrayList();
            for (int k = 0; k < occ; k++) {
                int t = kind[k];
                if (t >= 0 && partOf(hash[k]) == p) {
                    int next = fo.size();
                    int l = keys[k] >= 0 ? numDict[p * TYPE_COUNT + t].putIfAbsent(keys[k], next)
                            : dict[p * TYPE_COUNT + t].putIfAbsent(vals[k], next);
                    if (l < 0) {
                        l = next;
                        fo.add(k);
                        first[k] = true;
                    }
                    local[k] = l;
                }
            }
            firstOcc[p] = fo.toIntArray();
        });
        if (duplicate[0] != null) {
            throw new IllegalArgumentException("case " + duplicate[0] + " already indexed");
        }

        // global id = rank of the identifier's first occurrence
        int[] gid = new int[occ];
        int identCount = 0;
        for (int k = 0; k < occ; k++) {
            if (first[k]) {
                gid[k] = identCount++;
            }
        }
        ensureIdentCapacity(identCount);
        Identifier[] identArr = new Identifier[identCount];
        boolean flagged = !hubPolicy.allow().isEmpty() || !hubPolicy.deny().isEmpty();
        int[][] glob = new int[PARTS][];
        run(PARTS, par, p -> {
            int[] fo = firstOcc[p];
            int[] g = new int[fo.length];
            for (int l = 0; l < fo.length; l++) {
                int k = fo[l];
                int x = gid[k];
                g[l] = x;
                int t = kind[k];
                Identifier id = new Identifier(TYPES[t], keys[k] >= 0 ? numericValue(t, keys[k]) : vals[k]);
                identArr[x] = id;
                identType[x] = (byte) t;
                identFlags[x] = flagged ? flagsOf(id) : 0;
            }
            glob[p] = g;
            for (int t = 0; t < TYPE_COUNT; t++) {
                for (Object2IntMap.Entry<String> e : Object2IntMaps.fastIterable(dict[p * TYPE_COUNT + t])) {
                    e.setValue(g[e.getIntValue()]);
                }
                for (Long2IntMap.Entry e : Long2IntMaps.fastIterable(numDict[p * TYPE_COUNT + t])) {
                    e.setValue(g[e.getIntValue()]);
                }
            }
        });
        idents.addElements(0, identArr);
        ensureCaseCapacity(n);
        caseKeys.addElements(0, keyOf);
        caseAttrs.addElements(0, attrsOf);
        long[][] rejectedCounts = new long[chunks][RejectionReason.values().length];
        run(chunks, par, ch -> {
            int[] buf = new int[16];
            long[] rej = rejectedCounts[ch];
            for (int i = chunkStart(n, chunks, ch), to = chunkStart(n, chunks, ch + 1); i < to; i++) {
                int m = 0;
                for (int k = start[i]; k < start[i + 1]; k++) {
                    int t = kind[k];
                    if (t < 0) {
                        rej[-1 - t]++;
                        continue;
                    }
                    int x = glob[partOf(hash[k])][local[k]];
                    // insertion into the sorted, duplicate-free prefix buf[0..m)
                    int pos = m;
                    while (pos > 0 && buf[pos - 1] > x) {
                        pos--;
                    }
                    if (pos > 0 && buf[pos - 1] == x) {
                        continue;
                    }
                    if (m == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, m * 2);
                    }
                    System.arraycopy(buf, pos, buf, pos + 1, m - pos);
                    buf[pos] = x;
                    m++;
                }
                caseIdents[i] = java.util.Arrays.copyOf(buf, m);
            }
        });
        for (long[] rej : rejectedCounts) {
            for (int r = 0; r < rej.length; r++) {
                rejectedByReason[r] += rej[r];
            }
        }
        for (int i = 0; i < n; i++) {
            alive[i] = true;
            seriesIdAtRoot[i] = 0;
            series.makeSet(i);
            gang.makeSet(i);
            byte[] rejected = null;
            int nRejected = 0;
            for (int k = start[i]; k < start[i + 1]; k++) {
                if (kind[k] < 0) {
                    if (rejected == null) {
                        rejected = new byte[start[i + 1] - start[i]];
                    }
                    rejected[nRejected++] = (byte) (-1 - kind[k]);
                }
            }
            if (rejected != null) {
                rejectedOfCase.put(i, java.util.Arrays.copyOf(rejected, nRejected));
            }
        }
        liveCount = n;
        int ranges = par ? 2 : 1;
        int idCount = identCount;
        run(ranges, par, rg -> {
            int lo = chunkStart(idCount, ranges, rg);
            int hi = chunkStart(idCount, ranges, rg + 1);
            for (int i = 0; i < n; i++) {
                for (int x : caseIdents[i]) {
                    if (x >= lo && x < hi) {
                        postingSize[x]++;
                    }
                }
            }
            for (int x = lo; x < hi; x++) {
                postings[x] = new int[postingSize[x]];
                postingSize[x] = 0;
            }
            for (int i = 0; i < n; i++) {
                for (int x : caseIdents[i]) {
                    if (x >= lo && x < hi) {
                        postings[x][postingSize[x]++] = i;
                    }
                }
            }
        });
    }

    private void addPosting(int x, int c) { // c is always the highest slot so far: postings stay sorted
        int n = postingSize[x];
        if (n == postings[x].length) {
            postings[x] = java.util.Arrays.copyOf(postings[x], n < 4 ? n + 2 : n + (n >> 1));
        }
        postings[x][n] = c;
        postingSize[x] = n + 1;
    }

    private void removePosting(int x, int c) {
        int n = postingSize[x];
        int i = java.util.Arrays.binarySearch(postings[x], 0, n, c);
        if (i >= 0) {
            System.arraycopy(postings[x], i + 1, postings[x], i, n - i - 1);
            postingSize[x] = n - 1;
        }
    }

    private void applyPolicy(HubPolicy policy) {
        this.hubPolicy = policy;
        for (IdentifierType t : IdentifierType.values()) {
            capByType[t.ordinal()] = policy.cap(t);
        }
    }

    private byte flagsOf(Identifier id) {
        byte f = 0;
        if (hubPolicy.allow().contains(id)) {
            f |= FLAG_ALLOW;
        }
        if (hubPolicy.deny().contains(id)) {
            f |= FLAG_DENY;
        }
        return f;
    }

    private boolean isHub(int x) {
        return postingSize[x] > capByType[identType[x]] && (identFlags[x] & FLAG_ALLOW) == 0;
    }

    /** Whether the identifier links cases at all (not denied, not a hub, positive weight). */
    private boolean links(int x) {
        return (identFlags[x] & FLAG_DENY) == 0 && weightByType[identType[x]] > 0 && !isHub(x);
    }

    /** True if an identifier with {@code count} cases is a hub by exactly one case (the crossing point). */
    private boolean isNewHubAt(int x, int count) {
        return count == capByType[identType[x]] + 1 && capByType[identType[x]] != Integer.MAX_VALUE
                && (identFlags[x] & (FLAG_ALLOW | FLAG_DENY)) == 0 && weightByType[identType[x]] > 0;
    }

    // ------------------------------------------------------------------ internals: linking

    /**
     * Evaluates the links from case c to earlier cases and unions them. Neighbours are processed in
     * ascending slot order: this fixed order is what makes the cannot-link cut deterministic.
     */
    private void linkIdentifiers(int c, boolean trackIds, String cause) {
        Int2IntOpenHashMap acc = scratchWeights;
        acc.clear();
        for (int x : caseIdents[c]) {
            if (!links(x)) {
                continue;
            }
            int w = weightByType[identType[x]];
            int[] p = postings[x];
            int n = postingSize[x];
            for (int i = 0; i < n; i++) {
                int d = p[i];
                if (d >= c) {
                    break;
                }
                acc.addTo(d, w);
            }
        }
        if (acc.isEmpty()) {
            return;
        }
        int k = 0;
        if (scratchNeighbors.length < acc.size()) {
            scratchNeighbors = new int[Math.max(acc.size(), scratchNeighbors.length * 2)];
        }
        for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(acc)) {
            if (e.getIntValue() >= gangThreshold) {
                scratchNeighbors[k++] = e.getIntKey();
            }
        }
        IntArrays.quickSort(scratchNeighbors, 0, k);
        for (int i = 0; i < k; i++) {
            int d = scratchNeighbors[i];
            gang.union(c, d);
            if (acc.get(d) >= seriesThreshold) {
                seriesUnion(c, d, trackIds, cause, false);
            }
        }
    }

    private void seriesUnion(int a, int b, boolean trackIds, String cause, boolean force) {
        int ra = series.find(a);
        int rb = series.find(b);
        if (ra == rb) {
            return;
        }
        IntArrayList la = null;
        IntArrayList lb = null;
        if (!constrainedByRoot.isEmpty()) {
            la = constrainedByRoot.get(ra);
            lb = constrainedByRoot.get(rb);
        }
        if (!force && la != null && lb != null && spansCannotLink(la, rb, lb, ra)) {
            return; // cut: this link would put a cannot-link pair into one series
        }
        long ia = seriesIdAtRoot[ra];
        long ib = seriesIdAtRoot[rb];
        int sa = series.sizeOfRoot(ra);
        int sb = series.sizeOfRoot(rb);
        int r = series.unionRoots(ra, rb);
        if (la != null || lb != null) {
            constrainedByRoot.remove(ra);
            constrainedByRoot.remove(rb);
            IntArrayList merged = new IntArrayList();
            if (la != null) {
                merged.addAll(la);
            }
            if (lb != null) {
                merged.addAll(lb);
            }
            constrainedByRoot.put(r, merged);
        }
        long id = 0;
        if (trackIds) {
            if (ia == 0 || ib == 0) {
                id = Math.max(ia, ib);
            } else {
                if (cause == null) {
                    cause = "case " + caseKeys.get(a) + " added";
                }
                long survivor = Math.min(ia, ib);
                long absorbed = Math.max(ia, ib);
                id = survivor;
                history.add(new SeriesEvent(nextEventSequence++, SeriesEvent.Kind.MERGE, survivor, List.of(absorbed),
                        survivor == ia ? List.of(sa, sb) : List.of(sb, sa), cause));
            }
        }
        seriesIdAtRoot[r] = id;
    }

    private boolean spansCannotLink(IntArrayList la, int rb, IntArrayList lb, int ra) {
        IntArrayList small = la.size() <= lb.size() ? la : lb;
        int other = small == la ? rb : ra;
        for (int i = 0; i < small.size(); i++) {
            IntArrayList ps = cannotPartners.get(small.getInt(i));
            if (ps != null) {
                for (int j = 0; j < ps.size(); j++) {
                    if (series.find(ps.getInt(j)) == other) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Rebuilds the gang components containing the seeds (plus a removed slot to detach). */
    private void rebuildClosure(IntArrayList seeds, int removedSlot, String cause) {
        IntOpenHashSet roots = new IntOpenHashSet();
        IntArrayList slots = new IntArrayList();
        for (int i = 0; i < seeds.size(); i++) {
            int s = seeds.getInt(i);
            if (s == removedSlot || !alive[s]) {
                continue;
            }
            int r = gang.find(s);
            if (roots.add(r)) {
                int m = r;
                do {
                    if (m != removedSlot) {
                        slots.add(m);
                    }
                    m = gang.next(m);
                } while (m != r);
            }
        }
        int[] all = slots.toIntArray();
        IntArrays.quickSort(all);
        long[] old = new long[all.length];
        for (int i = 0; i < all.length; i++) {
            old[i] = seriesIdAtRoot[series.find(all[i])];
        }
        rebuild(all, old, removedSlot >= 0 ? removedSlot : null, cause);
    }

    /**
     * Recomputes gangs and series for {@code slots} (sorted, a union of whole gang components) from
     * scratch: must-links first, then identifier links in slot order; then re-assigns series ids from
     * {@code oldIds}.
     */
    private void rebuild(int[] slots, long[] oldIds, Integer detach, String cause) {
        for (int c : slots) {
            constrainedByRoot.remove(series.find(c));
        }
        if (detach != null) {
            constrainedByRoot.remove(series.find(detach));
        }
        for (int c : slots) {
            series.makeSet(c);
            gang.makeSet(c);
            seriesIdAtRoot[c] = 0;
        }
        if (detach != null) {
            series.makeSet(detach);
            gang.makeSet(detach);
        }
        for (int c : slots) {
            if (cannotPartners.containsKey(c)) {
                constrainedByRoot.put(c, IntArrayList.of(c));
            }
        }
        for (int c : slots) {
            IntArrayList ps = mustPartners.get(c);
            if (ps != null) {
                for (int i = 0; i < ps.size(); i++) {
                    int p = ps.getInt(i);
                    gang.union(c, p);
                    seriesUnion(c, p, false, cause, true);
                }
            }
        }
        if (cannotPartners.isEmpty() && slots.length == liveCount) {
            linkAllUnordered(slots);
        } else {
            for (int c : slots) {
                linkIdentifiers(c, false, cause);
            }
        }
        assignIds(slots, oldIds, cause);
    }

    /**
     * Links all live cases when no cannot-link decision exists. Without cannot-links the order of unions
     * does not matter (series and gangs are plain connected components), so:
     * <ul>
     *   <li>an identifier whose weight alone reaches the series threshold joins all cases of its posting in
     *       both views with a chain of unions — no pairwise weights (this is most of the work);</li>
     *   <li>one whose weight reaches only the gang threshold does the same in the gang view;</li>
     *   <li>pairwise weights are only accumulated over the weaker identifiers (weight below the series
     *       threshold): a pair sharing a strong identifier is already joined, and for any other pair the
     *       weak sum <em>is</em> its link weight. Cases whose weak identifiers cannot add up to the gang
     *       threshold, or hold a single weak identifier (already chained if it reaches the gang threshold),
     *       are skipped.</li>
     * </ul>
     * The resulting partitions equal those of {@link #linkIdentifiers} applied in slot order.
     */
    private void linkAllUnordered(int[] slots) {
        int identCount = idents.size();
        boolean anyWeak = false;
        for (int x = 0; x < identCount; x++) {
            int n = postingSize[x];
            if (n < 2 || !links(x)) {
                continue;
            }
            int w = weightByType[identType[x]];
            int[] p = postings[x];
            if (w >= seriesThreshold) {
                int rs = series.find(p[0]);
                int rg = gang.find(p[0]);
                for (int i = 1; i < n; i++) {
                    int s2 = series.find(p[i]);
                    if (s2 != rs) {
                        rs = series.unionRoots(rs, s2);
                    }
                    int g2 = gang.find(p[i]);
                    if (g2 != rg) {
                        rg = gang.unionRoots(rg, g2);
                    }
                }
            } else {
                anyWeak = true;
                if (w >= gangThreshold) {
                    int rg = gang.find(p[0]);
                    for (int i = 1; i < n; i++) {
                        int g2 = gang.find(p[i]);
                        if (g2 != rg) {
                            rg = gang.unionRoots(rg, g2);
                        }
                    }
                }
            }
        }
        if (!anyWeak) {
            return;
        }
        Int2IntOpenHashMap acc = scratchWeights;
        for (int c : slots) {
            int[] xs = caseIdents[c];
            int weakSum = 0;
            int weakCount = 0;
            for (int x : xs) {
                int w = weightByType[identType[x]];
                if (w < seriesThreshold && postingSize[x] >= 2 && links(x)) {
                    weakSum += w;
                    weakCount++;
                }
            }
            if (weakSum < gangThreshold || weakCount < 2) {
                continue;
            }
            acc.clear();
            for (int x : xs) {
                int w = weightByType[identType[x]];
                if (w < seriesThreshold && postingSize[x] >= 2 && links(x)) {
                    int[] p = postings[x];
                    int n = postingSize[x];
                    for (int i = 0; i < n; i++) {
                        int d = p[i];
                        if (d >= c) {
                            break;
                        }
                        acc.addTo(d, w);
                    }
                }
            }
            for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(acc)) {
                int v = e.getIntValue();
                if (v >= gangThreshold) {
                    int d = e.getIntKey();
                    gang.union(c, d);
                    if (v >= seriesThreshold) {
                        series.union(c, d);
                    }
                }
            }
        }
    }

    /**
     * Series id matching after a rebuild. Each old id goes to the new component holding most of its
     * cases (ties: the component with the earliest case). A component inheriting several ids keeps the
     * lowest (merge); a component inheriting none gets a fresh id (split part or new series).
     */
    private void assignIds(int[] slots, long[] oldIds, String cause) {
        IntArrayList compRoot = new IntArrayList();
        int[] compOfSlot = new int[slots.length];
        if (slots.length > caseKeys.size() / 8) { // large rebuild: a dense root -> component table
            int[] compOfRoot = new int[caseKeys.size()];
            for (int i = 0; i < slots.length; i++) {
                int r = series.find(slots[i]);
                int k = compOfRoot[r] - 1;
                if (k < 0) {
                    k = compRoot.size();
                    compOfRoot[r] = k + 1;
                    compRoot.add(r);
                }
                compOfSlot[i] = k;
            }
        } else {
            Int2IntOpenHashMap compOfRoot = new Int2IntOpenHashMap();
            compOfRoot.defaultReturnValue(-1);
            for (int i = 0; i < slots.length; i++) {
                int r = series.find(slots[i]);
                int k = compOfRoot.get(r);
                if (k < 0) {
                    k = compRoot.size();
                    compOfRoot.put(r, k);
                    compRoot.add(r);
                }
                compOfSlot[i] = k;
            }
        }
        // overlap[oldId] -> (component -> count), components in first-seen order
        Long2ObjectLinkedOpenHashMap<Int2IntOpenHashMap> overlap = new Long2ObjectLinkedOpenHashMap<>();
        Long2IntOpenHashMap oldSize = new Long2IntOpenHashMap();
        for (int i = 0; i < slots.length; i++) {
            if (oldIds[i] != 0) {
                overlap.computeIfAbsent(oldIds[i], k -> new Int2IntOpenHashMap()).addTo(compOfSlot[i], 1);
                oldSize.addTo(oldIds[i], 1);
            }
        }
        int comps = compRoot.size();
        long[] heirsMin = new long[comps];
        List<List<Long>> heirs = new ArrayList<>(comps);
        for (int k = 0; k < comps; k++) {
            heirs.add(null);
        }
        Long2IntOpenHashMap heirOf = new Long2IntOpenHashMap();
        for (var e : overlap.long2ObjectEntrySet()) {
            int best = -1;
            int bestCount = -1;
            for (var o : e.getValue().int2IntEntrySet()) {
                int k = o.getIntKey();
                int cnt = o.getIntValue();
                if (cnt > bestCount || cnt == bestCount && k < best) {
                    best = k;
                    bestCount = cnt;
                }
            }
            heirOf.put(e.getLongKey(), best);
            if (heirs.get(best) == null) {
                heirs.set(best, new ArrayList<>());
            }
            heirs.get(best).add(e.getLongKey());
        }
        long[] finalId = new long[comps];
        for (int k = 0; k < comps; k++) {
            List<Long> h = heirs.get(k);
            if (h == null) {
                finalId[k] = nextSeriesId++;
            } else {
                Collections.sort(h);
                finalId[k] = h.get(0);
                heirsMin[k] = h.get(0);
                if (h.size() > 1) {
                    List<Integer> sz = new ArrayList<>();
                    for (long id : h) {
                        sz.add(oldSize.get(id));
                    }
                    history.add(new SeriesEvent(nextEventSequence++, SeriesEvent.Kind.MERGE, h.get(0),
                            h.subList(1, h.size()), sz, cause));
                }
            }
            seriesIdAtRoot[compRoot.getInt(k)] = finalId[k];
        }
        long[] oldList = overlap.keySet().toLongArray();
        LongArrays.quickSort(oldList);
        for (long oldId : oldList) {
            Int2IntOpenHashMap parts = overlap.get(oldId);
            if (parts.size() < 2) {
                continue;
            }
            int heir = heirOf.get(oldId);
            int[] ks = parts.keySet().toIntArray();
            IntArrays.quickSort(ks);
            List<Long> others = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            sizes.add(parts.get(heir));
            for (int k : ks) {
                if (k != heir) {
                    others.add(finalId[k]);
                    sizes.add(parts.get(k));
                }
            }
            history.add(new SeriesEvent(nextEventSequence++, SeriesEvent.Kind.SPLIT, oldId, others, sizes, cause));
        }
    }

    // ------------------------------------------------------------------ internals: decisions

    private void recordDecision(AnalystDecision d, int a, int b) {
        decisions.add(d);
        Int2ObjectOpenHashMap<IntArrayList> m = d.kind() == AnalystDecision.Kind.MUST_LINK ? mustPartners : cannotPartners;
        m.computeIfAbsent(a, k -> new IntArrayList()).add(b);
        m.computeIfAbsent(b, k -> new IntArrayList()).add(a);
        if (d.kind() == AnalystDecision.Kind.CANNOT_LINK) {
            registerConstraint(a);
            registerConstraint(b);
        }
    }

    private void registerConstraint(int c) {
        IntArrayList l = constrainedByRoot.computeIfAbsent(series.find(c), k -> new IntArrayList());
        if (!l.contains(c)) {
            l.add(c);
        }
    }

    private void removeDecisionPair(int a, int b) {
        String ka = caseKeys.get(a);
        String kb = caseKeys.get(b);
        decisions.removeIf(d -> d.caseA().equals(ka) && d.caseB().equals(kb) || d.caseA().equals(kb) && d.caseB().equals(ka));
        removePartner(mustPartners, a, b);
        removePartner(mustPartners, b, a);
        removePartner(cannotPartners, a, b);
        removePartner(cannotPartners, b, a);
    }

    private void dropDecisionsOf(int c) {
        String k = caseKeys.get(c);
        decisions.removeIf(d -> d.caseA().equals(k) || d.caseB().equals(k));
        for (Int2ObjectOpenHashMap<IntArrayList> m : List.of(mustPartners, cannotPartners)) {
            IntArrayList ps = m.remove(c);
            if (ps != null) {
                for (int i = 0; i < ps.size(); i++) {
                    removePartner(m, ps.getInt(i), c);
                }
            }
        }
    }

    private static void removePartner(Int2ObjectOpenHashMap<IntArrayList> m, int a, int b) {
        IntArrayList ps = m.get(a);
        if (ps != null) {
            ps.rem(b);
            if (ps.isEmpty()) {
                m.remove(a);
            }
        }
    }

    /** Cases joined to a by must-links, not using the edge skipA–skipB. */
    private IntOpenHashSet mustClosure(int a, int skipA, int skipB) {
        IntOpenHashSet seen = new IntOpenHashSet();
        IntArrayList q = IntArrayList.of(a);
        seen.add(a);
        for (int i = 0; i < q.size(); i++) {
            IntArrayList ps = mustPartners.get(q.getInt(i));
            if (ps != null) {
                int x = q.getInt(i);
                for (int p : ps) {
                    if ((x == skipA && p == skipB || x == skipB && p == skipA)) {
                        continue;
                    }
                    if (seen.add(p)) {
                        q.add(p);
                    }
                }
            }
        }
        return seen;
    }

    private boolean isMustPair(int a, int b) {
        IntArrayList ps = mustPartners.get(a);
        return ps != null && ps.contains(b);
    }

    private boolean isCannotPair(int a, int b) {
        IntArrayList ps = cannotPartners.get(a);
        return ps != null && ps.contains(b);
    }

    private int requireSlot(String key) {
        int c = caseSlots.getInt(key);
        if (c < 0) {
            throw new IllegalArgumentException("unknown case " + key);
        }
        return c;
    }

    // ------------------------------------------------------------------ internals: reads

    /** Link weights from c to every case sharing a linking identifier (both directions). */
    private Int2IntOpenHashMap allLinkWeights(int c) {
        Int2IntOpenHashMap acc = new Int2IntOpenHashMap();
        for (int x : caseIdents[c]) {
            if (!links(x)) {
                continue;
            }
            int w = weightByType[identType[x]];
            for (int i = 0; i < postingSize[x]; i++) {
                int d = postings[x][i];
                if (d != c) {
                    acc.addTo(d, w);
                }
            }
        }
        return acc;
    }

    /** Neighbours of c inside series {@code root}: series-strength links and must-links, ascending. */
    private int[] seriesNeighbours(int c, int root) {
        IntOpenHashSet out = new IntOpenHashSet();
        for (var e : allLinkWeights(c).int2IntEntrySet()) {
            if (e.getIntValue() >= seriesThreshold && series.find(e.getIntKey()) == root) {
                out.add(e.getIntKey());
            }
        }
        IntArrayList ps = mustPartners.get(c);
        if (ps != null) {
            out.addAll(ps);
        }
        int[] arr = out.toIntArray();
        IntArrays.quickSort(arr);
        return arr;
    }

    private List<SharedIdentifier> sharedIdentifiers(int a, int b) {
        List<SharedIdentifier> out = new ArrayList<>();
        int[] xa = caseIdents[a];
        int[] xb = caseIdents[b];
        int i = 0;
        int j = 0;
        while (i < xa.length && j < xb.length) {
            if (xa[i] < xb[j]) {
                i++;
            } else if (xa[i] > xb[j]) {
                j++;
            } else {
                if (links(xa[i])) {
                    out.add(new SharedIdentifier(idents.get(xa[i]), weightByType[identType[xa[i]]]));
                }
                i++;
                j++;
            }
        }
        out.sort((p, q) -> p.weight() != q.weight() ? Integer.compare(q.weight(), p.weight())
                : p.identifier().compareTo(q.identifier()));
        return out;
    }

    private int[] members(DisjointSets sets, int c) {
        IntArrayList out = new IntArrayList();
        int m = c;
        do {
            out.add(m);
            m = sets.next(m);
        } while (m != c);
        int[] arr = out.toIntArray();
        IntArrays.quickSort(arr);
        return arr;
    }

    private List<String> keysOf(int[] slots) {
        List<String> out = new ArrayList<>(slots.length);
        for (int s : slots) {
            out.add(caseKeys.get(s));
        }
        return out;
    }

    private int[] liveSlots() {
        IntArrayList out = new IntArrayList(liveCount);
        for (int c = 0; c < caseKeys.size(); c++) {
            if (alive[c]) {
                out.add(c);
            }
        }
        return out.toIntArray();
    }

    private static int percentile(int[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * Bridge identifiers per series: articulation points of the graph whose nodes are the series' cases
     * and its series-strength identifiers (weight >= series threshold, shared by >= 2 of its cases).
     * Pairs linked by a must-link, or by weaker identifiers that add up to the threshold on their own,
     * get a direct case–case edge, so removing one strong identifier does not count as a split for them.
     */
    private List<QualityReport.BridgeIdentifier> bridges() {
        List<QualityReport.BridgeIdentifier> out = new ArrayList<>();
        boolean[] done = new boolean[caseKeys.size()];
        for (int c0 = 0; c0 < caseKeys.size(); c0++) {
            if (!alive[c0] || done[c0]) {
                continue;
            }
            int root = series.find(c0);
            if (series.sizeOfRoot(root) < 2) {
                done[c0] = true;
                continue;
            }
            int[] m = members(series, c0);
            Int2IntOpenHashMap local = new Int2IntOpenHashMap(m.length);
            for (int i = 0; i < m.length; i++) {
                local.put(m[i], i);
                done[m[i]] = true;
            }
            // count strong identifiers inside the series
            Int2IntOpenHashMap strongCount = new Int2IntOpenHashMap();
            for (int c : m) {
                for (int x : caseIdents[c]) {
                    if (links(x) && weightByType[identType[x]] >= seriesThreshold) {
                        strongCount.addTo(x, 1);
                    }
                }
            }
            Int2IntOpenHashMap identNode = new Int2IntOpenHashMap();
            IntArrayList identOfNode = new IntArrayList();
            int[] strong = strongCount.keySet().toIntArray();
            IntArrays.quickSort(strong);
            for (int x : strong) {
                if (strongCount.get(x) >= 2) {
                    identNode.put(x, m.length + identOfNode.size());
                    identOfNode.add(x);
                }
            }
            IntArrayList src = new IntArrayList();
            IntArrayList dst = new IntArrayList();
            for (int i = 0; i < m.length; i++) {
                int c = m[i];
                for (int x : caseIdents[c]) {
                    if (identNode.containsKey(x)) {
                        src.add(i);
                        dst.add(identNode.get(x));
                    }
                }
                IntArrayList ps = mustPartners.get(c);
                if (ps != null) {
                    for (int p : ps) {
                        if (p > c && local.containsKey(p)) {
                            src.add(i);
                            dst.add(local.get(p));
                        }
                    }
                }
                Int2IntOpenHashMap weak = new Int2IntOpenHashMap();
                for (int x : caseIdents[c]) {
                    int w = weightByType[identType[x]];
                    if (!links(x) || w >= seriesThreshold) {
                        continue;
                    }
                    for (int j = 0; j < postingSize[x]; j++) {
                        int d = postings[x][j];
                        if (d > c && local.containsKey(d)) {
                            weak.addTo(d, w);
                        }
                    }
                }
                for (var e : weak.int2IntEntrySet()) {
                    if (e.getIntValue() >= seriesThreshold) {
                        src.add(i);
                        dst.add(local.get(e.getIntKey()));
                    }
                }
            }
            int nodes = m.length + identOfNode.size();
            int[] offsets = new int[nodes + 1];
            for (int e = 0; e < src.size(); e++) {
                offsets[src.getInt(e) + 1]++;
                offsets[dst.getInt(e) + 1]++;
            }
            for (int v = 0; v < nodes; v++) {
                offsets[v + 1] += offsets[v];
            }
            int[] fill = java.util.Arrays.copyOf(offsets, nodes);
            int[] targets = new int[offsets[nodes]];
            for (int e = 0; e < src.size(); e++) {
                int s = src.getInt(e);
                int d = dst.getInt(e);
                targets[fill[s]++] = d;
                targets[fill[d]++] = s;
            }
            IntArrayList[] parts = BridgeFinder.articulationParts(nodes, m.length, offsets, targets);
            for (int v = m.length; v < nodes; v++) {
                if (parts[v] != null) {
                    int[] p = parts[v].toIntArray();
                    IntArrays.quickSort(p);
                    List<Integer> sizes = new ArrayList<>();
                    for (int i = p.length - 1; i >= 0; i--) {
                        sizes.add(p[i]);
                    }
                    out.add(new QualityReport.BridgeIdentifier(seriesIdAtRoot[root],
                            idents.get(identOfNode.getInt(v - m.length)), sizes));
                }
            }
        }
        out.sort((p, q) -> p.seriesId() != q.seriesId() ? Long.compare(p.seriesId(), q.seriesId())
                : p.identifier().compareTo(q.identifier()));
        return out;
    }
}
