package org.kvmlab.addressspaces.archviolations.virt.kvm;

import org.kvmlab.addressspaces.virt.kvm.KvmGuestMemory;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;

/**
 * Deliberately wrong: a VM-level check that reaches a vCPU's memslot set through a private
 * helper, which a rule looking only at the public method's own calls would miss.
 */
public final class VmAccessorThatLaundersThroughAHelper {
    private VmAccessorThatLaundersThroughAHelper() {}

    /** {@code kvm_is_visible_gfn} answered for the boot vCPU. */
    public static boolean kvmIsVisibleGfn(Kvm kvm, long gfn) {
        return visibleTo(kvm.vcpu(0), gfn);
    }

    private static boolean visibleTo(Vcpu vcpu, long gfn) {
        return vcpu != null && KvmGuestMemory.kvmVcpuMemslots(vcpu).searchMemslots(gfn) != null;
    }
}
