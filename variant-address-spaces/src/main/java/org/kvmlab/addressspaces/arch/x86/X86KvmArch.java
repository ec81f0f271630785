package org.kvmlab.addressspaces.arch.x86;

import org.kvmlab.core.kvm.Vcpu;

/**
 * What x86 tells the generic accessors: which of its two memslot sets a vCPU uses now. The
 * analogue of the inline {@code kvm_arch_vcpu_memslots_id()} that Linux 4.2 put in
 * {@code arch/x86/include/asm/kvm_host.h} next to {@code KVM_ADDRESS_SPACE_NUM 2}.
 *
 * <p>The hook is a static method of a final class, so a call from {@code virt.kvm} has exactly one
 * target, which the JIT inlines as the compiler inlines the header function. It answers with a
 * number, not a verdict on a slot: the generic code never learns what SMM is, only which set to
 * search, and this is the one place in the design that reads a vCPU's SMM state.
 */
public final class X86KvmArch {
    private X86KvmArch() {}

    /**
     * The address space {@code vcpu} uses at this moment: 1 while it is in SMM, 0 otherwise. Mirrors
     * {@code kvm_arch_vcpu_memslots_id()} (Linux 4.2), there {@code (hflags & HF_SMM_MASK) ? 1 : 0}.
     */
    public static int kvmArchVcpuMemslotsId(Vcpu vcpu) {
        return vcpu.isSmm() ? 1 : 0;
    }
}
