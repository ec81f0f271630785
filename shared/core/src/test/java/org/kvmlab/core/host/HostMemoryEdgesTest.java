package org.kvmlab.core.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.base.Errno.ENOMEM;
import static org.kvmlab.core.host.HostMemory.TASK_SIZE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.Hva;

/**
 * Host memory at the edges of its backing: every boundary a copy, a clear or an unmap can cross
 * inside {@link HostMemory} (between two mappings' reservations, between the pieces
 * {@code mprotect} cuts from one reservation, between the 1 GiB windows of a mapping larger than
 * {@link Backing#CONTIGUOUS_MAX}, between the whole pages a clear gives back and the partial ones
 * it writes), with bytes written just inside and just outside; the sizes at the ends of what
 * {@code mmap}, {@code mprotect} and {@code clear_user} accept; and the memory's lifetime: pages
 * given back when a mapping goes, reservations unmapped when nothing reaches them, a sparse
 * terabyte costing only its written pages.
 */
class HostMemoryEdgesTest {
    private static final int PAGE = 4096;
    private static final long A = 0x7f00_0000_0000L;
    private static final long TIB = 1L << 40;
    /** A mapping this large gets windowed backing. */
    private static final long WINDOWED = 2 * TIB;
    private static final long WINDOW = Backing.Windowed.WINDOW;

    private final HostMemory mm = new HostMemory();

    private static MemorySegment bytes(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return MemorySegment.ofArray(b);
    }

    private void write(long hva, int n, int value) {
        assertThat(mm.copyToUser(hva, bytes(n, value), 0, n)).isEqualTo(0L);
    }

    /** The byte at hva, or -1 when it cannot be read. */
    private int byteAt(long hva) {
        MemorySegment one = bytes(1, 0x77);
        return mm.copyFromUser(one, 0, hva, 1) == 0 ? one.get(ValueLayout.JAVA_BYTE, 0) & 0xff : -1;
    }

    // ---------------------------------------------------------------- between two reservations

    @Test
    void munmap_acrossTwoMappings_dropsEveryByteInside_andKeepsTheBytesJustOutside() {
        assertThat(mm.mmap(A, 2 * PAGE, Prot.RW)).isEqualTo(0);
        assertThat(mm.mmap(A + 2 * PAGE, 2 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 4 * PAGE, 0x11);

        assertThat(mm.munmap(A + PAGE, 2 * PAGE)).isEqualTo(0);

        assertThat(byteAt(A + PAGE - 1)).isEqualTo(0x11);
        assertThat(byteAt(A + PAGE)).isEqualTo(-1);
        assertThat(byteAt(A + 3 * PAGE - 1)).isEqualTo(-1);
        assertThat(byteAt(A + 3 * PAGE)).isEqualTo(0x11);
        assertThat(mm.mmap(A + PAGE, 2 * PAGE, Prot.RW)).isEqualTo(0);
        assertThat(byteAt(A + PAGE)).isEqualTo(0);
        assertThat(byteAt(A + 2 * PAGE)).isEqualTo(0);
        assertThat(byteAt(A + 3 * PAGE - 1)).isEqualTo(0);
    }

    @Test
    void clearUser_acrossTwoMappings_zeroesExactlyTheRange() {
        assertThat(mm.mmap(A, 2 * PAGE, Prot.RW)).isEqualTo(0);
        assertThat(mm.mmap(A + 2 * PAGE, 2 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 4 * PAGE, 0x22);

        assertThat(mm.clearUser(A + 2 * PAGE - 5, 10)).isEqualTo(0L);

        assertThat(byteAt(A + 2 * PAGE - 6)).isEqualTo(0x22);
        assertThat(byteAt(A + 2 * PAGE - 5)).isEqualTo(0);
        assertThat(byteAt(A + 2 * PAGE + 4)).isEqualTo(0);
        assertThat(byteAt(A + 2 * PAGE + 5)).isEqualTo(0x22);
    }

    @Test
    void mmap_endingExactlyWhereAnotherBegins_keepsTheOthersBytes_andCopiesCrossTheSeam() {
        assertThat(mm.mmap(A + PAGE, PAGE, Prot.RW)).isEqualTo(0);
        write(A + PAGE, PAGE, 0x33);

        assertThat(mm.mmap(A, PAGE, Prot.RW)).isEqualTo(0);

        assertThat(byteAt(A + PAGE - 1)).isEqualTo(0);
        assertThat(byteAt(A + PAGE)).isEqualTo(0x33);
        write(A + PAGE - 8, 16, 0x44);
        MemorySegment across = bytes(16, 0);
        assertThat(mm.copyFromUser(across, 0, A + PAGE - 8, 16)).isEqualTo(0L);
        assertThat(across.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(bytes(16, 0x44).toArray(ValueLayout.JAVA_BYTE));
        assertThat(mm.munmap(A, PAGE)).isEqualTo(0);
        assertThat(byteAt(A + PAGE - 1)).isEqualTo(-1);
        assertThat(byteAt(A + PAGE + 8)).isEqualTo(0x33);
    }

    @Test
    void mmap_startingExactlyWhereAnotherEnds_keepsTheOthersBytes() {
        assertThat(mm.mmap(A, PAGE, Prot.RW)).isEqualTo(0);
        write(A, PAGE, 0x55);

        assertThat(mm.mmap(A + PAGE, PAGE, Prot.RO)).isEqualTo(0);

        assertThat(byteAt(A + PAGE - 1)).isEqualTo(0x55);
        assertThat(byteAt(A + PAGE)).isEqualTo(0);
        assertThat(mm.copyToUser(A + PAGE - 4, bytes(8, 0x66), 0, 8)).isEqualTo(4L);
        assertThat(byteAt(A + PAGE - 1)).isEqualTo(0x66);
    }

    // ---------------------------------------------------------------- between pieces of one reservation

    @Test
    void munmap_acrossAnMprotectSplit_keepsTheBytesOnEitherSide() {
        assertThat(mm.mmap(A, 4 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 4 * PAGE, 0x77);
        assertThat(mm.mprotect(A + 2 * PAGE, 2 * PAGE, Prot.RO)).isEqualTo(0);

        assertThat(mm.munmap(A + PAGE, 2 * PAGE)).isEqualTo(0);

        assertThat(byteAt(A + PAGE - 1)).isEqualTo(0x77);
        assertThat(byteAt(A + PAGE)).isEqualTo(-1);
        assertThat(byteAt(A + 3 * PAGE - 1)).isEqualTo(-1);
        assertThat(byteAt(A + 3 * PAGE)).isEqualTo(0x77);
        assertThat(mm.protection(A + 3 * PAGE)).isEqualTo(Prot.RO);
    }

    @Test
    void mprotect_backAndForth_rejoinsThePieces_andKeepsEveryByte() {
        assertThat(mm.mmap(A, 3 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 3 * PAGE, 0x12);

        assertThat(mm.mprotect(A + PAGE, PAGE, Prot.NONE)).isEqualTo(0);
        assertThat(mm.mprotect(A + PAGE, PAGE, Prot.RW)).isEqualTo(0);

        MemorySegment all = bytes(3 * PAGE, 0);
        assertThat(mm.copyFromUser(all, 0, A, 3 * PAGE)).isEqualTo(0L);
        assertThat(all.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(bytes(3 * PAGE, 0x12).toArray(ValueLayout.JAVA_BYTE));
        // One range again: the bench can take all of it as one segment, which it cannot while split.
        assertThat(mm.backingForBench(A, 3 * PAGE).byteSize()).isEqualTo(3L * PAGE);
    }

    @Test
    void mprotect_ofTheMiddle_splitsTheRange_soThatItIsNoLongerOneSegment() {
        assertThat(mm.mmap(A, 3 * PAGE, Prot.RW)).isEqualTo(0);

        assertThat(mm.mprotect(A + PAGE, PAGE, Prot.RO)).isEqualTo(0);

        assertThrows(IllegalArgumentException.class, () -> mm.backingForBench(A, 3 * PAGE));
        assertThat(mm.backingForBench(A + PAGE, PAGE).byteSize()).isEqualTo((long) PAGE);
    }

    // ---------------------------------------------------------------- beside a range, not in it

    @Test
    void mappingsWithAGapBetween_leaveTheGapUnmapped_whicheverIsMappedFirst() {
        assertThat(mm.mmap(A, PAGE, Prot.RW)).isEqualTo(0);
        assertThat(mm.mmap(A + 4 * PAGE, PAGE, Prot.RW)).isEqualTo(0);
        HostMemory downward = new HostMemory();
        assertThat(downward.mmap(A + 4 * PAGE, PAGE, Prot.RW)).isEqualTo(0);
        assertThat(downward.mmap(A, PAGE, Prot.RW)).isEqualTo(0);

        for (HostMemory host : new HostMemory[] {mm, downward}) {
            assertThat(host.protection(A)).isEqualTo(Prot.RW);
            assertThat(host.protection(A + PAGE)).isNull();
            assertThat(host.protection(A + 3 * PAGE)).isNull();
            assertThat(host.protection(A + 4 * PAGE)).isEqualTo(Prot.RW);
            assertThat(host.protection(A + 5 * PAGE)).isNull();
        }
        assertThat(mm.copyToUser(A + 2 * PAGE, bytes(8, 1), 0, 8)).isEqualTo(8L);
    }

    @Test
    void copiesJustBelowALargeMappingTheLastCopyUsed_copyNothing() {
        // A mapping low in the address space and larger than its own start: an address below it,
        // measured from the mapping's start, is negative, and must not pass for an offset inside.
        long low = 0x10_0000;
        assertThat(mm.mmap(low, 4L << 20, Prot.RW)).isEqualTo(0);
        write(low, 8, 0x11);
        MemorySegment read = bytes(8, 0x77);

        assertThat(mm.copyToUser(0x1000, bytes(8, 0x22), 0, 8)).isEqualTo(8L);
        assertThat(mm.copyFromUser(read, 0, 0x1000, 8)).isEqualTo(8L);

        assertThat(read.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(bytes(8, 0x77).toArray(ValueLayout.JAVA_BYTE));
        assertThat(byteAt(low)).isEqualTo(0x11);
        assertThat(mm.protection(0x1000)).isNull();
    }

    // ---------------------------------------------------------------- between whole and partial pages of a clear

    @Test
    void clearUser_overPartialAndWholePages_zeroesExactlyTheRange_andGivesTheWholePagesBack() {
        assertThat(mm.mmap(A, 4 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 4 * PAGE, 0x5a);
        assertThat(mm.residentBytes()).isEqualTo(4L * PAGE);

        assertThat(mm.clearUser(A + 100, 3 * PAGE)).isEqualTo(0L);

        assertThat(byteAt(A + 99)).isEqualTo(0x5a);
        assertThat(byteAt(A + 100)).isEqualTo(0);
        assertThat(byteAt(A + PAGE)).isEqualTo(0);
        assertThat(byteAt(A + 3 * PAGE + 99)).isEqualTo(0);
        assertThat(byteAt(A + 3 * PAGE + 100)).isEqualTo(0x5a);
        // Pages 1 and 2 were cleared whole: given back, not written with zeros.
        assertThat(mm.residentBytes()).isEqualTo(2L * PAGE);
    }

    @Test
    void clearUser_insideOnePage_zeroesOnlyThoseBytes() {
        assertThat(mm.mmap(A, 2 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 2 * PAGE, 0x5a);

        assertThat(mm.clearUser(A + 10, 5)).isEqualTo(0L);

        assertThat(byteAt(A + 9)).isEqualTo(0x5a);
        assertThat(byteAt(A + 10)).isEqualTo(0);
        assertThat(byteAt(A + 14)).isEqualTo(0);
        assertThat(byteAt(A + 15)).isEqualTo(0x5a);
        assertThat(byteAt(A + PAGE - 1)).isEqualTo(0x5a);
        assertThat(byteAt(A)).isEqualTo(0x5a);
    }

    @Test
    void clearUser_deepInsideAMapping_overAWholePage_zeroesExactlyTheRange() {
        assertThat(mm.mmap(A, 12 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 12 * PAGE, 0x5a);

        assertThat(mm.clearUser(A + 3 * PAGE + 100, 2 * PAGE - 90)).isEqualTo(0L);

        assertThat(byteAt(A + 3 * PAGE + 99)).isEqualTo(0x5a);
        assertThat(byteAt(A + 3 * PAGE + 100)).isEqualTo(0);
        assertThat(byteAt(A + 5 * PAGE + 9)).isEqualTo(0);
        assertThat(byteAt(A + 5 * PAGE + 10)).isEqualTo(0x5a);
        assertThat(byteAt(A + 11 * PAGE)).isEqualTo(0x5a);
    }

    @Test
    void clearUser_ofZeroBytes_succeedsAnywhere_andTouchesNothing() {
        assertThat(mm.mmap(A, PAGE, Prot.RO)).isEqualTo(0);

        assertThat(mm.clearUser(A, 0)).isEqualTo(0L);
        assertThat(mm.clearUser(A + PAGE, 0)).isEqualTo(0L);
        assertThat(mm.clearUser(TASK_SIZE, 0)).isEqualTo(0L);
        assertThat(mm.clearUser(Hva.KVM_HVA_ERR_BAD, 0)).isEqualTo(0L);
        assertThat(mm.residentBytes()).isEqualTo(0L);
    }

    // ---------------------------------------------------------------- between windows of a huge mapping

    @Test
    void windowedMapping_copiesAcrossAWindowBoundary_inBothDirections() {
        assertThat(mm.mmap(A - WINDOWED, WINDOWED, Prot.RW)).isEqualTo(0);
        long seam = A - WINDOWED + WINDOW;
        MemorySegment pattern = MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        assertThat(mm.copyToUser(seam - 4, pattern, 0, 8)).isEqualTo(0L);

        MemorySegment back = bytes(8, 0);
        assertThat(mm.copyFromUser(back, 0, seam - 4, 8)).isEqualTo(0L);
        assertThat(back.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(pattern.toArray(ValueLayout.JAVA_BYTE));
        assertThat(byteAt(seam - 5)).isEqualTo(0);
        assertThat(byteAt(seam + 4)).isEqualTo(0);
        assertThat(mm.residentBytes()).isEqualTo(2L * PAGE);
    }

    @Test
    void windowedMapping_munmapAcrossAWindowBoundary_dropsTheInside_andKeepsTheBytesJustOutside() {
        long base = A - WINDOWED;
        long seam = base + WINDOW;
        assertThat(mm.mmap(base, WINDOWED, Prot.RW)).isEqualTo(0);
        write(seam - 2 * PAGE, 4 * PAGE, 0x3c);

        assertThat(mm.munmap(seam - PAGE, 2 * PAGE)).isEqualTo(0);

        assertThat(byteAt(seam - PAGE - 1)).isEqualTo(0x3c);
        assertThat(byteAt(seam - PAGE)).isEqualTo(-1);
        assertThat(byteAt(seam + PAGE - 1)).isEqualTo(-1);
        assertThat(byteAt(seam + PAGE)).isEqualTo(0x3c);
        assertThat(mm.mmap(seam - PAGE, 2 * PAGE, Prot.RW)).isEqualTo(0);
        assertThat(byteAt(seam - 1)).isEqualTo(0);
        assertThat(byteAt(seam)).isEqualTo(0);
    }

    @Test
    void windowedMapping_clearAcrossAWindowBoundary_zeroesExactlyTheRange() {
        long base = A - WINDOWED;
        long seam = base + WINDOW;
        assertThat(mm.mmap(base, WINDOWED, Prot.RW)).isEqualTo(0);
        write(seam - PAGE, 2 * PAGE, 0x4d);

        assertThat(mm.clearUser(seam - 3, 6)).isEqualTo(0L);

        assertThat(byteAt(seam - 4)).isEqualTo(0x4d);
        assertThat(byteAt(seam - 3)).isEqualTo(0);
        assertThat(byteAt(seam + 2)).isEqualTo(0);
        assertThat(byteAt(seam + 3)).isEqualTo(0x4d);
    }

    @Test
    void windowedMapping_readIntoAWindowNeverWritten_givesZerosForExactlyThoseBytes() {
        long seam = A - WINDOWED + WINDOW;
        assertThat(mm.mmap(A - WINDOWED, WINDOWED, Prot.RW)).isEqualTo(0);
        assertThat(mm.copyToUser(seam - 4, MemorySegment.ofArray(new byte[] {1, 2, 3, 4}), 0, 4)).isEqualTo(0L);
        int len = 4 + 2 * PAGE + 10;
        MemorySegment buffer = bytes(3 + len + 3, 0x77);

        assertThat(mm.copyFromUser(buffer, 3, seam - 4, len)).isEqualTo(0L);

        byte[] expected = new byte[3 + len + 3];
        Arrays.fill(expected, (byte) 0x77);
        Arrays.fill(expected, 3, 3 + len, (byte) 0);
        System.arraycopy(new byte[] {1, 2, 3, 4}, 0, expected, 3, 4);
        assertThat(buffer.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected);
    }

    @Test
    void windowedMapping_clearToItsVeryEnd_zeroesTheLastBytes() {
        long end = A;
        assertThat(mm.mmap(end - WINDOWED, WINDOWED, Prot.RW)).isEqualTo(0);
        write(end - 2 * PAGE, 2 * PAGE, 0x6b);

        assertThat(mm.clearUser(end - PAGE - 3, PAGE + 3)).isEqualTo(0L);

        assertThat(byteAt(end - PAGE - 4)).isEqualTo(0x6b);
        assertThat(byteAt(end - PAGE - 3)).isEqualTo(0);
        assertThat(byteAt(end - 1)).isEqualTo(0);
    }

    @Test
    void windowedMapping_unmappedWindowByWindow_givesTheMemoryBack() {
        long base = A - WINDOWED;
        assertThat(mm.mmap(base, WINDOWED, Prot.RW)).isEqualTo(0);
        write(base, PAGE, 1);
        write(base + WINDOW + 5 * PAGE, PAGE, 2);
        assertThat(mm.residentBytes()).isEqualTo(2L * PAGE);

        assertThat(mm.munmap(base, WINDOW)).isEqualTo(0);

        assertThat(mm.residentBytes()).isEqualTo((long) PAGE);
        assertThat(byteAt(base + WINDOW + 5 * PAGE)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- sizes at their ends

    @Test
    void mprotect_negativeSize_thatWraps_isEnomem_andChangesNothing() {
        assertThat(mm.mmap(A, 2 * PAGE, Prot.RW)).isEqualTo(0);

        // Linux rounds the size up to pages first: -PAGE stays huge and the range wraps past
        // 2^64; -1 rounds to 0, so the range ends where it starts. Both are ENOMEM at once.
        assertThat(mm.mprotect(A, -PAGE, Prot.RO)).isEqualTo(-ENOMEM);
        assertThat(mm.mprotect(A, -1, Prot.RO)).isEqualTo(-ENOMEM);
        assertThat(mm.mprotect(A, -3 * PAGE + 1, Prot.RO)).isEqualTo(-ENOMEM);

        assertThat(mm.protection(A)).isEqualTo(Prot.RW);
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void mprotect_negativeSize_thatDoesNotWrap_changesTheMappedPagesThenIsEnomem() {
        assertThat(mm.mmap(A, 2 * PAGE, Prot.RW)).isEqualTo(0);

        // 2^63 as a size_t: A + 2^63 lies above A, so Linux walks the mapping and fails at the
        // first hole, after changing the pages before it.
        assertThat(mm.mprotect(A, Long.MIN_VALUE, Prot.RO)).isEqualTo(-ENOMEM);

        assertThat(mm.protection(A)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + 2 * PAGE)).isNull();
    }

    @Test
    void mprotect_zeroSize_isOk_mappedOrNot_butAnUnalignedAddressIsStillEinval() {
        assertThat(mm.mmap(A, PAGE, Prot.RW)).isEqualTo(0);

        assertThat(mm.mprotect(A, 0, Prot.NONE)).isEqualTo(0);
        assertThat(mm.mprotect(A + 16 * PAGE, 0, Prot.NONE)).isEqualTo(0);
        assertThat(mm.mprotect(TASK_SIZE, 0, Prot.NONE)).isEqualTo(0);
        assertThat(mm.mprotect(A + 1, 0, Prot.NONE)).isEqualTo(-EINVAL);

        assertThat(mm.protection(A)).isEqualTo(Prot.RW);
    }

    @Test
    void mmap_ofTheWholeUserRange_mapsEveryPage_andCostsOnlyWhatIsWritten() {
        assertThat(mm.mmap(A, PAGE, Prot.RW)).isEqualTo(0);
        write(A, PAGE, 0x21);

        assertThat(mm.mmap(0, TASK_SIZE, Prot.RW)).isEqualTo(0);

        assertThat(mm.protection(0)).isEqualTo(Prot.RW);
        assertThat(mm.protection(TASK_SIZE - 1)).isEqualTo(Prot.RW);
        assertThat(mm.protection(TASK_SIZE)).isNull();
        assertThat(byteAt(A)).isEqualTo(0);
        write(0, 8, 0x31);
        write(TASK_SIZE - 8, 8, 0x32);
        assertThat(byteAt(7)).isEqualTo(0x31);
        assertThat(byteAt(TASK_SIZE - 1)).isEqualTo(0x32);
        assertThat(mm.copyToUser(TASK_SIZE - 4, bytes(8, 0x33), 0, 8)).isEqualTo(4L);
        assertThat(mm.residentBytes()).isEqualTo(2L * PAGE);

        assertThat(mm.munmap(0, TASK_SIZE)).isEqualTo(0);
        assertThat(mm.protection(0)).isNull();
        assertThat(mm.protection(TASK_SIZE - 1)).isNull();
        assertThat(mm.residentBytes()).isEqualTo(0L);
    }

    @Test
    void mmap_ofMoreThanTheWholeUserRange_isEnomem() {
        assertThat(mm.mmap(0, TASK_SIZE + PAGE, Prot.RW)).isEqualTo(-ENOMEM);
        assertThat(mm.mmap(PAGE, TASK_SIZE, Prot.RW)).isEqualTo(-ENOMEM);
        assertThat(mm.protection(0)).isNull();
    }

    // ---------------------------------------------------------------- lifetime of the memory

    @Test
    void sparseTerabyte_costsOnlyItsWrittenPages() {
        long base = A - TIB;
        assertThat(mm.mmap(base, TIB, Prot.RW)).isEqualTo(0);
        long[] where = {base, base + TIB / 3, base + TIB / 2 + 12345, base + TIB - 8};

        for (long hva : where) {
            write(hva, 8, 0x7e);
        }
        MemorySegment untouched = bytes(PAGE, 0x77);
        assertThat(mm.copyFromUser(untouched, 0, base + TIB / 4, PAGE)).isEqualTo(0L);

        assertThat(untouched.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(new byte[PAGE]);
        // Four pages written; the page read maps the kernel's zero page and costs nothing.
        assertThat(mm.residentBytes()).isEqualTo(4L * PAGE);
    }

    @Test
    void residentBytes_ofAMappingJustOverOneGiB_countsThePagesOfItsLastShortBatch() {
        // The kernel is asked about residency 2^18 pages (1 GiB) at a time; the last batch here
        // holds 8 pages.
        long size = (1L << 30) + 8 * PAGE;
        assertThat(mm.mmap(A - size, size, Prot.RW)).isEqualTo(0);
        write(A - size, PAGE, 0x01);
        write(A - PAGE, PAGE, 0x02);

        assertThat(mm.residentBytes()).isEqualTo(2L * PAGE);
    }

    @Test
    void munmapAndMmapOver_giveThePagesTheyDropBackToTheKernel_atOnce() {
        assertThat(mm.mmap(A, 8 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 8 * PAGE, 0x0f);
        // Holding the segment keeps the reservation mapped, so its pages can be asked about.
        MemorySegment reservation = mm.backingForBench(A, 8 * PAGE);
        assertThat(OsMemory.residentBytes(reservation, 0, 8 * PAGE)).isEqualTo(8L * PAGE);

        assertThat(mm.munmap(A + PAGE, 2 * PAGE)).isEqualTo(0);
        assertThat(mm.mmap(A + 5 * PAGE, PAGE, Prot.RW)).isEqualTo(0);

        assertThat(OsMemory.residentBytes(reservation, 0, 8 * PAGE)).isEqualTo(5L * PAGE);
        assertThat(OsMemory.residentBytes(reservation, PAGE, 2 * PAGE)).isEqualTo(0L);
        assertThat(OsMemory.residentBytes(reservation, 5 * PAGE, PAGE)).isEqualTo(0L);
        assertThat(mm.residentBytes()).isEqualTo(5L * PAGE);
    }

    @Test
    void munmap_givesTheMemoryBackAtOnce_andTheReservationWhenNothingReachesIt() throws InterruptedException {
        long before = settledLiveReservations();
        assertThat(mm.mmap(A, 64 * PAGE, Prot.RW)).isEqualTo(0);
        write(A, 64 * PAGE, 0x01);
        assertThat(OsMemory.liveReservations()).isEqualTo(before + 1);

        assertThat(mm.munmap(A, 64 * PAGE)).isEqualTo(0);

        assertThat(mm.residentBytes()).isEqualTo(0L);
        awaitCollected(before);
    }

    @Test
    void hostMemoryThatNothingReaches_returnsItsReservations() throws InterruptedException {
        long before = settledLiveReservations();
        HostMemory dropped = new HostMemory();
        for (int i = 0; i < 8; i++) {
            assertThat(dropped.mmap(A + i * 16L * PAGE, 8 * PAGE, Prot.RW)).isEqualTo(0);
        }
        assertThat(OsMemory.liveReservations()).isAtLeast(before + 8);
        WeakReference<HostMemory> ref = new WeakReference<>(dropped);
        dropped = null;

        awaitCollected(before);
        assertThat(ref.get()).isNull();
    }

    @Test
    void reservations_lieBetween32And96TiB_awayFromWhereTheKernelPlacesItsOwnMappings() {
        // A VMM (or live-kvm mirroring a scenario into the running kernel) maps at addresses the
        // kernel hands out top-down from near 128 TiB; the core must not take those from it.
        for (long size : new long[] {PAGE, 64L * PAGE, TIB}) {
            HostMemory host = new HostMemory();
            assertThat(host.mmap(A - size, size, Prot.RW)).isEqualTo(0);

            long address = host.backingForBench(A - size, PAGE).address();

            assertThat(address).isAtLeast(32 * TIB);
            assertThat(address + size).isAtMost(96 * TIB);
            // Each on a 2 MiB boundary of its own, so that two never share a page-table page.
            assertThat(address % (2L << 20)).isEqualTo(0L);
            assertThat(host.munmap(A - size, size)).isEqualTo(0);
        }
    }

    /**
     * The live reservations once earlier tests' unreachable ones are returned: collects until the
     * count holds still, so that a collection during the test cannot change it by more than the
     * test's own reservations.
     */
    private static long settledLiveReservations() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 200 && OsMemory.liveReservations() != last; i++) {
            last = OsMemory.liveReservations();
            System.gc();
            Thread.sleep(10);
        }
        return OsMemory.liveReservations();
    }

    /** Waits, collecting, until the live reservations are back to at most {@code count}. */
    private static void awaitCollected(long count) throws InterruptedException {
        for (int i = 0; i < 200 && OsMemory.liveReservations() > count; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(OsMemory.liveReservations()).isAtMost(count);
    }
}
