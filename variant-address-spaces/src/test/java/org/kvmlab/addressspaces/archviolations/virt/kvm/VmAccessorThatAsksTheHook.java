package org.kvmlab.addressspaces.archviolations.virt.kvm;

import org.kvmlab.addressspaces.arch.x86.X86KvmArch;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * Deliberately wrong: a VM-level lookup that borrows the boot vCPU's address space, so that what
 * a VM-level caller gets depends on whether vCPU 0 happens to be in SMM.
 */
public final class VmAccessorThatAsksTheHook {
    private VmAccessorThatAsksTheHook() {}

    /** {@code gfn_to_memslot} that asks the hook about a vCPU the caller never named. */
    public static MemorySlot gfnToMemslot(Kvm kvm, long gfn) {
        Vcpu boot = kvm.vcpu(0);
        int asId = boot == null ? 0 : X86KvmArch.kvmArchVcpuMemslotsId(boot);
        return kvm.memslots(asId).searchMemslots(gfn);
    }
}
