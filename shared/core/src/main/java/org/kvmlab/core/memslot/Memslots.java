package org.kvmlab.core.memslot;

/**
 * {@code struct kvm_memslots}: one address space's memslot set, an immutable snapshot that
 * readers use without locking (the SRCU analogue). The array is sorted by {@code base_gfn} in
 * descending order with the empty entries at the tail, and {@code idToIndex} finds a slot by id.
 * Only {@link AddressSpaces} builds sets; it publishes each one once, its generation already
 * advanced by 2.
 */
public final class Memslots {
    /** The first generation of every set: close to 2^64, so that wrap-around is always exercised. */
    public static final long INITIAL_GENERATION = -150L;

    private final int asId;
    private final long generation;
    private final MemorySlot[] memslots;
    private final int[] idToIndex;
    private final int usedSlots;
    /**
     * {@code lru_slot}: the index of the last slot found. Written by readers of a shared snapshot
     * without synchronisation, as the kernel does with {@code atomic_set}: the value is always
     * range-checked before use, so a stale or racing hint costs a binary search, never a wrong slot.
     */
    private int lruSlot;

    Memslots(int asId, long generation, MemorySlot[] memslots, int[] idToIndex, int usedSlots) {
        this.asId = asId;
        this.generation = generation;
        this.memslots = memslots;
        this.idToIndex = idToIndex;
        this.usedSlots = usedSlots;
    }

    /** The set of a new VM: every id present as an empty entry, at the index equal to its id. */
    static Memslots initial(int asId, int slotsNum) {
        MemorySlot[] slots = new MemorySlot[slotsNum];
        int[] index = new int[slotsNum];
        for (int id = 0; id < slotsNum; id++) {
            slots[id] = MemorySlot.empty(asId, id);
            index[id] = id;
        }
        return new Memslots(asId, INITIAL_GENERATION, slots, index, 0);
    }

    /**
     * {@code search_memslots(slots, gfn)}: the slot holding gfn, or null. Tries the
     * {@code lru_slot} hint first, then binary-searches for the slot with the largest base not above
     * gfn. Comparisons are unsigned, as on the kernel's {@code gfn_t}.
     */
    public MemorySlot searchMemslots(long gfn) {
        MemorySlot[] slots = memslots;
        int hint = lruSlot;
        if (slots[hint].containsGfn(gfn)) {
            return slots[hint];
        }
        int start = 0;
        int end = usedSlots;
        while (start < end) {
            int mid = (start + end) >>> 1;
            if (Long.compareUnsigned(gfn, slots[mid].baseGfn()) >= 0) {
                end = mid;
            } else {
                start = mid + 1;
            }
        }
        // start == usedSlots lands on an empty entry in the kernel (or past a full array): a miss.
        if (start < usedSlots && slots[start].containsGfn(gfn)) {
            lruSlot = start;
            return slots[start];
        }
        return null;
    }

    /** {@code id_to_memslot(slots, id)}: the entry for id, an empty one if the slot does not exist. */
    public MemorySlot idToMemslot(int id) {
        if (id < 0 || id >= idToIndex.length) {
            throw new IllegalArgumentException("slot id " + id + " is not in [0, " + idToIndex.length + ")");
        }
        return memslots[idToIndex[id]];
    }

    /** The array entry at index i, used slots first: {@code kvm_for_each_memslot} walks 0 to {@link #usedSlots()}. */
    public MemorySlot memslotAt(int index) {
        return memslots[index];
    }

    /** The index of slot id in the sorted array ({@code id_to_index[id]}). */
    public int indexOf(int id) {
        idToMemslot(id);
        return idToIndex[id];
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
        return usedSlots;
    }

    /** The array size, {@code KVM_MEM_SLOTS_NUM} of this VM. */
    public int slotsNum() {
        return memslots.length;
    }

    /** The current {@code lru_slot} hint, for tests that check it is used. */
    public int lruSlot() {
        return lruSlot;
    }

    MemorySlot[] copyOfSlots() {
        return memslots.clone();
    }

    int[] copyOfIdToIndex() {
        return idToIndex.clone();
    }
}
