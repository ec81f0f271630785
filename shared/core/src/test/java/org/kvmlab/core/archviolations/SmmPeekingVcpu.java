package org.kvmlab.core.archviolations;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;

/**
 * Wrong: a vCPU subclass in the core that consults its own SMM state. The call's owner in the
 * bytecode is this subclass, not {@link Vcpu}, so architecture rule 4 must match on
 * assignability.
 */
public class SmmPeekingVcpu extends Vcpu {
    protected SmmPeekingVcpu(Kvm kvm, int vcpuId) {
        super(kvm, vcpuId);
    }

    /** Decides visibility from the SMM state inside the core. */
    public boolean seesSmram() {
        return isSmm();
    }
}
