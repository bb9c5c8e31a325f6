package io.zhian.linking;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which identifiers are too common to link on. Bank hotlines, payment aggregators and
 * carrier-grade NAT IPs appear in thousands of unrelated cases; linking on them merges everything
 * into one giant component. An identifier shared by more cases than its type's cap becomes a
 * <em>hub</em>: it stops linking and is reported instead.
 *
 * <p>Immutable; {@code with*} methods return modified copies.
 *
 * @param caps  per-type maximum number of cases an identifier may be shared by and still link
 * @param allow identifiers never treated as hubs (an analyst vouched for them)
 * @param deny  identifiers that never link at all (known test numbers, the police hotline, ...)
 */
public record HubPolicy(Map<IdentifierType, Integer> caps, Set<Identifier> allow, Set<Identifier> deny) {

    public HubPolicy {
        EnumMap<IdentifierType, Integer> c = new EnumMap<>(IdentifierType.class);
        for (IdentifierType t : IdentifierType.values()) {
            Integer v = Objects.requireNonNull(caps, "caps").get(t);
            if (v == null || v < 1) {
                throw new IllegalArgumentException("cap for " + t + " must be >= 1, was " + v);
            }
            c.put(t, v);
        }
        caps = Map.copyOf(c);
        allow = Set.copyOf(allow);
        deny = Set.copyOf(deny);
    }

    /** Defaults tuned for mainland case data (see module README). */
    public static HubPolicy defaults() {
        EnumMap<IdentifierType, Integer> c = new EnumMap<>(IdentifierType.class);
        c.put(IdentifierType.PHONE, 50);
        c.put(IdentifierType.BANK_CARD, 30);
        c.put(IdentifierType.PAYMENT_ACCOUNT, 30);
        c.put(IdentifierType.IM_ACCOUNT, 30);
        c.put(IdentifierType.URL, 100);
        c.put(IdentifierType.IP, 20);
        c.put(IdentifierType.DEVICE_ID, 20);
        c.put(IdentifierType.APP_NAME, 200);
        return new HubPolicy(c, Set.of(), Set.of());
    }

    /** No caps at all: every identifier links. Useful to show (and test) why caps exist. */
    public static HubPolicy unlimited() {
        EnumMap<IdentifierType, Integer> c = new EnumMap<>(IdentifierType.class);
        for (IdentifierType t : IdentifierType.values()) {
            c.put(t, Integer.MAX_VALUE);
        }
        return new HubPolicy(c, Set.of(), Set.of());
    }

    public int cap(IdentifierType type) {
        return caps.get(type);
    }

    public HubPolicy withCap(IdentifierType type, int cap) {
        EnumMap<IdentifierType, Integer> c = new EnumMap<>(caps);
        c.put(type, cap);
        return new HubPolicy(c, allow, deny);
    }

    public HubPolicy withAllowed(Collection<Identifier> ids) {
        return new HubPolicy(caps, union(allow, ids), deny);
    }

    public HubPolicy withDenied(Collection<Identifier> ids) {
        return new HubPolicy(caps, allow, union(deny, ids));
    }

    /** Whether an identifier shared by {@code caseCount} live cases is a hub under this policy. */
    public boolean isHub(Identifier id, int caseCount) {
        return caseCount > cap(id.type()) && !allow.contains(id);
    }

    private static Set<Identifier> union(Set<Identifier> a, Collection<Identifier> b) {
        java.util.HashSet<Identifier> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }
}
