package org.kvmlab.conformance.differential;

/**
 * Where a design first disagreed with the reference model on a program.
 *
 * @param step      the index of the command in the program, or the program's length when the
 *                  difference is in the final state (guest memory, dirty logs, invariants)
 * @param what      what differed, in canonical words
 * @param reference what the reference model gave
 * @param variant   what the design gave
 * @param hostPage  the host page whose contents differ at the end, or -1
 * @param dirtySlot the slot whose dirty log differs at the end, or -1
 */
public record Divergence(int step, String what, String reference, String variant, long hostPage, int dirtySlot) {
    /** A difference in a command's result or in the core invariants. */
    public Divergence(int step, String what, String reference, String variant) {
        this(step, what, reference, variant, -1, -1);
    }

    @Override
    public String toString() {
        return "step " + step + ": " + what + ": reference " + reference + ", design " + variant;
    }
}
