package org.kvmlab.core.memslot;

import java.util.Arrays;

/**
 * The used part of a memslot array, {@code memslots[0, used_slots)}: slots sorted by base gfn,
 * highest first, held as a short directory of immutable blocks of at most {@link #MAX_BLOCK}
 * slots. Immutable: a change copies the one or two blocks it touches and the directory, a few
 * KiB, where a flat array would be copied whole (at 32764 slots, 128 KiB per install, which is
 * what made a VM with that many slots cost gigabytes of garbage).
 *
 * <p>The search reads only primitive arrays until it has its answer: the directory's
 * {@code lowBases} (each block's lowest base) and then one block's {@code bases}, both sorted and
 * contiguous, so a lookup among 32764 slots touches a handful of cache lines and one slot.
 */
final class SortedSlots {
    /** A block grows to this many slots, then splits in two. */
    static final int MAX_BLOCK = 256;
    /** A block shrunk below this many slots merges with a neighbour when the two fit in one. */
    static final int MIN_BLOCK = MAX_BLOCK / 4;

    static final SortedSlots EMPTY = new SortedSlots(new Block[0]);

    /** Slots and their base gfns, in array order. */
    record Block(long[] bases, MemorySlot[] slots) {
        static Block of(MemorySlot[] slots) {
            long[] bases = new long[slots.length];
            for (int i = 0; i < slots.length; i++) {
                bases[i] = slots[i].baseGfn();
            }
            return new Block(bases, slots);
        }

        int size() {
            return slots.length;
        }
    }

    private final Block[] blocks;
    /** {@code lowBases[b]}: the base of block b's last slot, the lowest in it. */
    private final long[] lowBases;
    /** {@code starts[b]}: the array index of block b's first slot; {@code starts[blocks.length]} is the size. */
    private final int[] starts;

    private SortedSlots(Block[] blocks) {
        this.blocks = blocks;
        this.lowBases = new long[blocks.length];
        this.starts = new int[blocks.length + 1];
        for (int b = 0; b < blocks.length; b++) {
            lowBases[b] = blocks[b].bases[blocks[b].size() - 1];
            starts[b + 1] = starts[b] + blocks[b].size();
        }
    }

    /** The slots of {@code slots} in the order given, unchecked: tests build broken arrays with it. */
    static SortedSlots of(MemorySlot[] slots) {
        int n = (slots.length + MAX_BLOCK - 1) / MAX_BLOCK;
        Block[] blocks = new Block[n];
        for (int b = 0; b < n; b++) {
            blocks[b] = Block.of(Arrays.copyOfRange(slots, b * MAX_BLOCK, Math.min(slots.length, (b + 1) * MAX_BLOCK)));
        }
        return new SortedSlots(blocks);
    }

    int size() {
        return starts[blocks.length];
    }

    /** The slot at array index i, which is below {@link #size()}. */
    MemorySlot get(int i) {
        int b = blockOf(i);
        return blocks[b].slots[i - starts[b]];
    }

    /**
     * The slot with the highest base at or below gfn, or null: the one slot that can hold gfn, as
     * {@code search_memslots}' binary search finds it. Bases never exceed 2^52, so a gfn that is
     * negative as a {@code long} is above them all only in unsigned terms; the caller's range
     * check on the slot found settles every such case.
     */
    MemorySlot floor(long gfn) {
        long[] lows = lowBases;
        int b = firstAtOrBelow(lows, lows.length, gfn);
        if (b == lows.length) {
            return null;
        }
        Block block = blocks[b];
        return block.slots[firstAtOrBelow(block.bases, block.bases.length, gfn)];
    }

    /**
     * The first index in {@code [0, n)} of descending {@code a} whose value is at or below key,
     * or n. Branch-free halving: the same sequence of loads for every key, which keeps a random
     * lookup's time steady instead of at the mercy of the branch predictor.
     */
    private static int firstAtOrBelow(long[] a, int n, long key) {
        if (n == 0) {
            return 0;
        }
        int base = 0;
        int len = n;
        while (len > 1) {
            int half = len >>> 1;
            base += a[base + half - 1] > key ? half : 0;
            len -= half;
        }
        return base + (a[base] > key ? 1 : 0);
    }

    /** The index of {@code slot} in the array, or -1: found by its base, or in a broken array by a walk. */
    int indexOf(MemorySlot slot) {
        int n = size();
        for (int j = countAbove(slot.baseGfn()); j < n && get(j).baseGfn() == slot.baseGfn(); j++) {
            if (get(j) == slot) {
                return j;
            }
        }
        for (int j = 0; j < n; j++) {
            if (get(j) == slot) {
                return j;
            }
        }
        return -1;
    }

    /** How many slots have a base above {@code baseGfn}: where a slot with that base belongs. */
    int countAbove(long baseGfn) {
        int b = firstAtOrBelow(lowBases, lowBases.length, baseGfn);
        if (b == blocks.length) {
            return size();
        }
        return starts[b] + firstAtOrBelow(blocks[b].bases, blocks[b].size(), baseGfn);
    }

    /** The same slots with the one at index i replaced by {@code slot}, which has the same base. */
    SortedSlots with(int i, MemorySlot slot) {
        int b = blockOf(i);
        MemorySlot[] slots = blocks[b].slots.clone();
        slots[i - starts[b]] = slot;
        Block[] next = blocks.clone();
        next[b] = new Block(blocks[b].bases, slots);
        return new SortedSlots(next);
    }

    /** The same slots with {@code slot} inserted at index i, at most {@link #size()}. */
    SortedSlots inserted(int i, MemorySlot slot) {
        if (blocks.length == 0) {
            return new SortedSlots(new Block[] {Block.of(new MemorySlot[] {slot})});
        }
        int b = i == size() ? blocks.length - 1 : blockOf(i);
        MemorySlot[] old = blocks[b].slots;
        int at = i - starts[b];
        MemorySlot[] grown = new MemorySlot[old.length + 1];
        System.arraycopy(old, 0, grown, 0, at);
        grown[at] = slot;
        System.arraycopy(old, at, grown, at + 1, old.length - at);
        if (grown.length <= MAX_BLOCK) {
            Block[] next = blocks.clone();
            next[b] = Block.of(grown);
            return new SortedSlots(next);
        }
        int half = grown.length / 2;
        Block[] next = new Block[blocks.length + 1];
        System.arraycopy(blocks, 0, next, 0, b);
        next[b] = Block.of(Arrays.copyOfRange(grown, 0, half));
        next[b + 1] = Block.of(Arrays.copyOfRange(grown, half, grown.length));
        System.arraycopy(blocks, b + 1, next, b + 2, blocks.length - b - 1);
        return new SortedSlots(next);
    }

    /** The same slots without the one at index i. */
    SortedSlots removed(int i) {
        int b = blockOf(i);
        MemorySlot[] old = blocks[b].slots;
        int at = i - starts[b];
        MemorySlot[] shrunk = new MemorySlot[old.length - 1];
        System.arraycopy(old, 0, shrunk, 0, at);
        System.arraycopy(old, at + 1, shrunk, at, old.length - at - 1);
        if (shrunk.length == 0) {
            Block[] next = new Block[blocks.length - 1];
            System.arraycopy(blocks, 0, next, 0, b);
            System.arraycopy(blocks, b + 1, next, b, blocks.length - b - 1);
            return new SortedSlots(next);
        }
        // Merge a small block into a neighbour, so that deletes never leave a long directory of
        // nearly empty blocks behind.
        int neighbour = b + 1 < blocks.length ? b + 1 : b - 1;
        if (shrunk.length < MIN_BLOCK && neighbour >= 0 && shrunk.length + blocks[neighbour].size() <= MAX_BLOCK) {
            int first = Math.min(b, neighbour);
            MemorySlot[] low = first == b ? shrunk : blocks[first].slots;
            MemorySlot[] high = first == b ? blocks[neighbour].slots : shrunk;
            MemorySlot[] merged = Arrays.copyOf(low, low.length + high.length);
            System.arraycopy(high, 0, merged, low.length, high.length);
            Block[] next = new Block[blocks.length - 1];
            System.arraycopy(blocks, 0, next, 0, first);
            next[first] = Block.of(merged);
            System.arraycopy(blocks, first + 2, next, first + 1, blocks.length - first - 2);
            return new SortedSlots(next);
        }
        Block[] next = blocks.clone();
        next[b] = Block.of(shrunk);
        return new SortedSlots(next);
    }

    /** The block holding array index i. */
    private int blockOf(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("index " + i + " is not in [0, " + size() + ")");
        }
        // The last block whose start is at or below i.
        int lo = 0;
        int hi = blocks.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= i) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
