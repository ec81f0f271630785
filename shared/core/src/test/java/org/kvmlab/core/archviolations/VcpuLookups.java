package org.kvmlab.core.archviolations;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * Wrong: a core memslot lookup that takes a vCPU, outside the memslot package (architecture rule 3's second
 * half, which covers {@link Kvm} and every other core class by method name). It does not even
 * look at the vCPU; taking one is the violation, since it would let a design's SMRAM decision
 * move into the core.
 */
public final class VcpuLookups {
    private VcpuLookups() {}

    /** {@code search_memslots} with a vCPU. */
    public static MemorySlot searchMemslots(Kvm kvm, Vcpu vcpu, long gfn) {
        return kvm.memslots(0).searchMemslots(gfn);
    }
}
