package org.kvmlab.vcpuaccessors.archviolations.arch.x86;

import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/** Deliberately wrong: an arch hook class that offers generic code a second public method. */
public final class X86KvmArch {
    private X86KvmArch() {}

    /** The hook. */
    public static boolean kvmArchVcpuCanAccessSlot(Vcpu vcpu, MemorySlot slot) {
        return !slot.isSmram() || vcpu.isSmm();
    }

    /** A second way in: generic code could now ask about SMM itself. */
    public static boolean kvmArchVcpuIsSmm(Vcpu vcpu) {
        return vcpu.isSmm();
    }
}
