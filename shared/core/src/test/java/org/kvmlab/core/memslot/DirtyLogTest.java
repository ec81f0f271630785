package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.base.Errno.ENOENT;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_X86_SMRAM;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;

/**
 * Dirty logging as Linux 4.1 does it on x86 ({@code mark_page_dirty_in_slot},
 * {@code kvm_get_dirty_log_protect}; DESIGN.md section 3): the per-slot
 * bitmap, set atomically from many threads, and {@code KVM_GET_DIRTY_LOG}, which copies and
 * clears it; {@code -EINVAL} for an id at or above the user-slot count or an address space out of
 * range, {@code -ENOENT} for a slot that does not exist or does not log.
 */
class DirtyLogTest {
    private static final long PAGE = 4096;
    private static final long HVA = 0x7f0000000000L;

    private Kvm kvm = new Kvm(KvmConfig.smramFlag());

    private int set(int slot, int flags, long baseGfn, long npages) {
        return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(slot, flags, baseGfn * PAGE, npages * PAGE,
                HVA + ((long) (slot & 0xffff) << 36)));
    }

    private DirtyBitmap bitmap(int asId, int id) {
        return kvm.memslots(asId).idToMemslot(id).dirtyBitmap();
    }

    /** The dirty pages of a successful {@code KVM_GET_DIRTY_LOG}; fails the test on an errno. */
    private long[] dirtyPages(int slot) {
        return switch (kvm.getDirtyLog(slot)) {
            case DirtyLogResult.Collected collected -> collected.dirtyPages();
            case DirtyLogResult.Failed failed -> throw new AssertionError("KVM_GET_DIRTY_LOG(" + slot
                    + ") failed with " + failed.errno());
        };
    }

    /** The errno of a failed {@code KVM_GET_DIRTY_LOG}; fails the test on success. */
    private int errno(int slot) {
        return switch (kvm.getDirtyLog(slot)) {
            case DirtyLogResult.Failed failed -> failed.errno();
            case DirtyLogResult.Collected collected -> throw new AssertionError("KVM_GET_DIRTY_LOG(" + slot
                    + ") collected " + collected.dirtyPages().length + " pages, expected an error");
        };
    }

    // ---- Errors ----

    @ParameterizedTest(name = "slot {0}")
    @ValueSource(ints = {509, 510, 512, 0xffff})
    void getDirtyLog_idAtOrAboveUserSlots_isEinval(int slot) {
        assertThat(errno(slot)).isEqualTo(-EINVAL);
    }

    @Test
    void getDirtyLog_idOne_inSingleSlotVm_isEinval() {
        kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(1));
        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES, 0, 16)).isEqualTo(0);

        assertThat(errno(1)).isEqualTo(-EINVAL);
        assertThat(dirtyPages(0)).isEmpty();
    }

    @Test
    void getDirtyLog_asIdOne_inFlagConfig_isEinval() {
        assertThat(set(1, KVM_MEM_LOG_DIRTY_PAGES, 0, 16)).isEqualTo(0);

        assertThat(errno(1 << 16 | 1)).isEqualTo(-EINVAL);
    }

    @Test
    void getDirtyLog_asIdTwo_inAddressSpaceConfig_isEinval() {
        kvm = new Kvm(KvmConfig.addressSpaces());

        assertThat(errno(2 << 16 | 1)).isEqualTo(-EINVAL);
        assertThat(errno(0xffff0000)).isEqualTo(-EINVAL);
    }

    @Test
    void getDirtyLog_missingSlot_isEnoent() {
        assertThat(errno(3)).isEqualTo(-ENOENT);
    }

    @Test
    void getDirtyLog_slotWithoutLogDirty_isEnoent() {
        assertThat(set(3, 0, 0, 16)).isEqualTo(0);

        assertThat(errno(3)).isEqualTo(-ENOENT);
    }

    @Test
    void getDirtyLog_smramSlotWithoutLogDirty_isEnoent() {
        assertThat(set(3, KVM_MEM_X86_SMRAM, 0, 16)).isEqualTo(0);

        assertThat(errno(3)).isEqualTo(-ENOENT);
    }

    // ---- Copy and clear ----

    @Test
    void getDirtyLog_freshLoggingSlot_isClean_withOneWordPer64Pages() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 130)).isEqualTo(0);

        DirtyLogResult result = kvm.getDirtyLog(2);

        assertThat(result).isInstanceOf(DirtyLogResult.Collected.class);
        DirtyLogResult.Collected log = (DirtyLogResult.Collected) result;
        assertThat(log.npages()).isEqualTo(130);
        assertThat(log.bitmap()).hasLength(3);
        assertThat(log.bitmap()).asList().containsExactly(0L, 0L, 0L);
        assertThat(log.dirtyPages()).isEmpty();
    }

    @Test
    void getDirtyLog_reportsTheBitsSet_asSlotRelativePages() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 130)).isEqualTo(0);
        DirtyBitmap bitmap = bitmap(0, 2);
        for (long rel : new long[] {129, 0, 63, 64, 5}) {
            bitmap.setBit(rel);
        }

        DirtyLogResult.Collected log = (DirtyLogResult.Collected) kvm.getDirtyLog(2);

        assertThat(log.dirtyPages()).asList().containsExactly(0L, 5L, 63L, 64L, 129L).inOrder();
        assertThat(log.isDirty(63)).isTrue();
        assertThat(log.isDirty(62)).isFalse();
        assertThat(log.bitmap()[0]).isEqualTo(1L | 1L << 5 | 1L << 63);
        assertThat(log.bitmap()[1]).isEqualTo(1L);
        assertThat(log.bitmap()[2]).isEqualTo(2L);
    }

    @Test
    void getDirtyLog_twice_secondIsEmpty() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);
        bitmap(0, 2).setBit(3);
        assertThat(dirtyPages(2)).asList().containsExactly(3L);

        assertThat(dirtyPages(2)).isEmpty();
        assertThat(bitmap(0, 2).testBit(3)).isFalse();
    }

    @Test
    void getDirtyLog_bitSetAfterCollection_showsInTheNextOneOnly() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);
        bitmap(0, 2).setBit(1);
        assertThat(dirtyPages(2)).asList().containsExactly(1L);

        bitmap(0, 2).setBit(9);

        assertThat(dirtyPages(2)).asList().containsExactly(9L);
    }

    @Test
    void getDirtyLog_ofHugeSlot_reportsBitsInEveryChunk() {
        long npages = 3L << 16 | 5;
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0, npages)).isEqualTo(0);
        for (long rel : new long[] {0, 65535, 65536, 2L << 16, npages - 1}) {
            bitmap(0, 2).setBit(rel);
        }

        assertThat(dirtyPages(2)).asList().containsExactly(0L, 65535L, 65536L, 2L << 16, npages - 1).inOrder();
    }

    @Test
    void getDirtyLog_inSpaceOne_collectsThatSpacesSlot_andLeavesSpaceZeroClean() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(set(1, KVM_MEM_LOG_DIRTY_PAGES, 0x30, 16)).isEqualTo(0);
        assertThat(set(1 << 16 | 1, KVM_MEM_LOG_DIRTY_PAGES, 0x30, 16)).isEqualTo(0);
        bitmap(1, 1).setBit(4);

        assertThat(dirtyPages(1 << 16 | 1)).asList().containsExactly(4L);
        assertThat(dirtyPages(1)).isEmpty();
        assertThat(errno(0)).isEqualTo(-ENOENT);
        assertThat(errno(1 << 16)).isEqualTo(-ENOENT);
    }

    // ---- Bitmaps across slot changes ----

    @Test
    void move_keepingLogDirty_keepsTheBits_indexedByPageWithinTheSlot() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);
        bitmap(0, 2).setBit(3);
        bitmap(0, 2).setBit(15);

        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x800, 16)).isEqualTo(0);

        assertThat(kvm.memslots(0).idToMemslot(2).baseGfn()).isEqualTo(0x800);
        assertThat(dirtyPages(2)).asList().containsExactly(3L, 15L).inOrder();
    }

    @Test
    void move_addingLogDirty_startsClean() {
        assertThat(set(2, 0, 0x100, 16)).isEqualTo(0);

        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x800, 16)).isEqualTo(0);

        assertThat(dirtyPages(2)).isEmpty();
    }

    @Test
    void flagsOnly_addingLogDirty_startsClean() {
        assertThat(set(2, 0, 0x100, 16)).isEqualTo(0);

        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);

        assertThat(bitmap(0, 2)).isNotNull();
        assertThat(bitmap(0, 2).npages()).isEqualTo(16);
        assertThat(dirtyPages(2)).isEmpty();
    }

    @Test
    void flagsOnly_keepingLogDirty_keepsTheBits() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);
        bitmap(0, 2).setBit(7);

        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_X86_SMRAM, 0x100, 16)).isEqualTo(0);

        assertThat(dirtyPages(2)).asList().containsExactly(7L);
    }

    @Test
    void flagsOnly_removingLogDirty_dropsTheBitmap_andTheLogIsEnoent() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);
        bitmap(0, 2).setBit(7);

        assertThat(set(2, 0, 0x100, 16)).isEqualTo(0);

        assertThat(bitmap(0, 2)).isNull();
        assertThat(errno(2)).isEqualTo(-ENOENT);
    }

    @Test
    void loggingOffThenOn_startsClean() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);
        bitmap(0, 2).setBit(7);
        assertThat(set(2, 0, 0x100, 16)).isEqualTo(0);

        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);

        assertThat(dirtyPages(2)).isEmpty();
    }

    @Test
    void delete_dropsTheBitmap_andTheLogIsEnoent() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);
        bitmap(0, 2).setBit(7);

        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 0)).isEqualTo(0);

        assertThat(bitmap(0, 2)).isNull();
        assertThat(errno(2)).isEqualTo(-ENOENT);
    }

    @Test
    void deleteAndRecreate_startsClean() {
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);
        bitmap(0, 2).setBit(7);
        assertThat(set(2, 0, 0x100, 0)).isEqualTo(0);

        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100, 16)).isEqualTo(0);

        assertThat(dirtyPages(2)).isEmpty();
    }

    // ---- Atomic bits, bounds ----

    /**
     * Two threads set interleaved bits of one 200 000-page slot, 100 000 each (even and odd pages,
     * so that every 64-bit word is shared). They move in lockstep, word by word, so that both work
     * on the same word at the same time (and reach each lazily allocated chunk of the bitmap
     * together) instead of drifting apart; a plain read-modify-write of a word, or a chunk
     * published without compare-and-set, loses bits here.
     */
    @Test
    void setBit_fromTwoThreadsConcurrently_losesNone() throws Exception {
        int npages = 200_000;
        for (int round = 0; round < 4; round++) {
            // A fresh bitmap each round: created without logging (or logging turned off), then logging on.
            assertThat(set(2, 0, 0, npages)).isEqualTo(0);
            assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0, npages)).isEqualTo(0);
            DirtyBitmap bitmap = bitmap(0, 2);
            assertThat(dirtyPages(2)).isEmpty();

            setInLockstep(bitmap, npages);

            DirtyLogResult.Collected log = (DirtyLogResult.Collected) kvm.getDirtyLog(2);
            long missing = 0;
            for (long word : log.bitmap()) {
                missing += Long.bitCount(~word);
            }
            assertWithMessage("round %s", round).that(missing).isEqualTo(0);
            assertThat(log.dirtyPages()).hasLength(npages);
        }
    }

    /** Thread t sets bits t, t + 2, t + 4, ... of each word, both threads moving word by word together. */
    private static void setInLockstep(DirtyBitmap bitmap, int npages) throws InterruptedException {
        AtomicIntegerArray progress = new AtomicIntegerArray(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] writers = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int me = t;
            writers[t] = new Thread(() -> {
                try {
                    for (int word = 0; word < npages / 64; word++) {
                        for (int spins = 0; progress.get(1 - me) < word && failure.get() == null; spins++) {
                            if (spins > 100) {
                                Thread.yield();
                            }
                        }
                        for (long rel = word * 64L + me; rel < word * 64L + 64; rel += 2) {
                            bitmap.setBit(rel);
                        }
                        progress.set(me, word + 1);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            writers[t].start();
        }
        for (Thread w : writers) {
            w.join();
        }
        assertThat(failure.get()).isNull();
    }

    /**
     * {@code KVM_GET_DIRTY_LOG} while a vCPU thread dirties pages: the collector takes the log
     * continuously while the writer sets each bit of a 128-page slot once per round; over 2000
     * rounds every bit shows up in exactly one collection. A read of a word followed by a separate
     * store of 0 (instead of an atomic exchange) would lose the bits set in between.
     */
    @Test
    void getDirtyLog_whileAnotherThreadSetsBits_reportsEveryBitExactlyOnce() throws Exception {
        int npages = 128;
        int rounds = 2000;
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 0, npages)).isEqualTo(0);
        DirtyBitmap bitmap = bitmap(0, 2);
        AtomicInteger started = new AtomicInteger(-1);
        AtomicInteger finished = new AtomicInteger(-1);
        Thread writer = new Thread(() -> {
            for (int round = 0; round < rounds; round++) {
                while (started.get() < round) {
                    Thread.onSpinWait();
                }
                for (long rel = 0; rel < npages; rel++) {
                    bitmap.setBit(rel);
                }
                finished.set(round);
            }
        });
        writer.setDaemon(true);
        writer.start();
        long[] seen = new long[2];
        long lost = 0;
        long collectionsDuringWrites = 0;
        for (int round = 0; round < rounds; round++) {
            started.set(round);
            while (finished.get() < round) {
                collect(seen);
                collectionsDuringWrites++;
            }
            collect(seen);
            lost += Long.bitCount(~seen[0]) + Long.bitCount(~seen[1]);
            seen[0] = 0;
            seen[1] = 0;
        }
        writer.join(10_000);

        assertThat(lost).isEqualTo(0);
        assertThat(collectionsDuringWrites).isGreaterThan(0);
    }

    /** ORs one collected log into {@code seen}, failing if a bit appears in two collections. */
    private void collect(long[] seen) {
        DirtyLogResult.Collected log = (DirtyLogResult.Collected) kvm.getDirtyLog(2);
        for (int w = 0; w < seen.length; w++) {
            if ((seen[w] & log.bitmap()[w]) != 0) {
                throw new AssertionError("word " + w + " reported a bit twice");
            }
            seen[w] |= log.bitmap()[w];
        }
    }

    @Test
    void setBit_fromTwoThreads_onAFreshBitmap_losesNone() throws Exception {
        // Both threads race to allocate the same lazily created chunks, too.
        for (int round = 0; round < 20; round++) {
            DirtyBitmap bitmap = new DirtyBitmap(4096);
            CyclicBarrier start = new CyclicBarrier(2);
            Thread other = new Thread(() -> {
                await(start);
                for (long rel = 1; rel < 4096; rel += 2) {
                    bitmap.setBit(rel);
                }
            });
            other.start();
            await(start);
            for (long rel = 0; rel < 4096; rel += 2) {
                bitmap.setBit(rel);
            }
            other.join();

            long dirty = 0;
            for (long word : bitmap.getAndClear()) {
                dirty += Long.bitCount(word);
            }
            assertThat(dirty).isEqualTo(4096);
            assertThat(bitmap.nextSetBit(0)).isEqualTo(-1);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void setBit_pastTheSlot_throwsNamingTheIndex() {
        DirtyBitmap bitmap = new DirtyBitmap(16);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bitmap.setBit(16));

        assertThat(e).hasMessageThat().contains("page 16 ");
    }

    @Test
    void setBit_negative_throwsNamingTheIndex() {
        DirtyBitmap bitmap = new DirtyBitmap(16);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bitmap.setBit(-1));

        assertThat(e).hasMessageThat().contains("page -1 ");
    }

    @Test
    void setBit_atLastPage_isFine() {
        DirtyBitmap bitmap = new DirtyBitmap(16);

        bitmap.setBit(15);

        assertThat(bitmap.testBit(15)).isTrue();
        assertThat(bitmap.nextSetBit(0)).isEqualTo(15);
    }

    @Test
    void bitmapOfNoPages_isAHostError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DirtyBitmap(0));

        assertThat(e).hasMessageThat().isEqualTo("npages 0 is not positive");
    }

    @Test
    void bitmapNeverWritten_hasNoBitAnywhere_andOneBitWrittenIsFoundAcrossEmptyChunks() {
        long npages = 3L << 16;
        DirtyBitmap bitmap = new DirtyBitmap(npages);

        assertThat(bitmap.testBit(0)).isFalse();
        assertThat(bitmap.testBit(npages - 1)).isFalse();
        assertThat(bitmap.nextSetBit(0)).isEqualTo(-1L);

        bitmap.setBit(npages - 1);

        assertThat(bitmap.testBit(npages - 1)).isTrue();
        assertThat(bitmap.testBit(npages - 2)).isFalse();
        assertThat(bitmap.nextSetBit(0)).isEqualTo(npages - 1);
    }
}
