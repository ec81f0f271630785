package org.kvmlab.core.memslot;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code struct kvm_memslots}: one address space's memslot set, an immutable snapshot that
 * readers use without locking (the SRCU analogue). Seen as the kernel's array, it holds the used
 * slots sorted by {@code base_gfn} in descending order, then the empty entries, and
 * {@link #idToMemslot} finds an entry by id. Only {@link AddressSpaces} builds sets; it publishes
 * each one once, its generation already advanced by 2.
 *
 * <p>Inside, the used slots are {@link SortedSlots} and every entry by id an {@link IdTable}, both
 * persistent: a new set shares all but a few KiB with the one it replaces, so that an install
 * costs what it changes rather than a copy of every slot. One difference from Linux 4.1's array
 * follows: the empty entries are listed in id order, where the kernel leaves them in whatever
 * order its shifting did. Nothing reads an empty entry's position but tests of the array itself.
 */
public final class Memslots {
    /** The first generation of every set: close to 2^64, so that wrap-around is always exercised. */
    public static final long INITIAL_GENERATION = -150L;

    private final int asId;
    private final long generation;
    private final SortedSlots used;
    private final IdTable ids;
    /**
     * {@code lru_slot}: the last slot found. Written by readers of a shared snapshot without
     * synchronisation, as the kernel does with {@code atomic_set}; it is always a slot of this set
     * and range-checked before use, so a stale or racing hint costs a search, never a wrong slot.
     */
    private MemorySlot lruSlot;

    /**
     * A set of the given slots, its {@code lru_slot} hint at array index {@code lruIndex} (clamped
     * to the array), as the kernel's copy of a set keeps the index its predecessor had.
     */
    Memslots(int asId, long generation, SortedSlots used, IdTable ids, int lruIndex) {
        this.asId = asId;
        this.generation = generation;
        this.used = used;
        this.ids = ids;
        this.lruSlot = memslotAt(Math.clamp(lruIndex, 0, ids.size() - 1));
    }

    /**
     * A set made from the kernel's arrays as given, without any check: the invariant checker's
     * tests build broken sets with it. {@code idToIndex[id]} is the index of id's entry, and the
     * entries from {@code usedSlots} on are reached through it only.
     */
    static Memslots fromArrays(int asId, long generation, MemorySlot[] memslots, int[] idToIndex, int usedSlots) {
        MemorySlot[] byId = new MemorySlot[idToIndex.length];
        for (int id = 0; id < byId.length; id++) {
            byId[id] = memslots[idToIndex[id]];
        }
        return new Memslots(asId, generation, SortedSlots.of(Arrays.copyOf(memslots, usedSlots)), IdTable.of(byId), 0);
    }

    /** The set of a new VM: every id present as an empty entry. */
    static Memslots initial(int asId, int slotsNum) {
        MemorySlot[] empty = new MemorySlot[slotsNum];
        for (int id = 0; id < slotsNum; id++) {
            empty[id] = MemorySlot.empty(asId, id);
        }
        return new Memslots(asId, INITIAL_GENERATION, SortedSlots.EMPTY, IdTable.of(empty), 0);
    }

    /**
     * {@code search_memslots(slots, gfn)}: the slot holding gfn, or null. Tries the
     * {@code lru_slot} hint first, then binary-searches for the slot with the largest base not
     * above gfn. Comparisons are unsigned, as on the kernel's {@code gfn_t}.
     */
    public MemorySlot searchMemslots(long gfn) {
        MemorySlot hint = lruSlot;
        if (hint.containsGfn(gfn)) {
            return hint;
        }
        return search(gfn);
    }

    /** The binary search, out of line so that the hint's hit path stays small enough to inline. */
    private MemorySlot search(long gfn) {
        MemorySlot found = used.floor(gfn);
        if (found != null && found.containsGfn(gfn)) {
            lruSlot = found;
            return found;
        }
        return null;
    }

    /** {@code id_to_memslot(slots, id)}: the entry for id, an empty one if the slot does not exist. */
    public MemorySlot idToMemslot(int id) {
        if (id < 0 || id >= ids.size()) {
            throw new IllegalArgumentException("slot id " + id + " is not in [0, " + ids.size() + ")");
        }
        return ids.get(id);
    }

    /** The array entry at index i, used slots first: {@code kvm_for_each_memslot} walks 0 to {@link #usedSlots()}. */
    public MemorySlot memslotAt(int index) {
        Objects.checkIndex(index, ids.size());
        int usedSlots = used.size();
        return index < usedSlots ? used.get(index) : ids.get(ids.emptyAt(index - usedSlots));
    }

    /** The index of slot id in the array ({@code id_to_index[id]}); -1 only in a broken set. */
    public int indexOf(int id) {
        MemorySlot slot = idToMemslot(id);
        return slot.isEmpty() ? used.size() + ids.emptyRankOf(id) : used.indexOf(slot);
    }

    /** The address space this set belongs to. */
    public int asId() {
        return asId;
    }

    /** {@code generation}: even between updates, +2 per install. */
    public long generation() {
        return generation;
    }

    /** {@code used_slots}. */
    public int usedSlots() {
        return used.size();
    }

    /** The array size, {@code KVM_MEM_SLOTS_NUM} of this VM. */
    public int slotsNum() {
        return ids.size();
    }

    /** The array index the {@code lru_slot} hint points at, for tests that check it is used. */
    public int lruSlot() {
        return indexOf(lruSlot.id());
    }

    /** The used slots, for {@link AddressSpaces} to build the next set from. */
    SortedSlots sortedSlots() {
        return used;
    }

    /** Every entry by id, for {@link AddressSpaces} to build the next set from. */
    IdTable idTable() {
        return ids;
    }

    /**
     * The used slot whose frames meet {@code [baseGfn, baseGfn + npages)}, other than slot
     * {@code exceptId}, or null: the overlap check of a create or a move. Slots never overlap, so
     * only the slot with the highest base below the range's end and the one under it can.
     */
    MemorySlot overlapping(int exceptId, long baseGfn, long npages) {
        long last = baseGfn + npages - 1;
        int i = used.countAbove(last);
        for (int k = i; k < used.size() && k <= i + 1; k++) {
            MemorySlot other = used.get(k);
            if (other.id() != exceptId && other.baseGfn() + other.npages() > baseGfn) {
                return other;
            }
        }
        return null;
    }
}
