package org.kvmlab.addressspaces.adapter;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;
import org.kvmlab.spi.SlotModel;

/**
 * {@code variant-address-spaces} as the lab finds it (registered in
 * {@code META-INF/services/org.kvmlab.spi.DesignModule}): design (e), what Linux 4.2 merged:
 * no SMRAM flag but a memslot set per mode, the vCPU picking its set, with {@code kvm_vcpu_*}
 * accessors beside {@code kvm_*}.
 */
public final class AddressSpacesDesign implements DesignModule {
    /** The design's name. */
    public static final String NAME = "address-spaces";

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
        return 50;
    }

    @Override
    public SlotModel slotModel() {
        return SlotModel.ADDRESS_SPACES;
    }

    @Override
    public DesignAccessors accessors(Kvm kvm) {
        return new AddressSpacesAccessors(kvm);
    }
}
