package org.kvmlab.baseline.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;

/** Deliberately wrong: a generic accessor that takes a vCPU, as only the series made them. */
public final class AccessorThatTakesAVcpu {
    private AccessorThatTakesAVcpu() {}

    /** The VM of a vCPU: the first step towards {@code kvm_vcpu_*}. */
    public static Kvm kvmOf(Vcpu vcpu) {
        return vcpu.kvm();
    }
}
