package org.kvmlab.macrogeneric.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.macrogeneric.arch.x86.X86GuestMemory;

/** Deliberately wrong: generic code that reaches into the x86 family. */
public final class GenericBodyThatCallsArch {
    private GenericBodyThatCallsArch() {}

    /** Borrows the x86 lookup from generic code. */
    public static MemorySlot lookup(Vcpu vcpu, long gfn) {
        return X86GuestMemory.x86GfnToMemslot(vcpu, gfn);
    }
}
