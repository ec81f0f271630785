package org.kvmlab.review.changes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kvmlab.review.metrics.ChangeCost;

/**
 * What carrying the designs through the change requests gave: the changes, the designs in report
 * order (the baseline last, if it was run), and a result per change and design.
 *
 * @param changes  the change requests that ran, in number order
 * @param designs  the designs, in report order, the baseline among them if it ran
 * @param baseline the baseline's name, or null
 * @param quick    whether property and stress tests were left out
 * @param results  one per change and design, changes first
 */
public record ChangesReport(List<Change> changes, List<String> designs, String baseline, boolean quick,
                            List<PairResult> results) {
    public ChangesReport {
        changes = List.copyOf(changes);
        designs = List.copyOf(designs);
        results = List.copyOf(results);
    }

    /** A report of no change and no design: what the review shows when nothing was run. */
    public static ChangesReport none() {
        return new ChangesReport(List.of(), List.of(), null, false, List.of());
    }

    /** A report of the change requests themselves. */
    static ChangesReport of(List<ChangeRequest> requests, List<String> designs, String baseline, boolean quick,
                            List<PairResult> results) {
        return new ChangesReport(requests.stream().map(Change::of).toList(), designs, baseline, quick, results);
    }

    /**
     * A change request as the report shows it.
     *
     * @param id       {@code NN-NAME}
     * @param number   {@code NN}
     * @param title    what the lab's contract gains
     * @param linux    the release that first had it
     * @param commits  the kernel commits
     * @param baseline whether it applies to the baseline
     */
    public record Change(String id, String number, String title, String linux, List<String> commits, boolean baseline) {
        public Change {
            commits = List.copyOf(commits);
        }

        static Change of(ChangeRequest r) {
            return new Change(r.id(), r.number(), r.title(), r.linux(), r.commits(), r.baseline());
        }
    }

    /** The result of {@code change} on {@code design}, or null. */
    public PairResult result(String change, String design) {
        return results.stream().filter(r -> r.change().equals(change) && r.design().equals(design)).findFirst().orElse(null);
    }

    /** The results of one change, in design order. */
    public List<PairResult> of(String change) {
        return results.stream().filter(r -> r.change().equals(change)).toList();
    }

    /** The results of one design, in change order. */
    public List<PairResult> ofDesign(String design) {
        return results.stream().filter(r -> r.design().equals(design)).toList();
    }

    /** Whether every design that carries a change passed it (nothing failed to apply, compile or pass). */
    public boolean allPassed() {
        return results.stream().noneMatch(r -> r.status().isFailure());
    }

    /**
     * The design a change favoured: of the designs (not the baseline) that passed it, the one with
     * the fewest places to check, then the fewest code lines changed, then the fewest functions;
     * null if none passed. Ties on all three name every tied design.
     */
    public List<String> favoured(String change) {
        List<PairResult> passed = of(change).stream()
                .filter(r -> !r.baseline() && r.status() == PairResult.Status.PASSED && r.cost() != null).toList();
        if (passed.isEmpty()) {
            return List.of();
        }
        Comparator<PairResult> cheapest = Comparator.comparingInt((PairResult r) -> r.cost().places().size())
                .thenComparingInt(r -> r.cost().code()).thenComparingInt(r -> r.cost().functions().size());
        PairResult best = passed.stream().min(cheapest).orElseThrow();
        return passed.stream().filter(r -> cheapest.compare(r, best) == 0).map(PairResult::design).toList();
    }

    /**
     * A design's totals over every change it carried.
     *
     * @param carried         changes its module carries (not counting those that do not apply)
     * @param passed          changes it passed
     * @param codeAdded       code lines added, summed
     * @param codeRemoved     code lines removed, summed
     * @param commentAdded    comment lines added, summed
     * @param commentRemoved  comment lines removed, summed
     * @param functions       functions touched, summed over the changes
     * @param places          places to check, summed
     * @param untouchedCopies copies left untouched, summed
     * @param generic         changes that had to change generic code
     */
    public record Totals(String design, int carried, int passed, int codeAdded, int codeRemoved, int commentAdded,
                         int commentRemoved, int functions, int places, int untouchedCopies, int generic) {
        /** Code lines added and removed. */
        public int code() {
            return codeAdded + codeRemoved;
        }
    }

    /** The totals of every design, in design order. */
    public List<Totals> totals() {
        List<Totals> totals = new ArrayList<>();
        for (String design : designs) {
            int[] n = new int[10];
            for (PairResult r : ofDesign(design)) {
                if (r.status() == PairResult.Status.NOT_CARRIED || r.status() == PairResult.Status.NOT_APPLICABLE) {
                    continue;
                }
                n[0]++;
                n[1] += r.status() == PairResult.Status.PASSED ? 1 : 0;
                ChangeCost c = r.cost();
                if (c != null) {
                    n[2] += c.codeAdded();
                    n[3] += c.codeRemoved();
                    n[4] += c.commentAdded();
                    n[5] += c.commentRemoved();
                    n[6] += c.functions().size();
                    n[7] += c.places().size();
                    n[8] += c.untouchedCopies().size();
                    n[9] += c.generic() ? 1 : 0;
                }
            }
            totals.add(new Totals(design, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9]));
        }
        return totals;
    }

    /** The totals of one design, or null. */
    public Totals totalsOf(String design) {
        return totals().stream().filter(t -> t.design().equals(design)).findFirst().orElse(null);
    }
}
