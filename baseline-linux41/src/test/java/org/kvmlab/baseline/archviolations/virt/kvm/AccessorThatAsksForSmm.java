package org.kvmlab.baseline.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Vcpu;

/** Deliberately wrong: pre-series code that asks a vCPU whether it is in SMM. */
public final class AccessorThatAsksForSmm {
    private AccessorThatAsksForSmm() {}

    /** Reads the vCPU's SMM state. */
    public static boolean inSmm(Vcpu vcpu) {
        return vcpu.isSmm();
    }
}
