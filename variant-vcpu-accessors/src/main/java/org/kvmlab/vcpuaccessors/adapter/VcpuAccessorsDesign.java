package org.kvmlab.vcpuaccessors.adapter;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;
import org.kvmlab.spi.SlotModel;

/**
 * {@code variant-vcpu-accessors} as the lab finds it (registered in
 * {@code META-INF/services/org.kvmlab.spi.DesignModule}): design (c) of the 2015 thread:
 * {@code kvm_vcpu_*} accessors beside {@code kvm_*} in generic code, shared bodies taking an
 * optional vCPU, and one static arch hook that says whether a vCPU may see a slot.
 */
public final class VcpuAccessorsDesign implements DesignModule {
    /** The design's name. */
    public static final String NAME = "vcpu-accessors";

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
        return 30;
    }

    @Override
    public SlotModel slotModel() {
        return SlotModel.SMRAM_FLAG;
    }

    @Override
    public DesignAccessors accessors(Kvm kvm) {
        return new VcpuAccessorsAccessors(kvm);
    }
}
