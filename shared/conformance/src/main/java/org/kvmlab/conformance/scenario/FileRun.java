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
        return verdicts.stream().filter(v -> !v.passed()).toList();
    }

    /** The failure messages, in file order. */
    public List<String> failureMessages() {
        return failures().stream().map(v -> v.failureMessage(scenario.file(), variant)).toList();
    }

    /** How many lines passed and failed. */
    public Tally tally() {
        long failed = failures().size();
        return new Tally(verdicts.size() - failed, failed);
    }
}
