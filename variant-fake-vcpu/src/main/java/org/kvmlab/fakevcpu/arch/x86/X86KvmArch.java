package org.kvmlab.fakevcpu.arch.x86;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * The two x86 hooks the fake-vCPU design adds, in the place of {@code arch/x86/include/asm/kvm_host.h}:
 * the access check the generic accessors ask for every slot they find, and the fake vCPU that
 * VM-level callers pass to them.
 *
 * <p><b>Where "always succeeds" lives.</b> In the fake vCPU's type, answered by this class's
 * check. A fake vCPU is an instance of a final, package-private subclass of the core's
 * {@link Vcpu} that only {@link #kvmArchFakeVcpu} makes, so no other code can make one or pass a
 * real vCPU off as one, and the check recognises it with an exact type test. The alternatives are
 * worse: the core's vCPU has no arch field to carry a flag (a flag in the subclass is the same
 * type test with an extra load), and a fake that claimed to be in SMM would see SMRAM through the
 * ordinary rule but lie to everything else that reads a vCPU's mode, and would stop seeing
 * everything the day a second kind of hidden slot appears. Keeping the exemption in the check
 * leaves one place that decides what a vCPU may access.
 */
public final class X86KvmArch {
    private X86KvmArch() {}

    /**
     * Whether {@code vcpu} may access {@code slot}: a {@code KVM_MEM_X86_SMRAM} slot only in SMM,
     * every slot for a fake vCPU. Mirrors {@code kvm_arch_vcpu_can_access_slot()} (as proposed in
     * the 2015 thread), with the fake-vCPU exemption of the same thread.
     */
    public static boolean kvmArchVcpuCanAccessSlot(Vcpu vcpu, MemorySlot slot) {
        // Ordinary slots answer on the first test; the fake is asked about only when a slot is
        // actually hidden, so real vCPUs pay nothing for it.
        return !slot.isSmram() || vcpu.isSmm() || vcpu instanceof FakeVcpu;
    }

    /**
     * The fake vCPU of {@code kvm}, for accesses made on behalf of the whole VM: it sees every
     * slot, SMRAM included, never enters SMM, has no page tables, and is not one of the VM's vCPUs
     * (its id is {@code -1}). Mirrors {@code kvm_arch_fake_vcpu()} (as proposed in the 2015
     * thread).
     *
     * <p>In the kernel it would be made once and live in {@code kvm->arch}; the core's
     * {@code Kvm} is final and has no such field, so callers make it once per VM and keep it next
     * to the VM, and an access path never makes one. A second call makes a second fake, which is
     * harmless: nothing about a fake vCPU can change, so any two of one VM behave alike.
     *
     * @throws IllegalArgumentException if kvm is null
     */
    public static Vcpu kvmArchFakeVcpu(Kvm kvm) {
        if (kvm == null) {
            throw new IllegalArgumentException("kvm is null");
        }
        return FakeVcpu.of(kvm);
    }
}
