package org.kvmlab.livekvm.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.ScenarioFiles;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.conformance.scenario.UsageException;
import org.kvmlab.livekvm.kvm.KvmUnavailableException;

/**
 * {@code kvmlab scenario --variant live-kvm PATH...}: runs scenario files on the running kernel
 * and prints, in run order, each declared, follow-on and failing line, then per file and in total
 * how many lines ran on the kernel and how each fared, how many were not mappable and why, the
 * declared rules with their reasons, and the kernel they ran on.
 */
public final class LiveCommand {
    /** No line failed. */
    public static final int EXIT_PASSED = 0;
    /** A line failed. */
    public static final int EXIT_FAILED = 1;
    /** A usage error, a file that did not parse or could not run, or no usable {@code /dev/kvm}. */
    public static final int EXIT_ERROR = 2;

    private LiveCommand() {}

    /** Runs the files under {@code paths}; returns the exit status. */
    public static int run(List<String> paths, PrintStream out, PrintStream err) {
        List<ScenarioFiles.ScenarioFile> files;
        try {
            files = ScenarioFiles.expand(paths);
        } catch (UsageException e) {
            err.println("kvmlab scenario: " + e.getMessage());
            return EXIT_ERROR;
        }
        try (LiveKernel kernel = LiveKernel.open()) {
            return run(files, kernel, out, err);
        } catch (KvmUnavailableException e) {
            err.println("kvmlab scenario: variant " + LiveVerdict.NAME + " needs a usable /dev/kvm: " + e.getMessage());
            return EXIT_ERROR;
        }
    }

    /** Runs {@code files} on {@code kernel}; returns the exit status. */
    public static int run(List<ScenarioFiles.ScenarioFile> files, LiveKernel kernel, PrintStream out, PrintStream err) {
        boolean failedFiles = false;   // a file that did not parse, or could not be read or run
        List<LiveFileRun> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (ScenarioFiles.ScenarioFile file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file.path());
            } catch (IOException e) {
                err.println("kvmlab scenario: " + file.label() + ": cannot be read: " + e.getMessage());
                failedFiles = true;
                continue;
            }
            switch (ScenarioParser.parse(file.label(), bytes)) {
                case ParseResult.ParseError error -> {
                    out.println(error.message());
                    failedFiles = true;
                }
                case ParseResult.Parsed(var scenario) -> {
                    LiveFileRun run;
                    try {
                        run = kernel.run(scenario);
                    } catch (IllegalStateException e) {
                        // The kernel refused what every file needs (a VM, a vCPU, the harness's slot):
                        // this file cannot run, the others may.
                        err.println("kvmlab scenario: " + file.label() + ": cannot run on the live kernel: "
                                + e.getMessage());
                        failedFiles = true;
                        continue;
                    }
                    run.printedLines().forEach(out::println);
                    runs.add(run);
                }
            }
        }
        LiveReport report = LiveReport.of(runs, kernel.facts(), (System.nanoTime() - start) / 1_000_000);
        report.print(out);
        out.flush();
        return failedFiles ? EXIT_ERROR : report.total().failed() > 0 ? EXIT_FAILED : EXIT_PASSED;
    }
}
