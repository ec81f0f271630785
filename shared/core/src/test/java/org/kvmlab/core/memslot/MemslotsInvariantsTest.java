package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;

/**
 * The invariant checker catches each invariant broken on its own: a hand-built set (made with
 * {@link Memslots#fromArrays}, which checks nothing) breaking exactly one invariant yields exactly
 * the sentence for it, and a sound set yields none. The checker runs after every test of the core
 * and the kit, so a checker that missed one would let a broken memslot update pass everywhere.
 */
class MemslotsInvariantsTest {
    private static final long HVA = 0x7f0000000000L;
    private static final long SOUND_GENERATION = -150L;

    private static MemorySlot used(int id, long base, long npages) {
        return new MemorySlot(0, id, base, npages, HVA, 0, null);
    }

    private static MemorySlot empty(int id) {
        return MemorySlot.empty(0, id);
    }

    /** A set whose array is {@code entries} in order, each id's entry where the array holds it. */
    private static Memslots set(long generation, int usedSlots, MemorySlot... entries) {
        int[] idToIndex = new int[entries.length];
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].id() >= 0 && entries[i].id() < entries.length) {
                idToIndex[entries[i].id()] = i;
            }
        }
        return Memslots.fromArrays(0, generation, entries, idToIndex, usedSlots);
    }

    private static List<String> violations(Memslots set) {
        return MemslotsInvariants.violations(set);
    }

    @Test
    void soundSet_hasNoViolation() {
        Memslots sound = set(SOUND_GENERATION, 2, used(1, 0x100, 0x10), used(0, 0x0, 0x10), empty(2));

        assertThat(violations(sound)).isEmpty();
    }

    @Test
    void everySetACreateMoveAndDeleteLeave_isSound() {
        Kvm kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(8));
        for (int id = 0; id < 8; id++) {
            assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(id, KVM_MEM_LOG_DIRTY_PAGES,
                    0x10000L * (id * 5 % 8), 0x1000, HVA))).isEqualTo(0);
            assertThat(violations(kvm.memslots(0))).isEmpty();
        }
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(3, KVM_MEM_LOG_DIRTY_PAGES, 0x100000, 0x1000,
                HVA))).isEqualTo(0);
        assertThat(violations(kvm.memslots(0))).isEmpty();
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(5, 0, 0, 0, HVA))).isEqualTo(0);
        assertThat(violations(kvm.memslots(0))).isEmpty();
    }

    @Test
    void oddGeneration_isReported() {
        Memslots odd = set(SOUND_GENERATION + 1, 1, used(0, 0x0, 0x10), empty(1));

        assertThat(violations(odd)).containsExactly("generation 18446744073709551467 is odd");
    }

    @Test
    void idToMemslotGivingAnotherIdsEntry_isReported() {
        MemorySlot[] entries = {used(1, 0x100, 0x10), used(0, 0x0, 0x10)};
        Memslots wrong = Memslots.fromArrays(0, SOUND_GENERATION, entries, new int[] {0, 0}, 2);

        assertThat(violations(wrong)).containsExactly(
                "idToMemslot(0) gives the entry of id 1",
                "index 1 holds an entry for id 0 that idToMemslot does not give");
    }

    @Test
    void usedSlotsCountingWrong_isReported() {
        // Ids 0 and 1 have slots, but used_slots says 1: slot 0 is listed nowhere.
        MemorySlot[] entries = {used(1, 0x100, 0x10), used(0, 0x0, 0x10), empty(2)};
        Memslots wrong = Memslots.fromArrays(0, SOUND_GENERATION, entries, new int[] {1, 0, 2}, 1);

        assertThat(violations(wrong)).containsExactly("used_slots is 1 but 2 ids have a slot");
    }

    @Test
    void idOutOfRange_isReported() {
        Memslots outOfRange = set(SOUND_GENERATION, 1, used(7, 0x0, 0x10), empty(1));

        assertThat(violations(outOfRange)).contains("index 0 holds id 7, out of range or seen twice");
    }

    @Test
    void idListedTwice_isReported() {
        MemorySlot twice = used(0, 0x100, 0x10);
        MemorySlot[] entries = {twice, twice, empty(1)};
        Memslots duplicate = Memslots.fromArrays(0, SOUND_GENERATION, entries, new int[] {0, 2, 2}, 2);

        assertThat(violations(duplicate)).contains("index 1 holds id 0, out of range or seen twice");
    }

    @Test
    void slotOfAnotherAddressSpace_isReported() {
        MemorySlot foreign = new MemorySlot(1, 0, 0x0, 0x10, HVA, 0, null);
        Memslots mixed = set(SOUND_GENERATION, 1, foreign, empty(1));

        assertThat(violations(mixed)).containsExactly("slot 0 claims address space 1 in set 0");
    }

    @Test
    void emptyEntryInsideUsedSlots_isReported() {
        Memslots holey = set(SOUND_GENERATION, 2, used(1, 0x100, 0x10), empty(0), used(2, 0x0, 0x10));

        assertThat(violations(holey)).contains("index 1 is empty inside used_slots 2");
    }

    @Test
    void ascendingArray_isReportedUnsorted() {
        Memslots ascending = set(SOUND_GENERATION, 2, used(0, 0x0, 0x10), used(1, 0x100, 0x10), empty(2));

        assertThat(violations(ascending)).containsExactly(
                "slot 0 at index 0 does not lie wholly above slot 1 (unsorted or overlapping)");
    }

    @Test
    void overlappingSlots_areReported() {
        Memslots overlapping = set(SOUND_GENERATION, 2, used(1, 0x8, 0x10), used(0, 0x0, 0x10), empty(2));

        assertThat(violations(overlapping)).containsExactly(
                "slot 1 at index 0 does not lie wholly above slot 0 (unsorted or overlapping)");
    }

    @Test
    void adjacentSlots_areSound() {
        Memslots adjacent = set(SOUND_GENERATION, 2, used(1, 0x10, 0x10), used(0, 0x0, 0x10), empty(2));

        assertThat(violations(adjacent)).isEmpty();
    }

    @Test
    void loggingSlotWithoutBitmap_isReported() {
        MemorySlot slot = new MemorySlot(0, 0, 0x100, 0x10, HVA, KVM_MEM_LOG_DIRTY_PAGES, null);

        assertThat(violations(set(SOUND_GENERATION, 1, slot, empty(1)))).containsExactly("slot 0 logs without a bitmap");
    }

    @Test
    void bitmapWithoutLogging_isReported() {
        MemorySlot slot = new MemorySlot(0, 0, 0x100, 0x10, HVA, 0, new DirtyBitmap(0x10));

        assertThat(violations(set(SOUND_GENERATION, 1, slot, empty(1))))
                .containsExactly("slot 0 has a bitmap but does not log");
    }

    @Test
    void bitmapOfTheWrongSize_isReported() {
        MemorySlot slot = new MemorySlot(0, 0, 0x100, 0x10, HVA, KVM_MEM_LOG_DIRTY_PAGES, new DirtyBitmap(8));

        assertThat(violations(set(SOUND_GENERATION, 1, slot, empty(1))))
                .containsExactly("slot 0 has 16 pages but a bitmap of 8");
    }

    @Test
    void idJustPastTheLastId_isReported() {
        Memslots pastTheEnd = set(SOUND_GENERATION, 1, used(2, 0x0, 0x10), empty(1));

        assertThat(violations(pastTheEnd)).contains("index 0 holds id 2, out of range or seen twice");
    }

    @Test
    void emptyEntryOfAnotherAddressSpace_isReported_forTheEmptyTailIsCheckedToo() {
        Memslots mixed = set(SOUND_GENERATION, 1, used(0, 0x0, 0x10), MemorySlot.empty(1, 1));

        assertThat(violations(mixed)).containsExactly("slot 1 claims address space 1 in set 0");
    }
}
