package io.zhian.linking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A small random-value generator for the property tests, with a few edge cases that are both run on their own
 * first and mixed into random generation.
 *
 * <p>The distributions copy those of the property-testing library these tests used before, so the plain JUnit
 * versions see the same kinds of input:
 * <ul>
 *   <li>integers are <em>biased</em> towards the low end of their range: the range is cut into partitions
 *       whose widths grow roughly geometrically away from the shrinking target (0, or {@code min} when 0 is out
 *       of range); a partition is picked uniformly, then a value uniformly inside it. Ranges of width
 *       &le; 20 are uniform;</li>
 *   <li>container sizes (lists, strings) are uniform up to a cut-off of {@code max(round(sqrt(genSize)), 10)}
 *       above the minimum; above it lies a ~10 % tail, and the maximum size itself comes up about 2 % of the time;</li>
 *   <li>edge cases: integers {@code -2, -1, 0, 1, 2, min, max} (the ones inside the range); a choice among
 *       values: its first and last value (every constant for enums); lists: the empty list (if allowed), single-element lists of each
 *       element edge case, and n copies of each element edge case for fixed-size lists; strings: {@code ""},
 *       single-character strings of each character edge case, and min-length strings of one repeated edge
 *       character; combinations: the cartesian product of their parts' edge cases; choices among generators:
 *       the union of theirs. A generator that has its own edge cases returns one of them with probability
 *       {@code 1 / min(max(genSize / edgeCaseCount, 5), 20)}.</li>
 * </ul>
 * {@code genSize} is the "generation size" (it used to equal the property's try count).
 */
final class Arb<T> {

    /** Source of randomness for one generated value, plus the generation size that shapes sizes and edge cases. */
    record Gen(Random random, int genSize) {
    }

    private final Function<Gen, T> base;
    private final List<T> edgeCases;
    private final boolean mixesInEdgeCases;

    private Arb(Function<Gen, T> base, List<T> edgeCases, boolean mixesInEdgeCases) {
        this.base = base;
        this.edgeCases = Collections.unmodifiableList(new ArrayList<>(edgeCases));
        this.mixesInEdgeCases = mixesInEdgeCases;
    }

    /** Generates one value, sometimes one of this generator's own edge cases. */
    T next(Gen g) {
        if (mixesInEdgeCases && !edgeCases.isEmpty()
                && g.random().nextInt(edgeCaseRatio(g.genSize(), edgeCases.size())) == 0) {
            return edgeCases.get(g.random().nextInt(edgeCases.size()));
        }
        return base.apply(g);
    }

    /** All edge cases of this generator (the property runner tries each of them before the random tries). */
    List<T> edgeCases() {
        return edgeCases;
    }

    <U> Arb<U> map(Function<? super T, ? extends U> f) {
        List<U> mapped = new ArrayList<>();
        for (T e : edgeCases) {
            mapped.add(f.apply(e));
        }
        return new Arb<>(g -> f.apply(next(g)), mapped, false);
    }

    /** Lists of {@code min..max} elements drawn from this generator. */
    Arb<List<T>> list(int min, int max) {
        List<List<T>> edges = new ArrayList<>();
        if (min == 0) {
            edges.add(List.of());
        }
        if (min <= 1 && max >= 1) {
            for (T e : edgeCases) {
                edges.add(List.of(e));
            }
        }
        if (min == max && min > 1) {
            for (T e : edgeCases) {
                edges.add(Collections.nCopies(min, e));
            }
        }
        return new Arb<>(g -> {
            int n = size(g, min, max);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(next(g));
            }
            return Collections.unmodifiableList(out);
        }, edges, true);
    }

    // ------------------------------------------------------------------ factories

    /** Integers in {@code [min, max]}, biased towards the shrinking target (see class comment). */
    static Arb<Integer> integers(int min, int max) {
        long target = min <= 0 && max >= 0 ? 0 : min > 0 ? min : max;
        List<long[]> partitions = partitions(min, max, target);
        List<Integer> edges = new ArrayList<>();
        for (long v : new long[]{target, -2, -1, 0, 2, 1, min, max}) {
            if (v >= min && v <= max && !edges.contains((int) v)) {
                edges.add((int) v);
            }
        }
        return new Arb<>(g -> {
            long[] p = partitions.get(g.random().nextInt(partitions.size()));
            return (int) (p[0] + g.random().nextLong(p[1] - p[0] + 1));
        }, edges, true);
    }

    /** One of the given values, uniformly; edge cases are the first and the last value. */
    @SafeVarargs
    static <T> Arb<T> of(T... values) {
        List<T> all = List.of(values);
        List<T> edges = all.size() == 1 ? List.of(all.get(0)) : List.of(all.get(0), all.get(all.size() - 1));
        return new Arb<>(g -> all.get(g.random().nextInt(all.size())), edges, true);
    }

    /** Values of an enum, uniformly; every constant is an edge case (more than the usual first and last). */
    static <E extends Enum<E>> Arb<E> ofEnum(Class<E> type) {
        List<E> all = List.of(type.getEnumConstants());
        return new Arb<>(g -> all.get(g.random().nextInt(all.size())), all, true);
    }

    /** Picks one of the generators uniformly. */
    @SafeVarargs
    static <T> Arb<T> oneOf(Arb<T>... choices) {
        List<T> edges = new ArrayList<>();
        for (Arb<T> c : choices) {
            edges.addAll(c.edgeCases);
        }
        return new Arb<>(g -> choices[g.random().nextInt(choices.length)].next(g), edges, false);
    }

    /** A generator with a relative weight, for {@link #frequencyOf}. */
    record Weighted<T>(int weight, Arb<T> arb) {
    }

    static <T> Weighted<T> weighted(int weight, Arb<T> arb) {
        return new Weighted<>(weight, arb);
    }

    /** Picks one of the generators with probability proportional to its weight. */
    @SafeVarargs
    static <T> Arb<T> frequencyOf(Weighted<T>... choices) {
        int total = 0;
        List<T> edges = new ArrayList<>();
        for (Weighted<T> c : choices) {
            total += c.weight();
            edges.addAll(c.arb().edgeCases);
        }
        int sum = total;
        return new Arb<>(g -> {
            int pick = g.random().nextInt(sum);
            for (Weighted<T> c : choices) {
                pick -= c.weight();
                if (pick < 0) {
                    return c.arb().next(g);
                }
            }
            throw new IllegalStateException();
        }, edges, false);
    }

    static <A, B, R> Arb<R> combine(Arb<A> a, Arb<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        return combine(parts -> f.apply(a.cast(parts.get(0)), b.cast(parts.get(1))), a, b);
    }

    /** Combines independent parts; edge cases are the cartesian product of the parts' edge cases. */
    static <R> Arb<R> combine(Function<List<Object>, ? extends R> f, Arb<?>... parts) {
        List<List<Object>> product = new ArrayList<>();
        product.add(List.of());
        for (Arb<?> part : parts) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : product) {
                for (Object e : part.edgeCases) {
                    List<Object> l = new ArrayList<>(prefix);
                    l.add(e);
                    next.add(l);
                }
            }
            product = next;
        }
        List<R> edges = new ArrayList<>();
        for (List<Object> p : product) {
            edges.add(f.apply(p));
        }
        return new Arb<>(g -> {
            List<Object> values = new ArrayList<>(parts.length);
            for (Arb<?> part : parts) {
                values.add(part.next(g));
            }
            return f.apply(values);
        }, edges, false);
    }

    @SuppressWarnings("unchecked")
    private T cast(Object o) {
        return (T) o;
    }

    // ------------------------------------------------------------------ strings

    /** A character set for {@link #strings}: how to draw one character uniformly, and its edge characters. */
    interface Chars {
        char next(Random random);

        List<Character> edgeCases();

        /** '0'..'9'. */
        static Chars numeric() {
            return chars(r -> (char) ('0' + r.nextInt(10)), List.of('0', '9'));
        }

        /** Exactly the given characters; edge cases are the first and the last. */
        static Chars of(String allowed) {
            return chars(r -> allowed.charAt(r.nextInt(allowed.length())),
                    List.of(allowed.charAt(0), allowed.charAt(allowed.length() - 1)));
        }

        /**
         * Any UTF-16 code unit except surrogates, the non-characters U+FDD0..U+FDEF, U+FFFE, U+FFFF and the
         * private-use block U+E000..U+F8FF (so mostly CJK and other non-Latin letters). Edge case U+0000;
         * U+0020 and U+FFFD are extra edge cases added here.
         */
        static Chars any() {
            return chars(r -> {
                while (true) {
                    char c = (char) r.nextInt(0x10000);
                    if (!(c >= 0xd800 && c <= 0xdfff) && !(c >= 0xfdd0 && c <= 0xfdef) && c != 0xfffe && c != 0xffff
                            && !(c >= 0xe000 && c <= 0xf8ff)) {
                        return c;
                    }
                }
            }, List.of('\u0000', ' ', '\ufffd'));
        }

        private static Chars chars(Function<Random, Character> draw, List<Character> edges) {
            return new Chars() {
                @Override
                public char next(Random random) {
                    return draw.apply(random);
                }

                @Override
                public List<Character> edgeCases() {
                    return edges;
                }
            };
        }
    }

    /** Strings of {@code min..max} characters drawn uniformly from {@code chars} (no extra repetition). */
    static Arb<String> strings(Chars chars, int min, int max) {
        List<String> edges = new ArrayList<>();
        if (min == 0) {
            edges.add("");
        }
        if (min <= 1 && max >= 1) {
            for (char c : chars.edgeCases()) {
                edges.add(String.valueOf(c));
            }
        }
        if (min > 1 && min <= max) {
            for (char c : chars.edgeCases()) {
                edges.add(String.valueOf(c).repeat(min));
            }
        }
        return new Arb<>(g -> {
            int n = size(g, min, max);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(chars.next(g.random()));
            }
            return sb.toString();
        }, edges, true);
    }

    /** Default strings: any characters ({@link Chars#any()}), length 0..255. */
    static Arb<String> strings() {
        return strings(Chars.any(), 0, 255);
    }

    // ------------------------------------------------------------------ distributions

    static int edgeCaseRatio(int genSize, int edgeCaseCount) {
        return Math.min(Math.max(genSize / edgeCaseCount, 5), 20);
    }

    /** Container size: uniform below the cut-off, a ~10 % tail above it, and the maximum itself ~2 % of the time. */
    static int size(Gen g, int min, int max) {
        Random r = g.random();
        int offset = (int) Math.max(Math.round(Math.sqrt(g.genSize())), 10);
        int cutoff = max - min <= offset ? max : Math.min(offset + min, max);
        if (cutoff >= max) {
            return min + r.nextInt(max - min + 1);
        }
        double maxSizeProbability = Math.min(0.02, 1.0 / (g.genSize() / 10.0));
        if (r.nextDouble() <= maxSizeProbability) {
            return max;
        }
        if (r.nextDouble() <= 0.1 + maxSizeProbability) {
            return cutoff + 1 + r.nextInt(max - cutoff);
        }
        return min + r.nextInt(cutoff - min + 1);
    }

    /** Inclusive {@code [lo, hi]} partitions of {@code [min, max]}, narrow near {@code target}, wide far from it. */
    static List<long[]> partitions(long min, long max, long target) {
        List<Long> points = new ArrayList<>();
        if (target >= max) {
            points.addAll(partitionPoints(min, max, -1));
        } else if (target <= min) {
            points.addAll(partitionPoints(max, min, 1));
        } else {
            points.addAll(partitionPoints(min, target, -1));
            points.addAll(partitionPoints(max, target, 1));
            if (!points.isEmpty()) {
                points.add(target);
            }
        }
        points.sort(null);
        List<long[]> out = new ArrayList<>();
        long lower = min;
        for (long p : points) {
            if (p <= lower) {
                continue;
            }
            if (p >= max) {
                break;
            }
            out.add(new long[]{lower, p - 1});
            lower = p;
        }
        out.add(new long[]{lower, max});
        return out;
    }

    private static List<Long> partitionPoints(long from, long to, long step) {
        List<Long> out = new ArrayList<>();
        long point = from;
        while (true) {
            long range = Math.abs(to - point);
            if (range <= 20) {
                return out;
            }
            int approximatedDecimals = (64 - Long.numberOfLeadingZeros(range)) / 10 * 3;
            long ratio = Math.max((long) Math.pow(approximatedDecimals / 5.0, 10), 3);
            long distance = range / ratio;
            if (distance == 0) {
                return out;
            }
            long next = to + step * distance;
            out.add(next);
            point = next;
        }
    }
}
