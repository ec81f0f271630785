package org.kvmlab.review.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.kvmlab.conformance.scenario.ScenarioCommand;
import org.kvmlab.livekvm.scenario.LiveCommand;
import org.kvmlab.livekvm.scenario.LiveVerdict;
import org.kvmlab.review.design.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvmlab scenario}: runs scenario files (SCENARIOS.md) on one design or all of them, or
 * ({@code --variant live-kvm}) on the running kernel through {@code /dev/kvm}, a reference column
 * that {@code all} does not include.
 */
@Command(name = "scenario",
        mixinStandardHelpOptions = true,
        description = {
            "Runs scenario files on the designs and prints each failing line, then the counts.",
            "Exit status: 0 all passed, 1 a line failed, 2 a usage or parse error (for live-kvm also: no usable"
                    + " /dev/kvm)."})
final class ScenarioCli implements Callable<Integer> {
    private final Console console;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = ScenarioCommand.ALL,
            completionCandidates = VariantNames.class,
            description = "${COMPLETION-CANDIDATES}, or all (the default): the reference model, then every"
                    + " design of the build; or live-kvm: the running kernel through /dev/kvm, each line"
                    + " agreeing, declared, a follow-on or not mappable")
    String variant;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "a .scn file, or a folder searched recursively for .scn files")
    List<String> paths;

    ScenarioCli(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (LiveVerdict.NAME.equals(variant)) {
            // The running kernel is no module the lab discovers: it needs no design's classes.
            return LiveCommand.run(paths, console.out(), console.err());
        }
        try {
            return Lab.call(() -> ScenarioCommand.run(paths, variant, console.out(), console.err()));
        } catch (IllegalStateException e) {
            console.err().println("kvmlab scenario: " + e.getMessage());
            return ScenarioCommand.EXIT_ERROR;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
