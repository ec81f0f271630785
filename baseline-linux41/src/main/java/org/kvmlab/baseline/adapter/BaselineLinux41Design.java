package org.kvmlab.baseline.adapter;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;
import org.kvmlab.spi.SlotModel;

/**
 * {@code baseline-linux41} as the lab finds it (registered in
 * {@code META-INF/services/org.kvmlab.spi.DesignModule}): the pre-series accessor layer, found the
 * same way as the designs and marked {@link Role#BASELINE}. The review measures every patch against
 * it and the bench shows its cost as a reference column; it is never ranked, and {@code --variant
 * all} does not run it. Its VM is the series' core, which accepts {@code KVM_MEM_X86_SMRAM}; the
 * layer ignores the flag.
 */
public final class BaselineLinux41Design implements DesignModule {
    /** The baseline's name, its module's. */
    public static final String NAME = "baseline-linux41";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Role role() {
        return Role.BASELINE;
    }

    /** Before every design: what they all start from. */
    @Override
    public int order() {
        return 0;
    }

    @Override
    public SlotModel slotModel() {
        return SlotModel.SMRAM_FLAG;
    }

    @Override
    public DesignAccessors accessors(Kvm kvm) {
        return new BaselineLinux41Accessors(kvm);
    }
}
