package org.kvmlab.vcpuaccessors.archviolations.virt.kvm;

import java.util.function.BiPredicate;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.vcpuaccessors.arch.x86.X86KvmArch;

/**
 * Deliberately wrong: generic code that reaches the right hook, but through an interface, so that
 * the call site is an interface call the JIT must profile rather than a static call it inlines.
 */
public final class GenericAccessorThatBindsTheHookDynamically {
    private static final BiPredicate<Vcpu, MemorySlot> CAN_ACCESS = X86KvmArch::kvmArchVcpuCanAccessSlot;

    private GenericAccessorThatBindsTheHookDynamically() {}

    /** Asks the hook through the stored reference. */
    public static boolean canAccess(Vcpu vcpu, MemorySlot slot) {
        return CAN_ACCESS.test(vcpu, slot);
    }
}
