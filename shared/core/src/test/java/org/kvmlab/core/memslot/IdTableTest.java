package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Entries by id across the pages of {@link IdTable}: a table of any length, its last page short or
 * full, and the places of the empty entries (their rank among the empty ones, and the id at each
 * rank), which depend on the used entries counted before each page, both as a table is first built
 * and after a change turns an entry used or empty.
 */
class IdTableTest {
    private static final int PAGE = IdTable.PAGE;

    private static MemorySlot used(int id) {
        return new MemorySlot(0, id, 0x1000L * id, 1, 0x7f0000000000L, 0, null);
    }

    private static MemorySlot[] empties(int n) {
        MemorySlot[] entries = new MemorySlot[n];
        for (int id = 0; id < n; id++) {
            entries[id] = MemorySlot.empty(0, id);
        }
        return entries;
    }

    @Test
    void of_holdsEveryEntry_whateverTheLengthOfItsLastPage() {
        for (int n : new int[] {1, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE - 1, 2 * PAGE, 512}) {
            MemorySlot[] entries = empties(n);

            IdTable table = IdTable.of(entries);

            assertThat(table.size()).isEqualTo(n);
            for (int id = 0; id < n; id++) {
                assertThat(table.get(id)).isSameInstanceAs(entries[id]);
            }
            assertThat(table.emptyAt(n - 1)).isEqualTo(n - 1);
        }
    }

    @Test
    void of_withUsedEntriesOnTwoPages_placesTheEmptyOnesOnLaterPages() {
        MemorySlot[] entries = empties(3 * PAGE);
        entries[5] = used(5);
        entries[PAGE + 7] = used(PAGE + 7);

        IdTable table = IdTable.of(entries);

        assertThat(table.emptyRankOf(4)).isEqualTo(4);
        assertThat(table.emptyRankOf(6)).isEqualTo(5);
        assertThat(table.emptyRankOf(PAGE + 8)).isEqualTo(PAGE + 6);
        assertThat(table.emptyRankOf(3 * PAGE - 1)).isEqualTo(3 * PAGE - 3);
        assertThat(table.emptyAt(5)).isEqualTo(6);
        assertThat(table.emptyAt(PAGE + 6)).isEqualTo(PAGE + 8);
        assertThat(table.emptyAt(3 * PAGE - 3)).isEqualTo(3 * PAGE - 1);
    }

    @Test
    void with_anEntryTurnedUsedThenEmpty_movesTheEmptyOnesOfLaterPagesAndBack() {
        IdTable table = IdTable.of(empties(2 * PAGE));

        IdTable oneUsed = table.with(used(3));

        assertThat(oneUsed.emptyRankOf(PAGE + 44)).isEqualTo(PAGE + 43);
        assertThat(oneUsed.emptyAt(PAGE + 43)).isEqualTo(PAGE + 44);
        assertThat(oneUsed.emptyAt(2 * PAGE - 2)).isEqualTo(2 * PAGE - 1);

        IdTable emptyAgain = oneUsed.with(MemorySlot.empty(0, 3));

        assertThat(emptyAgain.emptyRankOf(PAGE + 44)).isEqualTo(PAGE + 44);
        assertThat(emptyAgain.emptyAt(2 * PAGE - 1)).isEqualTo(2 * PAGE - 1);
        assertThat(table.emptyRankOf(PAGE + 44)).isEqualTo(PAGE + 44);
    }

    @Test
    void with_aUsedEntryReplacedByAnotherUsedOne_movesNothing() {
        IdTable table = IdTable.of(empties(2 * PAGE)).with(used(3));

        IdTable moved = table.with(new MemorySlot(0, 3, 0x99000, 2, 0x7f0000000000L, 0, null));

        assertThat(moved.get(3).npages()).isEqualTo(2);
        assertThat(moved.emptyRankOf(PAGE + 44)).isEqualTo(PAGE + 43);
    }
}
