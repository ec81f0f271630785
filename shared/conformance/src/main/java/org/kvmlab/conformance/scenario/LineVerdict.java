package org.kvmlab.conformance.scenario;

/**
 * How one line fared in one run: what it gave, and whether it passed, failed, or differed from
 * the flag-based contract as the design declares (SCENARIOS.md section 6).
 *
 * @param line     the line
 * @param actual   what it gave
 * @param status   the verdict
 * @param expected X of the printed line: the expectation, or what the line was compared with
 * @param got      Y of the printed line: what the line gave, in canonical form
 * @param rule     the difference rule of a declared line ({@code cascade} when none covered it)
 */
public record LineVerdict(ScenarioLine line, Outcome actual, Status status, String expected, String got, String rule) {

    /** A line's verdict. */
    public enum Status { PASSED, FAILED, DECLARED }

    /** Judges {@code actual} against what {@code line} expects. */
    public static LineVerdict judge(ScenarioLine line, Outcome actual) {
        Status status = line.expectation().matches(actual) ? Status.PASSED : Status.FAILED;
        return new LineVerdict(line, actual, status, Canonical.expected(line.expectation(), actual),
                Canonical.actual(actual, line.expectation()), null);
    }

    /**
     * Judges {@code actual} by whether it is the same result as {@code other} (SCENARIOS.md section
     * 6, rule 2).
     */
    public static LineVerdict compare(ScenarioLine line, Outcome actual, Outcome other) {
        Status status = Outcome.sameResult(actual, other) ? Status.PASSED : Status.FAILED;
        return new LineVerdict(line, actual, status, Canonical.compared(other, actual),
                Canonical.compared(actual, other), null);
    }

    /** A line the design declares: it gave {@code actual} where the flag designs give {@code flag}. */
    public static LineVerdict declared(ScenarioLine line, Outcome actual, Outcome flag, String rule) {
        return new LineVerdict(line, actual, Status.DECLARED, Canonical.compared(flag, actual),
                Canonical.compared(actual, flag), rule);
    }

    /** Whether the line passed. */
    public boolean passed() {
        return status == Status.PASSED;
    }

    /**
     * The line the runner prints for it: {@code FILE:LINE: variant NAME: expected X, got Y} for a
     * failure, {@code FILE:LINE: variant NAME: declared (RULE): flag designs X, this design Y} for
     * a declared line, null for a line that passed.
     */
    public String message(String file, String variant) {
        String where = file + ":" + line.number() + ": variant " + variant + ": ";
        return switch (status) {
            case PASSED -> null;
            case FAILED -> where + "expected " + expected + ", got " + got;
            case DECLARED -> where + "declared (" + rule + "): flag designs " + expected + ", this design " + got;
        };
    }
}
