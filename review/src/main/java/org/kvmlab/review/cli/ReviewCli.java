package org.kvmlab.review.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kvmlab.review.Review;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;
import org.kvmlab.review.design.Lab;
import org.kvmlab.review.report.ReviewData;
import org.kvmlab.spi.LabModules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kvmlab review}: the design review of every design in the build, in one run, with a
 * progress line per step on standard error and the comparison table on standard output.
 */
@Command(name = "review",
        mixinStandardHelpOptions = true,
        description = {
            "Reviews every design: conformance, size and duplication, genericity, patch size, architecture,",
            "performance, and the 2015 thread's arguments next to the figures. Writes index.html, REVIEW.md,",
            "review.json and charts/ to --out and prints the comparison table.",
            "Exit status: 0 written (whatever the designs' verdicts), 2 a usage error or a failure to write."})
final class ReviewCli implements Callable<Integer> {
    private final Console console;

    @Option(names = "--quick", description = "conformance from the scenario corpus and the example tests only "
            + "(no property or stress tests)")
    boolean quick;

    @Option(names = "--no-bench", description = "run no JMH; with --bench-results use that file's figures")
    boolean noBench;

    @Option(names = "--bench-results", paramLabel = "FILE", description = "a JMH JSON file to use instead of running the bench")
    Path benchResults;

    @Option(names = "--out", paramLabel = "DIR", description = "where the report goes (default: target/review at the "
            + "repository root)")
    Path out;

    ReviewCli(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        Path root;
        List<Design> designs;
        try {
            root = LabModules.ofThisBuild().root();
            designs = Designs.discover(root);
        } catch (IllegalStateException e) {
            console.err().println("kvmlab review: " + e.getMessage());
            return 2;
        }
        if (benchResults != null && !Files.isRegularFile(benchResults)) {
            console.err().println("kvmlab review: --bench-results " + benchResults + ": no such file");
            return 2;
        }
        Path dir = out != null ? out : root.resolve("target/review");
        if (designs.isEmpty()) {
            console.err().println("kvmlab review: no design in this build (no module of pom.xml registers one)");
            return 2;
        }
        try {
            ReviewData data = Lab.call(() -> new Review(new Review.Options(root, dir, quick, noBench, benchResults),
                    console.err()).run(designs));
            console.out().print(Review.summary(data));
            console.out().println("Report: " + Review.shown(dir.resolve(Review.HTML)));
            console.out().flush();
            return 0;
        } catch (Exception e) {
            console.err().println("kvmlab review: " + e);
            e.printStackTrace(console.err());
            return 2;
        }
    }
}
