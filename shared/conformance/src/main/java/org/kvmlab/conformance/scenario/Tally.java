package org.kvmlab.conformance.scenario;

/**
 * The line counts of SCENARIOS.md section 8: every command line of a parsed file counts once per
 * run. (Section 6 adds a declared count when address-space runs arrive.)
 *
 * @param passed lines that met their expectation
 * @param failed lines that did not
 */
public record Tally(long passed, long failed) {
    /** No lines. */
    public static final Tally ZERO = new Tally(0, 0);

    /** Both tallies together. */
    public Tally plus(Tally other) {
        return new Tally(passed + other.passed, failed + other.failed);
    }

    /** The last line of a run: {@code N passed, N failed}. */
    public String summary() {
        return passed + " passed, " + failed + " failed";
    }
}
