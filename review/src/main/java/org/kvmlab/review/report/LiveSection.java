package org.kvmlab.review.report;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.livekvm.scenario.LiveReport;
import org.kvmlab.review.report.Doc.Block;
import org.kvmlab.review.report.Doc.Details;
import org.kvmlab.review.report.Doc.Para;
import org.kvmlab.review.report.Doc.Section;
import org.kvmlab.review.report.Doc.Table;

/**
 * The report's live column: the scenario corpus on the machine's running kernel
 * ({@code live-kvm}), a reference beside the designs like the reference model, not a design under
 * review. On a machine without a usable {@code /dev/kvm} it says so and why.
 */
public final class LiveSection {
    private LiveSection() {}

    /** The section, from the data alone. */
    public static Section of(ReviewData d) {
        LiveReport live = d.live();
        List<Block> b = new ArrayList<>();
        if (live == null || !live.available()) {
            b.add(new Para("The scenario corpus did not run on the live kernel: "
                    + (live == null ? "it was not asked for" : live.unavailable()) + ". On a machine with a usable"
                    + " `/dev/kvm` this section shows, line by line, where the running kernel agrees with the 2015"
                    + " contract and where it moved on (`./kvmlab scenario --variant live-kvm PATH...`)."));
            return new Section("live", "The running kernel (live-kvm)", b);
        }
        LiveReport.Counts t = live.total();
        b.add(new Para("The kit's scenario corpus, run on this machine's kernel through `/dev/kvm` as"
                + " `./kvmlab scenario --variant live-kvm` runs it (" + Fmt.seconds(live.millis()) + "): " + live.kernel()
                + ". A line is agreeing when the kernel gives what it expects; declared when a rule that applies to"
                + " this kernel explains the difference; a follow-on when the kernel gives what the contract gives in"
                + " the state the kernel reached after an earlier difference; not mappable when it has no path into"
                + " the kernel (counted, never passed); anything else fails."));
        b.add(new Table(List.of("lines", "run on the kernel", "agreeing", "declared", "follow-on", "failed",
                "not mappable"), List.of(List.of(n(t.lines()), n(t.ran()), n(t.agreeing()), n(t.declared()),
                n(t.followOn()), t.failed() > 0 ? "FAIL " + t.failed() : "0", n(t.notMappable())))));
        List<List<String>> rules = new ArrayList<>();
        live.rules().forEach(r -> rules.add(List.of(r.rule(), n(r.lines()), r.reason())));
        b.add(new Para("The declared differences, each a rule of the kernel's own (decided at run time from its"
                + " capabilities, CPUID and version):"));
        b.add(new Table(List.of("rule", "corpus lines", "kernel reason"), rules));
        List<List<String>> reasons = new ArrayList<>();
        live.notMappable().forEach(r -> reasons.add(List.of(r.reason(), n(r.lines()), r.why())));
        b.add(new Table(List.of("not mappable", "corpus lines", "why"), reasons));
        List<List<String>> files = new ArrayList<>();
        for (LiveReport.FileCounts f : live.files()) {
            LiveReport.Counts c = f.counts();
            files.add(List.of(f.file(), n(c.lines()), n(c.ran()), n(c.agreeing()), n(c.declared()), n(c.followOn()),
                    c.failed() > 0 ? "FAIL " + c.failed() : "0", n(c.notMappable())));
        }
        b.add(new Details("Per scenario file (" + files.size() + " files)", List.of(new Table(List.of("scenario file",
                "lines", "run", "agreeing", "declared", "follow-on", "failed", "not mappable"), files))));
        if (!live.failures().isEmpty()) {
            b.add(new Para("FAIL: undeclared differences: " + String.join("; ", live.failures())));
        }
        return new Section("live", "The running kernel (live-kvm)", b);
    }

    private static String n(long value) {
        return String.valueOf(value);
    }
}
