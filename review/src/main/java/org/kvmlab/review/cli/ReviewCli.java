package org.kvmlab.review.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kvmlab.review.Review;
import org.kvmlab.review.bench.JmhFile;
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
            "performance, the 2015 thread's arguments next to the figures, and the cost of change (each design",
            "carried through the changes of docs/CHANGES.md, as kvmlab changes). Writes index.html, REVIEW.md,",
            "review.json and charts/ to --out and prints the comparison table.",
            "The report is written beside --out and moved into place only when complete.",
            "Exit status: 0 written (whatever the designs' verdicts); 2 a usage error, an --out that cannot be",
            "written (one line naming it and why; --out is left as it was), or --bench-results that is not JMH",
            "output of this project's bench."})
final class ReviewCli implements Callable<Integer> {
    private final Console console;

    @Option(names = "--quick", description = "conformance from the scenario corpus and the example tests only "
            + "(no property or stress tests)")
    boolean quick;

    @Option(names = "--no-bench", description = "run no JMH; with --bench-results use that file's figures")
    boolean noBench;

    @Option(names = "--bench-results", paramLabel = "FILE", description = "a JMH JSON file (-rf json) of the bench "
            + "to use instead of running it; anything else is refused")
    Path benchResults;

    @Option(names = "--no-changes", description = "leave out the report's section 8, the cost of change (kvmlab changes runs"
            + " it alone)")
    boolean noChanges;

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
        if (benchResults != null) {
            // Refused before any work: a file that is not JMH output must not become a report
            // whose figures claim to come from it.
            try {
                JmhFile.read(benchResults);
            } catch (JmhFile.NotJmhOutput e) {
                console.err().println("kvmlab review: --bench-results " + e.getMessage());
                return 2;
            }
        }
        if (designs.isEmpty()) {
            console.err().println("kvmlab review: no design in this build (no module of pom.xml registers one)");
            return 2;
        }
        Path dir = out != null ? out : root.resolve("target/review");
        ReportFolder folder;
        try {
            folder = ReportFolder.prepare(dir);
        } catch (ReportFolder.Unwritable e) {
            console.err().println("kvmlab review: " + e.getMessage());
            return 2;
        }
        ReviewData data;
        try {
            data = Lab.call(() -> new Review(new Review.Options(root, dir, quick, noBench, benchResults,
                    folder.staging(), !noChanges), console.err()).run(designs));
        } catch (IOException e) {
            folder.discard();
            console.err().println("kvmlab review: --out " + dir + ": cannot write the report: " + ReportFolder.reason(e));
            return 2;
        } catch (Exception e) {
            folder.discard();
            console.err().println("kvmlab review: failed, no report written: " + e);
            return 2;
        }
        try {
            folder.publish();
        } catch (ReportFolder.Unwritable e) {
            console.err().println("kvmlab review: " + e.getMessage());
            return 2;
        }
        console.out().print(Review.summary(data));
        console.out().println("Report: " + Review.shown(dir.resolve(Review.HTML)));
        console.out().flush();
        return 0;
    }
}
