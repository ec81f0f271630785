package org.kvmlab.review.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.kvmlab.bench.verdict.TargetOutcome;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;

/**
 * The report's first screen, from the data alone: what was reviewed, then design by design what
 * the figures say of the thread's arguments (the verdicts of the report's section 7), then what
 * holds for every design alike, then the closing comparison. The sections after it back each line.
 */
public final class Glance {
    private Glance() {}

    /** The verdict words of the report's section 7, in the order the first screen lists them. */
    private static final List<String> ORDER = List.of(Argument.CONFIRMED, Argument.CONTRADICTED, Argument.MIXED,
            Argument.NOT_MEASURED);

    /** The first screen. */
    static Doc.Section of(ReviewData d) {
        List<Doc.Block> b = new ArrayList<>();
        b.add(new Doc.Para(reviewed(d)));
        b.add(new Doc.Heading("Design by design: the thread's arguments against the figures"));
        List<String> designs = new ArrayList<>();
        for (Argument.DesignCase c : d.argument()) {
            designs.add(c.design() + ": " + byVerdict(c));
        }
        b.add(new Doc.Items(designs));
        b.add(new Doc.Heading("What every design shares"));
        b.add(new Doc.Items(shared(d)));
        b.add(new Doc.Heading("The comparison"));
        b.add(Sections.comparisonTable(d));
        return new Doc.Section("glance", "At a glance", b);
    }

    private static String reviewed(ReviewData d) {
        String perf = d.performance().measured() ? d.performance().source()
                : "not measured (" + d.performance().source() + ")";
        return d.designs().size() + " designs (" + String.join(", ", d.designs()) + "), each written as a patch "
                + "against " + (d.baseline() == null ? "no baseline (it is absent)" : "the module " + d.baseline()
                + " (Linux 4.1's accessor layer before the SMM series), which is measured beside them but never ranked")
                + ". Run " + d.generated() + (d.quick() ? " with --quick (no property or stress tests)" : "")
                + "; performance: " + perf + ". Each line below is backed by a section after this screen.";
    }

    /** One design's points, grouped by verdict: {@code confirmed: "claim" (for); "claim" (against). contradicted: ...} */
    static String byVerdict(Argument.DesignCase c) {
        if (c.points().isEmpty()) {
            return "not argued in the thread; its figures are in the sections and the comparison below.";
        }
        Map<String, List<String>> by = new LinkedHashMap<>();
        ORDER.forEach(v -> by.put(v, new ArrayList<>()));
        for (Argument.Point p : c.points()) {
            by.computeIfAbsent(p.verdict(), k -> new ArrayList<>()).add("\u201c" + headline(p.claim()) + "\u201d ("
                    + p.side() + ")");
        }
        List<String> parts = new ArrayList<>();
        by.forEach((verdict, claims) -> {
            if (!claims.isEmpty()) {
                parts.add(verdict + ": " + String.join("; ", claims));
            }
        });
        return String.join(". ", parts) + ".";
    }

    /** The claim's first sentence, without its full stop. */
    static String headline(String claim) {
        int end = claim.indexOf(". ");
        String first = end < 0 ? claim : claim.substring(0, end);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** {@code 3 confirmed, 1 contradicted}: a design's points by verdict, for the comparison. */
    static String tally(ReviewData d, String design) {
        Argument.DesignCase c = ReviewData.of(d.argument(), design, Argument.DesignCase::design);
        if (c == null || c.points().isEmpty()) {
            return "-";
        }
        Map<String, Long> counts = c.points().stream()
                .collect(Collectors.groupingBy(Argument.Point::verdict, LinkedHashMap::new, Collectors.counting()));
        return ORDER.stream().filter(counts::containsKey).map(v -> counts.get(v) + " " + v)
                .collect(Collectors.joining(", "));
    }

    /** What holds for every design alike, and where they differ most. */
    private static List<String> shared(ReviewData d) {
        List<String> items = new ArrayList<>();
        long failing = d.conformance().stream().filter(c -> c.failed() > 0).count();
        items.add(failing == 0 ? "Conformance: every design passes the kit, " + counts(d) + "."
                : "Conformance: " + failing + " of " + d.conformance().size() + " designs fail tests of the kit ("
                + d.conformance().stream().filter(c -> c.failed() > 0).map(ReviewData.Conformance::design)
                .collect(Collectors.joining(", ")) + "); see section 1 of the report.");
        if (!d.patches().isEmpty()) {
            items.add("Patch against the baseline, in code lines (comments apart): " + extremes(d.patches()) + ".");
        }
        if (!d.duplication().isEmpty()) {
            Duplication.Result most = d.duplication().stream()
                    .max(java.util.Comparator.comparingDouble(Duplication.Result::share)).orElseThrow();
            List<String> tied = d.duplication().stream().filter(r -> r.share() == most.share())
                    .map(Duplication.Result::design).toList();
            items.add("Duplicated code (CPD): the most in " + String.join(" and ", tied) + ", "
                    + Fmt.pct(most.share()) + " of its code lines.");
        }
        String change = costOfChange(d);
        if (change != null) {
            items.add(change);
        }
        if (d.performance().measured()) {
            for (TargetOutcome o : d.performance().judgement().outcomes()) {
                items.add("Performance, " + o.target().title() + ": " + o.summary() + ".");
            }
        }
        return items;
    }

    /** The changes of the report's section 8 in one line: the fewest and the most places to check over all of them. */
    private static String costOfChange(ReviewData d) {
        List<ChangesReport.Totals> totals = d.changes().totals().stream()
                .filter(t -> !t.design().equals(d.changes().baseline()) && t.carried() > 0).toList();
        if (totals.isEmpty()) {
            return null;
        }
        int least = totals.stream().mapToInt(ChangesReport.Totals::places).min().orElse(0);
        int most = totals.stream().mapToInt(ChangesReport.Totals::places).max().orElse(0);
        long failed = d.changes().results().stream().filter(r -> r.status().isFailure()).count();
        return "The cost of change (section 8 of the report): over the " + d.changes().changes().size()
                + " changes Linux made after 2015, the fewest places to check in "
                + totals.stream().filter(t -> t.places() == least).map(ChangesReport.Totals::design)
                .collect(Collectors.joining(" and ")) + " (" + least + "), the most in "
                + totals.stream().filter(t -> t.places() == most).map(ChangesReport.Totals::design)
                .collect(Collectors.joining(" and ")) + " (" + most + ")"
                + (failed == 0 ? "; every design passes every change it carries." : "; " + failed
                + " design and change pairs did not apply, compile or pass.");
    }

    private static String counts(ReviewData d) {
        List<Long> tests = d.conformance().stream().map(ReviewData.Conformance::tests).distinct().sorted().toList();
        return tests.isEmpty() ? "no tests ran" : tests.size() == 1 ? tests.getFirst() + " tests each"
                : tests.getFirst() + " to " + tests.getLast() + " tests each";
    }

    /** The smallest and largest patches by code lines, ties named together. */
    private static String extremes(List<PatchSize.Result> patches) {
        int least = patches.stream().mapToInt(PatchSize.Result::code).min().orElse(0);
        int most = patches.stream().mapToInt(PatchSize.Result::code).max().orElse(0);
        return "smallest " + names(patches, least) + " (" + least + "), largest " + names(patches, most) + " ("
                + most + ")";
    }

    private static String names(List<PatchSize.Result> patches, int code) {
        return patches.stream().filter(p -> p.code() == code).map(PatchSize.Result::design)
                .collect(Collectors.joining(" and "));
    }
}
