package org.kvmlab.review.report;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.changes.PairResult;
import org.kvmlab.review.metrics.ChangeCost;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.report.Doc.Block;
import org.kvmlab.review.report.Doc.ChartRef;
import org.kvmlab.review.report.Doc.Details;
import org.kvmlab.review.report.Doc.Heading;
import org.kvmlab.review.report.Doc.Items;
import org.kvmlab.review.report.Doc.Para;
import org.kvmlab.review.report.Doc.Section;
import org.kvmlab.review.report.Doc.Table;

/**
 * The report's section 8, the cost of change: every design carried through the changes Linux
 * made to the accessor layer after 2015 (docs/CHANGES.md), with a table and a chart per change and
 * each design's totals beside its duplication and its patch against the baseline. The same tables
 * are what {@code ./kvmlab changes} prints.
 */
public final class ChangeSection {
    /** The section's title. */
    public static final String TITLE = "8. The cost of change";

    private ChangeSection() {}

    /** The section. */
    public static Section of(ReviewData d) {
        ChangesReport r = d.changes();
        List<Block> b = new ArrayList<>();
        if (r.changes().isEmpty()) {
            b.add(new Para("No change request was run (run `./kvmlab changes`, or the review without an option that"
                    + " leaves it out); docs/CHANGES.md describes them."));
            return new Section("changes", TITLE, b);
        }
        b.add(new Para("The changes Linux made to the accessor layer after 2015, described in `docs/CHANGES.md`, each "
                + "carried by every design as its authors would write it: a patch per change in each design's module "
                + "(`MODULE/changes/NN-NAME.patch`) and the change's shared part with the kit "
                + "(`shared/conformance/changes/NN-NAME.patch`: the reference model, the change's tests and scenarios, "
                + "any core support). Each change is applied alone to today's sources, in a copy; the patched modules "
                + "are compiled with the JDK's compiler API and the design's tests, the kit's suite with the change's "
                + "own tests (tag `change-NN`) among them, run through the JUnit Platform launcher in a fresh class "
                + "loader" + (r.quick() ? ", leaving out the tags `property` and `stress` (--quick)." : ".")
                + " Code and comment lines are counted apart, as in the review's section 4. A function touched is a method, "
                + "constructor or initialised field holding a changed code line. The places to check are the functions "
                + "touched and every copy of one of them the change left untouched: a function that shares a block of "
                + "at least " + ChangeCost.COPY_TOKENS + " tokens with it, the same up to names and literals (CPD with "
                + "identifiers and literals ignored). A design whose module has no patch for a change is shown as not "
                + "carried; the baseline takes only the changes that apply to a layer without vCPUs."));
        b.add(new Heading("Every change, every design"));
        b.add(totals(d));
        b.add(new ChartRef("chart-change-totals"));
        for (ChangesReport.Change change : r.changes()) {
            b.add(new Heading("Change " + change.id() + ": " + change.title()));
            List<String> favoured = r.favoured(change.id());
            b.add(new Para("Linux " + change.linux() + ": " + String.join("; ", change.commits()) + ". "
                    + (change.baseline() ? "It applies to the baseline too. " : "It does not apply to the baseline. ")
                    + (favoured.isEmpty() ? "No design passed it." : "It favoured " + favoured(r, change, favoured) + ".")));
            b.add(table(r, change.id()));
            b.add(new ChartRef(Charts.changeChartId(change)));
            b.add(details(r, change.id()));
        }
        return new Section("changes", TITLE, b);
    }

    /** The table of one change: a row per design. */
    public static Table table(ChangesReport r, String change) {
        List<List<String>> rows = new ArrayList<>();
        for (PairResult p : r.of(change)) {
            rows.add(row(p, false));
        }
        return new Table(headers(false), rows);
    }

    /** The table of every change and design, change by change: what {@code ./kvmlab changes} prints. */
    public static Table all(ChangesReport r) {
        List<List<String>> rows = new ArrayList<>();
        for (PairResult p : r.results()) {
            rows.add(row(p, true));
        }
        return new Table(headers(true), rows);
    }

    private static List<String> headers(boolean withChange) {
        List<String> h = new ArrayList<>();
        if (withChange) {
            h.add("change");
        }
        h.addAll(List.of("design", "result", "tests (the change's)", "code +/-", "comments +/-", "functions", "files",
                "generic code", "places to check", "copies left untouched"));
        return h;
    }

    private static List<String> row(PairResult p, boolean withChange) {
        List<String> cells = new ArrayList<>();
        if (withChange) {
            cells.add(p.change());
        }
        cells.add(p.baseline() ? p.design() + " (baseline)" : p.design());
        ChangeCost c = p.cost();
        String result = p.status().word();
        if (p.status().isFailure() && p.problem() != null) {
            result = result + ": " + shortened(p.problem());
        }
        cells.add(result);
        if (c == null) {
            cells.addAll(List.of("-", "-", "-", "-", "-", "-", "-", "-"));
            return cells;
        }
        cells.add(p.tests() + (p.changeTests() > 0 ? " (" + p.changeTests() + ")" : p.baseline() ? " (in its rule runs)" : ""));
        cells.add("+" + c.codeAdded() + " -" + c.codeRemoved());
        cells.add("+" + c.commentAdded() + " -" + c.commentRemoved());
        cells.add(String.valueOf(c.functions().size()));
        cells.add(String.valueOf(c.files().size()));
        cells.add(c.generic() ? "changed" : "untouched");
        cells.add(String.valueOf(c.places().size()));
        cells.add(String.valueOf(c.untouchedCopies().size()));
        return cells;
    }

    /** Each design's totals beside its duplication and its patch against the baseline. */
    public static Table totals(ReviewData d) {
        List<List<String>> rows = new ArrayList<>();
        for (ChangesReport.Totals t : d.changes().totals()) {
            Duplication.Result dup = d.duplicationOf(t.design());
            PatchSize.Result patch = d.patchOf(t.design());
            boolean baseline = t.design().equals(d.changes().baseline());
            rows.add(List.of(baseline ? t.design() + " (baseline)" : t.design(),
                    t.carried() == 0 ? "none" : t.passed() + " of " + t.carried(),
                    "+" + t.codeAdded() + " -" + t.codeRemoved(), "+" + t.commentAdded() + " -" + t.commentRemoved(),
                    String.valueOf(t.functions()), String.valueOf(t.places()), String.valueOf(t.untouchedCopies()),
                    String.valueOf(t.generic()),
                    dup == null ? "-" : dup.duplicatedLines() + " (" + Fmt.pct(dup.share()) + ")",
                    patch == null ? (baseline ? "(the yardstick)" : "-")
                            : "+" + patch.lines().codeAdded() + " -" + patch.lines().codeRemoved()));
        }
        return new Table(List.of("design", "changes passed", "code +/-", "comments +/-", "functions touched",
                "places to check", "copies left untouched", "changes touching generic code",
                "duplicated (the review's section 2)", "patch: code (the review's section 4)"), rows);
    }

    /** {@code change NN-NAME favoured DESIGN (...)}, or that no design passed it: a line of the command's output. */
    public static String favouredLine(ChangesReport r, ChangesReport.Change change) {
        List<String> favoured = r.favoured(change.id());
        return "change " + change.id() + (favoured.isEmpty() ? ": no design passed it"
                : " favoured " + favoured(r, change, favoured));
    }

    private static String favoured(ChangesReport r, ChangesReport.Change change, List<String> designs) {
        ChangeCost c = r.result(change.id(), designs.getFirst()).cost();
        String figures = Fmt.count(c.places().size(), "place") + " to check, " + Fmt.count(c.code(), "code line")
                + ", " + Fmt.count(c.functions().size(), "function");
        long passed = r.of(change.id()).stream().filter(p -> !p.baseline() && p.status() == PairResult.Status.PASSED).count();
        return designs.size() > 1 && designs.size() == passed ? "every design alike: " + figures + " each"
                : String.join(" and ", designs) + " (" + figures + ")";
    }

    private static Details details(ChangesReport r, String change) {
        List<Block> blocks = new ArrayList<>();
        for (PairResult p : r.of(change)) {
            if (p.cost() == null && p.problem() == null) {
                continue;
            }
            List<String> items = new ArrayList<>();
            if (p.cost() != null) {
                p.cost().functions().forEach(f -> items.add("touched: " + f));
                p.cost().untouchedCopies().forEach(f -> items.add("copy left untouched: " + f));
            }
            p.otherFiles().forEach(f -> items.add("also in the patch (not measured): " + f));
            if (p.problem() != null) {
                items.add("problem: " + p.problem());
            }
            p.failures().forEach(f -> items.add("failed: " + f));
            blocks.add(new Heading(p.design()));
            blocks.add(items.isEmpty() ? new Para("No code changed.") : new Items(items));
        }
        return new Details("What each design's patch touched, and the copies it left", blocks);
    }

    private static String shortened(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
