package org.kvmlab.conformance.scenario;

import org.kvmlab.conformance.GuestVm;

/**
 * One class of difference a design declares from the flag-based contract (SCENARIOS.md section
 * 6): a name, the reason, and which lines it covers, judged on the line and the state before it
 * as the flag-mode reference holds it.
 *
 * @param name   short and stable, printed as {@code declared (NAME)}
 * @param reason why the design behaves differently there, in a sentence
 * @param covers whether the rule covers a line
 */
public record DifferenceRule(String name, String reason, Covers covers) {

    /** Whether a rule covers a line. */
    @FunctionalInterface
    public interface Covers {
        /**
         * @param line                the line about to run
         * @param flagReferenceBefore the flag-mode reference's VM before the line runs (read only)
         * @param cacheLine           for {@code readcached} and {@code writecached}, the
         *                            {@code cache} line that bound the name (its context and
         *                            range), else null
         */
        boolean covers(Command line, GuestVm flagReferenceBefore, Command.Cache cacheLine);
    }
}
