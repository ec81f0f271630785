package org.kvmlab.conformance.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging (Zeller's ddmin) over a failing command sequence: removes ever smaller chunks
 * while the failure persists, then single commands, so that what is left is a program where every
 * command is needed for the failure. QuickTheories shrinks the random decisions behind a program,
 * which cannot drop one command from the middle; this can.
 */
public final class Minimiser {
    private Minimiser() {}

    /**
     * A smallest sub-sequence of {@code failing} (in order) for which {@code fails} still holds.
     *
     * @param fails must hold for {@code failing}; it is asked about candidates only
     */
    public static <T> List<T> minimise(List<T> failing, Predicate<List<T>> fails) {
        List<T> current = List.copyOf(failing);
        int chunks = 2;
        while (current.size() >= 2) {
            List<T> reduced = firstFailingComplement(current, chunks, fails);
            if (reduced != null) {
                current = reduced;
                chunks = Math.max(chunks - 1, 2);
            } else if (chunks >= current.size()) {
                break;
            } else {
                chunks = Math.min(chunks * 2, current.size());
            }
        }
        return removeSingles(current, fails);
    }

    /** The sequence without one of its {@code chunks} chunks that still fails, or null. */
    private static <T> List<T> firstFailingComplement(List<T> items, int chunks, Predicate<List<T>> fails) {
        int size = items.size();
        for (int c = 0; c < chunks; c++) {
            int from = c * size / chunks;
            int to = (c + 1) * size / chunks;
            List<T> complement = new ArrayList<>(items.subList(0, from));
            complement.addAll(items.subList(to, size));
            if (!complement.isEmpty() && fails.test(complement)) {
                return List.copyOf(complement);
            }
        }
        return null;
    }

    private static <T> List<T> removeSingles(List<T> items, Predicate<List<T>> fails) {
        List<T> current = new ArrayList<>(items);
        for (int i = current.size() - 1; i >= 0; i--) {
            List<T> without = new ArrayList<>(current);
            without.remove(i);
            if (!without.isEmpty() && fails.test(without)) {
                current = without;
            }
        }
        return List.copyOf(current);
    }
}
