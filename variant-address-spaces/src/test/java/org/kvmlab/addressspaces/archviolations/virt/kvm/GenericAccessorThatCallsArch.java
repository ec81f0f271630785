package org.kvmlab.addressspaces.archviolations.virt.kvm;

import java.lang.foreign.MemorySegment;
import org.kvmlab.addressspaces.arch.x86.X86GuestVirt;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.paging.X86Exception;

/** Deliberately wrong: generic code that calls an x86 member other than the hook. */
public final class GenericAccessorThatCallsArch {
    private GenericAccessorThatCallsArch() {}

    /** Borrows the emulator's guest-virtual read from generic code. */
    public static int readVirt(Vcpu vcpu, long gva, MemorySegment data, X86Exception exception) {
        return X86GuestVirt.kvmReadGuestVirt(vcpu, gva, data, 0, (int) data.byteSize(), exception);
    }
}
