package org.kvmlab.macrogeneric.archviolations.virt.kvm;

import org.kvmlab.core.memslot.MemorySlot;

/** Deliberately wrong: generic code that tells SMRAM slots apart. */
public final class GenericLookupThatKnowsSmram {
    private GenericLookupThatKnowsSmram() {}

    /** Asks the core whether a slot is SMRAM. */
    public static boolean hidden(MemorySlot slot) {
        return slot.isSmram();
    }
}
