package org.kvmlab.livekvm.scenario;

import java.util.List;
import org.kvmlab.conformance.scenario.Canonical;
import org.kvmlab.conformance.scenario.LineVerdict;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.conformance.scenario.ScenarioLine;

/**
 * How one scenario line fared on the live kernel.
 *
 * @param line     the line
 * @param status   the verdict
 * @param kernel   what the kernel answered (null when the line was not mappable)
 * @param contract what the 2015 contract answers (the reference model's flag mode)
 * @param rule     the declared rule's name; for a follow-on, null
 * @param parted   for a follow-on, the earlier lines where the kernel's state parted from the
 *                 contract's (a line the kernel answered differently or could not run, that changed
 *                 state); else empty
 * @param unmappable for a line that was not mappable, why; else null
 * @param detail   for a line that was not mappable, what stood in the way
 */
public record LiveVerdict(ScenarioLine line, Status status, Outcome kernel, Outcome contract, String rule,
                          List<Integer> parted, Unmappable unmappable, String detail) {
    /** The name the live column goes by in messages and reports. */
    public static final String NAME = "live-kvm";

    /** A line's verdict on the live kernel. */
    public enum Status {
        /** The kernel gave what the line expects. */
        AGREEING,
        /** The kernel differs from the contract as a named rule explains. */
        DECLARED,
        /** The kernel differs because its state parted from the contract's on an earlier line. */
        FOLLOW_ON,
        /** The line has no path into the kernel: counted, never passed. */
        NOT_MAPPABLE,
        /** An undeclared difference. */
        FAILED
    }

    public LiveVerdict {
        parted = List.copyOf(parted);
    }

    /** Whether the line ran on the kernel. */
    public boolean ran() {
        return status != Status.NOT_MAPPABLE;
    }

    /**
     * The line the runner prints, or null for an agreeing or unmappable line:
     * {@code FILE:LINE: variant live-kvm: expected X, got Y} for a failure (as for any design),
     * {@code FILE:LINE: variant live-kvm: declared (RULE): contract X, kernel Y} and
     * {@code FILE:LINE: variant live-kvm: follow-on (after lines N, M): contract X, kernel Y}.
     */
    public String message(String file) {
        String where = file + ":" + line.number() + ": variant " + NAME + ": ";
        return switch (status) {
            case AGREEING, NOT_MAPPABLE -> null;
            case FAILED -> LineVerdict.judge(line, kernel).message(file, NAME);
            case DECLARED -> where + "declared (" + rule + "): contract " + Canonical.compared(contract, kernel)
                    + ", kernel " + Canonical.compared(kernel, contract);
            case FOLLOW_ON -> where + "follow-on (after " + partedLines() + "): contract "
                    + Canonical.compared(contract, kernel) + ", kernel " + Canonical.compared(kernel, contract);
        };
    }

    /** {@code line 8}, {@code lines 8, 11}, or {@code lines 8, 11, ..., 20} for more than three. */
    private String partedLines() {
        if (parted.size() == 1) {
            return "line " + parted.getFirst();
        }
        if (parted.size() <= 3) {
            return "lines " + String.join(", ", parted.stream().map(String::valueOf).toList());
        }
        return "lines " + parted.get(0) + ", " + parted.get(1) + ", ..., " + parted.getLast();
    }
}
