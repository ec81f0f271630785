package org.kvmlab.baseline.archviolations.virt.kvm;

import org.kvmlab.core.memslot.MemorySlot;

/** Deliberately wrong: pre-series code that tells SMRAM slots apart. */
public final class AccessorThatKnowsSmram {
    private AccessorThatKnowsSmram() {}

    /** Asks the core whether a slot is SMRAM. */
    public static boolean hidden(MemorySlot slot) {
        return slot.isSmram();
    }
}
