package org.kvmlab.conformance.scenario;

import java.util.List;

/**
 * One file run on one design: the verdict of every command line, in file order.
 *
 * @param scenario the file
 * @param variant  the design's name
 * @param verdicts one per command line
 */
public record FileRun(Scenario scenario, String variant, List<LineVerdict> verdicts) {
    public FileRun {
        verdicts = List.copyOf(verdicts);
    }

    /** The lines that failed. */
    public List<LineVerdict> failures() {
        return withStatus(LineVerdict.Status.FAILED);
    }

    /** The lines the design declares as differences. */
    public List<LineVerdict> declared() {
        return withStatus(LineVerdict.Status.DECLARED);
    }

    /** The failure messages, in file order. */
    public List<String> failureMessages() {
        return failures().stream().map(v -> v.message(scenario.file(), variant)).toList();
    }

    /** What the runner prints for this run: failed and declared lines, in file order. */
    public List<String> printedLines() {
        return verdicts.stream().filter(v -> !v.passed()).map(v -> v.message(scenario.file(), variant)).toList();
    }

    /** How many lines passed, failed and were declared. */
    public Tally tally() {
        return new Tally(withStatus(LineVerdict.Status.PASSED).size(), failures().size(), declared().size());
    }

    private List<LineVerdict> withStatus(LineVerdict.Status status) {
        return verdicts.stream().filter(v -> v.status() == status).toList();
    }
}
