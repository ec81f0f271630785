package org.kvmlab.macrogeneric.adapter;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;
import org.kvmlab.spi.SlotModel;

/**
 * {@code variant-macro-generic} as the lab finds it (registered in
 * {@code META-INF/services/org.kvmlab.spi.DesignModule}): design (b) of the 2015 thread:
 * one generic segment loop and one generic cached body, parameterised by the page operation and the
 * slot lookup, with every {@code kvm_*} and {@code x86_*} entry point a one-liner over them.
 */
public final class MacroGenericDesign implements DesignModule {
    /** The design's name. */
    public static final String NAME = "macro-generic";

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
        return 20;
    }

    @Override
    public SlotModel slotModel() {
        return SlotModel.SMRAM_FLAG;
    }

    @Override
    public DesignAccessors accessors(Kvm kvm) {
        return new MacroGenericAccessors(kvm);
    }
}
