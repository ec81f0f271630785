package org.kvmlab.review.report;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmlab.review.bench.Performance;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.changes.PairResult;
import org.kvmlab.review.conformance.Differences;
import org.kvmlab.review.metrics.ChangeCost;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.metrics.Surface;

/** The argument's verdicts follow the figures: the same claim flips when the numbers do. */
class ArgumentTest {

    /** Cases as two designs' modules state them, over the review's measures. */
    private static final Map<String, ThreadCase> CASES = Map.of(
            "x86-prefixed", ThreadCase.parse("x86", """
                    thread: copies
                    for generic-untouched: The generic layer stays exactly as it was.
                    for vcpu-costs-no-more: The vCPU family is the VM family copied.
                    against most-duplication: Every accessor now exists twice.
                    for code-history: The defence in the thread.
                    """),
            "macro-generic", ThreadCase.parse("macro", """
                    thread: one loop
                    for fewest-segment-loops: A single loop body serves both families.
                    for most-one-liners: The functions of each family shrink.
                    against generic-rewritten: To get there the generic file is rewritten.
                    """),
            "vcpu-accessors", ThreadCase.parse("vcpu", """
                    thread: hook
                    against largest-patch: It is a large change to common code.
                    """),
            "address-spaces", ThreadCase.parse("spaces", """
                    thread: spaces
                    against largest-patch: Like the vCPU accessors, it is a large change.
                    """),
            "fake-vcpu", ThreadCase.parse("fake", """
                    thread: fake
                    for small-patch: A small patch.
                    """));

    private static ReviewData data(double x86Share, double macroShare, int x86Loops, int macroLoops) {
        List<Duplication.Result> dup = List.of(
                new Duplication.Result("x86-prefixed", 50, (int) (x86Share * 100), 100, 3, List.of()),
                new Duplication.Result("macro-generic", 50, (int) (macroShare * 100), 100, 1, List.of()));
        List<Surface.Result> surface = List.of(surface("x86-prefixed", x86Loops, 2), surface("macro-generic", macroLoops, 9));
        List<PatchSize.Result> patches = List.of(
                new PatchSize.Result("x86-prefixed", new PatchSize.Lines(30, 0, 10, 0), 1, 0, 0, 1,
                        List.of(new PatchSize.FilePatch("arch/x86/X.java", "added", new PatchSize.Lines(30, 0, 10, 0), List.of()),
                                new PatchSize.FilePatch("virt/kvm/K.java", "modified", new PatchSize.Lines(0, 0, 3, 1), List.of()))),
                new PatchSize.Result("macro-generic", new PatchSize.Lines(50, 8, 10, 2), 0, 0, 1, 0,
                        List.of(new PatchSize.FilePatch("virt/kvm/K.java", "modified", new PatchSize.Lines(50, 8, 10, 2), List.of()))));
        List<Differences.Result> corpus = List.of(
                new Differences.Result("x86-prefixed", false, 2, 30, 0, 0, List.of(), List.of(
                        new Differences.OverlayLine("87-overlay-vga-smram.scn", 16, "region 3 0xa0000 0x20000 0x7f0000200000 smram",
                                "EEXIST", "EEXIST", "passed", null),
                        new Differences.OverlayLine("87-overlay-vga-smram.scn", 19, "write vcpu0 0xa0000 736d6d21", "ok", "ok", "passed", null),
                        new Differences.OverlayLine("87-overlay-vga-smram.scn", 23, "read vm 0xa0000 4", "ok 736d6d21", "ok 736d6d21", "passed", null))));
        return new ReviewData("now", true, List.of("x86-prefixed", "macro-generic"), "baseline-linux41", List.of(), corpus,
                List.of(), dup, surface, patches, List.of(), Performance.notMeasured("test"), List.of(),
                new Argument.LaterFacts("", List.of(), "", List.of()), List.of());
    }

    private static Surface.Result surface(String design, int segmentLoops, int oneLiners) {
        List<Surface.EntryPoint> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(new Surface.EntryPoint("C", "kvmReadGuest" + i, Surface.Level.VM, i < oneLiners, null));
        }
        List<Surface.Loop> loops = new java.util.ArrayList<>();
        for (int i = 0; i < segmentLoops; i++) {
            loops.add(new Surface.Loop("C", "m" + i, i, true));
        }
        return new Surface.Result(design, entries, loops);
    }

    private static Map<String, String> verdicts(ReviewData d, String design) {
        Map<String, String> v = new java.util.LinkedHashMap<>();
        for (Argument.DesignCase c : Argument.cases(d, CASES)) {
            if (c.design().equals(design)) {
                c.points().forEach(p -> v.put(p.claim().substring(0, 24), p.verdict()));
            }
        }
        return v;
    }

    @Test
    void duplicationAndLoops_confirmOrContradict_byTheFigures() {
        Map<String, String> copies = verdicts(data(0.30, 0.05, 6, 1), "x86-prefixed");
        assertThat(copies).containsEntry("Every accessor now exist", "confirmed");
        assertThat(copies).containsEntry("The generic layer stays ", "confirmed");
        assertThat(copies).containsEntry("The vCPU family is the V", "not measured");
        Map<String, String> flipped = verdicts(data(0.05, 0.30, 1, 6), "x86-prefixed");
        assertThat(flipped).containsEntry("Every accessor now exist", "mixed");
        Map<String, String> generic = verdicts(data(0.30, 0.05, 6, 1), "macro-generic");
        assertThat(generic).containsEntry("A single loop body serve", "confirmed");
        assertThat(generic).containsEntry("The functions of each fa", "confirmed");
        assertThat(generic).containsEntry("To get there the generic", "confirmed");
        assertThat(verdicts(data(0.30, 0.05, 1, 6), "macro-generic")).containsEntry("A single loop body serve", "contradicted");
    }

    @Test
    void laterFacts_andComparison_fromTheData() {
        ReviewData d = data(0.30, 0.05, 6, 1);
        Argument.LaterFacts facts = Argument.laterFacts(d);
        Argument.OverlayRow row = facts.overlayRows().get(0);
        assertThat(row.smramOverVideoRam()).isEqualTo("EEXIST");
        assertThat(row.smmWriteLanded()).startsWith("overwrote video RAM");
        assertThat(facts.overlay()).contains("refused by x86-prefixed");
        List<Comparison.Row> rows = Comparison.of(d);
        assertThat(rows.get(0).cells().get("duplicated")).isEqualTo("30 (30.0%)");
        assertThat(rows.get(1).cells().get("patch: code")).isEqualTo("+50 -8");
        assertThat(rows.get(1).cells().get("patch: comments")).isEqualTo("+10 -2");
        assertThat(rows.get(1).cells().get("4k-copy")).isEqualTo("not measured");
        assertThat(rows.get(0).cells().keySet()).containsExactlyElementsIn(Comparison.columns(d)).inOrder();
    }

    /** A change that met code the design holds twice: one touched function with a copy. */
    private static PairResult change(String id, String design, boolean metCopies) {
        List<String> touched = List.of("arch/x86/X.java: X.x86WriteGuestCached(...)");
        ChangeCost cost = new ChangeCost(3, 1, 0, 0, List.of("arch/x86/X.java"), touched, false,
                metCopies ? List.of(touched.getFirst(), "virt/kvm/K.java: K.kvmWriteGuestCached(...)") : touched,
                metCopies ? List.of("virt/kvm/K.java: K.kvmWriteGuestCached(...)") : List.of(),
                metCopies ? touched : List.of());
        return new PairResult(id, design, false, PairResult.Status.PASSED, null, 10, 0, 2, 0, List.of(), cost,
                List.of(), 0);
    }

    private static ReviewData withChanges(List<PairResult> results) {
        ReviewData d = data(0.30, 0.05, 6, 1);
        List<ChangesReport.Change> changes = results.stream().map(PairResult::change).distinct()
                .map(id -> new ChangesReport.Change(id, id.substring(0, 2), "t", "5.x", List.of("c"), true)).toList();
        return new ReviewData(d.generated(), d.quick(), d.designs(), d.baseline(), d.conformance(), d.corpus(), d.size(),
                d.duplication(), d.surface(), d.patches(), d.architecture(), d.performance(), d.argument(),
                d.laterFacts(), d.comparison(), null, new ChangesReport(changes, d.designs(), null, true, results));
    }

    /** The defence that the copied code hardly ever changes is judged by the changes Linux made after 2015. */
    @Test
    void codeHistory_isJudgedByTheChanges() {
        assertThat(verdicts(data(0.30, 0.05, 6, 1), "x86-prefixed")).containsEntry("The defence in the threa", "not measured");
        Map<String, String> met = verdicts(withChanges(List.of(change("01-a", "x86-prefixed", true),
                change("02-b", "x86-prefixed", true), change("03-c", "x86-prefixed", false))), "x86-prefixed");
        assertThat(met).containsEntry("The defence in the threa", "contradicted");
        Map<String, String> some = verdicts(withChanges(List.of(change("01-a", "x86-prefixed", true),
                change("02-b", "x86-prefixed", false), change("03-c", "x86-prefixed", false))), "x86-prefixed");
        assertThat(some).containsEntry("The defence in the threa", "mixed");
        Map<String, String> none = verdicts(withChanges(List.of(change("01-a", "x86-prefixed", false))), "x86-prefixed");
        assertThat(none).containsEntry("The defence in the threa", "confirmed");
        List<Argument.Point> points = Argument.cases(withChanges(List.of(change("01-a", "x86-prefixed", true),
                change("01-a", "macro-generic", false))), CASES).getFirst().points();
        assertThat(points.getLast().measurement()).contains("1 of the 1 changes");
        assertThat(points.getLast().measurement()).contains("the other designs: macro-generic 1");
    }

    /** Comment lines are no change to the generic layer: only code lines count against "untouched". */
    @Test
    void untouchedGenericLayer_isJudgedOnCodeLines() {
        List<Argument.Point> points = Argument.cases(data(0.30, 0.05, 6, 1), CASES).getFirst().points();
        assertThat(points.getFirst().verdict()).isEqualTo("confirmed");
        assertThat(points.getFirst().measurement()).contains("+0 -0 (comments +3 -1)");
    }

    /** Equal patches share their rank: "the largest of 3, tied with ...", not 1st and 2nd by list order. */
    @Test
    void equalPatches_rankAsTies() {
        List<PatchSize.Result> patches = List.of(
                new PatchSize.Result("vcpu-accessors", new PatchSize.Lines(70, 10, 0, 0), 0, 0, 1, 0, List.of()),
                new PatchSize.Result("address-spaces", new PatchSize.Lines(60, 20, 5, 0), 0, 0, 1, 0, List.of()),
                new PatchSize.Result("fake-vcpu", new PatchSize.Lines(30, 10, 0, 0), 0, 0, 1, 0, List.of()));
        ReviewData d = new ReviewData("now", true, List.of("vcpu-accessors", "address-spaces", "fake-vcpu"),
                "baseline-linux41", List.of(), List.of(), List.of(), List.of(), List.of(), patches, List.of(),
                Performance.notMeasured("test"), List.of(), new Argument.LaterFacts("", List.of(), "", List.of()), List.of());
        for (Argument.DesignCase c : Argument.cases(d, CASES)) {
            for (Argument.Point p : c.points()) {
                if (p.claim().startsWith("It is a large change") || p.claim().startsWith("Like the vCPU accessors")) {
                    assertThat(p.verdict()).isEqualTo("confirmed");
                    assertThat(p.measurement()).contains("the largest of 3, tied with "
                            + (c.design().equals("vcpu-accessors") ? "address-spaces" : "vcpu-accessors"));
                }
                if (p.claim().startsWith("A small patch")) {
                    assertThat(p.measurement()).contains("3rd largest of 3");
                }
            }
        }
    }
}
