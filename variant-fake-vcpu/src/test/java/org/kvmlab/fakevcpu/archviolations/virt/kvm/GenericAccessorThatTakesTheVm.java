package org.kvmlab.fakevcpu.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.MemorySlot;

/** Deliberately wrong: a generic accessor that takes the VM and no vCPU. */
public final class GenericAccessorThatTakesTheVm {
    private GenericAccessorThatTakesTheVm() {}

    /** A VM-level lookup beside the vCPU family: the second family this design does without. */
    public static MemorySlot gfnToMemslot(Kvm kvm, long gfn) {
        return kvm.memslots(0).searchMemslots(gfn);
    }
}
