package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;

/**
 * Memslots at their ends: a move, a delete and a re-create when every user slot is taken (the
 * move's invalidating install then has no free entry to spare, and the sorted blocks are full),
 * and the dirty bitmap at its first and last page for sizes on either side of a word and of its
 * lazily allocated chunks.
 */
class MemslotEdgesTest {
    private static final long PAGE = 4096;
    private static final long HVA = 0x7f0000000000L;

    private static int set(Kvm kvm, int id, int flags, long baseGfn, long npages) {
        return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(id, flags, baseGfn * PAGE, npages * PAGE, HVA));
    }

    /** A VM whose every user slot exists: slot k holds the one frame {@code 2 (n - 1 - k) + 1}. */
    private static Kvm full(int n) {
        Kvm kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(n));
        for (int k = 0; k < n; k++) {
            assertThat(set(kvm, k, 0, 2L * (n - 1 - k) + 1, 1)).isEqualTo(0);
        }
        assertThat(kvm.memslots(0).usedSlots()).isEqualTo(n);
        return kvm;
    }

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {1, 4, 509, KvmConfig.KVM_USER_MEM_SLOTS_MAX})
    void move_whenEverySlotIsTaken_movesTheSlot_andKeepsTheSetSound(int n) {
        Kvm kvm = full(n);
        int k = n / 2;
        long oldGfn = 2L * (n - 1 - k) + 1;
        long before = kvm.memslots(0).generation();

        assertThat(set(kvm, k, 0, 2L * n + 7, 1)).isEqualTo(0);

        Memslots after = kvm.memslots(0);
        assertThat(after.generation()).isEqualTo(before + 4);
        assertThat(after.usedSlots()).isEqualTo(n);
        assertThat(after.searchMemslots(2L * n + 7).id()).isEqualTo(k);
        assertThat(after.searchMemslots(oldGfn)).isNull();
        assertThat(after.memslotAt(0).id()).isEqualTo(k);
        assertThat(MemslotsInvariants.violations(after)).isEmpty();
    }

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {2, 509, KvmConfig.KVM_USER_MEM_SLOTS_MAX})
    void move_whenEverySlotIsTaken_ontoAnotherSlot_isEexist_andChangesNothing(int n) {
        Kvm kvm = full(n);
        Memslots before = kvm.memslots(0);

        assertThat(set(kvm, 0, 0, 1, 1)).isEqualTo(-EEXIST);

        assertThat(kvm.memslots(0)).isSameInstanceAs(before);
    }

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {1, 509, KvmConfig.KVM_USER_MEM_SLOTS_MAX})
    void deleteAndRecreate_whenEverySlotIsTaken_reusesTheEntry(int n) {
        Kvm kvm = full(n);
        int k = n - 1;

        assertThat(set(kvm, k, 0, 0, 0)).isEqualTo(0);
        assertThat(kvm.memslots(0).usedSlots()).isEqualTo(n - 1);
        assertThat(kvm.memslots(0).indexOf(k)).isEqualTo(n - 1);
        assertThat(set(kvm, k, 0, 0, 1)).isEqualTo(0);

        Memslots after = kvm.memslots(0);
        assertThat(after.usedSlots()).isEqualTo(n);
        assertThat(after.searchMemslots(0).id()).isEqualTo(k);
        assertThat(MemslotsInvariants.violations(after)).isEmpty();
    }

    // ---------------------------------------------------------------- the dirty bitmap at its ends

    @ParameterizedTest(name = "{0} pages")
    @ValueSource(longs = {1, 2, 63, 64, 65, 127, 128, 65535, 65536, 65537, 131072, 131073})
    void dirtyBitmap_firstAndLastPage_landInTheFirstAndLastWord(long npages) {
        DirtyBitmap bitmap = new DirtyBitmap(npages);

        bitmap.setBit(0);
        bitmap.setBit(npages - 1);

        assertThat(bitmap.testBit(0)).isTrue();
        assertThat(bitmap.testBit(npages - 1)).isTrue();
        assertThat(bitmap.nextSetBit(1)).isEqualTo(npages > 1 ? npages - 1 : -1);
        long[] words = bitmap.getAndClear();
        assertThat(words.length).isEqualTo((int) ((npages + 63) / 64));
        assertThat(words[0] & 1).isEqualTo(1L);
        assertThat(words[words.length - 1] >>> ((npages - 1) % 64)).isEqualTo(1L);
        assertThat(Long.bitCount(words[0]) + (words.length > 1 ? Long.bitCount(words[words.length - 1]) : 0))
                .isEqualTo(npages > 1 ? 2 : 1);
        assertThat(bitmap.nextSetBit(0)).isEqualTo(-1);
        assertThrows(IllegalArgumentException.class, () -> bitmap.setBit(npages));
        assertThrows(IllegalArgumentException.class, () -> bitmap.testBit(npages));
    }

    @ParameterizedTest(name = "{0} pages")
    @ValueSource(longs = {1, 64, 65, 65536, 65537})
    void dirtyLog_ofASlotWithItsEndsDirty_reportsExactlyTheFirstAndLastPage(long npages) {
        Kvm kvm = new Kvm(KvmConfig.smramFlag());
        assertThat(set(kvm, 0, KVM_MEM_LOG_DIRTY_PAGES, 0x100000, npages)).isEqualTo(0);
        DirtyBitmap bitmap = kvm.memslots(0).idToMemslot(0).dirtyBitmap();

        bitmap.setBit(0);
        bitmap.setBit(npages - 1);

        DirtyLogResult.Collected log = (DirtyLogResult.Collected) kvm.getDirtyLog(0);
        assertThat(log.dirtyPages()).asList().containsExactlyElementsIn(
                npages > 1 ? new Long[] {0L, npages - 1} : new Long[] {0L}).inOrder();
    }
}
