package org.kvmlab.fakevcpu.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.fakevcpu.arch.x86.X86KvmArch;
import org.kvmlab.fakevcpu.virt.kvm.KvmGuestMemory;

/** Deliberately wrong: generic code that fetches the fake vCPU and so widens a vCPU's view. */
public final class GenericAccessorThatSwapsInTheFakeVcpu {
    private GenericAccessorThatSwapsInTheFakeVcpu() {}

    /** Looks up as the whole VM on behalf of a vCPU, SMRAM included. */
    public static MemorySlot lookup(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToMemslot(X86KvmArch.kvmArchFakeVcpu(vcpu.kvm()), gfn);
    }
}
