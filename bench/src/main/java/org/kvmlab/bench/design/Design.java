package org.kvmlab.bench.design;

import java.util.function.Function;
import org.kvmlab.core.kvm.Kvm;

/**
 * Every design under measurement, one constant each: the axis of every benchmark
 * ({@code @Param Design design}, which JMH fills with all constants), the way Caffeine's
 * benchmarks take a cache type. Adding a design is one constant here and one small adapter class
 * beside the others; {@code variant-address-spaces} will be
 * {@code ADDRESS_SPACES(SlotModel.ADDRESS_SPACES, AddressSpacesUnderBench::new)}.
 */
public enum Design {
    /** {@code variant-x86-prefixed}: {@code kvm_*} unchanged, {@code x86_*} copies for the vCPU. */
    X86_PREFIXED(SlotModel.SMRAM_FLAG, X86PrefixedUnderBench::new),
    /** {@code variant-macro-generic}: one-line {@code kvm_*}/{@code x86_*} over generic bodies. */
    MACRO_GENERIC(SlotModel.SMRAM_FLAG, MacroGenericUnderBench::new),
    /** {@code variant-vcpu-accessors}: {@code kvm_*} and {@code kvm_vcpu_*}, one arch hook. */
    VCPU_ACCESSORS(SlotModel.SMRAM_FLAG, VcpuAccessorsUnderBench::new),
    /** {@code variant-fake-vcpu}: one family taking a vCPU; VM-level callers pass the fake. */
    FAKE_VCPU(SlotModel.SMRAM_FLAG, FakeVcpuUnderBench::new),
    /** {@code variant-address-spaces}: what Linux 4.2 merged; SMRAM lives in address space 1. */
    ADDRESS_SPACES(SlotModel.ADDRESS_SPACES, AddressSpacesUnderBench::new);

    private final SlotModel slotModel;
    private final Function<Kvm, DesignUnderBench> adapter;

    Design(SlotModel slotModel, Function<Kvm, DesignUnderBench> adapter) {
        this.slotModel = slotModel;
        this.adapter = adapter;
    }

    /** How this design configures a VM and lays out SMRAM. */
    public SlotModel slotModel() {
        return slotModel;
    }

    /** The design's accessors for {@code kvm}; called in set-up, never on a measured path. */
    public DesignUnderBench bind(Kvm kvm) {
        return adapter.apply(kvm);
    }
}
