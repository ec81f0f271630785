package org.kvmlab.core.archviolations;

import org.kvmlab.core.kvm.Vcpu;

/**
 * Wrong: core code asking a vCPU whether it is in SMM, which only variant code may do
 * (architecture rule 4).
 */
public final class SmmPeeker {
    private SmmPeeker() {}

    /** Borrows the SMRAM decision from the core. */
    public static boolean mayAccessSmram(Vcpu vcpu) {
        return vcpu.isSmm();
    }
}
