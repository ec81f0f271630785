package org.kvmlab.conformance.scenario;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;

/**
 * Runs a parsed scenario on one design: a fresh VM, every line in order (a failing line does not
 * stop the run), each judged against its expectation. A design that declares differences from
 * the flag-based contract is judged three ways instead (SCENARIOS.md section 6).
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /** Runs {@code scenario} on {@code adapter}. */
    public static FileRun run(Scenario scenario, VariantAdapter adapter) {
        if (adapter instanceof DeclaresDifferences declaring) {
            return runAgainstBothModes(scenario, adapter, declaring.declaredDifferences());
        }
        ScenarioSession session = new ScenarioSession(adapter, scenario);
        List<LineVerdict> verdicts = new ArrayList<>(scenario.lines().size());
        for (ScenarioLine line : scenario.lines()) {
            verdicts.add(LineVerdict.judge(line, session.run(line.command())));
        }
        return new FileRun(scenario, adapter.name(), verdicts);
    }

    /**
     * SCENARIOS.md section 6: the file also runs on the reference model's flag mode (F) and
     * address-space mode (A), which print and count nothing. A line is declared where the design
     * (V) agrees with A, A differs from F, and a rule covers it; before the first declared line the
     * rest is judged by its expectation, from then on by agreement with A, an uncovered difference
     * counting as a cascade of the earlier one.
     */
    private static FileRun runAgainstBothModes(Scenario scenario, VariantAdapter adapter, List<DifferenceRule> rules) {
        ScenarioSession design = new ScenarioSession(adapter, scenario);
        ScenarioSession flag = new ScenarioSession(new ReferenceAdapter(), scenario);
        ScenarioSession spaces = new ScenarioSession(ReferenceAdapter.addressSpaces(), scenario);
        List<LineVerdict> verdicts = new ArrayList<>(scenario.lines().size());
        boolean differed = false;
        for (ScenarioLine line : scenario.lines()) {
            String rule = coveringRule(rules, line.command(), flag);
            Outcome f = flag.run(line.command());
            Outcome a = spaces.run(line.command());
            Outcome v = design.run(line.command());
            boolean newDifference = Outcome.sameResult(v, a) && !Outcome.sameResult(a, f);
            LineVerdict verdict;
            if (newDifference && rule != null) {
                verdict = LineVerdict.declared(line, v, f, rule);
            } else if (!differed) {
                verdict = LineVerdict.judge(line, v);
            } else if (newDifference) {
                verdict = LineVerdict.declared(line, v, f, "cascade");
            } else {
                verdict = LineVerdict.compare(line, v, a);
            }
            differed |= verdict.status() == LineVerdict.Status.DECLARED;
            verdicts.add(verdict);
        }
        return new FileRun(scenario, adapter.name(), verdicts);
    }

    /** The name of the first rule that covers the line in the flag reference's state, or null. */
    private static String coveringRule(List<DifferenceRule> rules, Command command, ScenarioSession flag) {
        Command.Cache cacheLine = switch (command) {
            case Command.ReadCached(String name, int len) -> flag.cacheLine(name);
            case Command.WriteCached(String name, var data) -> flag.cacheLine(name);
            default -> null;
        };
        for (DifferenceRule rule : rules) {
            if (rule.covers().covers(command, flag.vm(), cacheLine)) {
                return rule.name();
            }
        }
        return null;
    }
}
