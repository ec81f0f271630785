package org.kvmlab.livekvm.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.conformance.scenario.Scenario;

/**
 * One scenario file run on the live kernel: a verdict per command line, in file order.
 *
 * @param scenario the file
 * @param verdicts one per command line
 */
public record LiveFileRun(Scenario scenario, List<LiveVerdict> verdicts) {
    public LiveFileRun {
        verdicts = List.copyOf(verdicts);
    }

    /** The lines with {@code status}. */
    public long count(LiveVerdict.Status status) {
        return verdicts.stream().filter(v -> v.status() == status).count();
    }

    /** The lines that ran on the kernel. */
    public long ran() {
        return verdicts.stream().filter(LiveVerdict::ran).count();
    }

    /** What the runner prints for this file: declared, follow-on and failed lines, in file order. */
    public List<String> printedLines() {
        return verdicts.stream().map(v -> v.message(scenario.file())).filter(m -> m != null).toList();
    }

    /** Declared lines by rule, in order of first appearance. */
    public Map<String, Long> declaredByRule() {
        Map<String, Long> byRule = new LinkedHashMap<>();
        for (LiveVerdict v : verdicts) {
            if (v.status() == LiveVerdict.Status.DECLARED) {
                byRule.merge(v.rule(), 1L, Long::sum);
            }
        }
        return byRule;
    }

    /** Unmappable lines by reason. */
    public Map<Unmappable, Long> notMappableByReason() {
        Map<Unmappable, Long> byReason = new LinkedHashMap<>();
        for (LiveVerdict v : verdicts) {
            if (v.status() == LiveVerdict.Status.NOT_MAPPABLE) {
                byReason.merge(v.unmappable(), 1L, Long::sum);
            }
        }
        return byReason;
    }
}
