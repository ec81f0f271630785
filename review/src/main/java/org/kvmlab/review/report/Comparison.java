package org.kvmlab.review.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.bench.verdict.DesignVerdict;
import org.kvmlab.bench.verdict.Target;
import org.kvmlab.bench.verdict.TargetOutcome;
import org.kvmlab.bench.verdict.Targets;
import org.kvmlab.review.architecture.ArchitectureReview;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.conformance.Differences;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.metrics.SourceLines;
import org.kvmlab.review.metrics.Surface;

/**
 * The closing comparison: one row per design with the figure of every section, and below them
 * the pre-series baseline as a reference row (its size, and its cost where the bench measured
 * it), never ranked. Performance has a column per bench target; a target every design misses
 * alike reads {@code (missed by all)} in each cell, the shared core's property, not the design's.
 */
public final class Comparison {
    private Comparison() {}

    /**
     * One row.
     *
     * @param design    the design, or the baseline
     * @param reference whether this is the baseline's reference row
     * @param cells     a cell per column of {@link #columns}
     */
    public record Row(String design, boolean reference, Map<String, String> cells) {}

    /** The columns before the performance targets'. */
    static final List<String> LEADING = List.of("conformance", "the thread's points", "patch: code", "patch: comments",
            "code lines", "duplicated", "entry points (one-liners)", "segment loops", "ArchUnit rules",
            "changes: places (code)");
    /** The column after them. */
    static final String DECLARED = "declared differences";

    /** Every column: the leading ones, one per bench target (its id), then the declared differences. */
    public static List<String> columns(ReviewData d) {
        List<String> columns = new ArrayList<>(LEADING);
        targets(d).forEach(t -> columns.add(t.id()));
        columns.add(DECLARED);
        return columns;
    }

    private static List<Target> targets(ReviewData d) {
        return d.performance().measured()
                ? d.performance().judgement().outcomes().stream().map(TargetOutcome::target).toList()
                : Targets.ALL;
    }

    /** The rows: every design, then the baseline when it has sources or bench figures. */
    public static List<Row> of(ReviewData d) {
        List<Row> rows = new ArrayList<>();
        for (String design : d.designs()) {
            rows.add(new Row(design, false, cells(d, design)));
        }
        String baseline = d.baseline();
        boolean benched = d.performance().measured() && d.performance().judgement().references().contains(baseline);
        if (baseline != null && (d.sizeOf(baseline) != null || benched)) {
            Map<String, String> cells = new LinkedHashMap<>();
            for (String c : columns(d)) {
                cells.put(c, "-");
            }
            cells.put("conformance", "VM level only");
            cells.put("patch: code", "(the yardstick)");
            SourceLines.Count size = d.sizeOf(baseline);
            cells.put("code lines", size == null ? "-" : String.valueOf(size.codeLines()));
            if (benched) {
                for (Target t : targets(d)) {
                    cells.put(t.id(), performance(d, t, baseline));
                }
            }
            rows.add(new Row(baseline, true, cells));
        }
        return rows;
    }

    private static Map<String, String> cells(ReviewData d, String design) {
        Map<String, String> cells = new LinkedHashMap<>();
        ReviewData.Conformance c = d.conformanceOf(design);
        cells.put("conformance", c == null ? "-" : (c.failed() == 0 ? "pass " : "FAIL ") + (c.tests() - c.failed())
                + "/" + c.tests());
        cells.put("the thread's points", Glance.tally(d, design));
        PatchSize.Result p = d.patchOf(design);
        cells.put("patch: code", p == null ? "-" : "+" + p.lines().codeAdded() + " -" + p.lines().codeRemoved());
        cells.put("patch: comments", p == null ? "-" : "+" + p.lines().commentAdded() + " -" + p.lines().commentRemoved());
        SourceLines.Count size = d.sizeOf(design);
        cells.put("code lines", size == null ? "-" : String.valueOf(size.codeLines()));
        Duplication.Result dup = d.duplicationOf(design);
        cells.put("duplicated", dup == null ? "-" : dup.duplicatedLines() + " (" + Fmt.pct(dup.share()) + ")");
        Surface.Result s = d.surfaceOf(design);
        cells.put("entry points (one-liners)", s == null ? "-" : s.entryPointCount() + " (" + s.oneLiners() + ")");
        cells.put("segment loops", s == null ? "-" : String.valueOf(s.segmentLoops()));
        ArchitectureReview.Result a = d.architectureOf(design);
        cells.put("ArchUnit rules", a == null || a.rules().isEmpty() ? "-" : a.holding() + "/" + a.rules().size() + " hold");
        cells.put("changes: places (code)", changes(d, design));
        for (Target t : targets(d)) {
            cells.put(t.id(), performance(d, t, design));
        }
        Differences.Result corpus = d.corpusOf(design);
        cells.put(DECLARED, corpus == null ? "-" : corpus.declares() ? corpus.declared() + " lines, "
                + corpus.rules().stream().filter(r -> r.lines() > 0).count() + " rules" : "none (flag design)");
        return cells;
    }

    /**
     * The cost of change over every change the design carried (the report's section 8): the places to check,
     * then the code lines added and removed; {@code -} when none was run.
     */
    private static String changes(ReviewData d, String design) {
        ChangesReport.Totals t = d.changes().totalsOf(design);
        if (t == null || t.carried() == 0) {
            return "-";
        }
        return t.places() + " (+" + t.codeAdded() + " -" + t.codeRemoved() + ")"
                + (t.passed() < t.carried() ? " " + (t.carried() - t.passed()) + " FAIL" : "");
    }

    /** {@code 1.28 (missed)}; {@code 1.28 (missed by all)} for a target every design misses alike. */
    private static String performance(ReviewData d, Target target, String design) {
        TargetOutcome o = d.performance().outcome(target.id());
        DesignVerdict v = o == null ? null : o.of(design);
        if (v == null || v.deciding() == null) {
            return "not measured";
        }
        boolean shared = o.missedByEveryDesign() && !o.references().contains(v);
        return v.deciding().valueText() + " (" + (shared ? "missed by all" : v.verdict().word()) + ")";
    }
}
