package org.kvmlab.baseline.archviolations.arch.x86;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.MemorySlot;

/** Deliberately wrong: a guest-virtual helper that looks slots up itself instead of using kvm_*. */
public final class GuestVirtThatLooksUpSlots {
    private GuestVirtThatLooksUpSlots() {}

    /** Searches the memslots directly. */
    public static MemorySlot lookup(Kvm kvm, long gfn) {
        return kvm.memslots(0).searchMemslots(gfn);
    }
}
