package io.zhian.linking;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a property (a check that must hold for every input) over deterministic seeded random inputs, in plain JUnit.
 *
 * <p>Every edge case of the generator is checked first; then {@code tries} random inputs, input {@code i} coming
 * from {@code new Random(seed_i)} where {@code seed_i} is derived from a fixed per-property base seed, so every
 * run checks the same inputs. On failure the input is shrunk greedily (when a shrinker is given) and an
 * {@link AssertionError} reports the try, its seed, the exact command that re-runs only that input, the input
 * and the shrunk input; the original failure is its cause.
 *
 * <p>System properties (pass them to Maven, e.g. {@code ./mvnw -q -pl linking verify -Dlinking.pbt.tries=20000}):
 * <ul>
 *   <li>{@code linking.pbt.seed}: check only the input generated from this seed (as printed on failure);</li>
 *   <li>{@code linking.pbt.tries}: number of random tries instead of each property's default;</li>
 *   <li>{@code linking.pbt.baseSeed}: a different base seed, to explore other inputs.</li>
 * </ul>
 */
final class PropertyCheck {

    static final String SEED = "linking.pbt.seed";
    static final String TRIES = "linking.pbt.tries";
    static final String BASE_SEED = "linking.pbt.baseSeed";

    /** Upper bound on property evaluations spent shrinking one failure. */
    private static final int MAX_SHRINK_EVALUATIONS = 2_000;

    private PropertyCheck() {
    }

    /**
     * Checks {@code property} for every edge case of {@code arb} and for {@code tries} random values.
     *
     * @param tries    random tries (edge cases come on top)
     * @param genSize  generation size given to {@code arb} (shapes sizes and edge-case frequency)
     * @param shrinks  smaller candidate inputs for a failing input (may return an empty list)
     * @param show     how to print an input in the failure message
     * @param property throws (an {@link AssertionError} or anything else) when the property does not hold
     */
    static <T> void forAll(int tries, int genSize, Arb<T> arb, Function<? super T, List<T>> shrinks,
                           Function<? super T, String> show, Consumer<? super T> property) {
        StackWalker.StackFrame caller = StackWalker.getInstance()
                .walk(frames -> frames.skip(1).findFirst()).orElseThrow();
        String className = caller.getClassName().substring(caller.getClassName().lastIndexOf('.') + 1);
        String name = className + "#" + caller.getMethodName();

        String fixedSeed = System.getProperty(SEED);
        if (fixedSeed != null && !fixedSeed.isBlank()) {
            long seed = Long.decode(fixedSeed.trim());
            check(name, "the input of seed " + seed, seed, generate(arb, seed, genSize), shrinks, show, property);
            return;
        }
        List<T> edgeCases = arb.edgeCases();
        for (int i = 0; i < edgeCases.size(); i++) {
            check(name, "edge case " + (i + 1) + " of " + edgeCases.size() + " (edge cases always run first)", null,
                    edgeCases.get(i), shrinks, show, property);
        }
        String base = System.getProperty(BASE_SEED);
        long baseSeed = base == null || base.isBlank() ? mix(name.hashCode()) : Long.decode(base.trim());
        int n = Integer.getInteger(TRIES, tries);
        for (int i = 0; i < n; i++) {
            long seed = mix(baseSeed + (i + 1) * 0x9E3779B97F4A7C15L);
            check(name, "random try " + (i + 1) + " of " + n + " (base seed " + baseSeed + ")", seed,
                    generate(arb, seed, genSize), shrinks, show, property);
        }
    }

    private static <T> T generate(Arb<T> arb, long seed, int genSize) {
        return arb.next(new Arb.Gen(new Random(seed), genSize));
    }

    private static <T> void check(String name, String which, Long seed, T input, Function<? super T, List<T>> shrinks,
                                  Function<? super T, String> show, Consumer<? super T> property) {
        Throwable failure = run(property, input);
        if (failure == null) {
            return;
        }
        // greedy shrinking: keep taking the first smaller candidate that still fails
        T smallest = input;
        Throwable smallestFailure = failure;
        int steps = 0;
        int evaluations = 0;
        boolean progress = true;
        while (progress && evaluations < MAX_SHRINK_EVALUATIONS) {
            progress = false;
            for (T candidate : shrinks.apply(smallest)) {
                if (++evaluations > MAX_SHRINK_EVALUATIONS) {
                    break;
                }
                Throwable f = run(property, candidate);
                if (f != null) {
                    smallest = candidate;
                    smallestFailure = f;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        StringBuilder msg = new StringBuilder();
        msg.append("Property ").append(name).append(" failed on ").append(which).append('\n');
        if (seed != null) {
            msg.append("  seed: ").append(seed).append('\n');
            msg.append("  re-run just this input: ./mvnw -q -pl linking verify -Dtest='").append(name)
                    .append("' -D").append(SEED).append('=').append(seed).append('\n');
        }
        msg.append("  input: ").append(show.apply(input)).append('\n');
        msg.append("  failure: ").append(describe(failure)).append('\n');
        if (steps > 0) {
            msg.append("  shrunk input (").append(steps).append(" steps): ").append(show.apply(smallest)).append('\n');
            msg.append("  shrunk failure: ").append(describe(smallestFailure)).append('\n');
        }
        AssertionError error = new AssertionError(msg.toString(), failure);
        if (smallestFailure != failure) {
            error.addSuppressed(smallestFailure);
        }
        throw error;
    }

    private static <T> Throwable run(Consumer<? super T> property, T input) {
        try {
            property.accept(input);
            return null;
        } catch (OutOfMemoryError oom) {
            throw oom;
        } catch (Throwable t) {
            return t;
        }
    }

    private static String describe(Throwable t) {
        String m = String.valueOf(t.getMessage()).strip().replace("\n", "\n    ");
        return t.getClass().getSimpleName() + ": " + m;
    }

    /** SplitMix64 finaliser: spreads consecutive seeds over the whole long range. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Printable form of a string: ASCII as is, everything else (and quotes, backslashes) as {@code \}{@code uXXXX}. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
