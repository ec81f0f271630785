package org.kvmlab.review.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kvmlab.review.changes.ChangeRequest;
import org.kvmlab.review.changes.ChangeRunner;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;
import org.kvmlab.review.report.ChangeSection;
import org.kvmlab.review.report.SummaryTable;
import org.kvmlab.spi.LabModules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kvmlab changes}: carries every design (and the baseline, where a change applies to it)
 * through the change requests of docs/CHANGES.md, one change at a time on today's sources, runs
 * the kit on each, measures what each change cost, and prints the table.
 */
@Command(name = "changes",
        mixinStandardHelpOptions = true,
        description = {
            "Applies each change request (docs/CHANGES.md) to each design in a copy of the sources, compiles the",
            "patched modules, runs the design's tests with the change's own, and prints what each change cost:",
            "code and comment lines, functions and files touched, generic code, places a reviewer must check.",
            "Progress goes to standard error, the table to standard output. Results are cached in",
            "target/changes/cache by the content of their inputs.",
            "Exit status: 0 every change a design carries applied, compiled and passed (designs without a patch",
            "are reported as not carried); 1 a change did not apply, compile or pass on a design; 2 a usage error",
            "(an unknown option, design or change: one line on standard error) or a lab that is not built."})
final class ChangesCli implements Callable<Integer> {
    /** Exit status when every carried change passed. */
    static final int EXIT_OK = 0;
    /** Exit status when a change did not apply, compile or pass on some design. */
    static final int EXIT_FAILED = 1;
    /** Exit status of a usage error. */
    static final int EXIT_USAGE = 2;

    private final Console console;

    @Option(names = "--design", paramLabel = "NAME", description = "only this design (or the baseline, baseline-linux41)")
    String design;

    @Option(names = "--change", paramLabel = "NN", description = "only this change: its number (01) or its name (01-ghc-bad-hva)")
    String change;

    @Option(names = "--quick", description = "leave the kit's property and stress tests out")
    boolean quick;

    @Option(names = "--no-cache", description = "recompute every result instead of reading unchanged ones from target/changes/cache")
    boolean noCache;

    ChangesCli(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        Path root;
        List<Design> designs;
        Design baseline;
        List<ChangeRequest> changes;
        try {
            root = LabModules.ofThisBuild().root();
            designs = Designs.discover(root);
            baseline = Designs.baseline(root);
            changes = ChangeRunner.changes(root);
        } catch (IllegalStateException | IllegalArgumentException e) {
            console.err().println("kvmlab changes: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (design != null && designs.stream().noneMatch(d -> d.name().equals(design))
                && (baseline == null || !baseline.name().equals(design))) {
            List<String> names = new ArrayList<>(designs.stream().map(Design::name).toList());
            if (baseline != null) {
                names.add(baseline.name());
            }
            console.err().println("kvmlab changes: --design " + design + ": no such design (the build has "
                    + String.join(", ", names) + ")");
            return EXIT_USAGE;
        }
        if (change != null && changes.stream().noneMatch(c -> c.number().equals(change) || c.id().equals(change))) {
            console.err().println("kvmlab changes: --change " + change + ": no such change (docs/CHANGES.md has "
                    + String.join(", ", changes.stream().map(ChangeRequest::id).toList()) + ")");
            return EXIT_USAGE;
        }
        if (changes.isEmpty()) {
            console.err().println("kvmlab changes: no change request in " + ChangeRequest.SHARED_DIR);
            return EXIT_USAGE;
        }
        console.err().println("kvmlab changes: " + (change == null ? changes.size() + " changes" : "change " + change)
                + " on " + (design == null ? "every design" : design) + (quick ? " (--quick)" : ""));
        ChangesReport report = new ChangeRunner(new ChangeRunner.Options(root, quick, design, change, !noCache),
                console.err()).run(designs, baseline);
        console.out().print(SummaryTable.render(ChangeSection.all(report)));
        if (design == null) {
            // Which design a change favoured needs the others beside it.
            for (ChangesReport.Change c : report.changes()) {
                console.out().println(ChangeSection.favouredLine(report, c));
            }
        }
        console.out().flush();
        return report.allPassed() ? EXIT_OK : EXIT_FAILED;
    }
}
