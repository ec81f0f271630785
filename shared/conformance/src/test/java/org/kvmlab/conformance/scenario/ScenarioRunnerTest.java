package org.kvmlab.conformance.scenario;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.US_ASCII;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.suite.ScenarioCorpus;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.core.base.Errno;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;

/** The runner executes each line through GuestVm and judges it as SCENARIOS.md sections 4, 5 and 8 say. */
@Tag("scenario")
class ScenarioRunnerTest {
    /** The worked example of SCENARIOS.md section 7, byte for byte. */
    static final String WORKED_EXAMPLE = ScenarioCorpus.workedExample();

    private static final VariantAdapter REFERENCE = new ReferenceAdapter();

    /** Sets up 16 KiB of RAM at gpa 0 backed by 0x7f0000000000, and vCPU 0. */
    private static final String RAM = """
            mmap 0x7f0000000000 0x4000 rw
            region 0 0 0x4000 0x7f0000000000 log_dirty
            vcpu 0
            """;

    private static Scenario scenario(String file, String text) {
        ParseResult result = ScenarioParser.parse(file, text.getBytes(US_ASCII));
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).scenario();
    }

    private static FileRun run(String text, VariantAdapter adapter) {
        return ScenarioRunner.run(scenario("t.scn", text), adapter);
    }

    private static List<String> failures(String text, VariantAdapter adapter) {
        return run(text, adapter).failureMessages();
    }

    private static List<String> failures(String text) {
        return failures(text, REFERENCE);
    }

    private static VariantAdapter tampered(String method, TamperedAdapter.Replacement replacement) {
        return new TamperedAdapter("tampered", Map.of(method, replacement));
    }

    // ---- the worked example ------------------------------------------------------------------

    @Test
    void workedExample_passesEveryLineOnTheReference() {
        FileRun run = ScenarioRunner.run(scenario("example.scn", WORKED_EXAMPLE), REFERENCE);
        assertThat(run.failureMessages()).isEmpty();
        assertThat(run.tally().summary()).isEqualTo("16 passed, 0 failed");
    }

    @Test
    void workedExample_withLine11Wrong_printsTheSectionsFailureLine() {
        String changed = WORKED_EXAMPLE.replace("read vm 0x2ffe 3 => ok 5a5aff", "read vm 0x2ffe 3 => ok 5a5a00");
        assertThat(changed.lines().toList().get(10)).isEqualTo("read vm 0x2ffe 3 => ok 5a5a00");
        FileRun run = ScenarioRunner.run(scenario("example.scn", changed), REFERENCE);
        assertThat(run.failureMessages())
                .containsExactly("example.scn:11: variant reference: expected ok 5a5a00, got ok 5a5aff");
        assertThat(run.tally().summary()).isEqualTo("15 passed, 1 failed");
    }

    // ---- set-up commands ---------------------------------------------------------------------

    @Test
    void vmLine_userSlotsReachTheAdapter() {
        int[] asked = new int[1];
        VariantAdapter adapter = new VariantAdapter() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public org.kvmlab.conformance.GuestVm createVm(int userMemSlots,
                                                          org.kvmlab.core.memslot.InstallHook hook) {
                asked[0] = userMemSlots;
                return REFERENCE.createVm(userMemSlots, hook);
            }
        };
        assertThat(failures("vm user_slots=2\nregion 1 0 0x1000 0\nregion 2 0 0x1000 0 => EINVAL", adapter)).isEmpty();
        assertThat(asked[0]).isEqualTo(2);
        assertThat(failures("vcpu 0", adapter)).isEmpty();
        assertThat(asked[0]).isEqualTo(509);
    }

    @Test
    void vmLine_outOfRange_isEinvalAndTheVmKeeps509() {
        assertThat(failures("vm user_slots=0 => EINVAL\nregion 508 0 0x1000 0\nregion 509 0x1000 0x1000 0 => EINVAL"))
                .isEmpty();
        assertThat(failures("vm user_slots=32765 => EINVAL")).isEmpty();
        assertThat(failures("vm user_slots=0x100000001 => EINVAL")).isEmpty();
        assertThat(failures("vm user_slots=32764 => ok")).isEmpty();
        assertThat(failures("vm user_slots=0"))
                .containsExactly("t.scn:1: variant reference: expected ok, got EINVAL");
    }

    @Test
    void setUpCommands_reportTheirErrnoByName() {
        assertThat(failures("""
                mmap 0x1001 0x1000 rw => EINVAL
                mmap 0x7ffffffff000 0x1000 rw => ENOMEM
                munmap 0x1000 0 => EINVAL
                mprotect 0x1000 0x1000 ro => ENOMEM
                region 0 0 0x1000 0x1000 flags=0x80 => EINVAL
                region 0 0 0x2000 0x1000
                region 1 0x1000 0x1000 0x3000 => EEXIST
                dirtylog 0 => ENOENT
                dirtylog 509 => EINVAL
                vcpu 0
                cr3 0 0x1001 => EINVAL
                cr3 0 0x10000000000000 => EINVAL
                cr3 0 0xfffffffffffff000 => EINVAL
                cr3 0 0xffffffffff000
                """)).isEmpty();
        assertThat(failures("mmap 0x1001 0x1000 rw => ok"))
                .containsExactly("t.scn:1: variant reference: expected ok, got EINVAL");
    }

    @Test
    void vcpuLine_entersAndLeavesSmm() {
        Vcpu[] seen = new Vcpu[1];
        VariantAdapter adapter = tampered("isVisibleGfn", args -> {
            seen[0] = (Vcpu) args[0];
            return seen[0] != null && seen[0].isSmm();
        });
        assertThat(failures("""
                vcpu 3
                visible vcpu3 0 => no
                vcpu 3 smm
                visible vcpu3 0 => yes
                vcpu 3
                visible vcpu3 0 => yes
                vcpu 3 nosmm
                visible vcpu3 0 => no
                visible vm 0 => yes
                """, adapter)).containsExactly("t.scn:9: variant tampered: expected yes, got no");
        assertThat(seen[0]).isNull();
    }

    // ---- physical accesses -------------------------------------------------------------------

    @Test
    void read_reportsTheBytesRead() {
        assertThat(failures(RAM + "write vm 0x10 0102030405\nread vm 0x11 3 => ok 020304\nread vcpu0 0x11 0 => ok"))
                .isEmpty();
    }

    @Test
    void read_efaultData_comparesTheZeroFilledBuffer() {
        // Page 1 of the slot is unmapped on the host: bytes of page 0, then zeros.
        String text = RAM + """
                write vm 0xffe aabb
                munmap 0x7f0000001000 0x1000
                read vm 0xffe 4 => EFAULT aabb0000
                read vm 0xffe 4 => EFAULT
                read vm 0xffe 4 => EFAULT aabb0001
                read vm 0xffe 4 => ok aabb0000
                """;
        assertThat(failures(text)).containsExactly(
                "t.scn:8: variant reference: expected EFAULT aabb0001, got EFAULT aabb0000",
                "t.scn:9: variant reference: expected ok aabb0000, got EFAULT").inOrder();
    }

    @Test
    void read_destinationStartsZeroed_whateverTheDesignLeavesUnwritten() {
        VariantAdapter adapter = tampered("readGuest", args -> -Errno.EFAULT);
        assertThat(failures(RAM + "write vm 0 ffff\nread vm 0 2 => EFAULT 0000", adapter)).isEmpty();
    }

    @Test
    void writesAndClears_reportOkOrEfault() {
        assertThat(failures(RAM + """
                write vcpu0 0x3ffe aabb
                write vm 0x3fff aabb => EFAULT
                read vm 0x3fff 1 => ok aa
                clear vm 0x3fff 1
                read vm 0x3fff 1 => ok 00
                clear vm 0x3fff 2 => EFAULT
                writepage vm 3 0xfff cc
                readpage vm 3 0xfff 1 => ok cc
                clearpage vm 3 0xfff 1
                readatomic vm 0x3fff 1 => ok 00
                writepage vm 4 0 cc => EFAULT
                readpage vm 0 0x1000 0 => ok
                """)).isEmpty();
    }

    @Test
    void error_matchesAnyIllegalArgumentException_subclassesIncluded() {
        VariantAdapter adapter = tampered("clearGuest", args -> {
            throw new NumberFormatException("a subclass");
        });
        assertThat(failures(RAM + "clear vm 0 1 => error", adapter)).isEmpty();
        assertThat(failures(RAM + "readpage vm 0 0xfff 2 => error\nreadatomic vm 0xfff 2 => error")).isEmpty();
    }

    @Test
    void illegalArgument_whereNotExpected_printsErrorAndItsMessage() {
        VariantAdapter adapter = tampered("clearGuest", args -> {
            throw new IllegalArgumentException("len -1 is negative");
        });
        assertThat(failures(RAM + "clear vm 0 1\nclear vm 0 1 => EFAULT", adapter)).containsExactly(
                "t.scn:4: variant tampered: expected ok, got error: len -1 is negative",
                "t.scn:5: variant tampered: expected EFAULT, got error: len -1 is negative").inOrder();
    }

    @Test
    void otherThrowable_isAFailureWhateverTheExpectation_andTheRunGoesOn() {
        VariantAdapter adapter = tampered("clearGuest", args -> {
            throw new IllegalStateException("boom");
        });
        FileRun run = run(RAM + "clear vm 0 1 => error\nclear vm 0 1\nread vm 0 1 => ok 00", adapter);
        assertThat(run.failureMessages()).containsExactly(
                "t.scn:4: variant tampered: expected error, got exception java.lang.IllegalStateException: boom",
                "t.scn:5: variant tampered: expected ok, got exception java.lang.IllegalStateException: boom")
                .inOrder();
        assertThat(run.tally()).isEqualTo(new Tally(4, 2, 0));
    }

    @Test
    void throwableWithoutMessage_printsNull() {
        VariantAdapter adapter = tampered("markPageDirty", args -> {
            throw new AssertionError();
        });
        assertThat(failures("dirty vm 0", adapter))
                .containsExactly("t.scn:1: variant tampered: expected ok, got exception java.lang.AssertionError: null");
    }

    @Test
    void unlistedReturnValue_isAFailure() {
        VariantAdapter adapter = tampered("writeGuest", args -> 3);
        assertThat(failures("write vm 0 00", adapter))
                .containsExactly("t.scn:1: variant tampered: expected ok, got rc 0x3");
        assertThat(failures("write vm 0 00 => EINVAL".replace("EINVAL", "EFAULT"), tampered("writeGuest", args -> -5)))
                .containsExactly("t.scn:1: variant tampered: expected EFAULT, got errno 0x5");
    }

    // ---- translation, visibility, dirty logging ----------------------------------------------

    @Test
    void hvaCommands_printAddressesAndProtection() {
        assertThat(failures(RAM + """
                region 1 0x10000 0x1000 0x7f0000100000 readonly
                hva vm 2 => hva 0x7f0000002000
                hva vcpu0 0x10 => robad
                hva vm 0x11 => bad
                hvaprot vm 2 => hva 0x7f0000002000 rw
                hvaprot vm 0x10 => hva 0x7f0000100000 ro
                hvaprot vm 0x11 => bad
                hvaprot vm 2 => hva 0x7f0000002000 ro
                """)).containsExactly(
                "t.scn:11: variant reference: expected hva 0x7f0000002000 ro, got hva 0x7f0000002000 rw");
    }

    @Test
    void hvaprot_passesAWritableOutParameter() {
        VariantAdapter adapter = tampered("gfnToHvaProt", args -> {
            ((Writable) args[2]).set(true);
            return 0x5000L;
        });
        assertThat(failures("hvaprot vm 0 => hva 0x5000 rw", adapter)).isEmpty();
    }

    @Test
    void memslot_printsTheSlotsId() {
        assertThat(failures(RAM + """
                region 7 0x10000 0x1000 0
                memslot vm 0x10 => slot 7
                memslot vcpu0 3 => slot 0x0
                memslot vm 0x11 => none
                memslot vm 0x10 => slot 0x8
                """)).containsExactly("t.scn:8: variant reference: expected slot 0x8, got slot 0x7");
    }

    @Test
    void visibleAndDirty() {
        assertThat(failures(RAM + """
                visible vcpu0 3 => yes
                visible vm 4 => no
                dirty vcpu0 2
                dirty vm 3
                dirtylog 0 => ok 2 3
                dirtylog 0 => ok 2
                """)).containsExactly("t.scn:9: variant reference: expected ok 0x2, got ok");
    }

    @Test
    void lineWithoutArrow_passesOnAnyPayload_andExpectsOkWhenItFails() {
        assertThat(failures(RAM + "write vm 0 aa\ndirtylog 0\nread vm 0 1\nread vm 0x4000 1")).containsExactly(
                "t.scn:7: variant reference: expected ok, got EFAULT");
    }

    // ---- cached accesses ---------------------------------------------------------------------

    @Test
    void cache_bindsItsNameWhateverTheResult_andCachedAccessesUseItsCtx() {
        assertThat(failures(RAM + """
                region 1 0x8000 0x1000 0x7f0000000000 smram
                cache c vm 0x8000 4
                writecached c 01020304
                readcached c 4 => ok 01020304
                cache d vcpu0 0x8000 4 => EFAULT
                readcached d 4 => EFAULT
                vcpu 0 smm
                cache d vcpu0 0x8000 4
                readcached d 4 => ok 01020304
                cache e vm 0 0 => error
                readcached e 1 => error
                readcached c 5 => error
                """)).isEmpty();
    }

    @Test
    void cache_asksTheDesignForAFreshCacheEachTime() {
        int[] made = new int[1];
        VariantAdapter adapter = tampered("newCache", args -> {
            made[0]++;
            return new org.kvmlab.core.kvm.GfnToHvaCache();
        });
        assertThat(failures(RAM + "cache c vm 0 1\ncache c vm 0 1\ncache d vcpu0 0 1", adapter)).isEmpty();
        assertThat(made[0]).isEqualTo(3);
    }

    /**
     * A design that fails to make a cache leaves the name unbound: the {@code cache} line fails with
     * what the design threw, and every access through the name fails saying that its cache was never
     * made, not with whatever a missing cache would throw.
     */
    @Test
    void cachedAccess_whoseCacheWasNeverMade_failsNamingTheCache() {
        VariantAdapter adapter = tampered("newCache", args -> {
            throw new IllegalStateException("no cache today");
        });
        FileRun run = run(RAM + "cache c vm 0 4\nreadcached c 4\nwritecached c 00", adapter);
        String unbound = "exception java.lang.IllegalStateException: cache c was not made: its cache line failed";
        assertThat(run.failureMessages()).containsExactly(
                "t.scn:4: variant tampered: expected ok, got exception java.lang.IllegalStateException: no cache today",
                "t.scn:5: variant tampered: expected ok, got " + unbound,
                "t.scn:6: variant tampered: expected ok, got " + unbound).inOrder();
    }

    // ---- guest-virtual accesses --------------------------------------------------------------

    @Test
    void virtualAccesses_walkThePageTables() {
        // PML4 at 0x1000, PDPT at 0x2000, PD at 0x3000 with a 2 MiB page at gpa 0 (read-only).
        String text = """
                mmap 0x7f0000000000 0x400000 rw
                region 0 0 0x400000 0x7f0000000000
                vcpu 0
                cr3 0 0x1000
                write vm 0x1000 0320000000000000
                write vm 0x2000 0330000000000000
                write vm 0x3000 8100000000000000
                write vm 0x3008 8300200000000000
                write vm 0x10 5a5a
                readvirt 0 0x10 2 => ok 5a5a
                writevirt 0 0x10 0101 => pf 3 0x10
                writevirt 0 0x200010 0101
                readvirt 0 0x200010 2 => ok 0101
                readvirt 0 0x400000 1 => pf 0 0x400000
                writevirt 0 0x3ffffe 01010101 => pf 2 0x400000
                readvirt 0 0x800000000000 1 => gp
                readvirt 0 0x10 0 => ok
                readvirt 0 0xffffffffffffffff 2 => error
                """;
        assertThat(failures(text)).isEmpty();
    }

    @Test
    void virtualAccesses_mapTheAccessorsResults() {
        VariantAdapter pageFault = tampered("readGuestVirt", args -> {
            ((X86Exception) args[5]).pageFault(3, 0x9000);
            return X86Emul.X86EMUL_PROPAGATE_FAULT;
        });
        VariantAdapter generalProtection = tampered("writeGuestVirtSystem", args -> {
            ((X86Exception) args[5]).generalProtection();
            return X86Emul.X86EMUL_PROPAGATE_FAULT;
        });
        VariantAdapter efault = tampered("readGuestVirt", args -> -Errno.EFAULT);
        VariantAdapter otherVector = tampered("readGuestVirt", args -> {
            X86Exception e = (X86Exception) args[5];
            var vector = X86Exception.class.getDeclaredField("vector");
            vector.setAccessible(true);
            vector.setInt(e, 6);
            return X86Emul.X86EMUL_PROPAGATE_FAULT;
        });
        VariantAdapter data = tampered("readGuestVirt", args -> {
            ((MemorySegment) args[2]).set(ValueLayout.JAVA_BYTE, (long) args[3], (byte) 0x42);
            return 0;
        });
        String head = "vcpu 0\ncr3 0 0\n";
        assertThat(failures(head + "readvirt 0 0 1 => pf 0x3 0x9000", pageFault)).isEmpty();
        assertThat(failures(head + "readvirt 0 0 1", pageFault))
                .containsExactly("t.scn:3: variant tampered: expected ok, got pf 0x3 0x9000");
        assertThat(failures(head + "writevirt 0 0 00 => gp", generalProtection)).isEmpty();
        assertThat(failures(head + "readvirt 0 0 1 => EFAULT", efault)).isEmpty();
        assertThat(failures(head + "readvirt 0 0 1 => gp", otherVector))
                .containsExactly("t.scn:3: variant tampered: expected gp, got exception vector 0x6");
        assertThat(failures(head + "readvirt 0 0 1 => ok 42", data)).isEmpty();
    }

    // ---- canonical output of DATA ------------------------------------------------------------

    @Test
    void longData_isShortenedWithTheFirstDifference() {
        String text = RAM + "write vm 0 fill:11*0x40\nread vm 0 0x40 => ok fill:11*0x21+22+fill:11*0x1e";
        assertThat(failures(text)).containsExactly("t.scn:5: variant reference: expected ok "
                + "11".repeat(32) + "... (0x40 bytes, first difference at 0x21), got ok "
                + "11".repeat(32) + "... (0x40 bytes, first difference at 0x21)");
    }

    @Test
    void longData_differingInTheFirstByte_showsTheDifferenceAt0x0() {
        String text = RAM + "read vm 0 0x40 => ok ff+fill:00*0x3f";
        assertThat(failures(text)).containsExactly("t.scn:4: variant reference: expected ok ff"
                + "00".repeat(31) + "... (0x40 bytes, first difference at 0x0), got ok "
                + "00".repeat(32) + "... (0x40 bytes, first difference at 0x0)");
    }

    /** {@code => EFAULT} on a read passes whatever the buffer holds (SCENARIOS.md section 5). */
    @Test
    void read_efaultWithoutData_passesWhateverTheBuffer() {
        assertThat(failures(RAM + "write vm 0x3ffe aabb\nread vm 0x3ffe 4 => EFAULT\nread vm 0x4000 4 => EFAULT"))
                .isEmpty();
    }

    @Test
    void longData_againstASideWithoutData_showsNoDifference() {
        String text = RAM + "read vm 0x3ff0 0x21 => ok fill:00*0x21";
        assertThat(failures(text)).containsExactly("t.scn:4: variant reference: expected ok "
                + "00".repeat(32) + "... (0x21 bytes), got EFAULT");
    }

    @Test
    void readBuffer_showsOnlyAgainstEfaultData() {
        String text = RAM + "read vm 0x3fff 2 => ok 0000\nread vm 0x3fff 2 => EFAULT 0001";
        assertThat(failures(text)).containsExactly(
                "t.scn:4: variant reference: expected ok 0000, got EFAULT",
                "t.scn:5: variant reference: expected EFAULT 0001, got EFAULT 0000").inOrder();
    }

    // ---- counting ----------------------------------------------------------------------------

    @Test
    void everyCommandLine_countsOnce_setUpIncluded() {
        FileRun run = run("# comment\n\n" + RAM + "\n# more\nread vm 0 1 => ok 01\n", REFERENCE);
        assertThat(run.tally()).isEqualTo(new Tally(3, 1, 0));
        assertThat(run.verdicts()).hasSize(4);
    }
}
