package org.kvmlab.core.memslot;

import java.util.ArrayList;
import java.util.List;

/**
 * The structural invariants of a memslot set, checked after every test by the core's tests and
 * by the conformance kit: the array is sorted by base gfn descending with the empty entries last,
 * every id appears once, and {@code idToMemslot} and {@code indexOf} agree with the array, used
 * slots do not overlap, the generation is even, and dirty bits exist only in slots that log, only
 * for their pages.
 */
public final class MemslotsInvariants {
    private MemslotsInvariants() {}

    /** Every invariant the set breaks, one sentence each; empty when it is sound. */
    public static List<String> violations(Memslots slots) {
        List<String> problems = new ArrayList<>();
        if ((slots.generation() & 1) != 0) {
            problems.add("generation " + Long.toUnsignedString(slots.generation()) + " is odd");
        }
        boolean[] seen = new boolean[slots.slotsNum()];
        for (int i = 0; i < slots.slotsNum(); i++) {
            MemorySlot slot = slots.memslotAt(i);
            if (slot.id() < 0 || slot.id() >= seen.length || seen[slot.id()]) {
                problems.add("index " + i + " holds id " + slot.id() + ", out of range or seen twice");
                continue;
            }
            seen[slot.id()] = true;
            if (slots.idToMemslot(slot.id()) != slot) {
                problems.add("index " + i + " holds an entry for id " + slot.id() + " that idToMemslot does not give");
            } else if (slots.indexOf(slot.id()) != i) {
                problems.add("id " + slot.id() + " is at index " + i + " but indexOf says " + slots.indexOf(slot.id()));
            }
            if (slot.asId() != slots.asId()) {
                problems.add("slot " + slot.id() + " claims address space " + slot.asId() + " in set " + slots.asId());
            }
            checkPosition(slots, i, slot, problems);
            checkDirtyBitmap(slot, problems);
        }
        return problems;
    }

    private static void checkPosition(Memslots slots, int i, MemorySlot slot, List<String> problems) {
        boolean shouldBeUsed = i < slots.usedSlots();
        if (shouldBeUsed == slot.isEmpty()) {
            problems.add("index " + i + (shouldBeUsed ? " is empty inside" : " is used beyond")
                    + " used_slots " + slots.usedSlots());
        }
        if (shouldBeUsed && i > 0) {
            MemorySlot above = slots.memslotAt(i - 1);
            if (above.baseGfn() < slot.baseGfn() + slot.npages()) {
                problems.add("slot " + above.id() + " at index " + (i - 1) + " does not lie wholly above slot "
                        + slot.id() + " (unsorted or overlapping)");
            }
        }
    }

    private static void checkDirtyBitmap(MemorySlot slot, List<String> problems) {
        DirtyBitmap bitmap = slot.dirtyBitmap();
        if (slot.logsDirtyPages() != (bitmap != null)) {
            problems.add("slot " + slot.id() + (bitmap == null ? " logs without a bitmap" : " has a bitmap but does not log"));
        }
        if (bitmap != null && bitmap.npages() != slot.npages()) {
            problems.add("slot " + slot.id() + " has " + slot.npages() + " pages but a bitmap of " + bitmap.npages());
        }
    }
}
