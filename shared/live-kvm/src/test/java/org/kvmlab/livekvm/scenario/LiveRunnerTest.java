package org.kvmlab.livekvm.scenario;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.Scenario;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.livekvm.kvm.KvmUnavailableException;
import org.kvmlab.livekvm.sys.Libc;

/**
 * Small scenarios on the live kernel, one verdict each: a wrong expectation fails, a kernel
 * difference is declared by its rule, what follows from it is a follow-on, and lines without a
 * path into the kernel are counted as not mappable. Needs a usable {@code /dev/kvm}.
 */
class LiveRunnerTest {
    private static LiveKernel kernel;
    private static String ram;

    @BeforeAll
    static void open() {
        try {
            kernel = LiveKernel.open();
        } catch (KvmUnavailableException e) {
            assumeTrue(false, "needs a usable /dev/kvm: " + e.getMessage());
        }
        // Host memory at an address the process does not use: picked by the kernel, then given back.
        long free = Libc.mmap(0, 0x10000, Libc.PROT_NONE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1);
        Libc.munmap(free, 0x10000);
        ram = "0x" + Long.toHexString(free);
    }

    @AfterAll
    static void close() {
        if (kernel != null) {
            kernel.close();
        }
    }

    private static List<LiveVerdict> run(String text) {
        Scenario scenario = ((ParseResult.Parsed) ScenarioParser.parse("t.scn",
                text.replace("RAM", ram).getBytes(StandardCharsets.US_ASCII))).scenario();
        return kernel.run(scenario).verdicts();
    }

    private static List<LiveVerdict.Status> statuses(List<LiveVerdict> verdicts) {
        return verdicts.stream().map(LiveVerdict::status).toList();
    }

    @Test
    void aWrongExpectationFailsWithTheRunnersMessage() {
        List<LiveVerdict> v = run("mmap RAM 0x2000 rw\nregion 0 0x0 0x2000 RAM\nwrite vm 0xffe 0102\nread vm 0xffe 2 => ok 0103\n");
        assertThat(statuses(v)).containsExactly(LiveVerdict.Status.AGREEING, LiveVerdict.Status.AGREEING,
                LiveVerdict.Status.AGREEING, LiveVerdict.Status.FAILED).inOrder();
        assertThat(v.get(3).message("t.scn")).isEqualTo("t.scn:4: variant live-kvm: expected ok 0103, got ok 0102");
    }

    @Test
    void theSmramFlagIsDeclaredAndWhatFollowsIsAFollowOn() {
        List<LiveVerdict> v = run("mmap RAM 0x2000 rw\nregion 0 0x0 0x1000 RAM\nregion 1 0x1000 0x1000 RAM smram\n"
                + "write vm 0x1000 aa => ok\nread vm 0x0 2 => ok 0000\n");
        assertThat(statuses(v)).containsExactly(LiveVerdict.Status.AGREEING, LiveVerdict.Status.AGREEING,
                LiveVerdict.Status.DECLARED, LiveVerdict.Status.FOLLOW_ON, LiveVerdict.Status.AGREEING).inOrder();
        assertThat(v.get(2).message("t.scn"))
                .isEqualTo("t.scn:3: variant live-kvm: declared (no-smram-flag): contract ok, kernel EINVAL");
        assertThat(v.get(3).message("t.scn"))
                .isEqualTo("t.scn:4: variant live-kvm: follow-on (after line 3): contract ok, kernel EFAULT");
    }

    @Test
    void aDifferenceWithNothingBeforeItIsNoFollowOn() {
        // The kernel's dirty log has no page 1 because nothing wrote it; the contract agrees: a wrong
        // expectation fails even though the shadow gives the kernel's answer.
        List<LiveVerdict> v = run("mmap RAM 0x2000 rw\nregion 0 0x0 0x2000 RAM log_dirty\ndirtylog 0 => ok 1\n");
        assertThat(v.get(2).status()).isEqualTo(LiveVerdict.Status.FAILED);
    }

    @Test
    void linesWithoutAPathIntoTheKernelAreCountedNeverPassed() {
        List<LiveVerdict> v = run("mmap RAM 0x1000 rw\nregion 0 0x0 0x1000 RAM\nhva vm 0x0 => hva RAM\n"
                + "read vm 0xffffffffffffffff 2 => error\nvcpu 0 smm\nread vm 0x0 0 => ok\n");
        assertThat(statuses(v)).containsExactly(LiveVerdict.Status.AGREEING, LiveVerdict.Status.AGREEING,
                LiveVerdict.Status.NOT_MAPPABLE, LiveVerdict.Status.NOT_MAPPABLE, LiveVerdict.Status.NOT_MAPPABLE,
                LiveVerdict.Status.NOT_MAPPABLE).inOrder();
        assertThat(v.stream().map(LiveVerdict::unmappable).toList()).containsExactly(null, null, Unmappable.LOOKUP,
                Unmappable.HOST_ERROR, Unmappable.SMM, Unmappable.EMPTY_ACCESS).inOrder();
        assertThat(v.stream().filter(LiveVerdict::ran).count()).isEqualTo(2);
    }

    @Test
    void theWalkerSettingAccessedBitsIsDeclared() {
        List<LiveVerdict> v = run("mmap RAM 0x6000 rw\nregion 0 0x0 0x6000 RAM log_dirty\nvcpu 0\ncr3 0 0x1000\n"
                + "write vm 0x1000 0320000000000000\nwrite vm 0x2000 0330000000000000\nwrite vm 0x3000 0340000000000000\n"
                + "write vm 0x4000 0350000000000000\ndirtylog 0\nreadvirt 0 0x0 1 => ok 00\n"
                + "read vm 0x4000 8 => ok 0350000000000000\ndirtylog 0 => ok\n");
        assertThat(v.get(10).status()).isEqualTo(LiveVerdict.Status.DECLARED);
        assertThat(v.get(10).rule()).isEqualTo("walker-accessed-dirty");
        assertThat(v.get(11).status()).isEqualTo(LiveVerdict.Status.DECLARED);
        assertThat(v.get(11).kernel().toString()).contains("[1, 2, 3, 4]");
    }
}
