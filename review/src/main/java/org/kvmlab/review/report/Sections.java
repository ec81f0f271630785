package org.kvmlab.review.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kvmlab.bench.verdict.Figure;
import org.kvmlab.bench.verdict.Figures;
import org.kvmlab.bench.verdict.Judgement;
import org.kvmlab.bench.verdict.TargetOutcome;
import org.kvmlab.review.architecture.ArchitectureReview;
import org.kvmlab.review.bench.BenchLauncher;
import org.kvmlab.review.bench.Performance;
import org.kvmlab.review.conformance.Differences;
import org.kvmlab.review.conformance.TestRun;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.metrics.SourceLines;
import org.kvmlab.review.metrics.Surface;
import org.kvmlab.review.report.Doc.Block;
import org.kvmlab.review.report.Doc.ChartRef;
import org.kvmlab.review.report.Doc.Details;
import org.kvmlab.review.report.Doc.Diff;
import org.kvmlab.review.report.Doc.Heading;
import org.kvmlab.review.report.Doc.Para;
import org.kvmlab.review.report.Doc.Section;
import org.kvmlab.review.report.Doc.Table;

/** The report as a {@link Doc}, from the data alone: the first screen ({@link Glance}), then the eight sections that back it. */
public final class Sections {
    private Sections() {}

    /** Every section, in order. */
    public static List<Section> of(ReviewData d) {
        return List.of(Glance.of(d), conformance(d), LiveSection.of(d), size(d), surface(d), patch(d),
                architecture(d), performance(d), argument(d), ChangeSection.of(d));
    }

    /** The closing comparison: a row per design, then the baseline's reference row. */
    static Table comparisonTable(ReviewData d) {
        List<String> columns = Comparison.columns(d);
        List<String> headers = new ArrayList<>();
        headers.add("design");
        headers.addAll(columns);
        List<List<String>> rows = new ArrayList<>();
        for (Comparison.Row row : d.comparison()) {
            List<String> cells = new ArrayList<>();
            cells.add(row.reference() ? row.design() + " (reference)" : row.design());
            columns.forEach(c -> cells.add(row.cells().getOrDefault(c, "-")));
            rows.add(cells);
        }
        return new Table(headers, rows);
    }

    static Section conformance(ReviewData d) {
        List<Block> b = new ArrayList<>();
        b.add(new Para("Each design's tests (its `ConformanceSuite` subclass, its ArchUnit rules and its own tests) "
                + "was run through the JUnit Platform launcher in this process"
                + (d.quick() ? ", leaving out the tags `property` and `stress` (--quick)." : ".")
                + " Counts are passed / failed / skipped per tag of the kit; a test counts under the first of "
                + String.join(", ", TestRun.TAGS) + " it carries, else under `other`."));
        b.add(new ChartRef("chart-conformance"));
        List<String> headers = new ArrayList<>(List.of("design"));
        headers.addAll(TestRun.TAGS);
        headers.add(TestRun.OTHER);
        headers.add("time");
        List<List<String>> rows = new ArrayList<>();
        for (ReviewData.Conformance c : d.conformance()) {
            List<String> row = new ArrayList<>(List.of(c.design()));
            for (String tag : headers.subList(1, headers.size() - 1)) {
                ReviewData.Counts n = c.groups().get(tag);
                row.add(n == null || n.total() == 0 ? "not run" : n.verdict() + " " + n.passed() + "/" + n.failed() + "/" + n.skipped());
            }
            row.add(Fmt.seconds(c.millis()));
            rows.add(row);
        }
        b.add(new Table(headers, rows));
        for (ReviewData.Conformance c : d.conformance()) {
            if (!c.failures().isEmpty()) {
                b.add(new Para("Failures of " + c.design() + ": " + String.join("; ", c.failures())));
            }
        }
        b.add(scenarioFiles(d));
        b.add(new Heading("Declared differences"));
        List<Differences.Result> declaring = d.corpus().stream().filter(Differences.Result::declares).toList();
        if (declaring.isEmpty()) {
            b.add(new Para("No design on the class path declares differences from the flag-based contract (only a design "
                    + "with address spaces does, through its adapter's `declaredDifferences()`)."));
        }
        for (Differences.Result r : declaring) {
            b.add(new Para(r.design() + " declares " + r.rules().size() + " rules; running the corpus (" + r.files()
                    + " files) with the kit's `ScenarioRunner` gives " + r.passed() + " lines passed, " + r.failed()
                    + " failed, " + r.declared() + " declared:"));
            List<List<String>> ruleRows = new ArrayList<>();
            for (Differences.Rule rule : r.rules()) {
                ruleRows.add(List.of(rule.name(), String.valueOf(rule.lines()), rule.reason()));
            }
            b.add(new Table(List.of("rule", "corpus lines", "reason (from the adapter)"), ruleRows));
        }
        List<List<String>> corpusRows = new ArrayList<>();
        for (Differences.Result r : d.corpus()) {
            corpusRows.add(List.of(r.design(), String.valueOf(r.files()), String.valueOf(r.passed()),
                    String.valueOf(r.failed()), String.valueOf(r.declared())));
        }
        b.add(new Para("The corpus run line by line with `ScenarioRunner` on every design:"));
        b.add(new Table(List.of("design", "files", "lines passed", "failed", "declared"), corpusRows));
        return new Section("conformance", "1. Conformance", b);
    }

    private static Details scenarioFiles(ReviewData d) {
        java.util.TreeSet<String> files = new java.util.TreeSet<>();
        d.conformance().forEach(c -> files.addAll(c.scenarioFiles().keySet()));
        List<String> headers = new ArrayList<>(List.of("scenario file"));
        headers.addAll(d.conformance().stream().map(ReviewData.Conformance::design).toList());
        List<List<String>> rows = new ArrayList<>();
        int failing = 0;
        for (String file : files) {
            List<String> row = new ArrayList<>(List.of(file));
            for (ReviewData.Conformance c : d.conformance()) {
                String s = c.scenarioFiles().getOrDefault(file, "not run");
                failing += s.equals("failed") ? 1 : 0;
                row.add(s.equals("failed") ? "FAIL" : s);
            }
            rows.add(row);
        }
        return new Details("Per scenario file (" + files.size() + " files, " + failing + " failing runs)",
                List.of(new Table(headers, rows)));
    }

    static Section size(ReviewData d) {
        List<Block> b = new ArrayList<>();
        b.add(new Para("Non-comment, non-blank lines of each design's main sources (`variant-NAME/src/main/java`; tests "
                + "and the conformance adapter live in test scope and are not counted). Duplication: PMD "
                + "CPD, used as a library, with a token threshold of " + Duplication.MINIMUM_TOKENS + " tokens "
                + "(identifiers and literals must match; annotations ignored), run inside each design. Duplicated lines "
                + "are code lines inside any occurrence of a duplicated block, the first occurrence included."));
        b.add(new ChartRef("chart-size"));
        List<List<String>> rows = new ArrayList<>();
        for (String design : d.designs()) {
            SourceLines.Count c = d.sizeOf(design);
            Duplication.Result r = d.duplicationOf(design);
            if (c == null || r == null) {
                rows.add(List.of(design, "no sources", "-", "-", "-", "-"));
                continue;
            }
            rows.add(List.of(design, String.valueOf(c.files().size()), String.valueOf(c.codeLines()),
                    String.valueOf(r.duplicatedLines()), Fmt.pct(r.share()), String.valueOf(r.blockCount())));
        }
        SourceLines.Count base = d.baseline() == null ? null : d.sizeOf(d.baseline());
        if (base != null) {
            rows.add(List.of(d.baseline() + " (reference)", String.valueOf(base.files().size()),
                    String.valueOf(base.codeLines()), "-", "-", "-"));
        }
        b.add(new Table(List.of("design", "files", "code lines", "duplicated lines", "share", "CPD blocks"), rows));
        for (Duplication.Result r : d.duplication()) {
            List<List<String>> blocks = new ArrayList<>();
            for (Duplication.Block block : r.longest()) {
                StringBuilder where = new StringBuilder();
                for (Duplication.Occurrence o : block.occurrences()) {
                    where.append(where.isEmpty() ? "" : ", ").append(o.file()).append(':').append(o.beginLine())
                            .append('-').append(o.endLine());
                }
                blocks.add(List.of(String.valueOf(block.lines()), String.valueOf(block.tokens()), where.toString()));
            }
            if (!blocks.isEmpty()) {
                b.add(new Details("Longest duplicated blocks of " + r.design(),
                        List.of(new Table(List.of("lines", "tokens", "occurrences (file:first-last line)"), blocks))));
            }
        }
        return new Section("size", "2. Size and duplication", b);
    }

    static Section surface(ReviewData d) {
        List<Block> b = new ArrayList<>();
        b.add(new Para("Read from each design's bytecode with ASM. An entry point is a public method of a public class "
                + "of the design whose name holds an accessor verb of DESIGN.md section 4 (GfnToMemslot, IsVisibleGfn, "
                + "GfnToHva, ReadGuest, WriteGuest, ClearGuest, MarkPageDirty) and does not end in `Generic`; its level "
                + "is its first parameter (the VM, a vCPU, or neither). A one-liner is an entry point whose body is "
                + "straight-line code (no branch, switch, throw or handler) forming one statement (the operand stack "
                + "is empty only before its first instruction) whose last call goes to a method of the design that at "
                + "least two methods of the design call or reference (a shared body). A loop is a backward jump; a "
                + "segment loop is one whose instructions call the core's `Page.nextSegment`, the page-by-page loop."));
        b.add(new ChartRef("chart-surface"));
        List<List<String>> rows = new ArrayList<>();
        for (Surface.Result s : d.surface()) {
            rows.add(List.of(s.design(), String.valueOf(s.entryPointCount()), String.valueOf(s.atLevel(Surface.Level.VM)),
                    String.valueOf(s.atLevel(Surface.Level.VCPU)), String.valueOf(s.atLevel(Surface.Level.OTHER)),
                    String.valueOf(s.oneLiners()), String.valueOf(s.segmentLoops()),
                    String.valueOf(s.loops().size() - s.segmentLoops())));
        }
        b.add(new Table(List.of("design", "entry points", "VM-level", "vCPU-level", "other", "one-liners",
                "segment loops", "other loops"), rows));
        for (Surface.Result s : d.surface()) {
            List<List<String>> loops = new ArrayList<>();
            for (Surface.Loop l : s.loops()) {
                loops.add(List.of(l.className() + "." + l.method(), String.valueOf(l.line()),
                        l.segmentLoop() ? "segment loop" : "other loop"));
            }
            List<List<String>> entries = new ArrayList<>();
            for (Surface.EntryPoint e : s.entryPoints()) {
                entries.add(List.of(e.className() + "." + e.method(), e.level().name(),
                        e.oneLiner() ? "yes, to " + e.delegatesTo() : "no"));
            }
            b.add(new Details("Entry points and loops of " + s.design(), List.of(
                    new Table(List.of("entry point", "level", "one-liner"), entries),
                    new Table(List.of("loop in", "line", "kind"), loops))));
        }
        return new Section("surface", "3. Genericity and surface", b);
    }

    static Section patch(ReviewData d) {
        List<Block> b = new ArrayList<>();
        if (d.baseline() == null) {
            b.add(new Para("No baseline is present (no module of the build registers one with the role BASELINE):"
                    + " no patch can be computed."));
            return new Section("patch", "4. Patch size", b);
        }
        b.add(new Para("Each design as a patch against the neutral baseline, the module " + d.baseline() + ": Linux "
                + "4.1's accessor layer (`kvm_main.c`'s `kvm_*` accessors and `x86.c`'s guest-virtual helpers) as it "
                + "was before the SMM series, which no design edits. Files pair by their path below the package root "
                + "(`org/kvmlab/NAME/`), so the baseline's `virt/kvm/KvmGuestMemory.java` pairs with each design's; a "
                + "file without a partner is wholly added or removed, and the baseline's package name is rewritten to "
                + "the design's before diffing. Lines are counted as a mailing list's diffstat counts them, with "
                + "comment lines (Javadoc, block and line comments, nothing else on the line) apart from code lines "
                + "(everything else, blank lines included). Diffs by java-diff-utils with " + PatchSize.CONTEXT
                + " lines of context; each patch is collapsed below and written beside the report as "
                + "`patches/NAME.patch`."));
        b.add(new ChartRef("chart-patch"));
        List<List<String>> rows = new ArrayList<>();
        for (PatchSize.Result p : d.patches()) {
            PatchSize.Lines l = p.lines();
            rows.add(List.of(p.design(), "+" + l.codeAdded() + " -" + l.codeRemoved(), String.valueOf(l.code()),
                    "+" + l.commentAdded() + " -" + l.commentRemoved(), String.valueOf(p.filesAdded()),
                    String.valueOf(p.filesModified()), String.valueOf(p.filesRemoved()), String.valueOf(p.filesUnchanged())));
        }
        b.add(new Table(List.of("design", "code lines +/-", "code lines changed", "comment lines +/-", "files added",
                "modified", "removed", "unchanged"), rows));
        for (PatchSize.Result p : d.patches()) {
            b.add(new Details("[PATCH] " + p.design() + ": code +" + p.lines().codeAdded() + " -" + p.lines().codeRemoved()
                    + ", comments +" + p.lines().commentAdded() + " -" + p.lines().commentRemoved(),
                    List.of(new Diff(patchFile(p.design()), p.text()))));
        }
        return new Section("patch", "4. Patch size", b);
    }

    /** Where a design's patch is written, relative to the report. */
    public static String patchFile(String design) {
        return "patches/" + design + ".patch";
    }

    static Section architecture(ReviewData d) {
        List<Block> b = new ArrayList<>();
        b.add(new Para("Each design's ArchUnit rules (the `static final ArchRule` fields of its architecture test class) "
                + "with the verdicts its tests gave when the launcher ran them: `holds` on the design's own classes, "
                + "`catches` on its deliberately wrong classes. The review also evaluates each rule on the design itself "
                + "and counts violations. Package dependencies come from ArchUnit's importer over the design's "
                + "`virt` and `arch` packages (the JDK left out; the core shown as `core.*`)."));
        for (ArchitectureReview.Result a : d.architecture()) {
            b.add(new Heading(a.design()));
            List<List<String>> rules = new ArrayList<>();
            for (ArchitectureReview.Rule r : a.rules()) {
                rules.add(List.of(r.field(), r.description(), r.holds(), r.catches(), String.valueOf(r.violations())));
            }
            b.add(rules.isEmpty() ? new Para("No architecture test class ran for this design.")
                    : new Table(List.of("rule", "what it says", "holds", "catches", "violations"), rules));
            List<List<String>> edges = new ArrayList<>();
            for (ArchitectureReview.PackageEdge e : a.edges()) {
                edges.add(List.of(e.from(), e.to(), String.valueOf(e.dependencies())));
            }
            b.add(new Table(List.of("package", "depends on", "class-level dependencies"), edges));
        }
        return new Section("architecture", "5. Architecture", b);
    }

    static Section performance(ReviewData d) {
        List<Block> b = new ArrayList<>();
        Performance p = d.performance();
        if (!p.measured()) {
            b.add(new Para("Not measured: " + p.source() + ". Run `./kvmlab review` without --no-bench (it runs the "
                    + "bench's quick profile from " + BenchLauncher.JAR + "), or pass --bench-results FILE."));
            return new Section("performance", "6. Performance", b);
        }
        Judgement j = p.judgement();
        b.add(new Para("Source: " + p.source() + ". The verdicts are the bench's own (`org.kvmlab.bench.verdict`, the "
                + "engine behind `bench/run-profile`'s report): each accessor is paired with what its benchmark names "
                + "(its physical limit, its VM-level twin, its clean twin, the same benchmark at "
                + Figures.BASE_SLOTS + " slots), each ratio carries the interval both figures' JMH errors (99.9%) "
                + "allow, and a target is met when every interval lies at or below it, missed when one lies wholly "
                + "beyond it, open otherwise. A target every design misses alike is not marked against any design: "
                + "it is a property of the shared core."
                + (j.references().isEmpty() ? "" : " " + String.join(", ", j.references()) + " is measured beside "
                + "the designs as a reference (the pre-series layer's cost), never ranked.")));
        List<String> headers = new ArrayList<>(List.of("target"));
        headers.addAll(j.designs());
        j.references().forEach(r -> headers.add(r + " (reference)"));
        headers.add("over all designs");
        List<List<String>> rows = new ArrayList<>();
        for (TargetOutcome o : j.outcomes()) {
            List<String> row = new ArrayList<>(List.of(o.target().title()));
            row.addAll(o.row());
            rows.add(row);
        }
        b.add(new Table(headers, rows));
        b.add(new ChartRef("chart-limit"));
        b.add(ratioTable("Time per operation / physical limit", j.figures().toLimit()));
        b.add(new ChartRef("chart-vcpu"));
        b.add(ratioTable("vCPU-level / VM-level", j.figures().vcpuToVm()));
        b.add(ratioTable("Polluted type profiles / clean", j.figures().pollutedToClean()));
        b.add(new ChartRef("chart-slots"));
        b.add(ratioTable("Slot-count scaling: at N slots / at " + Figures.BASE_SLOTS, j.figures().slotScaling()));
        List<List<String>> alloc = new ArrayList<>();
        for (String design : allColumns(j)) {
            j.figures().allocations().stream().filter(f -> design.equals(f.design()))
                    .max(java.util.Comparator.comparingDouble(Figure::value))
                    .ifPresent(f -> alloc.add(List.of(design, f.valueText(), f.of().benchmark() + " " + f.of().paramsText())));
        }
        b.add(new Heading("Allocation per operation (gc.alloc.rate.norm, the highest run per design)"));
        b.add(alloc.isEmpty() ? new Para("No allocation figures (the results have no -prof gc metrics).")
                : new Table(List.of("design", "B/op", "run"), alloc));
        return new Section("performance", "6. Performance", b);
    }

    private static List<String> allColumns(Judgement j) {
        List<String> all = new ArrayList<>(j.designs());
        all.addAll(j.references());
        return all;
    }

    private static Block ratioTable(String title, List<Figure> figures) {
        List<List<String>> rows = new ArrayList<>();
        for (Figure f : figures) {
            rows.add(List.of(f.design() == null ? "(no design)" : f.design(), f.of().benchmark(), f.of().paramsText(),
                    f.against(), f.text(), f.of().timeText()));
        }
        Table table = new Table(List.of("design", "benchmark", "params", "against", "ratio [interval]", "time"), rows);
        return rows.isEmpty() ? new Para(title + ": no such runs in the results.")
                : new Details(title + " (" + rows.size() + " ratios)", List.of(table));
    }

    static Section argument(ReviewData d) {
        List<Block> b = new ArrayList<>();
        b.add(new Para("For each design: what the May 2015 thread said for and against it, in this report's words, each "
                + "point beside the figure that bears on it and a verdict computed from that figure."));
        for (Argument.DesignCase c : d.argument()) {
            b.add(new Heading(c.design()));
            b.add(new Para(c.thread()));
            List<List<String>> rows = new ArrayList<>();
            for (Argument.Point p : c.points()) {
                rows.add(List.of(p.side(), p.claim(), p.measurement(), p.verdict()));
            }
            if (!rows.isEmpty()) {
                b.add(new Table(List.of("", "the argument", "the measurement", "verdict"), rows));
            }
        }
        Argument.LaterFacts f = d.laterFacts();
        b.add(new Heading("What only address spaces can express"));
        b.add(new Para(f.overlay()));
        List<List<String>> overlay = new ArrayList<>();
        for (Argument.OverlayRow r : f.overlayRows()) {
            overlay.add(List.of(r.design(), r.smramOverVideoRam(), r.videoRamAfterSmmWrite(), r.smmWriteLanded(),
                    String.valueOf(r.declaredLines())));
        }
        b.add(new Table(List.of("design", "SMRAM slot over video RAM", "video RAM after the SMM write (read vm 0xa0000)",
                "what the SMM write did", "declared overlay lines"), overlay));
        b.add(overlayLines(d));
        b.add(new Heading("The bug class address spaces grew"));
        b.add(new Para(f.visibility()));
        List<List<String>> vis = new ArrayList<>();
        for (Argument.VisibilityRow r : f.visibilityRows()) {
            vis.add(List.of(r.design(), r.vcpuVisibleGfn() ? "yes" : "no", r.vcpuCached() ? "yes" : "no",
                    String.valueOf(r.vmLevelSmramLines())));
        }
        b.add(new Table(List.of("design", "vCPU-level is_visible_gfn", "vCPU-level cached accessors",
                "corpus lines where VM-level access uses address space 0 (vm-as0)"), vis));
        b.add(new Heading("Comparison"));
        b.add(comparisonTable(d));
        return new Section("argument", "7. The argument next to the figure", b);
    }

    private static Details overlayLines(ReviewData d) {
        List<String> headers = new ArrayList<>(List.of("file:line", "command"));
        headers.addAll(d.corpus().stream().map(Differences.Result::design).toList());
        Map<String, List<String>> rows = new java.util.LinkedHashMap<>();
        for (Differences.Result c : d.corpus()) {
            for (Differences.OverlayLine l : c.overlay()) {
                String key = l.file() + ":" + l.line();
                rows.computeIfAbsent(key, k -> new ArrayList<>(List.of(k, l.command())))
                        .add(l.got() + (l.status().equals("passed") ? "" : " (" + l.status()
                                + (l.rule() == null ? "" : " " + l.rule()) + ")"));
            }
        }
        return new Details("The overlay scenarios line by line, as each design answers them",
                List.of(new Table(headers, List.copyOf(rows.values()))));
    }
}
