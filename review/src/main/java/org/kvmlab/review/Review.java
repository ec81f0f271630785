package org.kvmlab.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kvmlab.livekvm.scenario.LiveKernel;
import org.kvmlab.livekvm.scenario.LiveReport;
import org.kvmlab.livekvm.scenario.LiveVerdict;
import org.kvmlab.review.architecture.ArchitectureReview;
import org.kvmlab.review.bench.BenchLauncher;
import org.kvmlab.review.bench.JmhFile;
import org.kvmlab.review.bench.Performance;
import org.kvmlab.review.changes.ChangeRunner;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.conformance.Differences;
import org.kvmlab.review.conformance.TestRun;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;
import org.kvmlab.review.metrics.ClassBytes;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.metrics.SourceLines;
import org.kvmlab.review.metrics.Surface;
import org.kvmlab.review.report.Argument;
import org.kvmlab.review.report.Charts;
import org.kvmlab.review.report.Comparison;
import org.kvmlab.review.report.Doc;
import org.kvmlab.review.report.HtmlRenderer;
import org.kvmlab.review.report.MarkdownReport;
import org.kvmlab.review.report.ReviewData;
import org.kvmlab.review.report.Sections;
import org.kvmlab.review.report.SummaryTable;
import org.kvmlab.review.report.ThreadCase;

/**
 * The design review: measures every design in eight steps, printing a progress line per step and
 * design to {@code progress}, and writes {@code index.html}, {@code REVIEW.md}, {@code review.json},
 * {@code charts/*.svg} and {@code patches/*.patch} to the output folder.
 */
public final class Review {
    /** The files the review writes, relative to its output folder. */
    public static final String HTML = "index.html";
    public static final String MARKDOWN = "REVIEW.md";
    public static final String JSON = "review.json";
    public static final String CHARTS = "charts";
    public static final String PATCHES = "patches";

    /**
     * How to run.
     *
     * @param root         the repository root (sources are read from it, the bench run from it)
     * @param out          where the report goes
     * @param quick        leave property and stress tests out
     * @param noBench      run no JMH
     * @param benchResults a JMH JSON file to use instead of running the bench, or null
     * @param staging      where the files are written until they are moved to {@code out} (the
     *                     report names {@code out} throughout), or null to write to {@code out}
     * @param changes      carry the designs through the change requests (the report's section 8, the cost of change)
     */
    public record Options(Path root, Path out, boolean quick, boolean noBench, Path benchResults, Path staging,
                          boolean changes) {
        /** Options that write straight to {@code out}, the cost of change included. */
        public Options(Path root, Path out, boolean quick, boolean noBench, Path benchResults) {
            this(root, out, quick, noBench, benchResults, null, true);
        }

        /** Where the files go now: the staging folder, or {@code out} without one. */
        public Path writeTo() {
            return staging != null ? staging : out;
        }
    }

    private final Options options;
    private final PrintStream progress;
    private final long start = System.nanoTime();

    public Review(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs the review on {@code designs} and writes the report; returns what it computed. */
    public ReviewData run(List<Design> designs) throws IOException {
        List<String> names = designs.stream().map(Design::name).toList();
        step(1, "conformance", "running each design's tests through the JUnit Platform launcher"
                + (options.quick() ? " (--quick: no property or stress tests)" : ""));
        Map<String, TestRun.Result> runs = new LinkedHashMap<>();
        List<ReviewData.Conformance> conformance = new ArrayList<>();
        List<Differences.Result> corpus = new ArrayList<>();
        for (Design design : designs) {
            TestRun.Result run = TestRun.run(design.packageRoot(), options.quick() ? TestRun.SLOW_TAGS : Set.of());
            runs.put(design.name(), run);
            conformance.add(summarise(design.name(), run));
            detail(design.name() + ": " + run.tests().size() + " tests, " + run.passed() + " passed, " + run.failed()
                    + " failed (" + seconds(run.millis()) + ")");
            if (design.adapter() != null) {
                Differences.Result r = Differences.of(design.adapter());
                corpus.add(r);
                detail(design.name() + ": corpus with ScenarioRunner: " + r.passed() + " lines passed, " + r.failed()
                        + " failed, " + r.declared() + " declared");
            }
        }

        LiveReport live = LiveKernel.runCorpus();
        detail(LiveVerdict.NAME + ": " + (live.available() ? "corpus on the running kernel: " + live.total().text()
                + " (" + seconds(live.millis()) + ")" : "not run: " + live.unavailable()));

        step(2, "size and duplication", "code lines and PMD CPD (" + Duplication.MINIMUM_TOKENS + "-token threshold)");
        List<SourceLines.Count> size = new ArrayList<>();
        List<Duplication.Result> duplication = new ArrayList<>();
        for (Design design : designs) {
            if (!design.hasSources()) {
                detail(design.name() + ": no sources at " + design.sourceRoot());
                continue;
            }
            SourceLines.Count count = SourceLines.of(design);
            Duplication.Result dup = Duplication.of(design);
            size.add(count);
            duplication.add(dup);
            detail(design.name() + ": " + count.codeLines() + " code lines, " + dup.duplicatedLines() + " duplicated ("
                    + String.format(java.util.Locale.ROOT, "%.1f%%", dup.share() * 100) + ")");
        }

        Design reference = Designs.baseline(options.root());
        if (reference != null && reference.hasSources()) {
            SourceLines.Count count = SourceLines.of(reference);
            size.add(count);
            detail(reference.name() + " (the baseline, for reference): " + count.codeLines() + " code lines");
        }

        step(3, "genericity and surface", "entry points, one-liners and loops from bytecode (ASM)");
        List<Surface.Result> surface = new ArrayList<>();
        for (Design design : designs) {
            Surface.Result s = Surface.of(design.name(), ClassBytes.ofDesign(design.packageRoot()));
            surface.add(s);
            detail(design.name() + ": " + s.entryPointCount() + " entry points, " + s.oneLiners() + " one-liners, "
                    + s.segmentLoops() + " segment loops");
        }

        Design baseline = reference != null && reference.hasSources() ? reference : null;
        step(4, "patch size", "each design against the baseline module"
                + (baseline == null ? "" : " " + baseline.name()) + " (java-diff-utils; code and comment lines apart)");
        List<PatchSize.Result> patches = new ArrayList<>();
        if (baseline == null) {
            detail("no baseline: no module of the build registers one (role BASELINE)");
        } else {
            for (Design design : designs) {
                if (design.hasSources()) {
                    PatchSize.Result p = PatchSize.of(design, baseline);
                    patches.add(p);
                    detail(design.name() + ": code +" + p.lines().codeAdded() + " -" + p.lines().codeRemoved()
                            + ", comments +" + p.lines().commentAdded() + " -" + p.lines().commentRemoved() + " in "
                            + (p.filesAdded() + p.filesModified() + p.filesRemoved()) + " files");
                }
            }
        }

        step(5, "architecture", "ArchUnit rules and verdicts, package dependencies");
        List<ArchitectureReview.Result> architecture = new ArrayList<>();
        for (Design design : designs) {
            ArchitectureReview.Result a = ArchitectureReview.of(design.name(), design.packageRoot(), runs.get(design.name()));
            architecture.add(a);
            detail(design.name() + ": " + a.rules().size() + " rules, " + a.holding() + " hold, " + a.catching()
                    + " catch a wrong class; " + a.edges().size() + " package dependencies");
        }

        step(6, "performance", options.benchResults() != null ? "reading " + options.benchResults()
                : options.noBench() ? "--no-bench: no JMH run" : "running the bench's quick profile");
        Performance performance = performance(benched(designs, runs, reference));
        if (performance.measured()) {
            detail(performance.judgement().figures().measurements().size() + " results judged by the bench's "
                    + performance.judgement().outcomes().size() + " targets:");
            performance.judgement().outcomes().forEach(o -> detail("  " + o.target().title() + ": " + o.summary()));
        } else {
            detail("not measured: " + performance.source());
        }

        step(7, "the cost of change", options.changes() ? "each design carried through each change request of"
                + " docs/CHANGES.md (kvmlab changes" + (options.quick() ? " --quick" : "") + ")" : "not run");
        ChangesReport changes = ChangesReport.none();
        if (options.changes()) {
            changes = new ChangeRunner(new ChangeRunner.Options(options.root(), options.quick(), null, null, true),
                    progress).run(designs, baseline);
        }

        step(8, "the argument next to the figure", "writing " + shown(options.out()));
        String generated = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        ReviewData measured = new ReviewData(generated, options.quick(), names, baseline == null ? null : baseline.name(),
                conformance, corpus, size, duplication, surface, patches, architecture, performance, List.of(),
                new Argument.LaterFacts("", List.of(), "", List.of()), List.of(), live, changes);
        ReviewData argued = new ReviewData(generated, options.quick(), names, measured.baseline(), conformance, corpus,
                size, duplication, surface, patches, architecture, performance,
                Argument.cases(measured, threadCases(designs)), Argument.laterFacts(measured), List.of(), live, changes);
        ReviewData data = new ReviewData(generated, options.quick(), names, measured.baseline(), conformance, corpus,
                size, duplication, surface, patches, architecture, performance, argued.argument(), argued.laterFacts(),
                Comparison.of(argued), live, changes);
        write(data);
        detail("done in " + seconds((System.nanoTime() - start) / 1_000_000));
        return data;
    }

    /** The case each design states in its module; one that cannot be read is reported and left out. */
    private Map<String, ThreadCase> threadCases(List<Design> designs) {
        Map<String, ThreadCase> cases = new LinkedHashMap<>();
        for (Design design : designs) {
            if (design.module() == null) {
                continue;
            }
            try {
                cases.put(design.name(), ThreadCase.of(design.module()));
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                detail(design.name() + ": its case in the thread is left out: " + e.getMessage());
                cases.put(design.name(), new ThreadCase("Its case in the thread could not be read: " + e.getMessage(),
                        List.of()));
            }
        }
        return cases;
    }

    /**
     * What the bench is to measure: every design when all hide SMRAM from a vCPU outside SMM (the
     * kit's rule-2 tests passed), else those that do, and the baseline. The bench refuses to time
     * a contestant that shows SMRAM where it must not, and one such design would stop its run.
     */
    private List<String> benched(List<Design> designs, Map<String, TestRun.Result> runs, Design baseline) {
        List<String> left = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (Design design : designs) {
            int[] rule2 = runs.get(design.name()).countsByGroup().get("rule-2");
            (rule2 != null && rule2[1] > 0 ? out : left).add(design.name());
        }
        if (out.isEmpty()) {
            return List.of();
        }
        if (!options.noBench() && options.benchResults() == null) {
            detail("bench: " + String.join(", ", out) + " left out: it fails DESIGN.md rule 2, and the bench times"
                    + " only designs that hide SMRAM");
        }
        if (baseline != null) {
            left.add(baseline.name());
        }
        return left;
    }

    private Performance performance(List<String> benched) {
        Path json = options.benchResults();
        String source;
        if (json == null && options.noBench()) {
            return Performance.notMeasured("--no-bench without --bench-results");
        }
        if (json == null) {
            Path benchOut = options.out().resolve("bench");
            BenchLauncher.Command command = BenchLauncher.Command.QUICK.measuring(benched);
            BenchLauncher.Outcome outcome = BenchLauncher.run(options.root(), options.writeTo().resolve("bench"),
                    command, progress);
            if (outcome.json() == null) {
                detail("bench: " + outcome.problem());
                return Performance.notMeasured(outcome.problem());
            }
            json = outcome.json();
            source = "the bench's quick profile, run now (" + command.shown(shown(benchOut)) + ")";
        } else {
            source = "JMH results read from " + json;
        }
        try {
            return Performance.of(source, JmhFile.read(json));
        } catch (JmhFile.NotJmhOutput e) {
            detail("bench: " + e.getMessage());
            return Performance.notMeasured(e.getMessage());
        }
    }

    private void write(ReviewData data) throws IOException {
        Path out = options.writeTo();
        Files.createDirectories(out.resolve(CHARTS));
        List<Doc.Section> sections = Sections.of(data);
        Map<String, Charts.Chart> charts = Charts.of(data);
        for (Charts.Chart chart : charts.values()) {
            Files.writeString(out.resolve(CHARTS).resolve(chart.id() + ".svg"),
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + chart.svg(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(out.resolve(PATCHES));
        for (PatchSize.Result patch : data.patches()) {
            Files.write(out.resolve(Sections.patchFile(patch.design())), patch.text(), StandardCharsets.UTF_8);
        }
        Files.writeString(out.resolve(HTML), HtmlRenderer.render(data, sections, charts), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(MARKDOWN), MarkdownReport.render(data, sections, charts), StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(JSON).toFile(), data);
    }

    /** {@code path} relative to the working folder when it lies below it, as a user would type it. */
    public static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    /** The summary table printed on standard output. */
    public static String summary(ReviewData data) {
        return SummaryTable.render(data);
    }

    private static ReviewData.Conformance summarise(String design, TestRun.Result run) {
        Map<String, ReviewData.Counts> groups = new LinkedHashMap<>();
        run.countsByGroup().forEach((tag, n) -> groups.put(tag, new ReviewData.Counts(n[0], n[1], n[2])));
        Map<String, String> files = new LinkedHashMap<>();
        run.scenarioFiles().forEach((file, status) -> files.put(file, status.name().toLowerCase(java.util.Locale.ROOT)));
        List<String> failures = run.tests().stream().filter(t -> t.status() == TestRun.Status.FAILED).limit(20)
                .map(t -> t.displayName() + ": " + t.message()).toList();
        return new ReviewData.Conformance(design, groups, files, failures, run.tests().size(), run.failed(), run.millis());
    }

    private void step(int n, String name, String what) {
        progress.println("kvmlab review [" + n + "/8] " + name + ": " + what + " (" + seconds((System.nanoTime() - start) / 1_000_000) + ")");
        progress.flush();
    }

    private void detail(String text) {
        progress.println("  " + text);
        progress.flush();
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
