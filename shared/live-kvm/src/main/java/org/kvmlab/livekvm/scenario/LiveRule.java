package org.kvmlab.livekvm.scenario;

import java.util.function.Predicate;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.conformance.scenario.ScenarioLine;
import org.kvmlab.livekvm.kvm.KernelFacts;

/**
 * One way the running kernel legitimately differs from the 2015 contract, with its kernel reason.
 * Whether a rule applies at all is decided from the kernel's capabilities, CPUID and version at
 * run time; which lines it covers, from each line, both answers, and what the runner saw the
 * kernel do. A rule names only lines whose answer it accounts for exactly: a difference that no
 * rule explains and that does not follow from an earlier one is a failure.
 *
 * @param name    short and stable, printed as {@code declared (NAME)}
 * @param reason  why the kernel answers differently, in a sentence naming the kernel's code
 * @param applies whether the kernel at hand has this difference
 * @param covers  whether a differing line is this rule's
 */
public record LiveRule(String name, String reason, Predicate<KernelFacts> applies, Covers covers) {

    /** Whether a rule covers a line where the kernel's answer differs from the contract's. */
    @FunctionalInterface
    public interface Covers {
        boolean covers(Line line);
    }

    /**
     * A differing line as a rule sees it.
     *
     * @param line      the scenario line
     * @param kernel    the kernel's answer
     * @param contract  the contract's answer (the reference model's flag mode)
     * @param shadow    the contract's answer in the kernel's state ({@link KernelShadow}), or null
     *                  when that state is lost
     * @param userSlots the scenario's own slot count (509 unless {@code vm user_slots=N} set it)
     * @param facts     the kernel's capabilities
     * @param trace     what the runner saw the kernel do
     */
    public record Line(ScenarioLine line, Outcome kernel, Outcome contract, Outcome shadow, int userSlots,
                       KernelFacts facts, KernelTrace trace) {}
}
