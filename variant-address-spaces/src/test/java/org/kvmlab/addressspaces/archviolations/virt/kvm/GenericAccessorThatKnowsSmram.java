package org.kvmlab.addressspaces.archviolations.virt.kvm;

import org.kvmlab.core.memslot.MemorySlot;

/** Deliberately wrong: generic code that still tells SMRAM slots apart by the 2015 flag. */
public final class GenericAccessorThatKnowsSmram {
    private GenericAccessorThatKnowsSmram() {}

    /** Asks the core whether a slot carries the flag Linux 4.2 does not have. */
    public static boolean hidden(MemorySlot slot) {
        return slot.isSmram();
    }
}
