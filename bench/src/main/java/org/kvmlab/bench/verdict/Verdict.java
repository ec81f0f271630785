package org.kvmlab.bench.verdict;

/** What the figures say of a target, from best to worst; {@link #NOT_MEASURED} when there are none. */
public enum Verdict {
    /** Every figure's interval lies at or below the bound. */
    MET("met"),
    /** Some interval straddles the bound and none lies wholly above it. */
    OPEN("open"),
    /** Some figure's interval lies wholly above the bound. */
    MISSED("missed"),
    /** No figure of the results is judged by the target. */
    NOT_MEASURED("not measured");

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    /** The word every report prints. */
    public String word() {
        return word;
    }

    /** How bad it is for a design: missed over open over met; not measured counts for nothing. */
    int severity() {
        return switch (this) {
            case MET -> 1;
            case OPEN -> 2;
            case MISSED -> 3;
            case NOT_MEASURED -> 0;
        };
    }
}
