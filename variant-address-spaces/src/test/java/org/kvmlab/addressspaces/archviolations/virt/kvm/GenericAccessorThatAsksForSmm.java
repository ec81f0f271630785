package org.kvmlab.addressspaces.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Vcpu;

/** Deliberately wrong: generic code that picks the address space by asking for SMM itself. */
public final class GenericAccessorThatAsksForSmm {
    private GenericAccessorThatAsksForSmm() {}

    /** Decides the vCPU's address space without the arch hook. */
    public static int memslotsId(Vcpu vcpu) {
        return vcpu.isSmm() ? 1 : 0;
    }
}
