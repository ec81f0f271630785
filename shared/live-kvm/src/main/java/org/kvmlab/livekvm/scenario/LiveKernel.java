package org.kvmlab.livekvm.scenario;

import java.lang.foreign.Arena;
import org.kvmlab.livekvm.kvm.Cpuid;
import org.kvmlab.livekvm.kvm.KernelFacts;
import org.kvmlab.livekvm.kvm.KvmSystem;
import org.kvmlab.livekvm.kvm.KvmUnavailableException;

/**
 * The running kernel as a column of the conformance run: {@code /dev/kvm} opened once, what it
 * offers read once, and any number of scenario files run on it, each in a VM of its own.
 */
public final class LiveKernel implements AutoCloseable {
    private final KvmSystem system;
    private final Arena arena = Arena.ofShared();
    private final Cpuid cpuid;
    private final KernelFacts facts;

    private LiveKernel(KvmSystem system) {
        this.system = system;
        this.cpuid = system.supportedCpuid(arena);
        this.facts = KernelFacts.of(system, cpuid);
    }

    /**
     * Opens {@code /dev/kvm}.
     *
     * @throws KvmUnavailableException naming what is missing on a machine without a usable KVM
     */
    public static LiveKernel open() throws KvmUnavailableException {
        KvmSystem system = KvmSystem.open();
        try {
            return new LiveKernel(system);
        } catch (RuntimeException e) {
            system.close();
            throw new KvmUnavailableException(KvmSystem.DEVICE + ": " + e.getMessage());
        }
    }

    /** What the kernel offers. */
    public KernelFacts facts() {
        return facts;
    }

    KvmSystem system() {
        return system;
    }

    Cpuid cpuid() {
        return cpuid;
    }

    /** Runs one parsed scenario. */
    public LiveFileRun run(org.kvmlab.conformance.scenario.Scenario scenario) {
        return LiveRunner.run(scenario, this);
    }

    @Override
    public void close() {
        system.close();
        arena.close();
    }
}
