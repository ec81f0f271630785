package org.kvmlab.addressspaces.archviolations.arch.x86;

import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * Deliberately wrong: an x86 hook that mixes the two ideas, hiding flagged slots inside one
 * address space as the 2015 series did, although 4.2 has no flag to test.
 */
public final class X86KvmArch {
    private X86KvmArch() {}

    /** The space hook, as the design has it. */
    public static int kvmArchVcpuMemslotsId(Vcpu vcpu) {
        return vcpu.isSmm() ? 1 : 0;
    }

    /** A flag filter on top of it. */
    public static boolean kvmArchVcpuCanAccessSlot(Vcpu vcpu, MemorySlot slot) {
        return !slot.isSmram() || vcpu.isSmm();
    }
}
