package org.kvmlab.review.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.conformance.scenario.DifferenceRule;
import org.kvmlab.conformance.scenario.FileRun;
import org.kvmlab.conformance.scenario.LineVerdict;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.conformance.scenario.ScenarioRunner;
import org.kvmlab.conformance.suite.ScenarioCorpus;

/**
 * The scenario corpus run with the kit's {@link ScenarioRunner} on each design: line counts, the
 * differences a design with address spaces declares (rule by rule, with the reasons from its
 * adapter), and the lines of the overlay scenarios as each design answers them.
 */
public final class Differences {
    /** Corpus files named like this are shown line by line: the SMRAM-over-video-RAM cases ({@code 87-overlay-...}). */
    public static final java.util.regex.Pattern OVERLAY = java.util.regex.Pattern.compile("\\d+-overlay-.*\\.scn");

    private Differences() {}

    /** A declared rule with how many corpus lines it declares. */
    public record Rule(String name, String reason, long lines) {}

    /** One line of an overlay scenario as a design answers it. */
    public record OverlayLine(String file, int line, String command, String expected, String got, String status,
                              String rule) {}

    /**
     * A design's corpus run.
     *
     * @param declares whether the design declares differences (has address spaces)
     * @param rules    its rules, each with the lines it declares ({@code cascade} last when some line
     *                 follows from an earlier difference)
     */
    public record Result(String design, boolean declares, int files, long passed, long failed, long declared,
                         List<Rule> rules, List<OverlayLine> overlay) {}

    /** Runs the kit's corpus on {@code adapter}. */
    public static Result of(VariantAdapter adapter) {
        return of(adapter, ScenarioCorpus.files());
    }

    /** Runs {@code files} on {@code adapter}. */
    public static Result of(VariantAdapter adapter, List<ScenarioCorpus.CorpusFile> files) {
        boolean declares = adapter instanceof DeclaresDifferences;
        Map<String, Long> byRule = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        if (adapter instanceof DeclaresDifferences d) {
            for (DifferenceRule rule : d.declaredDifferences()) {
                byRule.put(rule.name(), 0L);
                reasons.put(rule.name(), rule.reason());
            }
        }
        long passed = 0;
        long failed = 0;
        long declared = 0;
        List<OverlayLine> overlay = new ArrayList<>();
        for (ScenarioCorpus.CorpusFile file : files) {
            if (!(ScenarioParser.parse(file.name(), file.bytes()) instanceof ParseResult.Parsed parsed)) {
                failed++;
                continue;
            }
            FileRun run = ScenarioRunner.run(parsed.scenario(), adapter);
            passed += run.tally().passed();
            failed += run.tally().failed();
            declared += run.tally().declared();
            for (LineVerdict v : run.declared()) {
                byRule.merge(v.rule(), 1L, Long::sum);
            }
            if (OVERLAY.matcher(file.name()).matches()) {
                String[] text = new String(file.bytes(), StandardCharsets.UTF_8).split("\n", -1);
                for (LineVerdict v : run.verdicts()) {
                    int n = v.line().number();
                    overlay.add(new OverlayLine(file.name(), n, command(text, n), v.expected(), v.got(),
                            v.status().name().toLowerCase(java.util.Locale.ROOT), v.rule()));
                }
            }
        }
        List<Rule> rules = new ArrayList<>();
        byRule.forEach((name, lines) -> rules.add(new Rule(name, reasons.getOrDefault(name,
                "follows from an earlier declared difference in the same file"), lines)));
        return new Result(adapter.name(), declares, files.size(), passed, failed, declared, List.copyOf(rules),
                List.copyOf(overlay));
    }

    /** The command of line {@code n} (1-based): the text before {@code =>} and any comment. */
    private static String command(String[] text, int n) {
        if (n < 1 || n > text.length) {
            return "";
        }
        String line = text[n - 1];
        int hash = line.indexOf('#');
        if (hash >= 0) {
            line = line.substring(0, hash);
        }
        int arrow = line.indexOf("=>");
        return (arrow >= 0 ? line.substring(0, arrow) : line).strip();
    }
}
