package org.kvmlab.fakevcpu.archviolations.virt.kvm;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;

/** Deliberately wrong: a public, open vCPU type made outside arch code, which anyone may extend. */
public class OpenVcpuThatSeesEverything extends Vcpu {
    /** A vCPU the VM does not list, made by whoever likes. */
    public OpenVcpuThatSeesEverything(Kvm kvm) {
        super(kvm, -1);
    }
}
