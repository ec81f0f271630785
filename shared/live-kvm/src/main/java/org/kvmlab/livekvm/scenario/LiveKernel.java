package org.kvmlab.livekvm.scenario;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.conformance.suite.ScenarioCorpus;
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

    /**
     * The kit's scenario corpus run on the live kernel, as the review shows it; on a machine
     * without a usable {@code /dev/kvm}, a report that says why.
     */
    public static LiveReport runCorpus() {
        try (LiveKernel kernel = open()) {
            long start = System.nanoTime();
            List<LiveFileRun> runs = new ArrayList<>();
            for (ScenarioCorpus.CorpusFile file : ScenarioCorpus.files()) {
                if (ScenarioParser.parse(file.name(), file.bytes()) instanceof ParseResult.Parsed(var scenario)) {
                    runs.add(kernel.run(scenario));
                }
            }
            return LiveReport.of(runs, kernel.facts(), (System.nanoTime() - start) / 1_000_000);
        } catch (KvmUnavailableException e) {
            return LiveReport.unavailable(e.getMessage());
        }
    }

    /** Closes {@code /dev/kvm}. */
    @Override
    public void close() {
        system.close();
        arena.close();
    }
}
