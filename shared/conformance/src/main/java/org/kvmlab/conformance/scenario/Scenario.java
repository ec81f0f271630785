package org.kvmlab.conformance.scenario;

import java.util.List;
import org.kvmlab.core.base.KvmConfig;

/**
 * A parsed scenario file: its command lines in file order, every static check of SCENARIOS.md
 * section 1 passed, so that it can run on any design.
 *
 * @param file  the file's label in messages (the PATH as given, or folder/relative path)
 * @param lines its command lines; comments and blank lines are not kept
 */
public record Scenario(String file, List<ScenarioLine> lines) {
    /** The largest {@code user_slots=N} a VM takes (x86 today). */
    public static final long MAX_USER_SLOTS = KvmConfig.KVM_USER_MEM_SLOTS_MAX;

    public Scenario {
        lines = List.copyOf(lines);
    }

    /**
     * {@code KVM_USER_MEM_SLOTS} for a run of this file: N of a leading {@code vm user_slots=N}
     * line when the VM takes it, else 509 (a rejected N leaves the VM as it is).
     */
    public int userSlots() {
        if (!lines.isEmpty() && lines.getFirst().command() instanceof Command.Vm(long n) && acceptsUserSlots(n)) {
            return (int) n;
        }
        return KvmConfig.KVM_USER_MEM_SLOTS_4_1;
    }

    /** Whether {@code vm user_slots=n} is {@code ok} rather than {@code EINVAL}. */
    public static boolean acceptsUserSlots(long n) {
        return n >= 1 && n <= MAX_USER_SLOTS;
    }
}
