package org.kvmlab.addressspaces.archviolations.arch.x86;

import org.kvmlab.core.kvm.Vcpu;

/**
 * Deliberately wrong: x86 code other than the hook that reads the SMM state to choose memory,
 * so that the choice of address space is made in two places.
 */
public final class X86EmulatorThatAsksForSmm {
    private X86EmulatorThatAsksForSmm() {}

    /** The emulator's own idea of the vCPU's address space. */
    public static int addressSpaceOf(Vcpu vcpu) {
        return vcpu.isSmm() ? 1 : 0;
    }
}
