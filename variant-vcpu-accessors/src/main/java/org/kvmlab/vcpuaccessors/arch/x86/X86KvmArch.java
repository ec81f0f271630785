package org.kvmlab.vcpuaccessors.arch.x86;

import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * The x86 answer to the one question the generic accessors cannot answer themselves: may this
 * vCPU see this slot? The analogue of an inline function in {@code arch/x86/include/asm/kvm_host.h}.
 *
 * <p>The class has a single public method and nothing else the generic package may touch. It is
 * bound the way the kernel binds an inline arch function: a static method of a final class, so
 * every call from {@code virt.kvm} is an {@code invokestatic} with exactly one possible target,
 * which the JIT inlines into the lookup without a type check or a profile. No interface, no
 * registry and no lambda stands between the generic code and this answer.
 */
public final class X86KvmArch {
    private X86KvmArch() {}

    /**
     * Whether {@code vcpu} may access {@code slot} now: a {@code KVM_MEM_X86_SMRAM} slot only while
     * the vCPU is in SMM, every other slot always. Mirrors {@code kvm_arch_vcpu_can_access_slot()}
     * (as proposed in the 2015 thread); the test is the one patch 12 of the SMM series put into
     * {@code x86_gfn_to_memslot()}.
     *
     * <p>Generic code asks only on behalf of a vCPU: a VM-level access has none and sees every
     * slot, so {@code vcpu} is never null here.
     */
    public static boolean kvmArchVcpuCanAccessSlot(Vcpu vcpu, MemorySlot slot) {
        return !slot.isSmram() || vcpu.isSmm();
    }
}
