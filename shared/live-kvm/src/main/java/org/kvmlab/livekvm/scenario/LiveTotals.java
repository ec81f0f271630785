package org.kvmlab.livekvm.scenario;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kvmlab.livekvm.kvm.KernelFacts;

/** The counts of a live run over many files, and how they print. */
public final class LiveTotals {
    private long lines;
    private long ran;
    private final Map<LiveVerdict.Status, Long> byStatus = new EnumMap<>(LiveVerdict.Status.class);
    private final Map<String, Long> byRule = new LinkedHashMap<>();
    private final Map<Unmappable, Long> byReason = new EnumMap<>(Unmappable.class);

    /** Adds a file's run. */
    public void add(LiveFileRun run) {
        lines += run.verdicts().size();
        ran += run.ran();
        for (LiveVerdict.Status status : LiveVerdict.Status.values()) {
            byStatus.merge(status, run.count(status), Long::sum);
        }
        run.declaredByRule().forEach((rule, n) -> byRule.merge(rule, n, Long::sum));
        run.notMappableByReason().forEach((why, n) -> byReason.merge(why, n, Long::sum));
    }

    public long lines() {
        return lines;
    }

    public long ran() {
        return ran;
    }

    public long count(LiveVerdict.Status status) {
        return byStatus.getOrDefault(status, 0L);
    }

    public long failed() {
        return count(LiveVerdict.Status.FAILED);
    }

    /** Declared lines by rule, in the rules' order. */
    public Map<String, Long> declaredByRule() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (LiveRule rule : LiveRules.RULES) {
            if (byRule.containsKey(rule.name())) {
                ordered.put(rule.name(), byRule.get(rule.name()));
            }
        }
        return ordered;
    }

    /** Unmappable lines by reason. */
    public Map<Unmappable, Long> notMappableByReason() {
        return byReason;
    }

    /** The closing lines of a live run. */
    void print(PrintStream out, KernelFacts facts, long millis) {
        out.println("live-kvm: " + lines + " lines, " + ran + " run on the live kernel: "
                + count(LiveVerdict.Status.AGREEING) + " agreeing, " + count(LiveVerdict.Status.DECLARED)
                + " declared, " + count(LiveVerdict.Status.FOLLOW_ON) + " follow-on, " + failed() + " failed; "
                + count(LiveVerdict.Status.NOT_MAPPABLE) + " not mappable (" + String.format(java.util.Locale.ROOT,
                "%.1f", millis / 1000.0) + " s)");
        for (Map.Entry<String, Long> e : declaredByRule().entrySet()) {
            String reason = LiveRules.RULES.stream().filter(r -> r.name().equals(e.getKey())).findFirst()
                    .map(LiveRule::reason).orElse("");
            out.println("  declared " + e.getKey() + ": " + e.getValue() + " (" + reason + ")");
        }
        for (Map.Entry<Unmappable, Long> e : byReason.entrySet()) {
            out.println("  not mappable, " + e.getKey().label() + ": " + e.getValue() + " (" + e.getKey().reason() + ")");
        }
        out.println("  kernel: " + facts.summary());
    }
}
