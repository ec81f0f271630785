package org.kvmlab.macrogeneric.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Vcpu;

/** Deliberately wrong: generic code that asks a vCPU whether it is in SMM. */
public final class GenericLookupThatAsksForSmm {
    private GenericLookupThatAsksForSmm() {}

    /** Reads the vCPU's SMM state. */
    public static boolean inSmm(Vcpu vcpu) {
        return vcpu.isSmm();
    }
}
