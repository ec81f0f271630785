package org.kvmlab.fakevcpu.archviolations.virt.kvm;

import org.kvmlab.core.memslot.MemorySlot;

/** Deliberately wrong: generic code that tells SMRAM slots apart. */
public final class GenericAccessorThatKnowsSmram {
    private GenericAccessorThatKnowsSmram() {}

    /** Asks the core whether a slot is SMRAM. */
    public static boolean hidden(MemorySlot slot) {
        return slot.isSmram();
    }
}
