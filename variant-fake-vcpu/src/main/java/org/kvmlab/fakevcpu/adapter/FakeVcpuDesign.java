package org.kvmlab.fakevcpu.adapter;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;
import org.kvmlab.spi.SlotModel;

/**
 * {@code variant-fake-vcpu} as the lab finds it (registered in
 * {@code META-INF/services/org.kvmlab.spi.DesignModule}): design (d) of the 2015 thread:
 * one family of accessors taking a vCPU; VM-level callers pass the VM's fake vCPU, which sees every
 * slot.
 */
public final class FakeVcpuDesign implements DesignModule {
    /** The design's name. */
    public static final String NAME = "fake-vcpu";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Role role() {
        return Role.CONTESTANT;
    }

    /** Its place in the 2015 thread. */
    @Override
    public int order() {
        return 40;
    }

    @Override
    public SlotModel slotModel() {
        return SlotModel.SMRAM_FLAG;
    }

    @Override
    public DesignAccessors accessors(Kvm kvm) {
        return new FakeVcpuAccessors(kvm);
    }
}
