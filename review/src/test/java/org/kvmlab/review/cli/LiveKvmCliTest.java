package org.kvmlab.review.cli;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.livekvm.kvm.KvmUnavailableException;
import org.kvmlab.livekvm.scenario.LiveKernel;

/**
 * {@code kvmlab scenario --variant live-kvm}: the running kernel as a column. On a machine with a
 * usable {@code /dev/kvm} the run prints its verdicts and totals; without one, one line on standard
 * error and exit status 2.
 */
class LiveKvmCliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int kvmlab(String... args) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return Kvmlab.commandLine(console).execute(args);
    }

    private static String kvmProblem() {
        try (LiveKernel kernel = LiveKernel.open()) {
            return null;
        } catch (KvmUnavailableException e) {
            return e.getMessage();
        }
    }

    @Test
    void aFileRunsOnTheKernelAndEndsWithItsTotals() throws IOException {
        String problem = kvmProblem();
        assumeTrue(problem == null, "needs a usable /dev/kvm: " + problem);
        Path file = dir.resolve("smram.scn");
        // A region needs no host memory behind it; the smram word is what this kernel refuses.
        Files.writeString(file, "region 0 0x0 0x1000 0x7f0000000000 smram => ok\nmemslot vm 0x0 => slot 0\n");
        int status = kvmlab("scenario", "--variant", "live-kvm", file.toString());
        assertThat(status).isEqualTo(0);
        assertThat(out.toString()).startsWith(file + ":1: variant live-kvm: declared (no-smram-flag): contract ok,"
                + " kernel EINVAL\n" + file + ": 2 lines, 1 run on the live kernel (0 agreeing, 1 declared, 0 follow-on,"
                + " 0 failed), 1 not mappable\nlive-kvm: 2 lines, 1 run on the live kernel");
        assertThat(out.toString()).contains("  kernel: Linux ");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void withoutKvmItIsOneLineAndExitStatus2() throws IOException {
        String problem = kvmProblem();
        assumeTrue(problem != null, "this machine has a usable /dev/kvm; the message without one is not reachable");
        Path file = dir.resolve("e.scn");
        Files.writeString(file, "vm user_slots=4\n");
        assertThat(kvmlab("scenario", "--variant", "live-kvm", file.toString())).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("kvmlab scenario: variant live-kvm needs a usable /dev/kvm: " + problem + "\n");
    }

    @Test
    void aMissingPathIsAUsageErrorBeforeKvmIsOpened() {
        assertThat(kvmlab("scenario", "--variant", "live-kvm", dir.resolve("none.scn").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("none.scn");
        assertThat(out.toString()).isEmpty();
    }
}
