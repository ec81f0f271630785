package org.kvmlab.review.changes;

import java.util.List;
import org.kvmlab.review.metrics.ChangeCost;

/**
 * One design after one change: whether its module carries the change, whether the patches
 * applied and compiled, what its tests said, and what the change cost it.
 *
 * @param change       the change's id, {@code NN-NAME}
 * @param design       the design's name (the baseline's too)
 * @param baseline     whether this is the neutral baseline, which is never ranked
 * @param status       what happened
 * @param problem      for {@link Status#NOT_APPLIED}, {@link Status#NOT_COMPILED} and
 *                     {@link Status#FAILED}: why, in a line; else null
 * @param tests        the tests that ran (the module's test classes, the kit's suite with the
 *                     change's tests among them)
 * @param failed       how many of them failed
 * @param changeTests  how many of them are the change's own (tagged {@code change-NN}); the
 *                     baseline runs its suite inside its own rule tests, so it shows none
 * @param changeFailed how many of those failed
 * @param failures     the first failures, {@code test: message}
 * @param cost         what the change cost the design's code, or null when it was not carried
 * @param otherFiles   files of the design's patch outside its measured code (adapter, tests, resources)
 * @param millis       how long applying, compiling and testing took (0 when read from the cache)
 */
public record PairResult(String change, String design, boolean baseline, Status status, String problem, long tests,
                         long failed, long changeTests, long changeFailed, List<String> failures, ChangeCost cost,
                         List<String> otherFiles, long millis) {
    public PairResult {
        failures = failures == null ? List.of() : List.copyOf(failures);
        otherFiles = otherFiles == null ? List.of() : List.copyOf(otherFiles);
    }

    /** What happened to a design under a change. */
    public enum Status {
        /** The patches applied and compiled, and every test passed. */
        PASSED("pass"),
        /** The patches applied and compiled, and some test failed. */
        FAILED("FAIL"),
        /** A patch (the design's or the shared one) does not apply to today's sources. */
        NOT_APPLIED("does not apply"),
        /** The patched sources do not compile. */
        NOT_COMPILED("does not compile"),
        /** The design's module has no patch for the change: a design the change was never written for. */
        NOT_CARRIED("not carried"),
        /** The change does not apply to the baseline (its header says why). */
        NOT_APPLICABLE("n/a");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        /** How the table shows it. */
        public String word() {
            return word;
        }

        /** Whether this outcome is a failure of the change or the design (not an absence). */
        public boolean isFailure() {
            return this == FAILED || this == NOT_APPLIED || this == NOT_COMPILED;
        }
    }

    /** A design the change does not reach. */
    static PairResult absent(String change, String design, boolean baseline, Status status) {
        return new PairResult(change, design, baseline, status, null, 0, 0, 0, 0, List.of(), null, List.of(), 0);
    }

    /** A design whose patches could not be brought to a test. */
    static PairResult broken(String change, String design, boolean baseline, Status status, String problem, long millis) {
        return new PairResult(change, design, baseline, status, problem, 0, 0, 0, 0, List.of(), null, List.of(), millis);
    }

    /** The same result as read back from the cache. */
    PairResult cached() {
        return new PairResult(change, design, baseline, status, problem, tests, failed, changeTests, changeFailed, failures,
                cost, otherFiles, 0);
    }
}
