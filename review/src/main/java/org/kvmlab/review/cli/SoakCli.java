package org.kvmlab.review.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.Variants;
import org.kvmlab.conformance.differential.Soak;
import org.kvmlab.conformance.scenario.ScenarioCommand;
import org.kvmlab.conformance.scenario.UsageException;
import org.kvmlab.review.design.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kvmlab soak}: the kit's differential test and concurrency stress at a size CI cannot
 * afford, for one design or all.
 */
@Command(name = "soak",
        mixinStandardHelpOptions = true,
        description = {
            "Runs random programs on each design and on the reference model until --ops commands or",
            "--seconds have passed, then slot churn under running vCPU threads. On the first",
            "disagreement prints the minimised program as a scenario file and exits 1."})
final class SoakCli implements Callable<Integer> {
    private final Console console;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = ScenarioCommand.ALL,
            completionCandidates = VariantNames.class,
            description = "${COMPLETION-CANDIDATES}, or all (the default): every design of the build")
    String variant;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "1000000",
            description = "commands per design (default: ${DEFAULT-VALUE})")
    long ops;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "0",
            description = "time limit per design, 0 for none (default: ${DEFAULT-VALUE})")
    long seconds;

    @Option(names = "--seed", paramLabel = "X", description = "the generator's seed (default: from the clock)")
    Long seed;

    @Option(names = "--stress-seconds", paramLabel = "S", defaultValue = "10",
            description = "how long slot churn runs per design (default: ${DEFAULT-VALUE})")
    long stressSeconds;

    @Option(names = "--stress-vcpus", paramLabel = "N", defaultValue = "4",
            description = "vCPU threads during slot churn (default: ${DEFAULT-VALUE})")
    int stressVcpus;

    SoakCli(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        try {
            return Lab.call(this::soak);
        } catch (IllegalStateException e) {
            console.err().println("kvmlab soak: " + e.getMessage());
            return 2;
        }
    }

    private int soak() throws InterruptedException {
        List<VariantAdapter> designs;
        try {
            designs = ScenarioCommand.select(variant);
        } catch (UsageException e) {
            console.err().println("kvmlab soak: " + e.getMessage());
            return 2;
        }
        if (ScenarioCommand.ALL.equals(variant)) {
            List<VariantAdapter> others = Variants.contestants();
            if (others.isEmpty()) {
                console.err().println("kvmlab soak: no design but the reference model is present;"
                        + " soaking the reference model against itself");
            } else {
                designs = others;
            }
        }
        if (ops < 1 || seconds < 0 || stressSeconds < 0 || stressVcpus < 1 || stressVcpus > 64) {
            console.err().println("kvmlab soak: --ops must be at least 1, --seconds and --stress-seconds at least 0,"
                    + " --stress-vcpus between 1 and 64");
            return 2;
        }
        long chosenSeed = seed != null ? seed : System.nanoTime();
        Soak soak = new Soak(ops, seconds, chosenSeed, stressVcpus, stressSeconds * 1000, console.out(), console.err());
        return soak.run(designs);
    }
}
