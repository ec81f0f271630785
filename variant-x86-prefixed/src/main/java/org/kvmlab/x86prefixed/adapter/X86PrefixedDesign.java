package org.kvmlab.x86prefixed.adapter;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;
import org.kvmlab.spi.SlotModel;

/**
 * {@code variant-x86-prefixed} as the lab finds it (registered in
 * {@code META-INF/services/org.kvmlab.spi.DesignModule}): design (a) of the 2015 thread,
 * what patch 10 of the SMM series did: the generic {@code kvm_*} accessors stay as they were, and
 * arch code gets an {@code x86_*} copy of each one that needs the vCPU.
 */
public final class X86PrefixedDesign implements DesignModule {
    /** The design's name. */
    public static final String NAME = "x86-prefixed";

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
        return 10;
    }

    @Override
    public SlotModel slotModel() {
        return SlotModel.SMRAM_FLAG;
    }

    @Override
    public DesignAccessors accessors(Kvm kvm) {
        return new X86PrefixedAccessors(kvm);
    }
}
