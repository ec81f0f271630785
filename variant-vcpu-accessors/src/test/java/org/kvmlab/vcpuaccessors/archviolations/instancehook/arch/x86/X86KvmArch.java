package org.kvmlab.vcpuaccessors.archviolations.instancehook.arch.x86;

import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * Deliberately wrong: an arch hook class whose one public method is an instance method, so that
 * generic code would call it through an object rather than bind it statically.
 */
public final class X86KvmArch {
    /** The arch object generic code would have to hold. */
    public X86KvmArch() {}

    /** The hook, bound dynamically. */
    public boolean kvmArchVcpuCanAccessSlot(Vcpu vcpu, MemorySlot slot) {
        return !slot.isSmram() || vcpu.isSmm();
    }
}
