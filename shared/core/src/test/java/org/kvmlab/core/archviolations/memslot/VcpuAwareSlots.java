package org.kvmlab.core.archviolations.memslot;

import java.util.function.Supplier;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.Memslots;

/**
 * Wrong: a class in a {@code ..memslot..} package whose methods take a vCPU (architecture rule 3's
 * first half). The method names avoid "memslot", "search" and "lookup" on purpose, so that only
 * the package half of architecture rule 3 catches them; the second one hides the vCPU inside a
 * type argument.
 */
public final class VcpuAwareSlots {
    private VcpuAwareSlots() {}

    /** The slot holding gfn for this vCPU. */
    public static MemorySlot slotFor(Memslots slots, Vcpu vcpu, long gfn) {
        return slots.searchMemslots(gfn);
    }

    /** The slot holding gfn for whichever vCPU the supplier gives. */
    public static MemorySlot slotForLater(Memslots slots, Supplier<Vcpu> vcpu, long gfn) {
        return slots.searchMemslots(gfn);
    }
}
