package org.kvmlab.core.memslot;

import java.util.Arrays;

/**
 * Every entry of a memslot set by slot id, used or empty: {@code id_to_memslot}. Immutable, in
 * pages of {@link #PAGE} entries, so that a change copies one page and the page directory rather
 * than an array as long as the VM's slot count. Each page also knows how many used entries come
 * before it, which places the empty entries: the set lists them after the used slots in id order.
 */
final class IdTable {
    static final int PAGE_SHIFT = 8;
    static final int PAGE = 1 << PAGE_SHIFT;

    private final int size;
    private final MemorySlot[][] pages;
    /** {@code usedBefore[p]}: used entries among ids below {@code p * PAGE}; one more than pages. */
    private final int[] usedBefore;

    private IdTable(int size, MemorySlot[][] pages, int[] usedBefore) {
        this.size = size;
        this.pages = pages;
        this.usedBefore = usedBefore;
    }

    /** A table of {@code entries.length} ids, entry i for id i. */
    static IdTable of(MemorySlot[] entries) {
        MemorySlot[][] pages = new MemorySlot[(entries.length + PAGE - 1) >>> PAGE_SHIFT][];
        for (int p = 0; p < pages.length; p++) {
            int from = p << PAGE_SHIFT;
            pages[p] = Arrays.copyOfRange(entries, from, Math.min(entries.length, from + PAGE));
        }
        int[] usedBefore = new int[pages.length + 1];
        for (int p = 0; p < pages.length; p++) {
            int used = 0;
            for (MemorySlot slot : pages[p]) {
                used += slot.isEmpty() ? 0 : 1;
            }
            usedBefore[p + 1] = usedBefore[p] + used;
        }
        return new IdTable(entries.length, pages, usedBefore);
    }

    /** How many ids: {@code KVM_MEM_SLOTS_NUM}. */
    int size() {
        return size;
    }

    /** The entry of id, which is in range. */
    MemorySlot get(int id) {
        return pages[id >>> PAGE_SHIFT][id & (PAGE - 1)];
    }

    /** The same table with {@code slot} as its id's entry. */
    IdTable with(MemorySlot slot) {
        int p = slot.id() >>> PAGE_SHIFT;
        MemorySlot[] page = pages[p].clone();
        MemorySlot old = page[slot.id() & (PAGE - 1)];
        page[slot.id() & (PAGE - 1)] = slot;
        MemorySlot[][] next = pages.clone();
        next[p] = page;
        int[] counts = usedBefore;
        int delta = (slot.isEmpty() ? 0 : 1) - (old.isEmpty() ? 0 : 1);
        if (delta != 0) {
            counts = usedBefore.clone();
            for (int q = p + 1; q < counts.length; q++) {
                counts[q] += delta;
            }
        }
        return new IdTable(size, next, counts);
    }

    /** How many empty entries have an id below {@code id}: its place among the empty ones. */
    int emptyRankOf(int id) {
        int p = id >>> PAGE_SHIFT;
        int used = usedBefore[p];
        MemorySlot[] page = pages[p];
        for (int k = 0; k < (id & (PAGE - 1)); k++) {
            used += page[k].isEmpty() ? 0 : 1;
        }
        return id - used;
    }

    /** The id of the empty entry at {@code rank} in id order; rank is below the number of empty entries. */
    int emptyAt(int rank) {
        // The first page holding more than rank empty entries before its end.
        int lo = 0;
        int hi = pages.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int emptyThrough = Math.min(size, (mid + 1) << PAGE_SHIFT) - usedBefore[mid + 1];
            if (emptyThrough > rank) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int left = rank - ((lo << PAGE_SHIFT) - usedBefore[lo]);
        MemorySlot[] page = pages[lo];
        for (int k = 0; k < page.length; k++) {
            if (page[k].isEmpty() && left-- == 0) {
                return (lo << PAGE_SHIFT) + k;
            }
        }
        throw new IndexOutOfBoundsException("no empty entry at rank " + rank);
    }
}
