package org.kvmlab.bench.verdict;

/**
 * One target's verdict for one design.
 *
 * @param design   the design
 * @param verdict  the verdict over every figure the target judges for the design
 * @param deciding the figure that decides it (the worst verdict, then the highest value), or null
 *                 when not measured
 * @param figures  how many figures were judged
 */
public record DesignVerdict(String design, Verdict verdict, Figure deciding, int figures) {

    /** The deciding figure, where it was measured: {@code 1.28 [1.13, 1.45] GuestCopyBench.readGuest_vcpu size=4096}. */
    public String figureText() {
        if (deciding == null) {
            return verdict.word();
        }
        String params = deciding.of().paramsText();
        return deciding.text() + " " + deciding.of().benchmark() + (params.isEmpty() ? "" : " " + params);
    }

    /** The cell every report prints: {@code missed: 1.28 [1.13, 1.45] GuestCopyBench.readGuest_vcpu size=4096}. */
    public String cell() {
        return deciding == null ? verdict.word() : verdict.word() + ": " + figureText();
    }
}
