package org.kvmlab.livekvm.scenario;

import org.kvmlab.conformance.scenario.Outcome;

/** What one scenario line came to on the live kernel. */
public sealed interface LiveResult {
    /** The line ran on the kernel and gave {@code outcome}. */
    record Ran(Outcome outcome) implements LiveResult {}

    /** The line cannot run on the kernel; {@code detail} says what stood in the way. */
    record NotMappable(Unmappable why, String detail) implements LiveResult {
        /** With the general reason as the detail. */
        public NotMappable(Unmappable why) {
            this(why, why.reason());
        }
    }
}
