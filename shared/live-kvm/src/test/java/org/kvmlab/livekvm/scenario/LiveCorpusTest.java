package org.kvmlab.livekvm.scenario;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.livekvm.sys.ProcessMaps;

/**
 * The kit's whole scenario corpus on this machine's kernel: every line is agreeing, declared by a
 * rule, a follow-on or not mappable, none an undeclared difference; and the run leaves the host as
 * it found it (every file descriptor closed, every page it mapped at a scenario's addresses
 * unmapped). Needs a usable {@code /dev/kvm}.
 */
class LiveCorpusTest {
    /** Where the corpus maps its host memory (SCENARIOS.md: most files use 0x7f0000000000). */
    private static final long CORPUS_HVA = 0x7f00_0000_0000L;

    @Test
    void everyCorpusLineIsAgreeingDeclaredFollowOnOrNotMappable() throws IOException {
        long fdsBefore = openFileDescriptors();
        boolean mappedBefore = mappedNear(CORPUS_HVA);
        LiveReport report = LiveKernel.runCorpus();
        assumeTrue(report.available(), "needs a usable /dev/kvm: " + report.unavailable());

        assertWithMessage("undeclared differences on %s", report.kernel()).that(report.failures()).isEmpty();
        LiveReport.Counts t = report.total();
        assertThat(t.agreeing() + t.declared() + t.followOn() + t.notMappable()).isEqualTo(t.lines());
        assertThat(t.ran()).isGreaterThan(t.notMappable());
        // Every rule that declared a line applies to this kernel, and every declared line has one.
        assertThat(report.rules().stream().mapToLong(LiveReport.RuleCount::lines).sum()).isEqualTo(t.declared());

        assertThat(openFileDescriptors()).isEqualTo(fdsBefore);
        if (!mappedBefore) {
            assertThat(mappedNear(CORPUS_HVA)).isFalse();
        }
    }

    private static long openFileDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static boolean mappedNear(long hva) {
        List<ProcessMaps.Range> maps = ProcessMaps.read();
        return maps.stream().anyMatch(r -> Long.compareUnsigned(r.start(), hva + (1L << 30)) < 0
                && Long.compareUnsigned(r.end(), hva) > 0);
    }
}
