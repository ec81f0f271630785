package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The used slots' blocks against the plain array they stand for. Each test drives
 * {@link SortedSlots} through a sequence chosen to reach one way its directory changes (a block
 * split with blocks after it, a small block merged into the block after it or before it, a small
 * block that cannot merge because its neighbour is full and so empties, in the middle or at the
 * end) and after every step compares it with a list: size, every index, every slot's index, and
 * the searches by base. Block sizes are invisible from outside, so these sequences were worked
 * out from {@link SortedSlots#MAX_BLOCK} and {@link SortedSlots#MIN_BLOCK}; the comparison holds
 * whatever blocks the sequence leaves.
 */
class SortedSlotsTest {
    /** Bases leave room between neighbours, so that a slot can always be added between two. */
    private static final long SPACING = 1L << 16;

    private SortedSlots slots = SortedSlots.EMPTY;
    private final List<MemorySlot> model = new ArrayList<>();
    private int nextId;

    private static MemorySlot slot(int id, long baseGfn) {
        return new MemorySlot(0, id, baseGfn, 1, 0x7f0000000000L, 0, null);
    }

    /** Adds a slot with {@code baseGfn} where the sort puts it, as an install does, and checks. */
    private void add(long baseGfn) {
        MemorySlot slot = slot(nextId++, baseGfn);
        int at = 0;
        while (at < model.size() && model.get(at).baseGfn() > baseGfn) {
            at++;
        }
        assertThat(slots.countAbove(baseGfn)).isEqualTo(at);
        slots = slots.inserted(at, slot);
        model.add(at, slot);
        check();
    }

    /** Removes the slot at array index i and checks. */
    private void remove(int i) {
        slots = slots.removed(i);
        model.remove(i);
        check();
    }

    private void check() {
        assertThat(slots.size()).isEqualTo(model.size());
        for (int i = 0; i < model.size(); i++) {
            MemorySlot expected = model.get(i);
            assertThat(slots.get(i)).isSameInstanceAs(expected);
            assertThat(slots.indexOf(expected)).isEqualTo(i);
            assertThat(slots.floor(expected.baseGfn())).isSameInstanceAs(expected);
            assertThat(slots.countAbove(expected.baseGfn())).isEqualTo(i);
        }
        if (!model.isEmpty()) {
            assertThat(slots.floor(model.getLast().baseGfn() - 1)).isNull();
        }
    }

    /** 600 slots, each above all before it: the first block fills and splits with blocks after it. */
    private void sixHundredAddedAtTheFront() {
        for (int k = 1; k <= 600; k++) {
            add(k * SPACING);
        }
    }

    /** 600 slots, each below all before it: the last block fills and splits. */
    private void sixHundredAddedAtTheBack() {
        for (int k = 600; k >= 1; k--) {
            add(k * SPACING);
        }
    }

    /** {@code count} slots added one after another just above the slot now at index i. */
    private void addedJustAbove(int i, int count) {
        long below = model.get(i).baseGfn();
        for (int k = 1; k <= count; k++) {
            add(below + k);
        }
    }

    @Test
    void addedAtTheFront_thenRemovedFromTheFront_matchesTheArray() {
        sixHundredAddedAtTheFront();

        while (!model.isEmpty()) {
            remove(0);
        }
        assertThat(slots.size()).isEqualTo(0);
    }

    @Test
    void addedAtTheBack_thenRemovedFromTheBack_matchesTheArray() {
        sixHundredAddedAtTheBack();

        while (!model.isEmpty()) {
            remove(model.size() - 1);
        }
    }

    @Test
    void addedAtTheFront_thenRemovedFromTheMiddle_mergesEitherWay_andMatchesTheArray() {
        sixHundredAddedAtTheFront();

        while (!model.isEmpty()) {
            remove(model.size() / 2);
        }
    }

    @Test
    void aBlockThatCannotMergeWithAFullBlockAfterIt_emptiesInTheMiddle_andTheBlocksAroundItStay() {
        // Blocks of 213, 129, 129, 129 slots; the third is then filled to 256.
        sixHundredAddedAtTheFront();
        addedJustAbove(343, 127);

        // The second block shrinks below the merge size next to a full block, then to nothing.
        for (int k = 0; k < 129; k++) {
            remove(213);
        }
        assertThat(slots.size()).isEqualTo(600 + 127 - 129);
    }

    @Test
    void aLastBlockThatCannotMergeWithAFullBlockBeforeIt_emptiesAtTheEnd() {
        // Blocks of 128, 128, 128, 216 slots; the third is then filled to 256.
        sixHundredAddedAtTheBack();
        addedJustAbove(257, 128);

        for (int k = 0; k < 216; k++) {
            remove(model.size() - 1);
        }
        assertThat(slots.size()).isEqualTo(600 + 128 - 216);
    }

    @Test
    void of_takesTheArrayAsGiven_atEveryBlockBoundary() {
        for (int n : new int[] {0, 1, 255, 256, 257, 300, 512, 513}) {
            MemorySlot[] array = new MemorySlot[n];
            for (int i = 0; i < n; i++) {
                array[i] = slot(i, (n - i) * SPACING);
            }

            SortedSlots of = SortedSlots.of(array);

            assertThat(of.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(of.get(i)).isSameInstanceAs(array[i]);
            }
        }
    }

    @Test
    void indexOf_inAnUnsortedArray_findsTheSlotByWalking() {
        MemorySlot low = slot(0, 0x10);
        MemorySlot high = slot(1, 0x20);
        SortedSlots unsorted = SortedSlots.of(new MemorySlot[] {low, high});

        assertThat(unsorted.indexOf(high)).isEqualTo(1);
        assertThat(unsorted.indexOf(low)).isEqualTo(0);
    }

    @Test
    void indexOf_aSlotTheArrayDoesNotHold_isMinusOne() {
        SortedSlots two = SortedSlots.of(new MemorySlot[] {slot(0, 0x20), slot(1, 0x10)});

        assertThat(two.indexOf(slot(2, 0x8))).isEqualTo(-1);
        assertThat(two.indexOf(slot(3, 0x10))).isEqualTo(-1);
        assertThat(two.indexOf(slot(4, 0x30))).isEqualTo(-1);
    }

    @Test
    void get_outsideTheArray_namesTheIndexAndTheSize() {
        SortedSlots two = SortedSlots.of(new MemorySlot[] {slot(0, 0x20), slot(1, 0x10)});

        IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class, () -> two.get(2));
        IndexOutOfBoundsException below = assertThrows(IndexOutOfBoundsException.class, () -> two.get(-1));

        assertThat(past).hasMessageThat().isEqualTo("index 2 is not in [0, 2)");
        assertThat(below).hasMessageThat().isEqualTo("index -1 is not in [0, 2)");
    }
}
