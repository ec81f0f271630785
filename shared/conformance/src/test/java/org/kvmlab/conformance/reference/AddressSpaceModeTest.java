package org.kvmlab.conformance.reference;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.scenario.FileRun;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.conformance.scenario.ScenarioRunner;

/**
 * The reference model's address-space mode (Linux 4.2, SCENARIOS.md section 6) on its own: a file
 * written with what 4.2 answers passes on it line by line, and the flag mode answers differently
 * exactly where the two contracts part. The design with address spaces is judged against this
 * mode, so its mistakes would pass as the design's; this is where the kit checks the mode itself.
 */
class AddressSpaceModeTest {
    /**
     * Normal RAM at gfn 0-1 (slot 0, mirrored into address space 1), SMRAM at gfn 2 (slot 1, address
     * space 1 only), vCPU 0 outside SMM and vCPU 1 in it. Each line's expectation is 4.2's answer.
     */
    private static final String FILE = """
            mmap 0x7f0000000000 0x4000 rw
            region 0 0 0x2000 0x7f0000000000 log_dirty
            region 1 0x2000 0x1000 0x7f0000002000 smram log_dirty
            vcpu 0
            vcpu 1 smm
            # VM-level code uses address space 0, which holds no SMRAM
            read vm 0x2000 1 => EFAULT 00
            read vcpu0 0x2000 1 => EFAULT
            read vcpu1 0x2000 1 => ok 00
            write vcpu1 0x2000 77
            read vcpu1 0x2000 1 => ok 77
            read vcpu1 0x1000 1 => ok 00
            memslot vm 2 => none
            visible vm 2 => no
            hva vm 2 => bad
            memslot vcpu1 2 => slot 1
            memslot vcpu1 1 => slot 0
            memslot vcpu0 1 => slot 0
            memslot vcpu0 2 => none
            visible vcpu1 2 => yes
            visible vcpu0 2 => no
            hva vcpu1 2 => hva 0x7f0000002000
            hvaprot vcpu1 2 => hva 0x7f0000002000 rw
            # a dirty log of slot 1 collects address space 1's page
            dirtylog 1 => ok 0
            # a VM-level mark reaches nothing in address space 0
            dirty vm 2
            dirtylog 1 => ok
            dirty vcpu1 2
            # address space 1 alone
            dirtylog 65537 => ok 0
            write vm 0x1000 11
            dirtylog 0 => ok 1
            cache c vcpu1 0x2000 1
            readcached c 1 => ok 77
            # deleting SMRAM in address space 1 makes the cache stale: its refill finds nothing
            region 65537 0x2000 0 0x7f0000002000
            readcached c 1 => EFAULT
            memslot vcpu1 2 => none
            # the space is chosen at each access: vCPU 1 leaves SMM, vCPU 0 enters it
            vcpu 1 nosmm
            read vcpu1 0x1000 1 => ok 11
            vcpu 0 smm
            read vcpu0 0x1000 1 => ok 11
            # deleting the mirror in address space 1 leaves address space 0 as it was
            region 65536 0 0 0x7f0000000000
            read vcpu0 0x1000 1 => EFAULT 00
            read vcpu1 0x1000 1 => ok 11
            read vm 0x1000 1 => ok 11
            # a slot of address space 1 only, then over what address space 0 maps
            region 65538 0x3000 0x1000 0x7f0000003000
            memslot vcpu0 3 => slot 2
            memslot vcpu1 3 => none
            region 65539 0 0x1000 0x7f0000003000
            read vcpu0 0 1 => ok 00
            write vcpu1 0 22
            read vcpu0 0 1 => ok 00
            read vcpu1 0 1 => ok 22
            # as_id 2 and bit 24 do not exist in 4.2
            region 131072 0 0x1000 0x7f0000003000 => EINVAL
            region 4 0x4000 0x1000 0x7f0000003000 flags=0x1000000 => EINVAL
            """;

    /** What the flag mode answers where the two contracts part, as the runner prints it. */
    private static final List<String> WHERE_THE_FLAG_MODE_PARTS = List.of(
            "spaces.scn:7: variant reference: expected EFAULT 00, got ok 00",
            "spaces.scn:13: variant reference: expected none, got slot 0x1",
            "spaces.scn:14: variant reference: expected no, got yes",
            "spaces.scn:15: variant reference: expected bad, got hva 0x7f0000002000",
            "spaces.scn:28: variant reference: expected ok, got ok 0x0",
            "spaces.scn:31: variant reference: expected ok 0x0, got EINVAL",
            "spaces.scn:37: variant reference: expected ok, got EINVAL",
            "spaces.scn:38: variant reference: expected EFAULT, got ok 77",
            "spaces.scn:39: variant reference: expected none, got slot 0x1",
            "spaces.scn:46: variant reference: expected ok, got EINVAL",
            "spaces.scn:47: variant reference: expected EFAULT 00, got ok 11",
            "spaces.scn:51: variant reference: expected ok, got EINVAL",
            "spaces.scn:52: variant reference: expected slot 0x2, got none",
            "spaces.scn:54: variant reference: expected ok, got EINVAL",
            "spaces.scn:57: variant reference: expected ok 00, got ok 22",
            "spaces.scn:61: variant reference: expected EINVAL, got ok");

    private static FileRun run(VariantAdapter adapter) {
        return run(FILE, adapter);
    }

    private static FileRun run(String text, VariantAdapter adapter) {
        ParseResult parsed = ScenarioParser.parse("spaces.scn", text.getBytes(US_ASCII));
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
        return ScenarioRunner.run(((ParseResult.Parsed) parsed).scenario(), adapter);
    }

    @Test
    void everyLine_isWhatLinux42Answers() {
        FileRun run = run(ReferenceAdapter.addressSpaces());
        assertThat(run.failureMessages()).isEmpty();
        assertThat(run.variant()).isEqualTo("reference-address-spaces");
    }

    @Test
    void theFlagMode_partsFromItOnTheLinesSaid() {
        FileRun run = run(new ReferenceAdapter());
        assertThat(run.failureMessages()).containsExactlyElementsIn(WHERE_THE_FLAG_MODE_PARTS).inOrder();
        assertThat(run.variant()).isEqualTo("reference");
    }

    @Test
    void aLookupInAFullAddressSpace_stopsAtItsLastSlot() {
        // Two user slots, both taken in both spaces: a frame in neither is found nowhere, in either.
        FileRun run = run("""
                vm user_slots=2
                mmap 0x7f0000000000 0x2000 rw
                region 0 0 0x1000 0x7f0000000000
                region 1 0x1000 0x1000 0x7f0000001000
                vcpu 0 smm
                memslot vcpu0 1 => slot 1
                memslot vcpu0 2 => none
                memslot vm 2 => none
                read vcpu0 0x2000 1 => EFAULT
                """, ReferenceAdapter.addressSpaces());
        assertThat(run.failureMessages()).isEmpty();
    }

    @Test
    void aVcpusCache_isRefilledFromTheSpaceTheVcpuUsesNow_evenAtTheSameGeneration() {
        // The mirrored region leaves both spaces at the same generation, so only the space the
        // cache remembers tells that vCPU 0 filled it in SMM, from address space 1's copy of slot 0.
        FileRun run = run("""
                mmap 0x7f0000000000 0x1000 rw
                region 0 0 0x1000 0x7f0000000000
                vcpu 0 smm
                cache c vcpu0 0 1
                vcpu 0 nosmm
                readcached c 1 => ok 00
                writecached c 01
                vcpu 0 smm
                readcached c 1 => ok 01
                """, ReferenceAdapter.addressSpaces());
        assertThat(run.failureMessages()).isEmpty();
    }
}
