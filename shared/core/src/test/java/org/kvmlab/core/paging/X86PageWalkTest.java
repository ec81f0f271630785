package org.kvmlab.core.paging;

import static com.google.common.truth.Truth.assertThat;
import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.paging.X86PageWalk.PFERR_PRESENT_MASK;
import static org.kvmlab.core.paging.X86PageWalk.PFERR_WRITE_MASK;
import static org.kvmlab.core.paging.X86PageWalk.UNMAPPED_GVA;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;

/**
 * Pins the page-walk mechanics of DESIGN.md section 3 with SCENARIOS.md section 4 (guest-virtual
 * accesses, items 3-7): a 4-level walk from CR3 with entry i of a table at T read as the 8
 * little-endian bytes at T+8i through the reader given, on behalf of the vCPU; 4 KiB, 2 MiB (PS in
 * a PDE) and 1 GiB (PS in a PDPTE) pages, PS ignored in a PML4E and a PTE; frame bits 51:12 used
 * and bits 63:52 and the other flag bits ignored; an entry is not present when P is 0 or the
 * reader fails; permissions are the AND over all levels and are checked after the walk, so a
 * not-present entry below a read-only one faults as not present; the fault is a #PF (vector 14)
 * at the gva passed with error code 0, 2 or 3; and the canonical-address check.
 */
class X86PageWalkTest {

    private static final long P = X86PageWalk.PT_PRESENT_MASK;
    private static final long RW = X86PageWalk.PT_WRITABLE_MASK;
    private static final long PS = X86PageWalk.PT_PAGE_SIZE_MASK;

    private static final long PML4 = 0x1000;
    private static final long PDPT = 0x2000;
    private static final long PD = 0x3000;
    private static final long PT = 0x4000;
    private static final long FRAME = 0x7000;
    /** Indices 1, 2, 3 and 4 into the PML4, PDPT, PD and PT; offset 0x123 in the page. */
    private static final long GVA = (1L << 39) | (2L << 30) | (3L << 21) | (4L << 12) | 0x123;

    /**
     * Guest memory as the walk sees it: 8-byte entries by gpa (0 where none was set), and pages
     * whose reads fail as if no slot covered them.
     */
    private static final class FakeGuestMemory implements PteReader {
        final Map<Long, Long> entries = new HashMap<>();
        final Set<Long> absentPages = new HashSet<>();
        final List<Long> reads = new ArrayList<>();
        final List<Vcpu> readers = new ArrayList<>();

        void set(long table, long index, long entry) {
            entries.put(table + 8 * index, entry);
        }

        @Override
        public int read(Vcpu vcpu, long gpa, MemorySegment dst, long dstOff, int len) {
            if (len != 8 || (gpa & 7) != 0) {
                throw new AssertionError("the walk reads aligned 8-byte entries, not " + len + " bytes at 0x"
                        + Long.toHexString(gpa));
            }
            reads.add(gpa);
            readers.add(vcpu);
            if (absentPages.contains(gpa & ~0xfffL)) {
                // Garbage with P set: a failed read must count as not present whatever the buffer holds.
                dst.asSlice(dstOff, len).fill((byte) 0xff);
                return -EFAULT;
            }
            long value = entries.getOrDefault(gpa, 0L);
            for (int i = 0; i < 8; i++) {
                dst.set(ValueLayout.JAVA_BYTE, dstOff + i, (byte) (value >>> (8 * i)));
            }
            return 0;
        }
    }

    private final FakeGuestMemory mem = new FakeGuestMemory();
    private final X86Exception fault = new X86Exception();
    private Vcpu vcpu;

    @BeforeEach
    void createVcpu() {
        Kvm kvm = new Kvm(KvmConfig.smramFlag());
        assertThat(kvm.createVcpu(0)).isEqualTo(0);
        vcpu = kvm.vcpu(0);
        assertThat(vcpu.setCr3(PML4)).isEqualTo(0);
    }

    /** Maps GVA's 4 KiB page to FRAME through all four levels, with the given flags per level. */
    private void map4k(long l4Flags, long l3Flags, long l2Flags, long l1Flags) {
        mem.set(PML4, 1, PDPT | l4Flags);
        mem.set(PDPT, 2, PD | l3Flags);
        mem.set(PD, 3, PT | l2Flags);
        mem.set(PT, 4, FRAME | l1Flags);
    }

    private void map4kWritable() {
        map4k(P | RW, P | RW, P | RW, P | RW);
    }

    /** The table at a level (4 = PML4 ... 1 = PT) and GVA's index into it. */
    private static long tableAt(int level) {
        return switch (level) {
            case 4 -> PML4;
            case 3 -> PDPT;
            case 2 -> PD;
            case 1 -> PT;
            default -> throw new IllegalArgumentException("level " + level);
        };
    }

    private static long indexAt(int level) {
        return 5 - level;
    }

    private void clearBitsAt(int level, long bits) {
        long key = tableAt(level) + 8 * indexAt(level);
        mem.entries.put(key, mem.entries.get(key) & ~bits);
    }

    private long read(long gva) {
        return X86PageWalk.gvaToGpa(vcpu, gva, false, mem, fault);
    }

    private long write(long gva) {
        return X86PageWalk.gvaToGpa(vcpu, gva, true, mem, fault);
    }

    // ---------------------------------------------------------------- translations

    @Test
    void walk_4KiBPage_translatesAndKeepsTheOffset() {
        map4kWritable();

        assertThat(read(GVA)).isEqualTo(FRAME | 0x123);
        assertThat(write(GVA)).isEqualTo(FRAME | 0x123);
    }

    @Test
    void walk_readsEntryIAtTablePlus8I_fromCr3Down() {
        map4kWritable();

        read(GVA);

        assertThat(mem.reads).containsExactly(PML4 + 8, PDPT + 16, PD + 24, PT + 32).inOrder();
    }

    @Test
    void walk_readsEveryEntryOnBehalfOfTheVcpu() {
        map4kWritable();

        read(GVA);

        assertThat(mem.readers).hasSize(4);
        for (Vcpu reader : mem.readers) {
            assertThat(reader).isSameInstanceAs(vcpu);
        }
    }

    @Test
    void walk_startsAtTheVcpusCr3() {
        map4kWritable();
        long otherPml4 = 0x9000;
        mem.set(otherPml4, 1, PDPT | P | RW);
        assertThat(vcpu.setCr3(otherPml4)).isEqualTo(0);

        assertThat(read(GVA)).isEqualTo(FRAME | 0x123);
        assertThat(mem.reads.get(0)).isEqualTo(otherPml4 + 8);
    }

    @Test
    void walk_entriesAreLittleEndian() {
        map4kWritable();
        mem.set(PT, 4, 0x0000_0012_3456_7000L | P);

        assertThat(read(GVA)).isEqualTo(0x0000_0012_3456_7123L);
    }

    @Test
    void walk_upperHalfAddress_usesPml4Index256() {
        long gva = 0xffff_8000_0000_0000L | (5L << 12) | 0x42;
        mem.set(PML4, 256, PDPT | P);
        mem.set(PDPT, 0, PD | P);
        mem.set(PD, 0, PT | P);
        mem.set(PT, 5, FRAME | P);

        assertThat(read(gva)).isEqualTo(FRAME | 0x42);
        assertThat(mem.reads.get(0)).isEqualTo(PML4 + 8 * 256);
    }

    @Test
    void walk_2MiBPage_psInPde_keepsOffsetBits20To0() {
        long frame = 0x4000_0000L;
        mem.set(PML4, 1, PDPT | P | RW);
        mem.set(PDPT, 2, PD | P | RW);
        mem.set(PD, 3, frame | 0x1000 /* bit 12 is PAT in a large page */ | PS | P | RW);

        assertThat(read(GVA)).isEqualTo(frame | (GVA & 0x1f_ffffL));
        assertThat(mem.reads).hasSize(3);
    }

    @Test
    void walk_1GiBPage_psInPdpte_keepsOffsetBits29To0() {
        long frame = 0x1_4000_0000L;
        mem.set(PML4, 1, PDPT | P | RW);
        mem.set(PDPT, 2, frame | 0x2000_1000L /* bits 29:12 are not frame bits here */ | PS | P | RW);

        assertThat(read(GVA)).isEqualTo(frame | (GVA & 0x3fff_ffffL));
        assertThat(mem.reads).hasSize(2);
    }

    @Test
    void walk_psInPml4e_isIgnored() {
        map4k(P | RW | PS, P | RW, P | RW, P | RW);

        assertThat(read(GVA)).isEqualTo(FRAME | 0x123);
        assertThat(mem.reads).hasSize(4);
    }

    @Test
    void walk_psInPte_isIgnored() {
        map4k(P | RW, P | RW, P | RW, P | RW | PS);

        assertThat(read(GVA)).isEqualTo(FRAME | 0x123);
    }

    @Test
    void walk_entryBits51To12_areTheFrame() {
        map4kWritable();
        mem.set(PT, 4, 0x000f_ffff_ffff_f000L | P);

        assertThat(read(GVA)).isEqualTo(0x000f_ffff_ffff_f123L);
    }

    @Test
    void walk_entryBits63To52_areIgnoredAtEveryLevel() {
        long high = 0xfff0_0000_0000_0000L; // NX, protection keys, software bits
        map4k(P | RW | high, P | RW | high, P | RW | high, P | RW | high);

        assertThat(read(GVA)).isEqualTo(FRAME | 0x123);
        assertThat(mem.reads).containsExactly(PML4 + 8, PDPT + 16, PD + 24, PT + 32).inOrder();
    }

    @Test
    void walk_largePageFrameBits51To21_areUsedAndBits63To52Ignored() {
        mem.set(PML4, 1, PDPT | P);
        mem.set(PDPT, 2, PD | P);
        mem.set(PD, 3, 0xfff0_0000_0000_0000L | 0x000f_ffff_ffe0_0000L | PS | P);

        assertThat(read(GVA)).isEqualTo(0x000f_ffff_ffe0_0000L | (GVA & 0x1f_ffffL));
    }

    @Test
    void walk_otherFlagBits_areIgnored() {
        long ignored = 0x17c; // U/S, PWT, PCD, A, D, G
        map4k(P | RW | ignored, P | RW | ignored, P | RW | ignored, P | RW | ignored);

        assertThat(write(GVA)).isEqualTo(FRAME | 0x123);
    }

    @Test
    void walk_neverWritesAccessedOrDirtyBits() {
        map4kWritable();
        Map<Long, Long> before = new HashMap<>(mem.entries);

        write(GVA);

        assertThat(mem.entries).isEqualTo(before);
    }

    // ---------------------------------------------------------------- not present

    @ParameterizedTest
    @ValueSource(ints = {4, 3, 2, 1})
    void read_notPresentAtLevel_faultsWithErrorCode0(int level) {
        map4kWritable();
        clearBitsAt(level, P);

        assertThat(read(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.vector()).isEqualTo(X86Exception.PF_VECTOR);
        assertThat(fault.errorCode()).isEqualTo(0);
        assertThat(fault.address()).isEqualTo(GVA);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 3, 2, 1})
    void write_notPresentAtLevel_faultsWithErrorCode2(int level) {
        map4kWritable();
        clearBitsAt(level, P);

        assertThat(write(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.vector()).isEqualTo(X86Exception.PF_VECTOR);
        assertThat(fault.errorCode()).isEqualTo(PFERR_WRITE_MASK);
        assertThat(fault.errorCode()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 3, 2, 1})
    void walk_stopsAtTheFirstEntryNotPresent(int level) {
        map4kWritable();
        clearBitsAt(level, P);

        read(GVA);

        assertThat(mem.reads).hasSize(5 - level);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 3, 2, 1})
    void read_readerFailureAtLevel_countsAsNotPresent(int level) {
        map4kWritable();
        mem.absentPages.add(tableAt(level));

        assertThat(read(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.vector()).isEqualTo(X86Exception.PF_VECTOR);
        assertThat(fault.errorCode()).isEqualTo(0);
        assertThat(fault.address()).isEqualTo(GVA);
        assertThat(mem.reads).hasSize(5 - level);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 3, 2, 1})
    void write_readerFailureAtLevel_faultsWithErrorCode2(int level) {
        map4kWritable();
        mem.absentPages.add(tableAt(level));

        assertThat(write(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.errorCode()).isEqualTo(PFERR_WRITE_MASK);
    }

    @Test
    void walk_emptyPageTables_faultAsNotPresent() {
        assertThat(write(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.errorCode()).isEqualTo(2);
        assertThat(mem.reads).containsExactly(PML4 + 8);
    }

    @Test
    void fault_addressIsTheGvaPassed_notThePageStart() {
        map4kWritable();
        clearBitsAt(1, P);
        long gva = GVA + 0xe00;

        read(gva);

        assertThat(fault.address()).isEqualTo(gva);
    }

    // ---------------------------------------------------------------- permissions

    @ParameterizedTest
    @ValueSource(ints = {4, 3, 2, 1})
    void write_throughReadOnlyEntryAtLevel_faultsWithErrorCode3(int level) {
        map4kWritable();
        clearBitsAt(level, RW);

        assertThat(write(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.vector()).isEqualTo(X86Exception.PF_VECTOR);
        assertThat(fault.errorCode()).isEqualTo(PFERR_PRESENT_MASK | PFERR_WRITE_MASK);
        assertThat(fault.errorCode()).isEqualTo(3);
        assertThat(fault.address()).isEqualTo(GVA);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 3, 2, 1})
    void read_throughReadOnlyEntryAtLevel_succeeds(int level) {
        map4kWritable();
        clearBitsAt(level, RW);

        assertThat(read(GVA)).isEqualTo(FRAME | 0x123);
    }

    @Test
    void read_throughReadOnlyEntriesAtEveryLevel_succeeds() {
        map4k(P, P, P, P);

        assertThat(read(GVA)).isEqualTo(FRAME | 0x123);
    }

    @Test
    void write_throughReadOnly2MiBPage_faultsWithErrorCode3() {
        mem.set(PML4, 1, PDPT | P | RW);
        mem.set(PDPT, 2, PD | P | RW);
        mem.set(PD, 3, 0x4000_0000L | PS | P);

        assertThat(write(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.errorCode()).isEqualTo(3);
    }

    @Test
    void write_throughReadOnly1GiBPage_faultsWithErrorCode3() {
        mem.set(PML4, 1, PDPT | P | RW);
        mem.set(PDPT, 2, 0x1_4000_0000L | PS | P);

        assertThat(write(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.errorCode()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 3, 2})
    void write_notPresentBelowReadOnlyEntry_faultsAsNotPresent(int readOnlyLevel) {
        map4kWritable();
        clearBitsAt(readOnlyLevel, RW);
        clearBitsAt(1, P);

        assertThat(write(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.errorCode()).isEqualTo(2);
    }

    @Test
    void write_readerFailureBelowReadOnlyEntry_faultsAsNotPresent() {
        map4k(P, P | RW, P | RW, P | RW);
        mem.absentPages.add(PT);

        assertThat(write(GVA)).isEqualTo(UNMAPPED_GVA);

        assertThat(fault.errorCode()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- canonical addresses

    @Test
    void isNoncanonical_topOfLowerHalf_isCanonical() {
        assertThat(X86PageWalk.isNoncanonical(0x0000_7fff_ffff_ffffL)).isFalse();
    }

    @Test
    void isNoncanonical_justAboveLowerHalf_isNoncanonical() {
        assertThat(X86PageWalk.isNoncanonical(0x0000_8000_0000_0000L)).isTrue();
    }

    @Test
    void isNoncanonical_bottomOfUpperHalf_isCanonical() {
        assertThat(X86PageWalk.isNoncanonical(0xffff_8000_0000_0000L)).isFalse();
    }

    @Test
    void isNoncanonical_justBelowUpperHalf_isNoncanonical() {
        assertThat(X86PageWalk.isNoncanonical(0xffff_7fff_ffff_ffffL)).isTrue();
    }

    @Test
    void isNoncanonical_zeroAndAllOnes_areCanonical() {
        assertThat(X86PageWalk.isNoncanonical(0)).isFalse();
        assertThat(X86PageWalk.isNoncanonical(-1L)).isFalse();
    }

    @Test
    void isNoncanonical_aSingleHighBit_isNoncanonical() {
        assertThat(X86PageWalk.isNoncanonical(1L << 63)).isTrue();
        assertThat(X86PageWalk.isNoncanonical(1L << 48)).isTrue();
    }
}
