package org.kvmlab.review.report;

import java.util.List;
import java.util.Map;
import org.kvmlab.livekvm.scenario.LiveReport;
import org.kvmlab.review.architecture.ArchitectureReview;
import org.kvmlab.review.bench.Performance;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.conformance.Differences;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.metrics.SourceLines;
import org.kvmlab.review.metrics.Surface;

/**
 * Everything the report shows, as computed: written as {@code review.json} beside the report, and
 * the only input of the HTML, the Markdown and the summary table.
 *
 * @param generated   when the review ran (ISO-8601)
 * @param quick       whether property and stress tests were left out
 * @param designs     the designs reviewed, in report order
 * @param baseline    the baseline module every patch is measured against ({@code baseline-linux41}), or
 *                    null if absent; its size is among {@code size}, it is never among {@code designs}
 * @param live        the corpus on the running kernel ({@code live-kvm}), or why it could not run there
 * @param changes     every design carried through the change requests of docs/CHANGES.md (the cost
 *                    of change), or {@link ChangesReport#none()} when they were not run
 */
public record ReviewData(String generated, boolean quick, List<String> designs, String baseline,
                         List<Conformance> conformance, List<Differences.Result> corpus,
                         List<SourceLines.Count> size, List<Duplication.Result> duplication,
                         List<Surface.Result> surface, List<PatchSize.Result> patches,
                         List<ArchitectureReview.Result> architecture, Performance performance,
                         List<Argument.DesignCase> argument, Argument.LaterFacts laterFacts,
                         List<Comparison.Row> comparison, LiveReport live, ChangesReport changes) {

    public ReviewData {
        changes = changes == null ? ChangesReport.none() : changes;
    }

    /**
     * The data without the live column, for a report that did not ask for it (the other sections'
     * tests): its section then says so.
     */
    public ReviewData(String generated, boolean quick, List<String> designs, String baseline,
                      List<Conformance> conformance, List<Differences.Result> corpus,
                      List<SourceLines.Count> size, List<Duplication.Result> duplication,
                      List<Surface.Result> surface, List<PatchSize.Result> patches,
                      List<ArchitectureReview.Result> architecture, Performance performance,
                      List<Argument.DesignCase> argument, Argument.LaterFacts laterFacts,
                      List<Comparison.Row> comparison) {
        this(generated, quick, designs, baseline, conformance, corpus, size, duplication, surface, patches,
                architecture, performance, argument, laterFacts, comparison, null, ChangesReport.none());
    }

    /** Passed, failed and skipped tests. */
    public record Counts(long passed, long failed, long skipped) {
        public long total() {
            return passed + failed + skipped;
        }

        /** {@code pass} when something ran and nothing failed, {@code FAIL} when something failed, else {@code not run}. */
        public String verdict() {
            return failed > 0 ? "FAIL" : passed > 0 ? "pass" : "not run";
        }
    }

    /**
     * A design's test run.
     *
     * @param groups        counts per kit tag ({@code rule-1} ... {@code architecture}, {@code other})
     * @param scenarioFiles each corpus file's outcome (passed, failed, skipped)
     * @param failures      the first failures, {@code test: message}
     */
    public record Conformance(String design, Map<String, Counts> groups, Map<String, String> scenarioFiles,
                              List<String> failures, long tests, long failed, long millis) {}

    /** The entry of {@code list} whose design is {@code design}, or null. */
    public static <T> T of(List<T> list, String design, java.util.function.Function<T, String> name) {
        return list.stream().filter(x -> name.apply(x).equals(design)).findFirst().orElse(null);
    }

    public Conformance conformanceOf(String design) {
        return of(conformance, design, Conformance::design);
    }

    public Differences.Result corpusOf(String design) {
        return of(corpus, design, Differences.Result::design);
    }

    public SourceLines.Count sizeOf(String design) {
        return of(size, design, SourceLines.Count::design);
    }

    public Duplication.Result duplicationOf(String design) {
        return of(duplication, design, Duplication.Result::design);
    }

    public Surface.Result surfaceOf(String design) {
        return of(surface, design, Surface.Result::design);
    }

    public PatchSize.Result patchOf(String design) {
        return of(patches, design, PatchSize.Result::design);
    }

    public ArchitectureReview.Result architectureOf(String design) {
        return of(architecture, design, ArchitectureReview.Result::design);
    }
}
