package org.kvmlab.review.report;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmlab.livekvm.kvm.KernelFacts;
import org.kvmlab.livekvm.scenario.LiveReport;
import org.kvmlab.review.changes.ChangesReport;

/** The live column's section says what ran on the kernel, or why nothing could. */
class LiveSectionTest {
    private static ReviewData with(LiveReport live) {
        return new ReviewData("now", true, List.of("x86-prefixed"), null, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), org.kvmlab.review.bench.Performance.notMeasured("test"), List.of(),
                new Argument.LaterFacts("", List.of(), "", List.of()), List.of(), live,
                ChangesReport.none());
    }

    private static String text(Doc.Section section) {
        StringBuilder all = new StringBuilder(section.title()).append('\n');
        for (Doc.Block block : section.blocks()) {
            all.append(block).append('\n');
        }
        return all.toString();
    }

    @Test
    void withoutKvmItSaysWhy() {
        String text = text(LiveSection.of(with(LiveReport.unavailable("/dev/kvm does not exist (no KVM on this machine)"))));
        assertThat(text).contains("did not run on the live kernel: /dev/kvm does not exist");
        assertThat(text).doesNotContain("agreeing |");
    }

    @Test
    void onAKernelItShowsTheCountsTheRulesAndTheReasons() {
        KernelFacts facts = new KernelFacts("6.18.0", 6, 18, Map.of("NR_MEMSLOTS", 32764), 48, false, 1L << 52);
        LiveReport.Counts counts = new LiveReport.Counts(10, 8, 5, 2, 1, 0, 2);
        LiveReport live = new LiveReport(true, null, facts.summary(), facts, counts,
                List.of(new LiveReport.FileCounts("01-region-flags.scn", counts)),
                List.of(new LiveReport.RuleCount("no-smram-flag", "bit 24 is unknown", 2)),
                List.of(new LiveReport.ReasonCount("lookup", "internal to the kernel", 2)), List.of(), 1234);
        Doc.Section section = LiveSection.of(with(live));
        String text = text(section);
        assertThat(section.id()).isEqualTo("live");
        assertThat(text).contains("Linux 6.18.0");
        assertThat(text).contains("[10, 8, 5, 2, 1, 0, 2]");
        assertThat(text).contains("[no-smram-flag, 2, bit 24 is unknown]");
        assertThat(text).contains("[lookup, 2, internal to the kernel]");
        assertThat(text).doesNotContain("FAIL");
    }

    @Test
    void sectionsPlaceItRightAfterConformance() {
        List<String> ids = Sections.of(with(LiveReport.unavailable("no KVM"))).stream().map(Doc.Section::id).toList();
        assertThat(ids.indexOf("live")).isEqualTo(ids.indexOf("conformance") + 1);
    }
}
