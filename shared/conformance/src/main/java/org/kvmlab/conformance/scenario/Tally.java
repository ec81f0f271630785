package org.kvmlab.conformance.scenario;

/**
 * The line counts of SCENARIOS.md sections 6 and 8: every command line of a parsed file counts
 * once per run, as passed, failed or declared.
 *
 * @param passed   lines that met their expectation (or agreed with the address-space reference)
 * @param failed   lines that did not
 * @param declared lines that differ from the flag-based contract as the design declares
 */
public record Tally(long passed, long failed, long declared) {
    /** No lines. */
    public static final Tally ZERO = new Tally(0, 0, 0);

    /** Both tallies together. */
    public Tally plus(Tally other) {
        return new Tally(passed + other.passed, failed + other.failed, declared + other.declared);
    }

    /** The last line of a run: {@code N passed, N failed}, and {@code , N declared} if any were. */
    public String summary() {
        return passed + " passed, " + failed + " failed" + (declared > 0 ? ", " + declared + " declared" : "");
    }
}
