package org.kvmlab.bench.verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One target over every design: each design's verdict, the reference columns' (the baseline,
 * which is measured but never a contestant), and whether the designs are alike.
 *
 * @param target     the target
 * @param designs    each contestant's verdict, in the designs' order
 * @param references each reference column's verdict (not ranked, not counted in {@link #alike})
 * @param alike      the verdict every measured design shares, when there are at least two and they
 *                   all share one; else null
 */
public record TargetOutcome(Target target, List<DesignVerdict> designs, List<DesignVerdict> references, Verdict alike) {

    /** The outcome of {@code designs}' verdicts, with {@code references} beside them. */
    static TargetOutcome of(Target target, List<DesignVerdict> designs, List<DesignVerdict> references) {
        List<Verdict> measured = designs.stream().map(DesignVerdict::verdict)
                .filter(v -> v != Verdict.NOT_MEASURED).distinct().toList();
        long count = designs.stream().filter(v -> v.verdict() != Verdict.NOT_MEASURED).count();
        Verdict alike = count >= 2 && measured.size() == 1 ? measured.getFirst() : null;
        return new TargetOutcome(target, List.copyOf(designs), List.copyOf(references), alike);
    }

    /**
     * Whether every design misses the target alike: then the miss is not any design's doing but
     * a property of what they share (the core, and the 4.1 accessor structure over it), and the
     * reports say so instead of marking each design.
     */
    public boolean missedByEveryDesign() {
        return alike == Verdict.MISSED;
    }

    /** The verdict of {@code design} (contestant or reference), or null when it is neither. */
    public DesignVerdict of(String design) {
        for (DesignVerdict v : designs) {
            if (v.design().equals(design)) {
                return v;
            }
        }
        for (DesignVerdict v : references) {
            if (v.design().equals(design)) {
                return v;
            }
        }
        return null;
    }

    /**
     * The cells every report prints for this target: one per design, then one per reference, then
     * {@link #summary()}. A target every design misses alike is not marked against each design:
     * its design cells show the deciding figure without a verdict, and the summary names the miss.
     */
    public List<String> row() {
        List<String> row = new ArrayList<>();
        for (DesignVerdict v : designs) {
            row.add(missedByEveryDesign() ? v.figureText() : v.cell());
        }
        references.forEach(v -> row.add(v.cell()));
        row.add(summary());
        return row;
    }

    /**
     * One sentence for the target as a whole: {@code missed by every design alike (the baseline
     * too): a property of the shared core, not of a design}, {@code met by every design}, or the
     * designs by verdict ({@code met by x86-prefixed, fake-vcpu; missed by macro-generic}).
     */
    public String summary() {
        String refs = references.stream().filter(r -> r.verdict() != Verdict.NOT_MEASURED)
                .map(r -> r.design() + " " + r.verdict().word()).collect(Collectors.joining(", "));
        String refText = refs.isEmpty() ? "" : " (reference: " + refs + ")";
        if (alike == Verdict.MISSED) {
            return "missed by every design alike" + refText + ": a property of the shared core, not of a design";
        }
        if (alike != null) {
            return alike.word() + (alike == Verdict.OPEN ? " for" : " by") + " every design" + refText;
        }
        Map<Verdict, List<String>> by = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            by.put(v, new ArrayList<>());
        }
        designs.forEach(d -> by.get(d.verdict()).add(d.design()));
        List<String> parts = new ArrayList<>();
        by.forEach((v, names) -> {
            if (!names.isEmpty()) {
                parts.add(v.word() + (v == Verdict.OPEN ? " for " : v == Verdict.NOT_MEASURED ? " for " : " by ")
                        + String.join(", ", names));
            }
        });
        return String.join("; ", parts) + refText;
    }
}
