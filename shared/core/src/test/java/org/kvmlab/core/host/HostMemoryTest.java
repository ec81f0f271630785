package org.kvmlab.core.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.base.Errno.ENOMEM;
import static org.kvmlab.core.host.HostMemory.TASK_SIZE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.Hva;

/**
 * Pins the host-memory rules of DESIGN.md section 3 and SCENARIOS.md section 3: {@code mmap},
 * {@code munmap} and {@code mprotect} with Linux's result codes in Linux's order, sizes rounded
 * up to whole pages; protection tracked per page in Java; {@code copy_to_user},
 * {@code copy_from_user} and {@code clear_user} return the bytes NOT copied and copy exactly up to
 * the first faulting host page, leaving the rest of the destination untouched; nothing is ever
 * mapped at or above {@code TASK_SIZE}; backing is lazy, so a 64 GiB mapping costs only the chunks
 * touched, and mapping a huge range does not iterate its pages.
 */
class HostMemoryTest {

    private static final int PAGE = 4096;
    private static final long CHUNK = 64 * 1024;
    /** A chunk-aligned user address, well below TASK_SIZE. */
    private static final long A = 0x7f00_0000_0000L;
    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;

    private final HostMemory mm = new HostMemory();

    // ---------------------------------------------------------------- helpers

    /** n bytes of a pattern that differs at every offset within 251 bytes and never is 0. */
    private static MemorySegment pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (1 + (i + seed) % 251);
        }
        return MemorySegment.ofArray(b);
    }

    private static MemorySegment filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return MemorySegment.ofArray(b);
    }

    private static byte[] bytes(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] slice(MemorySegment s, long off, long len) {
        return s.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Reads len bytes at hva; asserts the whole read succeeds. */
    private byte[] readAll(long hva, int len) {
        MemorySegment dst = filled(len, 0x77);
        assertThat(mm.copyFromUser(dst, 0, hva, len)).isEqualTo(0L);
        return bytes(dst);
    }

    private void writeAll(long hva, MemorySegment src) {
        assertThat(mm.copyToUser(hva, src, 0, src.byteSize())).isEqualTo(0L);
    }

    // ---------------------------------------------------------------- mmap

    @Test
    void mmap_alignedRange_isOkAndMapsWithTheProtectionGiven() {
        assertThat(mm.mmap(A, 2 * PAGE, Prot.RO)).isEqualTo(0);
        assertThat(mm.protection(A)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + 2 * PAGE - 1)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + 2 * PAGE)).isNull();
        assertThat(mm.protection(A - 1)).isNull();
    }

    @Test
    void mmap_sizeZero_isEinval() {
        assertThat(mm.mmap(A, 0, Prot.RW)).isEqualTo(-EINVAL);
        assertThat(mm.protection(A)).isNull();
    }

    @Test
    void mmap_sizeZeroAtUnalignedHvaAboveTaskSize_isEinvalFirst() {
        assertThat(mm.mmap(TASK_SIZE + 1, 0, Prot.RW)).isEqualTo(-EINVAL);
    }

    @Test
    void mmap_rangeEndingAboveTaskSize_isEnomem() {
        assertThat(mm.mmap(TASK_SIZE - PAGE, 2 * PAGE, Prot.RW)).isEqualTo(-ENOMEM);
        assertThat(mm.protection(TASK_SIZE - PAGE)).isNull();
    }

    @Test
    void mmap_rangeStartingAtTaskSize_isEnomem() {
        assertThat(mm.mmap(TASK_SIZE, PAGE, Prot.RW)).isEqualTo(-ENOMEM);
    }

    @Test
    void mmap_rangeEndingExactlyAtTaskSize_isOk() {
        assertThat(mm.mmap(TASK_SIZE - PAGE, PAGE, Prot.RW)).isEqualTo(0);
        assertThat(mm.protection(TASK_SIZE - PAGE)).isEqualTo(Prot.RW);
        assertThat(mm.protection(TASK_SIZE)).isNull();
    }

    @Test
    void mmap_rangeWrappingPast2To64_isEnomem() {
        assertThat(mm.mmap(0xffff_ffff_ffff_f000L, 2 * PAGE, Prot.RW)).isEqualTo(-ENOMEM);
    }

    @Test
    void mmap_sizeWhoseRoundingUpWraps_isEnomem() {
        assertThat(mm.mmap(A, -1L, Prot.RW)).isEqualTo(-ENOMEM);
    }

    @Test
    void mmap_sizeLargerThanTaskSize_isEnomem() {
        assertThat(mm.mmap(0, TASK_SIZE + PAGE, Prot.RW)).isEqualTo(-ENOMEM);
    }

    @Test
    void mmap_unalignedHvaWithRangeAboveTaskSize_isEnomemBeforeEinval() {
        assertThat(mm.mmap(TASK_SIZE - 100, 50, Prot.RW)).isEqualTo(-ENOMEM);
        assertThat(mm.mmap(0xffff_ffff_ffff_ff00L, 1, Prot.RW)).isEqualTo(-ENOMEM);
    }

    @Test
    void mmap_unalignedHva_isEinval() {
        assertThat(mm.mmap(A + 1, PAGE, Prot.RW)).isEqualTo(-EINVAL);
        assertThat(mm.protection(A)).isNull();
    }

    @Test
    void mmap_sizeIsRoundedUpToWholePages() {
        assertThat(mm.mmap(A, 1, Prot.RW)).isEqualTo(0);
        assertThat(mm.protection(A + PAGE - 1)).isEqualTo(Prot.RW);
        assertThat(mm.protection(A + PAGE)).isNull();
        assertThat(mm.copyToUser(A, pattern(PAGE, 0), 0, PAGE)).isEqualTo(0L);
    }

    @Test
    void mmap_nullProt_throwsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> mm.mmap(A, PAGE, null));
    }

    @Test
    void mmap_overMappedPages_givesFreshZeros() {
        mm.mmap(A, 4 * PAGE, Prot.RW);
        writeAll(A, pattern(4 * PAGE, 3));

        assertThat(mm.mmap(A, 4 * PAGE, Prot.RW)).isEqualTo(0);

        assertThat(readAll(A, 4 * PAGE)).isEqualTo(new byte[4 * PAGE]);
    }

    @Test
    void mmap_overOnePage_keepsTheNeighboursData() {
        mm.mmap(A, 3 * PAGE, Prot.RW);
        MemorySegment data = pattern(3 * PAGE, 5);
        writeAll(A, data);

        assertThat(mm.mmap(A + PAGE, PAGE, Prot.RW)).isEqualTo(0);

        byte[] after = readAll(A, 3 * PAGE);
        assertThat(Arrays.copyOfRange(after, 0, PAGE)).isEqualTo(slice(data, 0, PAGE));
        assertThat(Arrays.copyOfRange(after, PAGE, 2 * PAGE)).isEqualTo(new byte[PAGE]);
        assertThat(Arrays.copyOfRange(after, 2 * PAGE, 3 * PAGE)).isEqualTo(slice(data, 2 * PAGE, PAGE));
    }

    @Test
    void mmap_overMappedPages_replacesTheirProtection() {
        mm.mmap(A, 3 * PAGE, Prot.RW);

        mm.mmap(A + PAGE, PAGE, Prot.NONE);

        assertThat(mm.protection(A)).isEqualTo(Prot.RW);
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.NONE);
        assertThat(mm.protection(A + 2 * PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void mmap_hugeRange_returnsQuicklyWithoutIteratingPages() {
        mm.mmap(A, PAGE, Prot.RW);
        writeAll(A, pattern(PAGE, 1)); // so that mmap has backing to discard on its way

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(mm.mmap(TIB, 100 * TIB, Prot.RW)).isEqualTo(0);
            assertThat(mm.mprotect(TIB, 100 * TIB, Prot.RO)).isEqualTo(0);
            assertThat(mm.munmap(TIB, 100 * TIB)).isEqualTo(0);
        });
        assertThat(mm.protection(TIB)).isNull();
    }

    @Test
    void mmap_hugeRange_costsNothingUntilTouched() {
        assertThat(mm.mmap(TIB, 100 * TIB, Prot.RW)).isEqualTo(0);

        assertThat(mm.protection(TIB + 100 * TIB - 1)).isEqualTo(Prot.RW);
        assertThat(mm.residentBytes()).isEqualTo(0L);
    }

    // ---------------------------------------------------------------- munmap

    @Test
    void munmap_mappedRange_isOkAndUnmapsIt() {
        mm.mmap(A, 2 * PAGE, Prot.RW);

        assertThat(mm.munmap(A, 2 * PAGE)).isEqualTo(0);

        assertThat(mm.protection(A)).isNull();
        assertThat(mm.protection(A + PAGE)).isNull();
    }

    @Test
    void munmap_unalignedHva_isEinval() {
        mm.mmap(A, 2 * PAGE, Prot.RW);

        assertThat(mm.munmap(A + 1, PAGE)).isEqualTo(-EINVAL);

        assertThat(mm.protection(A + 1)).isEqualTo(Prot.RW);
    }

    @Test
    void munmap_sizeZero_isEinval() {
        assertThat(mm.munmap(A, 0)).isEqualTo(-EINVAL);
    }

    @Test
    void munmap_rangeEndingAboveTaskSize_isEinval() {
        mm.mmap(TASK_SIZE - PAGE, PAGE, Prot.RW);

        assertThat(mm.munmap(TASK_SIZE - PAGE, 2 * PAGE)).isEqualTo(-EINVAL);

        assertThat(mm.protection(TASK_SIZE - PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void munmap_rangeStartingAtOrAboveTaskSize_isEinval() {
        assertThat(mm.munmap(TASK_SIZE, PAGE)).isEqualTo(-EINVAL);
        assertThat(mm.munmap(Hva.KVM_HVA_ERR_BAD, PAGE)).isEqualTo(-EINVAL);
    }

    @Test
    void munmap_rangeWrappingPast2To64_isEinval() {
        assertThat(mm.munmap(0xffff_ffff_ffff_f000L, 2 * PAGE)).isEqualTo(-EINVAL);
        assertThat(mm.munmap(A, -PAGE)).isEqualTo(-EINVAL);
    }

    @Test
    void munmap_rangeEndingExactlyAtTaskSize_isOk() {
        mm.mmap(TASK_SIZE - PAGE, PAGE, Prot.RW);

        assertThat(mm.munmap(TASK_SIZE - PAGE, PAGE)).isEqualTo(0);

        assertThat(mm.protection(TASK_SIZE - PAGE)).isNull();
    }

    @Test
    void munmap_unmappedPages_isOk() {
        assertThat(mm.munmap(A, 16 * PAGE)).isEqualTo(0);
    }

    @Test
    void munmap_sizeIsRoundedUpToWholePages() {
        mm.mmap(A, 2 * PAGE, Prot.RW);

        assertThat(mm.munmap(A, 1)).isEqualTo(0);

        assertThat(mm.protection(A + PAGE - 1)).isNull();
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void munmap_middlePage_leavesAHole() {
        mm.mmap(A, 3 * PAGE, Prot.RW);

        assertThat(mm.munmap(A + PAGE, PAGE)).isEqualTo(0);

        assertThat(mm.protection(A)).isEqualTo(Prot.RW);
        assertThat(mm.protection(A + PAGE)).isNull();
        assertThat(mm.protection(A + 2 * PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void munmapThenMmap_givesZerosWhereDataHadBeenWritten() {
        mm.mmap(A, 2 * CHUNK, Prot.RW);
        writeAll(A + CHUNK - 100, pattern(200, 9)); // across the chunk boundary

        assertThat(mm.munmap(A, 2 * CHUNK)).isEqualTo(0);
        assertThat(mm.mmap(A, 2 * CHUNK, Prot.RW)).isEqualTo(0);

        assertThat(readAll(A + CHUNK - 100, 200)).isEqualTo(new byte[200]);
    }

    @Test
    void munmapThenMmap_ofOnePage_givesZerosThereOnly() {
        mm.mmap(A, 2 * PAGE, Prot.RW);
        writeAll(A, filled(2 * PAGE, 0x5a));

        mm.munmap(A + PAGE, PAGE);
        mm.mmap(A + PAGE, PAGE, Prot.RW);

        assertThat(readAll(A, PAGE)).isEqualTo(bytes(filled(PAGE, 0x5a)));
        assertThat(readAll(A + PAGE, PAGE)).isEqualTo(new byte[PAGE]);
    }

    @Test
    void munmap_releasesTheBacking() {
        mm.mmap(A, 4 * CHUNK, Prot.RW);
        writeAll(A, pattern((int) (4 * CHUNK), 0));
        assertThat(mm.residentBytes()).isEqualTo(4 * CHUNK);

        mm.munmap(A, 4 * CHUNK);

        assertThat(mm.residentBytes()).isEqualTo(0L);
    }

    // ---------------------------------------------------------------- mprotect

    @Test
    void mprotect_mappedRange_changesItsProtection() {
        mm.mmap(A, 2 * PAGE, Prot.RW);

        assertThat(mm.mprotect(A, 2 * PAGE, Prot.RO)).isEqualTo(0);

        assertThat(mm.protection(A)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RO);
    }

    @Test
    void mprotect_sizeZero_isOkEvenWhereNothingIsMapped() {
        assertThat(mm.mprotect(A, 0, Prot.RO)).isEqualTo(0);
        assertThat(mm.mprotect(TASK_SIZE, 0, Prot.RO)).isEqualTo(0);
    }

    @Test
    void mprotect_unalignedHva_isEinval() {
        mm.mmap(A, PAGE, Prot.RW);

        assertThat(mm.mprotect(A + 1, PAGE, Prot.RO)).isEqualTo(-EINVAL);

        assertThat(mm.protection(A)).isEqualTo(Prot.RW);
    }

    @Test
    void mprotect_unalignedHvaWithSizeZero_isEinvalFirst() {
        assertThat(mm.mprotect(A + 1, 0, Prot.RO)).isEqualTo(-EINVAL);
    }

    @Test
    void mprotect_unmappedRange_isEnomem() {
        assertThat(mm.mprotect(A, PAGE, Prot.RO)).isEqualTo(-ENOMEM);
        assertThat(mm.protection(A)).isNull();
    }

    @Test
    void mprotect_sizeIsRoundedUpToWholePages() {
        mm.mmap(A, 2 * PAGE, Prot.RW);

        assertThat(mm.mprotect(A, 1, Prot.RO)).isEqualTo(0);

        assertThat(mm.protection(A + PAGE - 1)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void mprotect_rangeWithAHole_changesThePagesBeforeTheHoleThenIsEnomem() {
        mm.mmap(A, 2 * PAGE, Prot.RW);
        mm.mmap(A + 3 * PAGE, 2 * PAGE, Prot.RW);

        assertThat(mm.mprotect(A, 5 * PAGE, Prot.RO)).isEqualTo(-ENOMEM);

        assertThat(mm.protection(A)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + 2 * PAGE)).isNull();
        assertThat(mm.protection(A + 3 * PAGE)).isEqualTo(Prot.RW);
        assertThat(mm.protection(A + 4 * PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void mprotect_rangeStartingInAHole_changesNothing() {
        mm.mmap(A + PAGE, PAGE, Prot.RW);

        assertThat(mm.mprotect(A, 2 * PAGE, Prot.RO)).isEqualTo(-ENOMEM);

        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void mprotect_acrossAdjacentMappingsWithDifferentProtection_isOk() {
        mm.mmap(A, PAGE, Prot.RW);
        mm.mmap(A + PAGE, PAGE, Prot.NONE);
        mm.mmap(A + 2 * PAGE, PAGE, Prot.RO);

        assertThat(mm.mprotect(A, 3 * PAGE, Prot.RW)).isEqualTo(0);

        assertThat(mm.protection(A)).isEqualTo(Prot.RW);
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RW);
        assertThat(mm.protection(A + 2 * PAGE)).isEqualTo(Prot.RW);
    }

    @Test
    void mprotect_rangeCrossingTaskSize_changesTheMappedPagesThenIsEnomem() {
        mm.mmap(TASK_SIZE - 2 * PAGE, 2 * PAGE, Prot.RW);

        assertThat(mm.mprotect(TASK_SIZE - 2 * PAGE, 3 * PAGE, Prot.RO)).isEqualTo(-ENOMEM);

        assertThat(mm.protection(TASK_SIZE - 2 * PAGE)).isEqualTo(Prot.RO);
        assertThat(mm.protection(TASK_SIZE - PAGE)).isEqualTo(Prot.RO);
        assertThat(mm.protection(TASK_SIZE)).isNull();
    }

    @Test
    void mprotect_atOrAboveTaskSize_isEnomem() {
        assertThat(mm.mprotect(TASK_SIZE, PAGE, Prot.RO)).isEqualTo(-ENOMEM);
        assertThat(mm.mprotect(Hva.KVM_HVA_ERR_BAD, PAGE, Prot.RO)).isEqualTo(-ENOMEM);
        assertThat(mm.protection(TASK_SIZE)).isNull();
    }

    @Test
    void mprotect_rangeWrappingPast2To64_isEnomem() {
        assertThat(mm.mprotect(0xffff_ffff_ffff_f000L, 2 * PAGE, Prot.RO)).isEqualTo(-ENOMEM);
        assertThat(mm.mprotect(A, -1L, Prot.RO)).isEqualTo(-ENOMEM);
    }

    @Test
    void mprotect_rangeEndingAbove2To63_changesTheMappedPagesThenIsEnomem() {
        // The end has its top bit set: a signed compare would take it for a small number.
        mm.mmap(A, PAGE, Prot.RW);

        assertThat(mm.mprotect(A, 0x8000_0000_0000_0000L, Prot.RO)).isEqualTo(-ENOMEM);

        assertThat(mm.protection(A)).isEqualTo(Prot.RO);
    }

    @Test
    void mprotect_unmappedRangeEndingAbove2To63_isEnomem() {
        assertThat(mm.mprotect(A, 0x8000_0000_0000_0000L, Prot.RO)).isEqualTo(-ENOMEM);
    }

    @Test
    void mprotect_nullProt_throwsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> mm.mprotect(A, PAGE, null));
    }

    @Test
    void mprotect_oneMiddlePage_isTrackedPerPage() {
        mm.mmap(A, 3 * PAGE, Prot.RW);

        assertThat(mm.mprotect(A + PAGE, PAGE, Prot.RO)).isEqualTo(0);

        assertThat(mm.protection(A)).isEqualTo(Prot.RW);
        assertThat(mm.protection(A + PAGE)).isEqualTo(Prot.RO);
        assertThat(mm.protection(A + 2 * PAGE)).isEqualTo(Prot.RW);
        assertThat(mm.copyToUser(A, pattern(3 * PAGE, 0), 0, 3 * PAGE)).isEqualTo(2L * PAGE);
        MemorySegment dst = filled(3 * PAGE, 0x77);
        assertThat(mm.copyFromUser(dst, 0, A, 3 * PAGE)).isEqualTo(0L);
    }

    @Test
    void mprotect_keepsTheData() {
        mm.mmap(A, PAGE, Prot.RW);
        MemorySegment data = pattern(PAGE, 4);
        writeAll(A, data);

        mm.mprotect(A, PAGE, Prot.NONE);
        mm.mprotect(A, PAGE, Prot.RO);

        assertThat(readAll(A, PAGE)).isEqualTo(bytes(data));
    }

    // ---------------------------------------------------------------- copy_from_user

    @Test
    void copyFromUser_neverWrittenMappedMemory_readsZeros() {
        mm.mmap(A, 4 * CHUNK, Prot.RW);

        assertThat(readAll(A + 123, (int) (3 * CHUNK))).isEqualTo(new byte[(int) (3 * CHUNK)]);
    }

    @Test
    void copyFromUser_ofUntouchedMemory_allocatesNoBacking() {
        mm.mmap(A, 4 * CHUNK, Prot.RW);

        readAll(A, (int) (4 * CHUNK));

        assertThat(mm.residentBytes()).isEqualTo(0L);
    }

    @Test
    void copyFromUser_acrossUnmappedPage_stopsAtIt() {
        mm.mmap(A, PAGE, Prot.RW);
        MemorySegment data = pattern(PAGE, 1);
        writeAll(A, data);
        MemorySegment dst = filled(300, 0x77);

        long notCopied = mm.copyFromUser(dst, 0, A + PAGE - 100, 300);

        assertThat(notCopied).isEqualTo(200L);
        assertThat(slice(dst, 0, 100)).isEqualTo(slice(data, PAGE - 100, 100));
        assertThat(slice(dst, 100, 200)).isEqualTo(bytes(filled(200, 0x77)));
    }

    @Test
    void copyFromUser_acrossProtNonePage_stopsAtIt() {
        mm.mmap(A, 2 * PAGE, Prot.RW);
        MemorySegment data = pattern(2 * PAGE, 2);
        writeAll(A, data);
        mm.mprotect(A + PAGE, PAGE, Prot.NONE);
        MemorySegment dst = filled(300, 0x77);

        long notCopied = mm.copyFromUser(dst, 0, A + PAGE - 100, 300);

        assertThat(notCopied).isEqualTo(200L);
        assertThat(slice(dst, 0, 100)).isEqualTo(slice(data, PAGE - 100, 100));
        assertThat(slice(dst, 100, 200)).isEqualTo(bytes(filled(200, 0x77)));
    }

    @Test
    void copyFromUser_fromProtNonePage_copiesNothing() {
        mm.mmap(A, PAGE, Prot.NONE);
        MemorySegment dst = filled(16, 0x77);

        assertThat(mm.copyFromUser(dst, 0, A, 16)).isEqualTo(16L);

        assertThat(bytes(dst)).isEqualTo(bytes(filled(16, 0x77)));
    }

    @Test
    void copyFromUser_startingInUnmappedPage_copiesNothingEvenIfLaterPagesAreMapped() {
        mm.mmap(A + PAGE, PAGE, Prot.RW);
        MemorySegment dst = filled(2 * PAGE, 0x77);

        assertThat(mm.copyFromUser(dst, 0, A, 2 * PAGE)).isEqualTo(2L * PAGE);

        assertThat(bytes(dst)).isEqualTo(bytes(filled(2 * PAGE, 0x77)));
    }

    @Test
    void copyFromUser_readOnlyPage_isReadable() {
        mm.mmap(A, PAGE, Prot.RW);
        MemorySegment data = pattern(PAGE, 7);
        writeAll(A, data);
        mm.mprotect(A, PAGE, Prot.RO);

        assertThat(readAll(A, PAGE)).isEqualTo(bytes(data));
    }

    @Test
    void copyFromUser_endingExactlyAtTheLastMappedByte_copiesAll() {
        mm.mmap(A, PAGE, Prot.RW);

        MemorySegment dst = filled(100, 0x77);
        assertThat(mm.copyFromUser(dst, 0, A + PAGE - 100, 100)).isEqualTo(0L);

        assertThat(bytes(dst)).isEqualTo(new byte[100]);
    }

    @Test
    void copyFromUser_intoAnOffsetOfTheBuffer_leavesTheRestOfTheBufferUntouched() {
        mm.mmap(A, PAGE, Prot.RW);
        writeAll(A, filled(8, 0x11));
        MemorySegment dst = filled(24, 0x77);

        assertThat(mm.copyFromUser(dst, 8, A, 8)).isEqualTo(0L);

        assertThat(slice(dst, 0, 8)).isEqualTo(bytes(filled(8, 0x77)));
        assertThat(slice(dst, 8, 8)).isEqualTo(bytes(filled(8, 0x11)));
        assertThat(slice(dst, 16, 8)).isEqualTo(bytes(filled(8, 0x77)));
    }

    @Test
    void copyFromUser_acrossTwoAdjacentMappings_copiesAll() {
        mm.mmap(A, PAGE, Prot.RW);
        mm.mmap(A + PAGE, PAGE, Prot.RO);
        writeAll(A + PAGE - 4, filled(4, 0x42));

        byte[] got = readAll(A + PAGE - 4, 8);

        assertThat(got).isEqualTo(new byte[] {0x42, 0x42, 0x42, 0x42, 0, 0, 0, 0});
    }

    @Test
    void copyFromUser_lengthZero_copiesNothingAndSucceedsEvenUnmapped() {
        MemorySegment dst = filled(4, 0x77);

        assertThat(mm.copyFromUser(dst, 0, A, 0)).isEqualTo(0L);

        assertThat(bytes(dst)).isEqualTo(bytes(filled(4, 0x77)));
    }

    @Test
    void copyFromUser_nullBuffer_throwsIllegalArgument() {
        mm.mmap(A, PAGE, Prot.RW);
        assertThrows(IllegalArgumentException.class, () -> mm.copyFromUser(null, 0, A, 8));
    }

    @Test
    void copyFromUser_negativeLength_throwsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mm.copyFromUser(filled(8, 0), 0, A, -3));
        assertThat(e).hasMessageThat().contains("-3");
    }

    @Test
    void copyFromUser_pieceOutsideTheBuffer_throwsAndTouchesNothing() {
        mm.mmap(A, PAGE, Prot.RW);
        MemorySegment dst = filled(8, 0x77);

        assertThrows(IllegalArgumentException.class, () -> mm.copyFromUser(dst, 4, A, 8));

        assertThat(bytes(dst)).isEqualTo(bytes(filled(8, 0x77)));
    }

    // ---------------------------------------------------------------- copy_to_user

    @Test
    void copyToUser_thenCopyFromUser_acrossChunkBoundaries_roundTrips() {
        mm.mmap(A, 4 * CHUNK, Prot.RW);
        int len = (int) (2 * CHUNK + 300);
        MemorySegment data = pattern(len, 11);

        assertThat(mm.copyToUser(A + CHUNK - 150, data, 0, len)).isEqualTo(0L);

        assertThat(readAll(A + CHUNK - 150, len)).isEqualTo(bytes(data));
        assertThat(readAll(A, (int) CHUNK - 150)).isEqualTo(new byte[(int) CHUNK - 150]);
        assertThat(readAll(A + 3 * CHUNK + 150, (int) CHUNK - 150)).isEqualTo(new byte[(int) CHUNK - 150]);
    }

    @Test
    void copyToUser_fromAnOffsetOfTheBuffer_writesThatPiece() {
        mm.mmap(A, PAGE, Prot.RW);
        MemorySegment src = pattern(64, 0);

        assertThat(mm.copyToUser(A, src, 16, 32)).isEqualTo(0L);

        assertThat(readAll(A, 32)).isEqualTo(slice(src, 16, 32));
        assertThat(readAll(A + 32, 32)).isEqualTo(new byte[32]);
    }

    @Test
    void copyToUser_acrossReadOnlyPage_stopsAtIt() {
        mm.mmap(A, 2 * PAGE, Prot.RW);
        mm.mprotect(A + PAGE, PAGE, Prot.RO);
        MemorySegment data = pattern(300, 3);

        long notCopied = mm.copyToUser(A + PAGE - 100, data, 0, 300);

        assertThat(notCopied).isEqualTo(200L);
        assertThat(readAll(A + PAGE - 100, 100)).isEqualTo(slice(data, 0, 100));
        assertThat(readAll(A + PAGE, PAGE)).isEqualTo(new byte[PAGE]);
    }

    @Test
    void copyToUser_acrossUnmappedPage_stopsAtIt() {
        mm.mmap(A, PAGE, Prot.RW);
        mm.mmap(A + 2 * PAGE, PAGE, Prot.RW);
        MemorySegment data = pattern(2 * PAGE, 3);

        long notCopied = mm.copyToUser(A + PAGE - 8, data, 0, PAGE + 16);

        assertThat(notCopied).isEqualTo(PAGE + 8L);
        assertThat(readAll(A + PAGE - 8, 8)).isEqualTo(slice(data, 0, 8));
        assertThat(readAll(A + 2 * PAGE, 8)).isEqualTo(new byte[8]);
    }

    @Test
    void copyToUser_toProtNonePage_copiesNothing() {
        mm.mmap(A, PAGE, Prot.NONE);

        assertThat(mm.copyToUser(A, pattern(16, 0), 0, 16)).isEqualTo(16L);

        mm.mprotect(A, PAGE, Prot.RO);
        assertThat(readAll(A, 16)).isEqualTo(new byte[16]);
    }

    @Test
    void copyToUser_toReadOnlyPage_copiesNothing() {
        mm.mmap(A, PAGE, Prot.RO);

        assertThat(mm.copyToUser(A, pattern(16, 0), 0, 16)).isEqualTo(16L);

        assertThat(readAll(A, 16)).isEqualTo(new byte[16]);
        assertThat(mm.residentBytes()).isEqualTo(0L);
    }

    @Test
    void copyToUser_acrossTaskSize_stopsAtIt() {
        mm.mmap(TASK_SIZE - PAGE, PAGE, Prot.RW);

        long notCopied = mm.copyToUser(TASK_SIZE - 16, pattern(48, 0), 0, 48);

        assertThat(notCopied).isEqualTo(32L);
        assertThat(readAll(TASK_SIZE - 16, 16)).isEqualTo(slice(pattern(48, 0), 0, 16));
    }

    @Test
    void copyToUser_nullBuffer_throwsIllegalArgument() {
        mm.mmap(A, PAGE, Prot.RW);
        assertThrows(IllegalArgumentException.class, () -> mm.copyToUser(A, null, 0, 8));
    }

    @Test
    void copyToUser_negativeLength_throwsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mm.copyToUser(A, filled(8, 0), 0, -3));
        assertThat(e).hasMessageThat().contains("-3");
    }

    // ---------------------------------------------------------------- clear_user

    @Test
    void clearUser_zeroesTheRange() {
        mm.mmap(A, 2 * PAGE, Prot.RW);
        writeAll(A, filled(2 * PAGE, 0x33));

        assertThat(mm.clearUser(A + 100, PAGE)).isEqualTo(0L);

        byte[] got = readAll(A, 2 * PAGE);
        assertThat(Arrays.copyOfRange(got, 0, 100)).isEqualTo(bytes(filled(100, 0x33)));
        assertThat(Arrays.copyOfRange(got, 100, 100 + PAGE)).isEqualTo(new byte[PAGE]);
        assertThat(Arrays.copyOfRange(got, 100 + PAGE, 2 * PAGE)).isEqualTo(bytes(filled(PAGE - 100, 0x33)));
    }

    @Test
    void clearUser_acrossReadOnlyPage_stopsAtIt() {
        mm.mmap(A, 2 * PAGE, Prot.RW);
        writeAll(A, filled(2 * PAGE, 0x33));
        mm.mprotect(A + PAGE, PAGE, Prot.RO);

        long notCleared = mm.clearUser(A + PAGE - 100, 300);

        assertThat(notCleared).isEqualTo(200L);
        assertThat(readAll(A + PAGE - 100, 100)).isEqualTo(new byte[100]);
        assertThat(readAll(A + PAGE, 200)).isEqualTo(bytes(filled(200, 0x33)));
    }

    @Test
    void clearUser_acrossUnmappedPage_stopsAtIt() {
        mm.mmap(A, PAGE, Prot.RW);
        mm.mmap(A + 2 * PAGE, PAGE, Prot.RW);
        writeAll(A + 2 * PAGE, filled(PAGE, 0x33));

        long notCleared = mm.clearUser(A, 3 * PAGE);

        assertThat(notCleared).isEqualTo(2L * PAGE);
        assertThat(readAll(A + 2 * PAGE, PAGE)).isEqualTo(bytes(filled(PAGE, 0x33)));
    }

    @Test
    void clearUser_protNonePage_clearsNothing() {
        mm.mmap(A, PAGE, Prot.RW);
        writeAll(A, filled(PAGE, 0x33));
        mm.mprotect(A, PAGE, Prot.NONE);

        assertThat(mm.clearUser(A, PAGE)).isEqualTo((long) PAGE);

        mm.mprotect(A, PAGE, Prot.RO);
        assertThat(readAll(A, PAGE)).isEqualTo(bytes(filled(PAGE, 0x33)));
    }

    @Test
    void clearUser_ofUntouchedMemory_allocatesNoBacking() {
        mm.mmap(A, 4 * CHUNK, Prot.RW);

        assertThat(mm.clearUser(A, 4 * CHUNK)).isEqualTo(0L);

        assertThat(mm.residentBytes()).isEqualTo(0L);
    }

    @Test
    void clearUser_negativeLength_throwsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mm.clearUser(A, -3));
        assertThat(e).hasMessageThat().contains("-3");
    }

    // ---------------------------------------------------------------- TASK_SIZE and error hvas

    @Test
    void taskSize_isX86_64TaskSizeMax() {
        assertThat(TASK_SIZE).isEqualTo(0x7fff_ffff_f000L);
    }

    @Test
    void copies_atOrAboveTaskSize_copyNothing() {
        mm.mmap(TASK_SIZE - PAGE, PAGE, Prot.RW);
        MemorySegment dst = filled(16, 0x77);

        assertThat(mm.copyFromUser(dst, 0, TASK_SIZE, 16)).isEqualTo(16L);
        assertThat(mm.copyToUser(TASK_SIZE, pattern(16, 0), 0, 16)).isEqualTo(16L);
        assertThat(mm.clearUser(TASK_SIZE, 16)).isEqualTo(16L);
        assertThat(mm.copyFromUser(dst, 0, 0x8000_0000_0000L, 16)).isEqualTo(16L);
        assertThat(bytes(dst)).isEqualTo(bytes(filled(16, 0x77)));
        assertThat(mm.protection(TASK_SIZE)).isNull();
    }

    @Test
    void copies_atErrorHva_copyNothing() {
        MemorySegment dst = filled(16, 0x77);

        assertThat(mm.copyFromUser(dst, 0, Hva.KVM_HVA_ERR_BAD, 16)).isEqualTo(16L);
        assertThat(mm.copyToUser(Hva.KVM_HVA_ERR_BAD, pattern(16, 0), 0, 16)).isEqualTo(16L);
        assertThat(mm.clearUser(Hva.KVM_HVA_ERR_RO_BAD, 16)).isEqualTo(16L);
        assertThat(bytes(dst)).isEqualTo(bytes(filled(16, 0x77)));
    }

    @Test
    void copies_wrappingPast2To64_copyNothing() {
        mm.mmap(0, PAGE, Prot.RW);
        MemorySegment dst = filled(16, 0x77);

        assertThat(mm.copyFromUser(dst, 0, -8L, 16)).isEqualTo(16L);
        assertThat(mm.copyToUser(-8L, pattern(16, 0), 0, 16)).isEqualTo(16L);

        assertThat(readAll(0, 8)).isEqualTo(new byte[8]);
    }

    // ---------------------------------------------------------------- lazy backing

    @Test
    void mmap64GiB_writesAtStartMiddleAndEnd_costOnlyTheChunksTouched() {
        long size = 64 * GIB;
        long base = 0x10_0000_0000L;
        assertThat(mm.mmap(base, size, Prot.RW)).isEqualTo(0);
        assertThat(mm.residentBytes()).isEqualTo(0L);
        long[] where = {base, base + size / 2 + 12345, base + size - PAGE + 4000};

        for (int i = 0; i < where.length; i++) {
            writeAll(where[i], pattern(64, i));
        }

        for (int i = 0; i < where.length; i++) {
            assertThat(readAll(where[i], 64)).isEqualTo(bytes(pattern(64, i)));
        }
        assertThat(readAll(base + size / 4, 64)).isEqualTo(new byte[64]);
        // Three writes, three 64 KiB chunks at most: the other 64 GiB cost nothing.
        assertThat(mm.residentBytes()).isAtMost(3 * CHUNK);
        assertThat(mm.residentBytes()).isAtLeast(3 * 64L);
    }

    // ---------------------------------------------------------------- the bench's backing view

    @Test
    void backingForBench_isTheMemoryThatCopiesGoThrough() {
        assertThat(mm.mmap(A, 2 * CHUNK, Prot.RW)).isEqualTo(0);
        long hva = A + CHUNK + 3 * PAGE + 5;
        writeAll(hva, pattern(16, 9));

        MemorySegment backing = mm.backingForBench(hva, 17);

        assertThat(backing.byteSize()).isEqualTo(17L);
        assertThat(slice(backing, 0, 16)).isEqualTo(bytes(pattern(16, 9)));
        backing.set(ValueLayout.JAVA_BYTE, 16, (byte) 0x5a);
        assertThat(readAll(hva + 16, 1)).isEqualTo(new byte[] {0x5a});
        assertThat(mm.backingForBench(hva - 5, 1).address()).isEqualTo(backing.address() - 5);
    }

    @Test
    void backingForBench_ofAMappingSplitByMprotect_isStillOneRange() {
        assertThat(mm.mmap(A, 3 * PAGE, Prot.RW)).isEqualTo(0);
        long before = mm.backingForBench(A, PAGE).address();

        assertThat(mm.mprotect(A + PAGE, PAGE, Prot.RO)).isEqualTo(0);

        assertThat(mm.backingForBench(A + 2 * PAGE, PAGE).address()).isEqualTo(before + 2 * PAGE);
    }

    @Test
    void backingForBench_outsideOneMapping_isAHostError() {
        assertThat(mm.mmap(A, PAGE, Prot.RW)).isEqualTo(0);
        assertThat(mm.mmap(A + PAGE, PAGE, Prot.RW)).isEqualTo(0);

        IllegalArgumentException across = assertThrows(IllegalArgumentException.class,
                () -> mm.backingForBench(A + PAGE - 8, 16));
        assertThat(across).hasMessageThat().contains("7f0000000ff8");
        assertThrows(IllegalArgumentException.class, () -> mm.backingForBench(A + 2 * PAGE, 8));
        assertThrows(IllegalArgumentException.class, () -> mm.backingForBench(TASK_SIZE, 8));
        assertThrows(IllegalArgumentException.class, () -> mm.backingForBench(A, 0));
    }
}
