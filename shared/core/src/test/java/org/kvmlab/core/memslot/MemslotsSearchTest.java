package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_X86_SMRAM;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code search_memslots} and the sorted memslot array of Linux 4.1's {@code update_memslots}
 * (DESIGN.md section 3): binary search over slots sorted by base gfn descending with the empty entries at
 * the tail, the {@code lru_slot} hint (always range-checked, so a stale hint costs time, never
 * correctness), {@code id_to_index}, {@code used_slots}, the invariant checker, and immutable
 * snapshots for readers.
 */
class MemslotsSearchTest {
    private static final long PAGE = 4096;
    private static final long HVA = 0x7f0000000000L;

    private Kvm kvm = new Kvm(KvmConfig.smramFlag());

    /** Creates slot {@code slot} over guest frames {@code [baseGfn, baseGfn + npages)}. */
    private int create(int slot, long baseGfn, long npages) {
        return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(slot, 0, baseGfn * PAGE, npages * PAGE,
                hva(slot)));
    }

    /** Slot id's host address: 1 MiB apart, so that even 32764 slots stay below TASK_SIZE. */
    private static long hva(int id) {
        return HVA + ((long) id << 20);
    }

    private Memslots slots() {
        return kvm.memslots(0);
    }

    /** Case 24: slot 0 at gfns [0x100, 0x200), slot 1 at [0x0, 0x10). */
    private void case24() {
        assertThat(create(0, 0x100, 0x100)).isEqualTo(0);
        assertThat(create(1, 0x0, 0x10)).isEqualTo(0);
    }

    // ---- Slot edges, holes, adjacency ----

    @Test
    void search_firstGfnOfSlot_findsIt() {
        case24();

        assertThat(slots().searchMemslots(0x100).id()).isEqualTo(0);
        assertThat(slots().searchMemslots(0x0).id()).isEqualTo(1);
    }

    @Test
    void search_lastGfnOfSlot_findsIt() {
        case24();

        assertThat(slots().searchMemslots(0x1ff).id()).isEqualTo(0);
        assertThat(slots().searchMemslots(0xf).id()).isEqualTo(1);
    }

    @Test
    void search_gfnJustAboveSlot_misses() {
        case24();

        assertThat(slots().searchMemslots(0x200)).isNull();
        assertThat(slots().searchMemslots(0x10)).isNull();
    }

    @Test
    void search_gfnJustBelowSlot_misses() {
        case24();

        assertThat(slots().searchMemslots(0xff)).isNull();
    }

    @Test
    void search_holeBetweenSlots_misses() {
        case24();

        assertThat(slots().searchMemslots(0x50)).isNull();
    }

    @Test
    void search_adjacentSlots_eachEdgeFindsItsOwnSlot() {
        assertThat(create(0, 0x10, 0x10)).isEqualTo(0);
        assertThat(create(1, 0x20, 0x10)).isEqualTo(0);
        assertThat(create(2, 0x30, 0x1)).isEqualTo(0);

        assertThat(slots().searchMemslots(0x1f).id()).isEqualTo(0);
        assertThat(slots().searchMemslots(0x20).id()).isEqualTo(1);
        assertThat(slots().searchMemslots(0x2f).id()).isEqualTo(1);
        assertThat(slots().searchMemslots(0x30).id()).isEqualTo(2);
        assertThat(slots().searchMemslots(0x31)).isNull();
        assertThat(slots().searchMemslots(0xf)).isNull();
    }

    @Test
    void search_emptyVm_misses() {
        for (long gfn : new long[] {0, 1, 0x100, 1L << 40, -1L}) {
            assertThat(slots().searchMemslots(gfn)).isNull();
        }
    }

    @Test
    void search_slotAtGfnZero_isFoundFromTheEmptyTail() {
        // update_memslots' ">=" moves a slot at base 0 ahead of the empty entries (also base 0).
        assertThat(create(5, 0, 1)).isEqualTo(0);

        assertThat(slots().searchMemslots(0).id()).isEqualTo(5);
        assertThat(slots().indexOf(5)).isEqualTo(0);
        assertThat(slots().searchMemslots(1)).isNull();
    }

    @Test
    void search_gfnsNear2Pow64_miss() {
        // The highest slot a guest can have: its last frame is 2^52 - 2 (ending at 2^64 is a wrap).
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0xffffffffffffe000L, PAGE, HVA)))
                .isEqualTo(0);
        assertThat(create(1, 0, 0x10)).isEqualTo(0);

        assertThat(slots().searchMemslots(0xffffffffffffeL).id()).isEqualTo(0);
        for (long gfn : new long[] {0xfffffffffffffL, 1L << 52, Long.MAX_VALUE, Long.MIN_VALUE, -2L, -1L}) {
            assertWithMessage("gfn 0x%s", Long.toHexString(gfn)).that(slots().searchMemslots(gfn)).isNull();
        }
    }

    // ---- Lookup at 1, 509 and 32764 slots ----

    /**
     * Slots of two pages each (so that first and last frame differ), created with ids 0..n-1 at
     * descending gfns with a one-frame hole under each: slot k covers [3(n-1-k)+1, 3(n-1-k)+3).
     * Creating in descending gfn order puts each new slot straight at the head of the empty tail,
     * so update_memslots moves nothing; the cost left is the kernel's own O(n) copy and overlap
     * check per create, about 10^9 element operations for 32764 slots.
     */
    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {1, 509, KvmConfig.KVM_USER_MEM_SLOTS_MAX})
    void lookup_findsEverySlotsFirstAndLastGfn_andMissesEveryHole(int n) {
        kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(n));
        for (int k = 0; k < n; k++) {
            assertThat(create(k, 3L * (n - 1 - k) + 1, 2)).isEqualTo(0);
        }
        Memslots s = slots();
        assertThat(s.usedSlots()).isEqualTo(n);

        for (int k = 0; k < n; k++) {
            long base = 3L * (n - 1 - k) + 1;
            MemorySlot first = s.searchMemslots(base);
            MemorySlot last = s.searchMemslots(base + 1);
            if (first == null || first.id() != k || last == null || last.id() != k) {
                assertWithMessage("slot %s at gfn %s: first %s, last %s", k, base, first, last).fail();
            }
        }
        for (long hole = 0; hole <= 3L * n; hole += 3) {
            MemorySlot found = s.searchMemslots(hole);
            if (found != null) {
                assertWithMessage("hole at gfn %s found %s", hole, found).fail();
            }
        }
        assertThat(s.searchMemslots(3L * n + 1)).isNull();
        assertThat(MemslotsInvariants.violations(s)).isEmpty();
    }

    @Test
    void create_pastUserSlotCount_isEinval_atEveryScale() {
        kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(1));
        assertThat(create(0, 0, 1)).isEqualTo(0);

        assertThat(create(1, 0x10, 1)).isEqualTo(-EINVAL);
    }

    // ---- The lru_slot hint ----

    /** Slots 0, 1, 2 at gfns [0x300,0x310), [0x200,0x210), [0x100,0x110): indexes 0, 1, 2. */
    private void threeSlots() {
        assertThat(create(0, 0x300, 0x10)).isEqualTo(0);
        assertThat(create(1, 0x200, 0x10)).isEqualTo(0);
        assertThat(create(2, 0x100, 0x10)).isEqualTo(0);
    }

    @Test
    void search_hit_pointsLruSlotAtTheFoundIndex() {
        threeSlots();
        Memslots s = slots();

        MemorySlot found = s.searchMemslots(0x205);

        assertThat(found.id()).isEqualTo(1);
        assertThat(s.lruSlot()).isEqualTo(s.indexOf(1));
    }

    @Test
    void search_sameSlotTwice_givesTheSameAnswerFromTheHint() {
        threeSlots();
        Memslots s = slots();
        MemorySlot first = s.searchMemslots(0x105);
        int hint = s.lruSlot();

        MemorySlot second = s.searchMemslots(0x10f);

        assertThat(second).isSameInstanceAs(first);
        assertThat(s.lruSlot()).isEqualTo(hint);
    }

    @Test
    void search_staleHintPointingAtAnotherSlot_stillFindsTheRightSlot() {
        threeSlots();
        Memslots s = slots();
        assertThat(s.searchMemslots(0x300).id()).isEqualTo(0);
        assertThat(s.lruSlot()).isEqualTo(s.indexOf(0));

        MemorySlot found = s.searchMemslots(0x100);

        assertThat(found.id()).isEqualTo(2);
        assertThat(s.lruSlot()).isEqualTo(s.indexOf(2));
    }

    @Test
    void search_missWithHintSet_missesAndKeepsTheHint() {
        threeSlots();
        Memslots s = slots();
        assertThat(s.searchMemslots(0x200).id()).isEqualTo(1);
        int hint = s.lruSlot();

        assertThat(s.searchMemslots(0x250)).isNull();
        assertThat(s.searchMemslots(0x210)).isNull();

        assertThat(s.lruSlot()).isEqualTo(hint);
    }

    @Test
    void search_afterDeletingTheSlotAtTheHintedIndex_neverReturnsAnotherSlot() {
        // Case 26: index 0 held slot 0; after the delete it holds slot 1.
        threeSlots();
        assertThat(slots().searchMemslots(0x305).id()).isEqualTo(0);
        assertThat(slots().lruSlot()).isEqualTo(0);

        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0, 0, HVA))).isEqualTo(0);

        assertThat(slots().searchMemslots(0x305)).isNull();
        assertThat(slots().searchMemslots(0x205).id()).isEqualTo(1);
    }

    @Test
    void search_afterMovingTheHintedSlot_findsItOnlyAtItsNewPlace() {
        threeSlots();
        assertThat(slots().searchMemslots(0x205).id()).isEqualTo(1);

        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(1, 0, 0x400 * PAGE, 0x10 * PAGE,
                hva(1)))).isEqualTo(0);

        assertThat(slots().searchMemslots(0x205)).isNull();
        assertThat(slots().searchMemslots(0x405).id()).isEqualTo(1);
        assertThat(slots().searchMemslots(0x305).id()).isEqualTo(0);
    }

    // ---- The sorted array, id_to_index and used_slots ----

    @Test
    void array_isSortedByBaseGfnDescending_withEmptyEntriesAtTheTail() {
        assertThat(create(4, 0x500, 0x10)).isEqualTo(0);
        assertThat(create(0, 0x100, 0x10)).isEqualTo(0);
        assertThat(create(7, 0x900, 0x10)).isEqualTo(0);
        assertThat(create(2, 0x0, 0x10)).isEqualTo(0);
        assertThat(create(9, 0x300, 0x10)).isEqualTo(0);
        Memslots s = slots();

        List<Integer> idsInOrder = new ArrayList<>();
        for (int i = 0; i < s.usedSlots(); i++) {
            idsInOrder.add(s.memslotAt(i).id());
        }
        assertThat(idsInOrder).containsExactly(7, 4, 9, 0, 2).inOrder();
        for (int i = s.usedSlots(); i < s.slotsNum(); i++) {
            assertThat(s.memslotAt(i).isEmpty()).isTrue();
        }
    }

    @Test
    void idToMemslot_findsEveryId_andIndexOfAgreesWithTheArray() {
        assertThat(create(4, 0x500, 0x10)).isEqualTo(0);
        assertThat(create(0, 0x100, 0x10)).isEqualTo(0);
        assertThat(create(7, 0x900, 0x10)).isEqualTo(0);
        Memslots s = slots();

        for (int id = 0; id < s.slotsNum(); id++) {
            MemorySlot entry = s.idToMemslot(id);
            assertThat(entry.id()).isEqualTo(id);
            assertThat(s.memslotAt(s.indexOf(id))).isSameInstanceAs(entry);
        }
        assertThat(s.idToMemslot(7).baseGfn()).isEqualTo(0x900);
        assertThat(s.idToMemslot(3).isEmpty()).isTrue();
    }

    @Test
    void usedSlots_countsCreatesAndDeletes_notMovesOrFlagChanges() {
        assertThat(create(0, 0x100, 0x10)).isEqualTo(0);
        assertThat(create(1, 0x200, 0x10)).isEqualTo(0);
        assertThat(slots().usedSlots()).isEqualTo(2);

        assertThat(create(1, 0x400, 0x10)).isEqualTo(0);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, KVM_MEM_LOG_DIRTY_PAGES, 0x100 * PAGE,
                0x10 * PAGE, HVA))).isEqualTo(0);
        assertThat(slots().usedSlots()).isEqualTo(2);

        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0, 0, HVA))).isEqualTo(0);
        assertThat(slots().usedSlots()).isEqualTo(1);
    }

    @Test
    void delete_sinksTheEntryToTheHeadOfTheEmptyTail_withBaseAndFlagsCleared() {
        assertThat(create(0, 0x100, 0x10)).isEqualTo(0);
        assertThat(create(1, 0x300, 0x10)).isEqualTo(0);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(2, KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_X86_SMRAM,
                0x500 * PAGE, 0x10 * PAGE, HVA))).isEqualTo(0);

        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(2, 0, 0, 0, HVA))).isEqualTo(0);

        Memslots s = slots();
        assertThat(s.indexOf(2)).isEqualTo(s.usedSlots());
        MemorySlot deleted = s.idToMemslot(2);
        assertThat(deleted.npages()).isEqualTo(0);
        assertThat(deleted.baseGfn()).isEqualTo(0);
        assertThat(deleted.flags()).isEqualTo(0);
        assertThat(deleted.dirtyBitmap()).isNull();
        assertThat(s.memslotAt(0).id()).isEqualTo(1);
        assertThat(s.memslotAt(1).id()).isEqualTo(0);
    }

    @Test
    void move_reordersTheArray_andRewritesIdToIndex() {
        assertThat(create(0, 0x100, 0x10)).isEqualTo(0);
        assertThat(create(1, 0x300, 0x10)).isEqualTo(0);
        assertThat(create(2, 0x500, 0x10)).isEqualTo(0);

        assertThat(create(0, 0x700, 0x10)).isEqualTo(0);

        Memslots s = slots();
        assertThat(s.indexOf(0)).isEqualTo(0);
        assertThat(s.indexOf(2)).isEqualTo(1);
        assertThat(s.indexOf(1)).isEqualTo(2);
        assertThat(MemslotsInvariants.violations(s)).isEmpty();
    }

    // ---- Invariants after random sequences, checked against a simple model ----

    private record Range(long base, long npages, int flags) {
        boolean overlaps(long otherBase, long otherPages) {
            return otherBase < base + npages && base < otherBase + otherPages;
        }
    }

    /**
     * A few thousand random creates, moves, flag changes and deletes over a small gfn space (so
     * that overlaps are common), each checked against a map from id to range: the return value,
     * the invariants of the new set, the generation step, and lookups of random gfns.
     */
    @ParameterizedTest(name = "{0} address space(s)")
    @ValueSource(ints = {1, 2})
    void randomOperations_keepInvariants_andAgreeWithAModel(int addressSpaces) {
        int slotsNum = 24;
        kvm = new Kvm((addressSpaces == 1 ? KvmConfig.smramFlag() : KvmConfig.addressSpaces()).withUserMemSlots(slotsNum));
        Random random = new Random(20150430L + addressSpaces);
        List<Map<Integer, Range>> models = new ArrayList<>();
        for (int as = 0; as < addressSpaces; as++) {
            models.add(new HashMap<>());
        }
        int[] outcomes = new int[3];

        for (int step = 0; step < 4000; step++) {
            int as = random.nextInt(addressSpaces);
            int id = random.nextInt(slotsNum);
            Map<Integer, Range> model = models.get(as);
            Range old = model.get(id);
            long base = random.nextInt(400);
            long npages = old != null ? old.npages() : 1 + random.nextInt(24);
            int flags = random.nextInt(4) == 0 ? KVM_MEM_LOG_DIRTY_PAGES : 0;
            boolean delete = old != null && random.nextInt(4) == 0 || old == null && random.nextInt(20) == 0;
            long hva = hva(id);
            if (old != null && !delete && random.nextBoolean()) {
                base = old.base(); // a flags-only change or a no-op
            }

            int expected;
            long generationStep;
            if (delete) {
                expected = old != null ? 0 : -EINVAL;
                generationStep = old != null ? 4 : 0;
            } else {
                long b = base;
                long n = npages;
                boolean overlap = model.entrySet().stream()
                        .anyMatch(e -> e.getKey() != id && e.getValue().overlaps(b, n));
                boolean moves = old == null || old.base() != base;
                if (moves && overlap) {
                    expected = -EEXIST;
                    generationStep = 0;
                } else {
                    expected = 0;
                    generationStep = old == null ? 2 : old.base() != base ? 4 : old.flags() != flags ? 2 : 0;
                }
            }
            Memslots before = kvm.memslots(as);

            int rc = kvm.setUserMemoryRegion(new UserspaceMemoryRegion(as << 16 | id, flags,
                    base * PAGE, delete ? 0 : npages * PAGE, hva));

            assertWithMessage("step %s: as %s id %s base %s npages %s flags %s delete %s", step, as, id, base,
                    npages, flags, delete).that(rc).isEqualTo(expected);
            outcomes[rc == 0 ? 0 : rc == -EEXIST ? 1 : 2]++;
            if (rc == 0) {
                if (delete) {
                    model.remove(id);
                } else {
                    model.put(id, new Range(base, npages, flags));
                }
            }
            Memslots after = kvm.memslots(as);
            assertThat(after.generation() - before.generation()).isEqualTo(generationStep);
            List<String> problems = MemslotsInvariants.violations(after);
            if (!problems.isEmpty()) {
                assertWithMessage("step %s", step).that(problems).isEmpty();
            }
            assertThat(after.usedSlots()).isEqualTo(model.size());
            for (int probe = 0; probe < 8; probe++) {
                long gfn = random.nextInt(440);
                MemorySlot found = after.searchMemslots(gfn);
                Integer expectedId = model.entrySet().stream()
                        .filter(e -> e.getValue().overlaps(gfn, 1)).map(Map.Entry::getKey).findFirst().orElse(null);
                if (found == null ? expectedId != null : expectedId == null || found.id() != expectedId) {
                    assertWithMessage("step %s: gfn %s found %s, model says slot %s", step, gfn, found, expectedId)
                            .fail();
                }
            }
        }
        for (int as = 0; as < addressSpaces; as++) {
            for (Map.Entry<Integer, Range> e : models.get(as).entrySet()) {
                MemorySlot slot = kvm.memslots(as).idToMemslot(e.getKey());
                assertThat(slot.baseGfn()).isEqualTo(e.getValue().base());
                assertThat(slot.npages()).isEqualTo(e.getValue().npages());
                assertThat(slot.flags()).isEqualTo(e.getValue().flags());
            }
        }
        // The walk must have exercised successes, overlaps and invalid deletes alike.
        assertThat(outcomes[0]).isGreaterThan(1000);
        assertThat(outcomes[1]).isGreaterThan(100);
        assertThat(outcomes[2]).isGreaterThan(10);
    }

    // ---- MemslotsInvariants can fail: hand-built broken sets ----

    private static MemorySlot used(int id, long base, long npages) {
        return new MemorySlot(0, id, base, npages, HVA, 0, null);
    }

    private static Memslots handBuilt(long generation, int usedSlots, MemorySlot... entries) {
        int[] idToIndex = new int[entries.length];
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].id() >= 0 && entries[i].id() < entries.length) {
                idToIndex[entries[i].id()] = i;
            }
        }
        return Memslots.fromArrays(0, generation, entries, idToIndex, usedSlots);
    }

    @Test
    void violations_ofSoundHandBuiltSet_areEmpty() {
        Memslots sound = handBuilt(-150L, 2, used(1, 0x100, 0x10), used(0, 0x0, 0x10), MemorySlot.empty(0, 2));

        assertThat(MemslotsInvariants.violations(sound)).isEmpty();
    }

    @Test
    void violations_ofAscendingArray_reportUnsorted() {
        Memslots ascending = handBuilt(-150L, 2, used(0, 0x0, 0x10), used(1, 0x100, 0x10), MemorySlot.empty(0, 2));

        assertThat(MemslotsInvariants.violations(ascending)).isNotEmpty();
        assertThat(String.join("\n", MemslotsInvariants.violations(ascending))).contains("unsorted");
    }

    @Test
    void violations_ofOverlappingSlots_areReported() {
        Memslots overlapping = handBuilt(-150L, 2, used(1, 0x8, 0x10), used(0, 0x0, 0x10), MemorySlot.empty(0, 2));

        assertThat(MemslotsInvariants.violations(overlapping)).isNotEmpty();
    }

    @Test
    void violations_ofEmptyEntryInsideUsedSlots_areReported() {
        Memslots holey = handBuilt(-150L, 2, used(1, 0x100, 0x10), MemorySlot.empty(0, 0), used(2, 0x0, 0x10));

        assertThat(MemslotsInvariants.violations(holey)).isNotEmpty();
    }

    @Test
    void violations_ofOddGeneration_areReported() {
        Memslots odd = handBuilt(-149L, 1, used(0, 0x0, 0x10), MemorySlot.empty(0, 1));

        assertThat(MemslotsInvariants.violations(odd)).containsExactly("generation 18446744073709551467 is odd");
    }

    @Test
    void violations_ofWrongIdToIndex_areReported() {
        MemorySlot[] entries = {used(1, 0x100, 0x10), used(0, 0x0, 0x10)};
        Memslots wrong = Memslots.fromArrays(0, -150L, entries, new int[] {0, 0}, 2);

        assertThat(MemslotsInvariants.violations(wrong)).isNotEmpty();
    }

    @Test
    void violations_ofLoggingSlotWithoutBitmap_andBitmapOfWrongSize_areReported() {
        MemorySlot logsWithoutBitmap = new MemorySlot(0, 0, 0x100, 0x10, HVA, KVM_MEM_LOG_DIRTY_PAGES, null);
        MemorySlot wrongSize = new MemorySlot(0, 1, 0x0, 0x10, HVA, KVM_MEM_LOG_DIRTY_PAGES, new DirtyBitmap(8));

        assertThat(MemslotsInvariants.violations(handBuilt(-150L, 2, logsWithoutBitmap, wrongSize))).hasSize(2);
    }

    // ---- Readers see immutable snapshots ----

    private static List<Object> contents(Memslots s) {
        List<Object> all = new ArrayList<>();
        all.add(s.generation());
        all.add(s.usedSlots());
        for (int i = 0; i < s.slotsNum(); i++) {
            all.add(s.memslotAt(i));
            all.add(s.indexOf(i));
        }
        return all;
    }

    @Test
    void snapshot_heldAcrossCreateMoveFlagsAndDelete_neverChanges() {
        threeSlots();
        Memslots held = slots();
        List<Object> before = contents(held);

        assertThat(create(3, 0x800, 0x10)).isEqualTo(0);
        assertThat(create(1, 0x900, 0x10)).isEqualTo(0);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(2, KVM_MEM_LOG_DIRTY_PAGES, 0x100 * PAGE,
                0x10 * PAGE, hva(2)))).isEqualTo(0);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0, 0, HVA))).isEqualTo(0);

        assertThat(contents(held)).containsExactlyElementsIn(before).inOrder();
        assertThat(held.searchMemslots(0x305).id()).isEqualTo(0);
        assertThat(held.searchMemslots(0x205).id()).isEqualTo(1);
        assertThat(held.searchMemslots(0x805)).isNull();
        assertThat(slots()).isNotSameInstanceAs(held);
        assertThat(slots().searchMemslots(0x305)).isNull();
    }

    @Test
    void slotFromSnapshot_isUnchangedByLaterFlagChange() {
        assertThat(create(0, 0x100, 0x10)).isEqualTo(0);
        MemorySlot held = slots().searchMemslots(0x100);

        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, KVM_MEM_X86_SMRAM, 0x100 * PAGE,
                0x10 * PAGE, HVA))).isEqualTo(0);

        assertThat(held.isSmram()).isFalse();
        assertThat(slots().searchMemslots(0x100).isSmram()).isTrue();
    }

    /**
     * A reader thread that keeps taking the current set while a writer moves slots about: every
     * set it sees is sound, even, never older than the last one, and agrees with itself.
     */
    @Test
    void readerDuringUpdates_alwaysSeesSoundSnapshots() throws Exception {
        kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(8));
        for (int id = 0; id < 4; id++) {
            assertThat(create(id, 0x100L * id, 0x10)).isEqualTo(0);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            long last = slots().generation();
            started.countDown();
            int seen = 0;
            while (!done.get() || seen == 0) {
                Memslots s = slots();
                List<String> v = MemslotsInvariants.violations(s);
                if (!v.isEmpty()) {
                    problem.compareAndSet(null, "unsound set " + v);
                }
                if (s.generation() - last < 0) {
                    problem.compareAndSet(null, "generation went back from " + last + " to " + s.generation());
                }
                last = s.generation();
                for (int i = 0; i < s.usedSlots(); i++) {
                    MemorySlot slot = s.memslotAt(i);
                    if (s.searchMemslots(slot.baseGfn() + slot.npages() - 1) != slot) {
                        problem.compareAndSet(null, "set does not find its own slot " + slot);
                    }
                }
                seen++;
            }
        });
        reader.start();
        started.await();
        Random random = new Random(7);
        for (int step = 0; step < 3000; step++) {
            int id = random.nextInt(4);
            long base = 0x100L * random.nextInt(64);
            kvm.setUserMemoryRegion(new UserspaceMemoryRegion(id, 0, base * PAGE, 0x10 * PAGE, hva(id)));
        }
        done.set(true);
        reader.join(10_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(problem.get()).isNull();
    }

    @Test
    void idToMemslot_firstAndLastIds_areEntries_andTheIdsJustOutsideAreHostErrors() {
        Memslots set = slots();
        int n = set.slotsNum();

        assertThat(set.idToMemslot(0).id()).isEqualTo(0);
        assertThat(set.idToMemslot(n - 1).id()).isEqualTo(n - 1);
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class, () -> set.idToMemslot(-1));
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> set.idToMemslot(n));
        assertThat(below).hasMessageThat().isEqualTo("slot id -1 is not in [0, " + n + ")");
        assertThat(past).hasMessageThat().isEqualTo("slot id " + n + " is not in [0, " + n + ")");
    }

    @Test
    void gfnToHvaMemslot_isTheSlotsAddressPlusThePagesBeforeTheFrame() {
        MemorySlot slot = new MemorySlot(0, 0, 0x100, 0x10, HVA, 0, null);

        assertThat(slot.gfnToHvaMemslot(0x100)).isEqualTo(HVA);
        assertThat(slot.gfnToHvaMemslot(0x10f)).isEqualTo(HVA + 0xf * PAGE);
    }
}
