package org.kvmlab.bench.verdict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kvmlab.bench.design.BenchDesigns;

/**
 * What a set of JMH results says: every figure, and every target's verdict for every design. The
 * bench's report and the review both render this and compute nothing of their own, so they cannot
 * disagree.
 *
 * <p>A target's verdict for a design is the worst over the figures it judges for that design (a
 * missed figure over an open one over a met one); the figure shown is the one that decides it,
 * the highest among the worst. A design with no such figure is "not measured". References (the
 * pre-series baseline) are judged the same way and shown beside the designs, but they are never
 * ranked and never count towards "every design alike".
 *
 * @param designs    the contestants measured, in the order of the results
 * @param references the reference columns measured, in the order of the results
 * @param figures    every figure
 * @param outcomes   one per target, in the targets' order
 */
public record Judgement(List<String> designs, List<String> references, Figures figures, List<TargetOutcome> outcomes) {
    /**
     * {@code measurements} judged by {@link Targets#ALL}, with the build's baseline as the
     * reference: the designs the bench measures that are no contestant, found the way the bench
     * finds them ({@link BenchDesigns#references()}).
     */
    public static Judgement of(List<Measurement> measurements) {
        return of(measurements, Targets.ALL, BenchDesigns.references());
    }

    /** {@code measurements} judged by {@code targets}; designs named in {@code references} are references. */
    public static Judgement of(List<Measurement> measurements, List<Target> targets, Collection<String> references) {
        Set<String> seen = new LinkedHashSet<>();
        measurements.stream().map(Measurement::design).filter(d -> d != null).forEach(seen::add);
        List<String> designs = seen.stream().filter(d -> !references.contains(d)).toList();
        List<String> refs = seen.stream().filter(references::contains).toList();
        Figures figures = Figures.of(measurements);
        List<TargetOutcome> outcomes = new ArrayList<>();
        for (Target target : targets) {
            List<Figure> judged = figures.of(target.kind()).stream().filter(target::judges).toList();
            outcomes.add(TargetOutcome.of(target, designs.stream().map(d -> verdict(target, d, judged)).toList(),
                    refs.stream().map(d -> verdict(target, d, judged)).toList()));
        }
        return new Judgement(designs, refs, figures, List.copyOf(outcomes));
    }

    private static DesignVerdict verdict(Target target, String design, List<Figure> judged) {
        List<Figure> own = judged.stream().filter(f -> design.equals(f.design())).toList();
        if (own.isEmpty()) {
            return new DesignVerdict(design, Verdict.NOT_MEASURED, null, 0);
        }
        Figure deciding = own.stream().max(Comparator.<Figure>comparingInt(f -> target.verdict(f).severity())
                .thenComparingDouble(Figure::value)).orElseThrow();
        return new DesignVerdict(design, target.verdict(deciding), deciding, own.size());
    }

    /** The outcome of the target with {@code id}, or null. */
    public TargetOutcome outcome(String id) {
        return outcomes.stream().filter(o -> o.target().id().equals(id)).findFirst().orElse(null);
    }

    /** The verdict of {@code design} on the target with {@code id}, or null. */
    public DesignVerdict verdict(String id, String design) {
        TargetOutcome o = outcome(id);
        return o == null ? null : o.of(design);
    }
}
