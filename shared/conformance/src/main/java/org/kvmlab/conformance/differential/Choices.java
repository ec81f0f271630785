package org.kvmlab.conformance.differential;

import java.util.List;
import java.util.Random;

/**
 * Where the program generator takes its random decisions from: a seeded {@link Random} for the
 * soak test, or QuickTheories' randomness source in the property tests, so that the library can
 * shrink a failing program by shrinking the decisions behind it.
 */
@FunctionalInterface
public interface Choices {
    /** A number in {@code [lo, hi]}, both inclusive. */
    long between(long lo, long hi);

    /** An int in {@code [lo, hi]}. */
    default int intBetween(int lo, int hi) {
        return (int) between(lo, hi);
    }

    /** True with probability 1/n. */
    default boolean oneIn(int n) {
        return between(0, n - 1) == 0;
    }

    /** One of the given values. */
    default <T> T pick(List<T> values) {
        return values.get(intBetween(0, values.size() - 1));
    }

    /** One of the given longs. */
    default long pick(long... values) {
        return values[intBetween(0, values.length - 1)];
    }

    /** Choices from a seeded {@link Random}. */
    static Choices of(Random random) {
        return (lo, hi) -> lo + (long) (random.nextDouble() * (hi - lo + 1));
    }
}
