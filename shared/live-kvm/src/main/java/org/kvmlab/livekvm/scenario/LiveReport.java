package org.kvmlab.livekvm.scenario;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kvmlab.livekvm.kvm.KernelFacts;

/**
 * The live column's results over many files, in the form the command line prints and the review
 * shows (and writes to its JSON): per file and in total, the lines run on the live kernel and how
 * they fared, the lines not mappable and why, each declared rule with its reason and count, the
 * kernel's facts, and the failures. On a machine without a usable {@code /dev/kvm}, only why.
 *
 * @param available   whether {@code /dev/kvm} was usable
 * @param unavailable why not, when it was not; else null
 * @param kernel      the kernel's facts in one line; null when unavailable
 * @param facts       the kernel's facts; null when unavailable
 * @param total       the counts over every file
 * @param files       the counts per file, in run order
 * @param rules       every rule that applies to this kernel, with the lines it declared (possibly 0)
 * @param notMappable the reasons lines were not mappable, with their counts
 * @param failures    the printed line of every failure
 * @param millis      how long the run took
 */
public record LiveReport(boolean available, String unavailable, String kernel, KernelFacts facts, Counts total,
                         List<FileCounts> files, List<RuleCount> rules, List<ReasonCount> notMappable,
                         List<String> failures, long millis) {

    /**
     * Lines of one run or many.
     *
     * @param lines       every command line
     * @param ran         the lines that ran on the kernel
     * @param agreeing    the kernel gave what the line expects
     * @param declared    a rule explains the difference
     * @param followOn    the difference follows from an earlier one
     * @param failed      undeclared differences
     * @param notMappable the lines with no path into the kernel
     */
    public record Counts(long lines, long ran, long agreeing, long declared, long followOn, long failed,
                         long notMappable) {
        static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0);

        static Counts of(LiveFileRun run) {
            return new Counts(run.verdicts().size(), run.ran(), run.count(LiveVerdict.Status.AGREEING),
                    run.count(LiveVerdict.Status.DECLARED), run.count(LiveVerdict.Status.FOLLOW_ON),
                    run.count(LiveVerdict.Status.FAILED), run.count(LiveVerdict.Status.NOT_MAPPABLE));
        }

        Counts plus(Counts o) {
            return new Counts(lines + o.lines, ran + o.ran, agreeing + o.agreeing, declared + o.declared,
                    followOn + o.followOn, failed + o.failed, notMappable + o.notMappable);
        }

        /** {@code R run on the live kernel (A agreeing, D declared, F follow-on, X failed), M not mappable}. */
        public String text() {
            return ran + " run on the live kernel (" + agreeing + " agreeing, " + declared + " declared, " + followOn
                    + " follow-on, " + failed + " failed), " + notMappable + " not mappable";
        }
    }

    /**
     * One file's counts.
     *
     * @param file   the file's label, as messages name it
     * @param counts its lines
     */
    public record FileCounts(String file, Counts counts) {}

    /**
     * A declared rule, why, and how many lines it declared.
     *
     * @param rule   the rule's name
     * @param reason its kernel reason
     * @param lines  how many lines it declared
     */
    public record RuleCount(String rule, String reason, long lines) {}

    /**
     * A reason lines were not mappable, and how many.
     *
     * @param reason the short label
     * @param why    the reason in a sentence
     * @param lines  how many lines
     */
    public record ReasonCount(String reason, String why, long lines) {}

    /** The report of {@code runs} on the kernel with {@code facts}. */
    public static LiveReport of(List<LiveFileRun> runs, KernelFacts facts, long millis) {
        Counts total = Counts.ZERO;
        List<FileCounts> files = new ArrayList<>();
        Map<String, Long> byRule = new LinkedHashMap<>();
        Map<Unmappable, Long> byReason = new EnumMap<>(Unmappable.class);
        List<String> failures = new ArrayList<>();
        for (LiveFileRun run : runs) {
            Counts counts = Counts.of(run);
            total = total.plus(counts);
            files.add(new FileCounts(run.scenario().file(), counts));
            run.declaredByRule().forEach((rule, n) -> byRule.merge(rule, n, Long::sum));
            run.notMappableByReason().forEach((why, n) -> byReason.merge(why, n, Long::sum));
            run.verdicts().stream().filter(v -> v.status() == LiveVerdict.Status.FAILED)
                    .forEach(v -> failures.add(v.message(run.scenario().file())));
        }
        List<RuleCount> rules = new ArrayList<>();
        for (LiveRule rule : LiveRules.applying(facts)) {
            rules.add(new RuleCount(rule.name(), rule.reason(), byRule.getOrDefault(rule.name(), 0L)));
        }
        List<ReasonCount> reasons = new ArrayList<>();
        byReason.forEach((why, n) -> reasons.add(new ReasonCount(why.label(), why.reason(), n)));
        return new LiveReport(true, null, facts.summary(), facts, total, files, rules, reasons, failures, millis);
    }

    /** The report on a machine where {@code /dev/kvm} cannot be used, and why. */
    public static LiveReport unavailable(String why) {
        return new LiveReport(false, why, null, null, Counts.ZERO, List.of(), List.of(), List.of(), List.of(), 0);
    }

    /** The closing lines of a run: the totals, each rule that declared lines, each reason, the kernel. */
    public void print(PrintStream out) {
        for (FileCounts f : files) {
            out.println(f.file() + ": " + f.counts().lines() + " lines, " + f.counts().text());
        }
        out.println(LiveVerdict.NAME + ": " + total.lines() + " lines, " + total.text() + " ("
                + String.format(Locale.ROOT, "%.1f", millis / 1000.0) + " s)");
        for (RuleCount r : rules) {
            if (r.lines() > 0) {
                out.println("  declared (" + r.rule() + "): " + r.lines() + ": " + r.reason());
            }
        }
        for (ReasonCount r : notMappable) {
            out.println("  not mappable (" + r.reason() + "): " + r.lines() + ": " + r.why());
        }
        out.println("  kernel: " + kernel);
    }
}
