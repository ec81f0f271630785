package org.kvmlab.x86prefixed.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.x86prefixed.arch.x86.X86GuestMemory;

/** Deliberately wrong: generic code that reaches into the x86 copies. */
public final class GenericAccessorThatCallsArch {
    private GenericAccessorThatCallsArch() {}

    /** Borrows the x86 lookup from generic code. */
    public static MemorySlot lookup(Vcpu vcpu, long gfn) {
        return X86GuestMemory.x86GfnToMemslot(vcpu, gfn);
    }
}
