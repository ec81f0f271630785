package org.kvmlab.conformance.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.Variants;

/**
 * What {@code kvmlab scenario [--variant NAME|all] PATH...} does once its options are read
 * (SCENARIOS.md section 8): expand the PATHs, parse each file, run it on every selected design
 * before the next file, print each parse error and failing line, then the counts, and say how it
 * went as an exit status.
 */
public final class ScenarioCommand {
    /** Every line passed. */
    public static final int EXIT_PASSED = 0;
    /** A line failed, and no file failed to parse. */
    public static final int EXIT_FAILED = 1;
    /** A usage error, or a file that did not parse. */
    public static final int EXIT_ERROR = 2;
    /** The selection that runs every design. */
    public static final String ALL = "all";

    private ScenarioCommand() {}

    /**
     * Runs the files under {@code paths} on the designs {@code variant} selects.
     *
     * @param variant a name ({@code reference}, {@code x86-prefixed}, ...), or {@code all} or
     *                null for the reference model and then every contestant found
     * @param out     where results go
     * @param err     where a usage error goes
     * @return the exit status: 2 after a usage error (nothing run) or a parse error, else 1 if a
     *         line failed, else 0
     */
    public static int run(List<String> paths, String variant, PrintStream out, PrintStream err) {
        List<VariantAdapter> adapters;
        try {
            adapters = select(variant);
        } catch (UsageException e) {
            return usageError(e, err);
        }
        return run(paths, adapters, out, err);
    }

    /** Runs the files under {@code paths} on {@code adapters}, in that order; as {@link #run(List, String, PrintStream, PrintStream)}. */
    public static int run(List<String> paths, List<VariantAdapter> adapters, PrintStream out, PrintStream err) {
        List<ScenarioFiles.ScenarioFile> files;
        try {
            files = ScenarioFiles.expand(paths);
        } catch (UsageException e) {
            return usageError(e, err);
        }
        return runFiles(files, adapters, out, err);
    }

    /**
     * Runs {@code files}, already expanded, each on every adapter in order before the next file;
     * prints each parse error and failing line, then the counts.
     *
     * @param err where a file that can no longer be read is reported
     * @return 2 if a file did not parse or could not be read, else 1 if a line failed, else 0
     */
    public static int runFiles(List<ScenarioFiles.ScenarioFile> files, List<VariantAdapter> adapters,
                               PrintStream out, PrintStream err) {
        boolean parseErrors = false;
        Tally tally = Tally.ZERO;
        for (ScenarioFiles.ScenarioFile file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file.path());
            } catch (IOException e) {
                // Readable when the PATHs were checked, gone now: this file cannot run, the rest can.
                err.println("kvmlab scenario: " + file.label() + ": cannot be read: " + e.getMessage());
                parseErrors = true;
                continue;
            }
            switch (ScenarioParser.parse(file.label(), bytes)) {
                case ParseResult.ParseError error -> {
                    out.println(error.message());
                    parseErrors = true;
                }
                case ParseResult.Parsed(Scenario scenario) -> {
                    for (VariantAdapter adapter : adapters) {
                        FileRun run = ScenarioRunner.run(scenario, adapter);
                        run.printedLines().forEach(out::println);
                        tally = tally.plus(run.tally());
                    }
                }
            }
        }
        out.println(tally.summary());
        out.flush();
        return parseErrors ? EXIT_ERROR : tally.failed() > 0 ? EXIT_FAILED : EXIT_PASSED;
    }

    /**
     * The designs a {@code --variant} value selects, in run order.
     *
     * @throws UsageException if no design of that name is on the class path
     */
    public static List<VariantAdapter> select(String variant) throws UsageException {
        if (variant == null || variant.equals(ALL)) {
            return Variants.forAll();
        }
        VariantAdapter adapter = Variants.named(variant);
        if (adapter == null) {
            throw new UsageException("unknown variant " + variant + " (known: " + known() + ")");
        }
        return List.of(adapter);
    }

    private static String known() {
        StringBuilder names = new StringBuilder();
        for (VariantAdapter adapter : Variants.all()) {
            names.append(adapter.name()).append(", ");
        }
        return names.append(ALL).toString();
    }

    private static int usageError(UsageException e, PrintStream err) {
        err.println("kvmlab scenario: " + e.getMessage());
        err.flush();
        return EXIT_ERROR;
    }
}
