package org.kvmlab.conformance.scenario;

import static org.kvmlab.core.base.Errno.EFAULT;

/**
 * What a line expects (SCENARIOS.md section 5): success with any payload when the line has no
 * {@code =>}, else the outcome written after it.
 */
public sealed interface Expectation {
    /** A line without {@code =>}. */
    AnySuccess ANY_SUCCESS = new AnySuccess();

    /** Whether {@code actual} meets this expectation. */
    boolean matches(Outcome actual);

    /** No {@code =>}: passes on {@code ok} with any DATA or page list. */
    record AnySuccess() implements Expectation {
        @Override
        public boolean matches(Outcome actual) {
            return actual instanceof Outcome.Ok || actual instanceof Outcome.OkData
                    || actual instanceof Outcome.OkPages;
        }
    }

    /**
     * {@code => EXPECTATION}: matches token by token, that is by equal outcomes, except that
     * {@code error} matches any message and a {@code read}'s {@code EFAULT} any buffer.
     */
    record Stated(Outcome outcome) implements Expectation {
        @Override
        public boolean matches(Outcome actual) {
            return switch (outcome) {
                case Outcome.HostError _ -> actual instanceof Outcome.HostError;
                case Outcome.Errno(int errno) when errno == EFAULT ->
                        actual.equals(outcome) || actual instanceof Outcome.ReadFault;
                default -> outcome.equals(actual);
            };
        }
    }
}
