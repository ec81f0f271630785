package org.kvmlab.review.bench;

import java.util.List;
import org.kvmlab.bench.verdict.DesignVerdict;
import org.kvmlab.bench.verdict.Judgement;
import org.kvmlab.bench.verdict.Measurement;
import org.kvmlab.bench.verdict.TargetOutcome;

/**
 * The performance section's data: where the figures came from and the bench's {@link Judgement}
 * of them. The review decides nothing about performance itself: pairings, intervals, targets and
 * verdicts are the bench's verdict engine ({@code org.kvmlab.bench.verdict}), the same that writes
 * the bench's own report, so that the two cannot disagree.
 *
 * @param source    where the figures came from (a file, the bench run now, or why there are none)
 * @param judgement the bench's judgement, or null when nothing was measured
 */
public record Performance(String source, Judgement judgement) {

    /** The section without figures, saying why. */
    public static Performance notMeasured(String why) {
        return new Performance(why, null);
    }

    /** The figures of {@code measurements}, judged by the bench's targets. */
    public static Performance of(String source, List<Measurement> measurements) {
        return new Performance(source, Judgement.of(measurements));
    }

    /** Whether there are figures. */
    public boolean measured() {
        return judgement != null;
    }

    /** The outcome of the bench's target {@code id}, or null when not measured or no such target. */
    public TargetOutcome outcome(String id) {
        return judgement == null ? null : judgement.outcome(id);
    }

    /** The verdict of {@code design} on the bench's target {@code id}, or null. */
    public DesignVerdict verdict(String id, String design) {
        return judgement == null ? null : judgement.verdict(id, design);
    }
}
