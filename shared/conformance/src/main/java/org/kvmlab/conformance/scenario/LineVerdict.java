package org.kvmlab.conformance.scenario;

/**
 * How one line fared in one run: what it gave, and whether that met its expectation.
 *
 * @param line     the line
 * @param actual   what it gave
 * @param passed   whether that met the line's expectation
 */
public record LineVerdict(ScenarioLine line, Outcome actual, boolean passed) {

    /** Judges {@code actual} against what {@code line} expects. */
    public static LineVerdict judge(ScenarioLine line, Outcome actual) {
        return new LineVerdict(line, actual, line.expectation().matches(actual));
    }

    /** X of the failure message: the expectation in canonical form. */
    public String expected() {
        return Canonical.expected(line.expectation(), actual);
    }

    /** Y of the failure message: what the line gave, in canonical form. */
    public String got() {
        return Canonical.actual(actual, line.expectation());
    }

    /** {@code FILE:LINE: variant NAME: expected X, got Y}. */
    public String failureMessage(String file, String variant) {
        return file + ":" + line.number() + ": variant " + variant + ": expected " + expected() + ", got " + got();
    }
}
