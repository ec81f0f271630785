package org.kvmlab.review.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.kvmlab.review.architecture.ArchitectureReview;
import org.kvmlab.bench.verdict.DesignVerdict;
import org.kvmlab.bench.verdict.Figure;
import org.kvmlab.bench.verdict.TargetOutcome;
import org.kvmlab.bench.verdict.Targets;
import org.kvmlab.review.bench.Performance;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.changes.PairResult;
import org.kvmlab.review.conformance.Differences;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.metrics.Surface;

/**
 * The report's section 7: what the 2015 thread said for and against each design, in this project's
 * words, each point beside the figure that bears on it and a verdict computed from the figures
 * (confirmed, contradicted, mixed, or not measured); then the two facts learned after 2015, and
 * the closing comparison. The prose is each design's own, read from its module
 * ({@link ThreadCase}); every number and every verdict comes from the data, through the measures
 * kept here ({@link #MEASURES}).
 */
public final class Argument {
    private Argument() {}

    /** One point of the argument and what the measurements say of it. */
    public record Point(String side, String claim, String measurement, String verdict) {}

    /** A design's case. */
    public record DesignCase(String design, String thread, List<Point> points) {}

    /** How one design answers the SMRAM-over-video-RAM scenario. */
    public record OverlayRow(String design, String smramOverVideoRam, String videoRamAfterSmmWrite, String smmWriteLanded,
                             long declaredLines) {}

    /** What one design offers against the 2020 visibility bug class. */
    public record VisibilityRow(String design, boolean vcpuVisibleGfn, boolean vcpuCached, long vmLevelSmramLines) {}

    /** The two later facts of DESIGN.md section 1, measured. */
    public record LaterFacts(String overlay, List<OverlayRow> overlayRows, String visibility,
                             List<VisibilityRow> visibilityRows) {}

    static final String CONFIRMED = "confirmed";
    static final String CONTRADICTED = "contradicted";
    static final String MIXED = "mixed";
    static final String NOT_MEASURED = "not measured";
    static final String OVERLAY_FILE = "87-overlay-vga-smram.scn";
    static final String OVERLAY_DIRTY_FILE = "88-overlay-smram-dirty.scn";

    /**
     * Every design's case, from {@code d} (whose own argument fields are ignored) and the cases the
     * designs state ({@link ThreadCase}): each claim judged by the measure it names. A design
     * without a case is shown as one the thread did not discuss.
     */
    public static List<DesignCase> cases(ReviewData d, Map<String, ThreadCase> stated) {
        List<DesignCase> cases = new ArrayList<>();
        for (String design : d.designs()) {
            ThreadCase c = stated.getOrDefault(design, ThreadCase.NOT_IN_THE_THREAD);
            List<Point> points = new ArrayList<>();
            for (ThreadCase.Claim claim : c.claims()) {
                points.add(judge(d, design, claim));
            }
            cases.add(new DesignCase(design, c.thread(), List.copyOf(points)));
        }
        return cases;
    }

    /** How the review judges one kind of claim from the figures. */
    @FunctionalInterface
    interface Measure {
        /** The point for {@code claim} about {@code design}. */
        Point judge(ReviewData d, String design, ThreadCase.Claim claim);
    }

    /**
     * The measures a design's case may name, each a computation over the review's figures. The
     * README lists them ("Bring your own design"); a claim naming another is shown unmeasured.
     */
    static final Map<String, Measure> MEASURES = measures();

    private static Map<String, Measure> measures() {
        Map<String, Measure> m = new LinkedHashMap<>();
        m.put("generic-untouched", (d, design, c) -> genericPoint(d, design, c, false));
        m.put("generic-rewritten", (d, design, c) -> genericPoint(d, design, c, true));
        m.put("vcpu-costs-no-more", (d, design, c) -> perfPoint(d, design, c, Targets.VCPU_TO_VM.id(), false));
        m.put("vcpu-costs-more", (d, design, c) -> perfPoint(d, design, c, Targets.VCPU_TO_VM.id(), true));
        m.put("most-duplication", Argument::duplicationPoint);
        m.put("less-duplication-than", Argument::lessDuplicationPoint);
        m.put("code-history", Argument::historyPoint);
        m.put("fewest-segment-loops", (d, design, c) -> rankPoint(d, design, c,
                "segment loops (page-by-page loops found in bytecode)", Surface.Result::segmentLoops));
        m.put("fewest-entry-points", (d, design, c) -> rankPoint(d, design, c, "public accessor entry points",
                Surface.Result::entryPointCount));
        m.put("most-one-liners", Argument::oneLinerPoint);
        m.put("no-vm-level-entry-points", Argument::noVmLevelPoint);
        m.put("slowest-when-polluted", Argument::pollutionPoint);
        m.put("slowest-vm-level", Argument::vmPathPoint);
        m.put("architecture-rules-hold", Argument::archPoint);
        m.put("largest-patch", (d, design, c) -> patchPoint(d, design, c, false));
        m.put("small-patch", (d, design, c) -> patchPoint(d, design, c, true));
        m.put("overlay-declared", Argument::overlayPoint);
        m.put("vm-as0-declared", Argument::vmAs0Point);
        return Map.copyOf(m);
    }

    /** The names of the measures, sorted. */
    public static List<String> measureNames() {
        return MEASURES.keySet().stream().sorted().toList();
    }

    private static Point judge(ReviewData d, String design, ThreadCase.Claim claim) {
        Measure measure = MEASURES.get(claim.measure());
        if (measure == null) {
            return new Point(claim.side(), claim.text(), "the review has no measure named " + claim.measure()
                    + " (it has: " + String.join(", ", measureNames()) + ")", NOT_MEASURED);
        }
        return measure.judge(d, design, claim);
    }

    /**
     * A claim that the generic package is untouched ({@code rewritten}: that it is rewritten), in
     * code lines against the baseline, comments apart.
     */
    private static Point genericPoint(ReviewData d, String design, ThreadCase.Claim c, boolean rewritten) {
        PatchSize.Result patch = d.patchOf(design);
        if (patch == null) {
            return new Point(c.side(), c.text(), "no patch computed (sources or baseline missing)", NOT_MEASURED);
        }
        PatchSize.Lines generic = touched(patch, "virt/");
        String text = "code lines changed in the generic package virt/ against the baseline: +" + generic.codeAdded()
                + " -" + generic.codeRemoved() + " (comments +" + generic.commentAdded() + " -" + generic.commentRemoved()
                + "); the whole patch: code +" + patch.lines().codeAdded() + " -" + patch.lines().codeRemoved();
        boolean untouched = generic.code() == 0;
        return new Point(c.side(), c.text(), text, untouched != rewritten ? CONFIRMED : CONTRADICTED);
    }

    /**
     * The x86-prefixed defence, that the copied code hardly ever changes so two copies seldom
     * drift apart, judged by the changes Linux made to the layer after 2015 (the report's section 8): how many
     * of them met code the design holds in more than one copy, and what each cost. Confirmed when
     * none did, contradicted when at least half did, mixed otherwise; not measured when the
     * changes were not run.
     */
    private static Point historyPoint(ReviewData d, String design, ThreadCase.Claim c) {
        ChangesReport changes = d.changes();
        List<PairResult> own = changes.ofDesign(design).stream().filter(r -> r.cost() != null).toList();
        if (own.isEmpty()) {
            Surface.Result s = d.surfaceOf(design);
            Duplication.Result dup = d.duplicationOf(design);
            return new Point(c.side(), c.text(), "the changes of docs/CHANGES.md were not run (kvmlab changes); what"
                    + " would have to stay in step is " + (s == null ? "?" : s.segmentLoops()) + " segment loops and "
                    + (dup == null ? "?" : dup.duplicatedLines()) + " duplicated code lines", NOT_MEASURED);
        }
        List<String> met = own.stream().filter(r -> !r.cost().copiedTouched().isEmpty()).map(PairResult::change).toList();
        int places = own.stream().mapToInt(r -> r.cost().places().size()).sum();
        int functions = own.stream().mapToInt(r -> r.cost().functions().size()).sum();
        int copied = own.stream().mapToInt(r -> r.cost().copiedTouched().size()).sum();
        StringBuilder others = new StringBuilder();
        for (ChangesReport.Totals t : changes.totals()) {
            if (!t.design().equals(design) && !t.design().equals(changes.baseline()) && t.carried() > 0) {
                others.append(others.isEmpty() ? "" : ", ").append(t.design()).append(' ').append(t.places());
            }
        }
        String text = met.size() + " of the " + own.size() + " changes Linux made to the layer after 2015 (the review's section 8)"
                + " met code this design holds in more than one copy" + (met.isEmpty() ? "" : " (" + String.join(", ", met)
                + ")") + ": " + copied + " of the " + functions + " functions they touched had a copy, and a reviewer had"
                + " " + places + " places to check" + (others.isEmpty() ? "" : " (the other designs: " + others + ")");
        String verdict = met.isEmpty() ? CONFIRMED : 2 * met.size() >= own.size() ? CONTRADICTED : MIXED;
        return new Point(c.side(), c.text(), text, verdict);
    }

    /** A claim that the design duplicates less than the design the claim names (its argument). */
    private static Point lessDuplicationPoint(ReviewData d, String design, ThreadCase.Claim c) {
        Duplication.Result own = d.duplicationOf(design);
        Duplication.Result other = c.argument() == null ? null : d.duplicationOf(c.argument());
        if (own == null) {
            return new Point(c.side(), c.text(), "no duplication measured", NOT_MEASURED);
        }
        String versus = other == null ? "" : "; " + c.argument() + ": " + Fmt.pct(other.share());
        return new Point(c.side(), c.text(), "CPD: " + own.duplicatedLines() + " duplicated code lines, "
                + Fmt.pct(own.share()) + " of " + own.codeLines() + versus,
                other == null ? NOT_MEASURED : own.share() < other.share() ? CONFIRMED : CONTRADICTED);
    }

    /** A claim that the design has no VM-level entry point: every accessor takes a vCPU. */
    private static Point noVmLevelPoint(ReviewData d, String design, ThreadCase.Claim c) {
        Surface.Result s = d.surfaceOf(design);
        return new Point(c.side(), c.text(),
                s == null ? "no bytecode measured" : s.atLevel(Surface.Level.VM) + " of " + s.entryPointCount()
                        + " entry points take the VM; " + s.atLevel(Surface.Level.VCPU) + " take a vCPU",
                s == null ? NOT_MEASURED : s.atLevel(Surface.Level.VM) == 0 ? CONFIRMED : CONTRADICTED);
    }

    /** A claim that the design can put SMRAM over other memory: the overlay lines it declares. */
    private static Point overlayPoint(ReviewData d, String design, ThreadCase.Claim c) {
        Differences.Result corpus = d.corpusOf(design);
        long overlay = corpus == null ? 0 : corpus.overlay().stream().filter(l -> l.status().equals("declared")).count();
        return new Point(c.side(), c.text(), corpus == null ? "corpus not run"
                : overlay + " lines of the overlay scenarios (" + OVERLAY_FILE + ", " + OVERLAY_DIRTY_FILE
                        + ") differ from the flag designs as declared",
                corpus == null ? NOT_MEASURED : overlay > 0 ? CONFIRMED : CONTRADICTED);
    }

    /** A claim that a VM-level access silently means address space 0: the lines declared under vm-as0. */
    private static Point vmAs0Point(ReviewData d, String design, ThreadCase.Claim c) {
        Differences.Result corpus = d.corpusOf(design);
        long vmAs0 = corpus == null ? 0 : corpus.rules().stream().filter(r -> r.name().equals("vm-as0"))
                .mapToLong(Differences.Rule::lines).sum();
        return new Point(c.side(), c.text(),
                corpus == null ? "corpus not run" : vmAs0 + " corpus lines declared under vm-as0 (VM-level access misses SMRAM)",
                corpus == null ? NOT_MEASURED : vmAs0 > 0 ? CONFIRMED : CONTRADICTED);
    }

    private static Point duplicationPoint(ReviewData d, String design, ThreadCase.Claim c) {
        Duplication.Result own = d.duplicationOf(design);
        if (own == null) {
            return new Point(c.side(), c.text(), "no duplication measured", NOT_MEASURED);
        }
        double most = d.duplication().stream().mapToDouble(Duplication.Result::share).max().orElse(0);
        Surface.Result s = d.surfaceOf(design);
        String loops = s == null ? "" : "; " + s.segmentLoops() + " segment loops";
        return new Point(c.side(), c.text(), "CPD (" + own.minimumTokens() + "-token blocks): " + own.duplicatedLines()
                + " duplicated code lines, " + Fmt.pct(own.share()) + " of " + own.codeLines() + ", in "
                + own.blockCount() + " blocks" + loops + (own.share() >= most ? " (the most of any design)" : ""),
                own.share() >= most && own.share() > 0 ? CONFIRMED : own.share() > 0 ? MIXED : CONTRADICTED);
    }

    private static Point oneLinerPoint(ReviewData d, String design, ThreadCase.Claim c) {
        Surface.Result s = d.surfaceOf(design);
        if (s == null || s.entryPointCount() == 0) {
            return new Point(c.side(), c.text(), "no bytecode measured", NOT_MEASURED);
        }
        double share = (double) s.oneLiners() / s.entryPointCount();
        double best = d.surface().stream().filter(r -> r.entryPointCount() > 0)
                .mapToDouble(r -> (double) r.oneLiners() / r.entryPointCount()).max().orElse(0);
        return new Point(c.side(), c.text(), s.oneLiners() + " of " + s.entryPointCount() + " entry points are one-liners ("
                + Fmt.pct(share) + (share >= best ? ", the highest share" : "; the highest share is " + Fmt.pct(best)) + ")",
                share >= best ? CONFIRMED : share >= 0.5 ? MIXED : CONTRADICTED);
    }

    private static Point pollutionPoint(ReviewData d, String design, ThreadCase.Claim c) {
        Performance p = d.performance();
        List<Figure> all = p.measured() ? p.judgement().figures().pollutedToClean() : List.of();
        List<Figure> own = all.stream().filter(r -> design.equals(r.design())).toList();
        if (own.isEmpty()) {
            return new Point(c.side(), c.text(), "polluted versus clean: not measured", NOT_MEASURED);
        }
        Figure worst = own.stream().max(Comparator.comparingDouble(Figure::value)).orElseThrow();
        Figure overall = all.stream().max(Comparator.comparingDouble(Figure::value)).orElseThrow();
        DesignVerdict eight = p.verdict(Targets.EIGHT_BYTES_LRU.id(), design);
        String eightText = eight == null || eight.deciding() == null ? "" : "; 8 B lru read / limit: "
                + eight.deciding().valueText() + " (" + eight.verdict().word() + ")";
        boolean slowest = worst.value() >= overall.value() && worst.low() > 1.0;
        return new Point(c.side(), c.text(), "polluted / clean, worst: " + worst.text() + " ("
                + worst.of().benchmark() + ")" + eightText,
                slowest ? CONFIRMED : worst.low() > 1.0 ? MIXED : CONTRADICTED);
    }

    private static Point archPoint(ReviewData d, String design, ThreadCase.Claim c) {
        ArchitectureReview.Result a = d.architectureOf(design);
        if (a == null || a.rules().isEmpty()) {
            return new Point(c.side(), c.text(), "no ArchUnit rules found", NOT_MEASURED);
        }
        int n = a.rules().size();
        return new Point(c.side(), c.text(), a.holding() + " of " + n + " rules hold on the design, " + a.catching() + " of "
                + n + " catch their deliberately wrong class",
                a.holding() == n && a.catching() == n ? CONFIRMED : CONTRADICTED);
    }

    /**
     * A patch-size claim, in code lines against the baseline (comments apart): large (confirmed
     * when the largest) or, with {@code small}, small (when below the median, or the smallest).
     * Designs with equal patches share a rank.
     */
    private static Point patchPoint(ReviewData d, String design, ThreadCase.Claim c, boolean small) {
        PatchSize.Result own = d.patchOf(design);
        if (own == null) {
            return new Point(c.side(), c.text(), "no patch computed", NOT_MEASURED);
        }
        List<Integer> all = d.patches().stream().map(PatchSize.Result::code).sorted().toList();
        long larger = all.stream().filter(n -> n > own.code()).count();
        List<String> tied = d.patches().stream().filter(p -> p.code() == own.code() && !p.design().equals(design))
                .map(PatchSize.Result::design).toList();
        double median = all.size() % 2 == 1 ? all.get(all.size() / 2)
                : (all.get(all.size() / 2 - 1) + all.get(all.size() / 2)) / 2.0;
        String text = "code +" + own.lines().codeAdded() + " -" + own.lines().codeRemoved() + " = " + own.code()
                + " lines against the baseline (comments +" + own.lines().commentAdded() + " -"
                + own.lines().commentRemoved() + "), " + ordinal((int) larger + 1) + " largest of " + all.size()
                + (tied.isEmpty() ? "" : ", tied with " + String.join(", ", tied));
        String verdict;
        if (small) {
            verdict = own.code() < median || own.code() == all.getFirst() ? CONFIRMED : CONTRADICTED;
        } else {
            verdict = own.code() == all.getLast() ? CONFIRMED : own.code() > median ? MIXED : CONTRADICTED;
        }
        return new Point(c.side(), c.text(), text, verdict);
    }

    /** A claim that the design has the fewest of something: confirmed when no design has fewer. */
    private static Point rankPoint(ReviewData d, String design, ThreadCase.Claim c, String what,
                                   ToDoubleFunction<Surface.Result> metric) {
        Surface.Result own = d.surfaceOf(design);
        if (own == null) {
            return new Point(c.side(), c.text(), "no bytecode measured", NOT_MEASURED);
        }
        double value = metric.applyAsDouble(own);
        double best = d.surface().stream().mapToDouble(metric).min().orElse(value);
        StringBuilder others = new StringBuilder();
        for (Surface.Result r : d.surface()) {
            if (!r.design().equals(design)) {
                others.append(others.isEmpty() ? "" : ", ").append(r.design()).append(' ').append((long) metric.applyAsDouble(r));
            }
        }
        return new Point(c.side(), c.text(), what + ": " + (long) value + (others.isEmpty() ? "" : " (" + others + ")"),
                value <= best ? CONFIRMED : CONTRADICTED);
    }

    /**
     * A claim about a bench target: met confirms it ({@code invert}: a missed target confirms it). A target every design misses alike says nothing of this design:
     * the miss is the shared core's, so the claim is mixed.
     */
    private static Point perfPoint(ReviewData d, String design, ThreadCase.Claim c, String target, boolean invert) {
        TargetOutcome o = d.performance().outcome(target);
        DesignVerdict t = o == null ? null : o.of(design);
        if (t == null || t.deciding() == null) {
            return new Point(c.side(), c.text(), target + ": not measured", NOT_MEASURED);
        }
        String text = o.target().title() + ": " + t.cell()
                + (o.missedByEveryDesign() ? " (missed by every design alike: the shared core's)" : "");
        String verdict = o.missedByEveryDesign() ? MIXED : switch (t.verdict()) {
            case MET -> invert ? CONTRADICTED : CONFIRMED;
            case MISSED -> invert ? CONFIRMED : CONTRADICTED;
            default -> MIXED;
        };
        return new Point(c.side(), c.text(), text, verdict);
    }

    private static Point vmPathPoint(ReviewData d, String design, ThreadCase.Claim c) {
        Performance p = d.performance();
        Map<String, Double> worstVm = new LinkedHashMap<>();
        if (p.measured()) {
            for (Figure r : p.judgement().figures().toLimit()) {
                if (r.design() != null && p.judgement().designs().contains(r.design()) && r.of().method().endsWith("_vm")
                        && "4096".equals(r.of().param("size")) && r.to().method().matches(COPY_LIMIT)) {
                    worstVm.merge(r.design(), r.value(), Math::max);
                }
            }
        }
        if (!worstVm.containsKey(design)) {
            return new Point(c.side(), c.text(), "VM-level 4 KiB accesses: not measured", NOT_MEASURED);
        }
        double own = worstVm.get(design);
        double most = worstVm.values().stream().mapToDouble(Double::doubleValue).max().orElse(own);
        StringBuilder text = new StringBuilder("VM-level 4 KiB access / copy limit, worst per design:");
        worstVm.forEach((k, v) -> text.append(' ').append(k).append(' ').append(Fmt.ratio(v)).append(','));
        text.setLength(text.length() - 1);
        return new Point(c.side(), c.text(), text.toString(), own >= most ? CONFIRMED : CONTRADICTED);
    }

    /** The bare-copy limits of the bench ({@code limit_read}, {@code limit_write}), not the typed ones. */
    private static final String COPY_LIMIT = "limit_(read|write)";

    /** Lines added and removed in files whose path starts with {@code prefix}, code and comments apart. */
    private static PatchSize.Lines touched(PatchSize.Result patch, String prefix) {
        int[] n = new int[4];
        for (PatchSize.FilePatch f : patch.files()) {
            if (f.path().startsWith(prefix)) {
                n[0] += f.lines().codeAdded();
                n[1] += f.lines().codeRemoved();
                n[2] += f.lines().commentAdded();
                n[3] += f.lines().commentRemoved();
            }
        }
        return new PatchSize.Lines(n[0], n[1], n[2], n[3]);
    }

    private static String ordinal(int n) {
        return switch (n) {
            case 1 -> "the";
            case 2 -> "2nd";
            case 3 -> "3rd";
            default -> n + "th";
        };
    }

    /** The later facts, measured on the corpus and the bytecode. */
    public static LaterFacts laterFacts(ReviewData d) {
        List<OverlayRow> overlay = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        for (Differences.Result c : d.corpus()) {
            String region = c.overlay().stream().filter(l -> l.file().equals(OVERLAY_FILE)
                            && l.command().startsWith("region") && l.command().endsWith("smram"))
                    .map(Differences.OverlayLine::got).findFirst().orElse("(not in the corpus)");
            List<Differences.OverlayLine> reads = c.overlay().stream().filter(l -> l.file().equals(OVERLAY_FILE)
                    && l.command().startsWith("read vm")).toList();
            String after = reads.isEmpty() ? "(not in the corpus)" : reads.getLast().got();
            long declared = c.overlay().stream().filter(l -> l.status().equals("declared")).count();
            String smmData = c.overlay().stream().filter(l -> l.file().equals(OVERLAY_FILE)
                            && l.command().startsWith("write vcpu")).map(l -> l.command().substring(l.command().lastIndexOf(' ') + 1))
                    .findFirst().orElse(null);
            String landed = smmData == null || reads.isEmpty() ? "-" : after.endsWith(smmData)
                    ? "overwrote video RAM (the screen shows the SMM handler's bytes " + smmData + ")"
                    : "stayed in SMRAM (video RAM unchanged)";
            overlay.add(new OverlayRow(c.design(), region, after, landed, declared));
            (region.startsWith("ok") ? placed : refused).add(c.design());
        }
        String overlayText = "Paolo wrote in 2022 that the flag was dropped because other memory, such as video RAM "
                + "at 0xA0000, can sit underneath SMRAM, and slots may not overlap. The corpus has this case as "
                + OVERLAY_FILE + " and " + OVERLAY_DIRTY_FILE + ": the SMRAM slot over video RAM is refused by "
                + (refused.isEmpty() ? "no design" : String.join(", ", refused))
                + (placed.isEmpty() ? "" : " and placed by " + String.join(", ", placed))
                + ". A design with address spaces declares each line where it differs, with the reasons in this report's section 1.";
        List<VisibilityRow> visibility = new ArrayList<>();
        for (String design : d.designs()) {
            Surface.Result s = d.surfaceOf(design);
            Differences.Result c = d.corpusOf(design);
            long vmAs0 = c == null ? 0 : c.rules().stream().filter(r -> r.name().equals("vm-as0"))
                    .mapToLong(Differences.Rule::lines).sum();
            visibility.add(new VisibilityRow(design, s != null && s.offers(Surface.Level.VCPU, "IsVisibleGfn"),
                    s != null && s.offers(Surface.Level.VCPU, "GuestCached"), vmAs0));
        }
        String visibilityText = "The merged design grew its own bug class: in 2020 kvm_vcpu_is_visible_gfn had to be "
                + "added after a VM-wide visibility check ignored SMM and an OVMF guest crashed; in 4.2 the cached "
                + "accessors also stayed VM-level (address space 0). The table shows, from bytecode, which designs offer "
                + "a vCPU-level visibility check and vCPU-level cached accessors, and, from the corpus, how many lines a "
                + "VM-level access answers from address space 0 where the flag designs see SMRAM.";
        return new LaterFacts(overlayText, List.copyOf(overlay), visibilityText, List.copyOf(visibility));
    }

    static boolean same(String a, String b) {
        return Objects.equals(a, b);
    }
}
