package org.kvmlab.conformance.scenario;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.conformance.VariantAdapter;

/**
 * Runs a parsed scenario on one design: a fresh VM, every line in order (a failing line does not
 * stop the run), each judged against its expectation.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /** Runs {@code scenario} on {@code adapter}. */
    public static FileRun run(Scenario scenario, VariantAdapter adapter) {
        ScenarioSession session = new ScenarioSession(adapter, scenario);
        List<LineVerdict> verdicts = new ArrayList<>(scenario.lines().size());
        for (ScenarioLine line : scenario.lines()) {
            verdicts.add(LineVerdict.judge(line, session.run(line.command())));
        }
        return new FileRun(scenario, adapter.name(), verdicts);
    }
}
