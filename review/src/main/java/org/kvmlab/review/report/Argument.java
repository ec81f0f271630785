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
import org.kvmlab.review.conformance.Differences;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.metrics.Surface;

/**
 * The report's section 7: what the 2015 thread said for and against each design, in this project's
 * words, each point beside the figure that bears on it and a verdict computed from the figures
 * (confirmed, contradicted, mixed, or not measured); then the two facts learned after 2015, and
 * the closing comparison. The prose is fixed per design; every number and every verdict comes
 * from the data.
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
    static final String OUTSIDE = "not measurable here";
    static final String OVERLAY_FILE = "87-overlay-vga-smram.scn";
    static final String OVERLAY_DIRTY_FILE = "88-overlay-smram-dirty.scn";

    /** Every design's case, from {@code d} (whose own argument fields are ignored). */
    public static List<DesignCase> cases(ReviewData d) {
        List<DesignCase> cases = new ArrayList<>();
        for (String design : d.designs()) {
            cases.add(switch (design) {
                case "x86-prefixed" -> x86Prefixed(d, design);
                case "macro-generic" -> macroGeneric(d, design);
                case "vcpu-accessors" -> vcpuAccessors(d, design);
                case "fake-vcpu" -> fakeVcpu(d, design);
                case "address-spaces" -> addressSpaces(d, design);
                default -> new DesignCase(design, "This design does not appear in the 2015 thread; its figures are in "
                        + "the sections above and the comparison below.", List.of());
            });
        }
        return cases;
    }

    private static DesignCase x86Prefixed(ReviewData d, String design) {
        List<Point> points = new ArrayList<>();
        PatchSize.Result patch = d.patchOf(design);
        if (patch == null) {
            points.add(new Point("for", UNTOUCHED, "no patch computed (sources or baseline missing)", NOT_MEASURED));
        } else {
            PatchSize.Lines generic = touched(patch, "virt/");
            points.add(new Point("for", UNTOUCHED, "code lines changed in the generic package virt/ against the "
                    + "baseline: +" + generic.codeAdded() + " -" + generic.codeRemoved() + " (comments +"
                    + generic.commentAdded() + " -" + generic.commentRemoved() + "); the whole patch: code +"
                    + patch.lines().codeAdded() + " -" + patch.lines().codeRemoved(),
                    generic.code() == 0 ? CONFIRMED : CONTRADICTED));
        }
        points.add(perfPoint(d, design, "for", "The vCPU family is the VM family copied with one extra test in the "
                + "lookup, so a vCPU-level access should cost what a VM-level one costs.", Targets.VCPU_TO_VM.id()));
        points.add(duplicationPoint(d, design, "against", "Every accessor now exists twice, one per family, and the "
                + "two copies have to be kept in step by hand."));
        Surface.Result s = d.surfaceOf(design);
        Duplication.Result dup = d.duplicationOf(design);
        points.add(new Point("for", "The defence in the thread: this code has barely changed since it was written "
                + "(the accessors in 2007, the cache in 2010), so two copies seldom drift apart.",
                "how often the code changes is history, outside this repository; what would have to stay in step is "
                        + (s == null ? "?" : s.segmentLoops()) + " segment loops and "
                        + (dup == null ? "?" : dup.duplicatedLines()) + " duplicated code lines", OUTSIDE));
        return new DesignCase(design, "What the series first posted: the generic helpers stay as they are and x86 "
                + "gets its own vCPU-aware copy of each. Radim was unhappy about the copying; Paolo agreed it was not "
                + "pretty but argued the copied code hardly ever changes.", points);
    }

    private static final String UNTOUCHED = "The generic layer stays exactly as it was, so architectures without "
            + "SMM see no change at all.";

    private static DesignCase macroGeneric(ReviewData d, String design) {
        List<Point> points = new ArrayList<>();
        points.add(rankPoint(d, design, "for", "A single loop body serves both families, so a fix made there reaches "
                        + "kvm_* and x86_* at once.", "segment loops (page-by-page loops found in bytecode)",
                r -> r.segmentLoops(), true));
        points.add(oneLinerPoint(d, design));
        points.add(pollutionPoint(d, design));
        PatchSize.Result patch = d.patchOf(design);
        if (patch != null) {
            PatchSize.Lines generic = touched(patch, "virt/");
            points.add(new Point("against", "To get there the generic file itself is rewritten, so every architecture "
                    + "carries the change.", "code lines changed in the generic package virt/ against the baseline: +"
                    + generic.codeAdded() + " -" + generic.codeRemoved(),
                    generic.code() > 0 ? CONFIRMED : CONTRADICTED));
        }
        return new DesignCase(design, "Paolo's own sketch in the thread: one generic loop parameterised by the per-page "
                + "function and the slot lookup, with both families reduced to one-line wrappers; he then judged that "
                + "this remedy cost more than the copying it removed.", points);
    }

    private static DesignCase vcpuAccessors(ReviewData d, String design) {
        List<Point> points = new ArrayList<>();
        Duplication.Result own = d.duplicationOf(design);
        Duplication.Result copies = d.duplicationOf("x86-prefixed");
        if (own == null) {
            points.add(new Point("for", SHARED_BODIES, "no duplication measured", NOT_MEASURED));
        } else {
            String versus = copies == null ? "" : "; x86-prefixed: " + Fmt.pct(copies.share());
            points.add(new Point("for", SHARED_BODIES, "CPD: " + own.duplicatedLines() + " duplicated code lines, "
                    + Fmt.pct(own.share()) + " of " + own.codeLines() + versus,
                    copies == null ? NOT_MEASURED : own.share() < copies.share() ? CONFIRMED : CONTRADICTED));
        }
        points.add(archPoint(d, design, "Everything x86-specific enters through one hook, and the design's ArchUnit "
                + "rules hold the generic code to that."));
        points.add(patchPoint(d, design, "It is a large change to common code, made for a need that only x86 had."));
        points.add(perfPoint(d, design, "against", "Threading an optional vCPU through the shared internals could "
                + "make the vCPU-level path slower than the VM-level one.", Targets.VCPU_TO_VM.id(), true));
        return new DesignCase(design, "Radim's proposal: rename the accessors to vCPU-taking ones in generic code, pass "
                + "(kvm, vcpu) through the internals with a null vCPU for VM-level access, and ask the architecture one "
                + "question per slot. Paolo objected to the size of the change while only x86 needed it.", points);
    }

    private static final String SHARED_BODIES = "Both families share their bodies in generic code, so little is "
            + "duplicated.";

    private static DesignCase fakeVcpu(ReviewData d, String design) {
        List<Point> points = new ArrayList<>();
        points.add(rankPoint(d, design, "for", "One accessor family only, so the API stays small.",
                "public accessor entry points", r -> r.entryPointCount(), true));
        points.add(patchPoint(d, design, "A small patch: the accessors gain a vCPU parameter and little else.", true));
        Surface.Result s = d.surfaceOf(design);
        points.add(new Point("against", "A vCPU that stands for no vCPU hides the VM-level case inside the type: every "
                + "caller without a vCPU must fetch the stand-in, and nothing tells a real vCPU from it.",
                s == null ? "no bytecode measured" : s.atLevel(Surface.Level.VM) + " of " + s.entryPointCount()
                        + " entry points take the VM; " + s.atLevel(Surface.Level.VCPU) + " take a vCPU",
                s == null ? NOT_MEASURED : s.atLevel(Surface.Level.VM) == 0 ? CONFIRMED : CONTRADICTED));
        points.add(vmPathPoint(d, design));
        return new DesignCase(design, "Radim's second idea: keep a single vCPU-taking family and give callers that have "
                + "no vCPU a stand-in whose access check always passes; he doubted it was general enough, and Paolo "
                + "found it distasteful.", points);
    }

    private static DesignCase addressSpaces(ReviewData d, String design) {
        List<Point> points = new ArrayList<>();
        Differences.Result corpus = d.corpusOf(design);
        long overlay = corpus == null ? 0 : corpus.overlay().stream().filter(l -> l.status().equals("declared")).count();
        points.add(new Point("for", "Two memslot sets let SMRAM lie over video RAM at the same address, which a "
                + "flag on one slot can never express.", corpus == null ? "corpus not run"
                : overlay + " lines of the overlay scenarios (" + OVERLAY_FILE + ", " + OVERLAY_DIRTY_FILE
                        + ") differ from the flag designs as declared", corpus == null ? NOT_MEASURED : overlay > 0 ? CONFIRMED : CONTRADICTED));
        long vmAs0 = corpus == null ? 0 : corpus.rules().stream().filter(r -> r.name().equals("vm-as0"))
                .mapToLong(Differences.Rule::lines).sum();
        points.add(new Point("against", "A helper without a vCPU quietly means address space 0, so forgetting the "
                + "vCPU's mode becomes a silent bug rather than a compile error (kvm_vcpu_is_visible_gfn, 2020).",
                corpus == null ? "corpus not run" : vmAs0 + " corpus lines declared under vm-as0 (VM-level access misses SMRAM)",
                corpus == null ? NOT_MEASURED : vmAs0 > 0 ? CONFIRMED : CONTRADICTED));
        points.add(patchPoint(d, design, "Like the vCPU accessors, it is a large change to common code."));
        return new DesignCase(design, "Not argued in the thread itself: what Paolo posted days later and Linux 4.2 "
                + "merged, a memslot set per mode instead of a flag, with each vCPU choosing its set.", points);
    }

    private static Point duplicationPoint(ReviewData d, String design, String side, String claim) {
        Duplication.Result own = d.duplicationOf(design);
        if (own == null) {
            return new Point(side, claim, "no duplication measured", NOT_MEASURED);
        }
        double most = d.duplication().stream().mapToDouble(Duplication.Result::share).max().orElse(0);
        Surface.Result s = d.surfaceOf(design);
        String loops = s == null ? "" : "; " + s.segmentLoops() + " segment loops";
        return new Point(side, claim, "CPD (" + own.minimumTokens() + "-token blocks): " + own.duplicatedLines()
                + " duplicated code lines, " + Fmt.pct(own.share()) + " of " + own.codeLines() + ", in "
                + own.blockCount() + " blocks" + loops + (own.share() >= most ? " (the most of any design)" : ""),
                own.share() >= most && own.share() > 0 ? CONFIRMED : own.share() > 0 ? MIXED : CONTRADICTED);
    }

    private static Point oneLinerPoint(ReviewData d, String design) {
        String claim = "The functions of each family shrink to one-line wrappers around the shared bodies.";
        Surface.Result s = d.surfaceOf(design);
        if (s == null || s.entryPointCount() == 0) {
            return new Point("for", claim, "no bytecode measured", NOT_MEASURED);
        }
        double share = (double) s.oneLiners() / s.entryPointCount();
        double best = d.surface().stream().filter(r -> r.entryPointCount() > 0)
                .mapToDouble(r -> (double) r.oneLiners() / r.entryPointCount()).max().orElse(0);
        return new Point("for", claim, s.oneLiners() + " of " + s.entryPointCount() + " entry points are one-liners ("
                + Fmt.pct(share) + (share >= best ? ", the highest share" : "; the highest share is " + Fmt.pct(best)) + ")",
                share >= best ? CONFIRMED : share >= 0.5 ? MIXED : CONTRADICTED);
    }

    private static Point pollutionPoint(ReviewData d, String design) {
        String claim = "Passing the lookup and the page operation as parameters trades copying for indirection: "
                + "harder to follow, and fast only if the JIT sees through it, which mixed type profiles can prevent.";
        Performance p = d.performance();
        List<Figure> all = p.measured() ? p.judgement().figures().pollutedToClean() : List.of();
        List<Figure> own = all.stream().filter(r -> design.equals(r.design())).toList();
        if (own.isEmpty()) {
            return new Point("against", claim, "polluted versus clean: not measured", NOT_MEASURED);
        }
        Figure worst = own.stream().max(Comparator.comparingDouble(Figure::value)).orElseThrow();
        Figure overall = all.stream().max(Comparator.comparingDouble(Figure::value)).orElseThrow();
        DesignVerdict eight = p.verdict(Targets.EIGHT_BYTES_LRU.id(), design);
        String eightText = eight == null || eight.deciding() == null ? "" : "; 8 B lru read / limit: "
                + eight.deciding().valueText() + " (" + eight.verdict().word() + ")";
        boolean slowest = worst.value() >= overall.value() && worst.low() > 1.0;
        return new Point("against", claim, "polluted / clean, worst: " + worst.text() + " ("
                + worst.of().benchmark() + ")" + eightText,
                slowest ? CONFIRMED : worst.low() > 1.0 ? MIXED : CONTRADICTED);
    }

    private static Point archPoint(ReviewData d, String design, String claim) {
        ArchitectureReview.Result a = d.architectureOf(design);
        if (a == null || a.rules().isEmpty()) {
            return new Point("for", claim, "no ArchUnit rules found", NOT_MEASURED);
        }
        int n = a.rules().size();
        return new Point("for", claim, a.holding() + " of " + n + " rules hold on the design, " + a.catching() + " of "
                + n + " catch their deliberately wrong class",
                a.holding() == n && a.catching() == n ? CONFIRMED : CONTRADICTED);
    }

    private static Point patchPoint(ReviewData d, String design, String claim) {
        return patchPoint(d, design, claim, false);
    }

    /**
     * A patch-size claim, in code lines against the baseline (comments apart): large (confirmed
     * when the largest) or, with {@code small}, small (when below the median, or the smallest).
     * Designs with equal patches share a rank.
     */
    private static Point patchPoint(ReviewData d, String design, String claim, boolean small) {
        PatchSize.Result own = d.patchOf(design);
        String side = small ? "for" : "against";
        if (own == null) {
            return new Point(side, claim, "no patch computed", NOT_MEASURED);
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
        return new Point(side, claim, text, verdict);
    }

    private static Point rankPoint(ReviewData d, String design, String side, String claim, String what,
                                   ToDoubleFunction<Surface.Result> metric, boolean fewestIsBest) {
        Surface.Result own = d.surfaceOf(design);
        if (own == null) {
            return new Point(side, claim, "no bytecode measured", NOT_MEASURED);
        }
        double value = metric.applyAsDouble(own);
        double best = d.surface().stream().mapToDouble(metric).min().orElse(value);
        StringBuilder others = new StringBuilder();
        for (Surface.Result r : d.surface()) {
            if (!r.design().equals(design)) {
                others.append(others.isEmpty() ? "" : ", ").append(r.design()).append(' ').append((long) metric.applyAsDouble(r));
            }
        }
        return new Point(side, claim, what + ": " + (long) value + (others.isEmpty() ? "" : " (" + others + ")"),
                value <= best ? CONFIRMED : CONTRADICTED);
    }

    private static Point perfPoint(ReviewData d, String design, String side, String claim, String target) {
        return perfPoint(d, design, side, claim, target, false);
    }

    /**
     * A claim about a bench target: met confirms a "for" claim ({@code invert}: a missed target
     * confirms an "against" one). A target every design misses alike says nothing of this design:
     * the miss is the shared core's, so the claim is mixed.
     */
    private static Point perfPoint(ReviewData d, String design, String side, String claim, String target, boolean invert) {
        TargetOutcome o = d.performance().outcome(target);
        DesignVerdict t = o == null ? null : o.of(design);
        if (t == null || t.deciding() == null) {
            return new Point(side, claim, target + ": not measured", NOT_MEASURED);
        }
        String text = o.target().title() + ": " + t.cell()
                + (o.missedByEveryDesign() ? " (missed by every design alike: the shared core's)" : "");
        String verdict = o.missedByEveryDesign() ? MIXED : switch (t.verdict()) {
            case MET -> invert ? CONTRADICTED : CONFIRMED;
            case MISSED -> invert ? CONFIRMED : CONTRADICTED;
            default -> MIXED;
        };
        return new Point(side, claim, text, verdict);
    }

    private static Point vmPathPoint(ReviewData d, String design) {
        String claim = "VM-level callers pay for fetching the stand-in vCPU on every access.";
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
            return new Point("against", claim, "VM-level 4 KiB accesses: not measured", NOT_MEASURED);
        }
        double own = worstVm.get(design);
        double most = worstVm.values().stream().mapToDouble(Double::doubleValue).max().orElse(own);
        StringBuilder text = new StringBuilder("VM-level 4 KiB access / copy limit, worst per design:");
        worstVm.forEach((k, v) -> text.append(' ').append(k).append(' ').append(Fmt.ratio(v)).append(','));
        text.setLength(text.length() - 1);
        return new Point("against", claim, text.toString(), own >= most ? CONFIRMED : CONTRADICTED);
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
