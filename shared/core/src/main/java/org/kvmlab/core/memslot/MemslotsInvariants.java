package org.kvmlab.core.memslot;

import java.util.ArrayList;
import java.util.List;

/**
 * The structural invariants of a memslot set, checked after every test by the core's tests and
 * by the conformance kit: the generation is even; {@code idToMemslot} gives every id its own
 * entry, and {@code used_slots} counts the ids that have a slot; the array lists each id once,
 * each entry the one {@code idToMemslot} gives, in its set's address space, the used slots first,
 * sorted by base gfn descending without overlapping; and dirty bits exist only in slots that log,
 * for exactly their pages.
 */
public final class MemslotsInvariants {
    private MemslotsInvariants() {}

    /** Every invariant the set breaks, one sentence each; empty when it is sound. */
    public static List<String> violations(Memslots slots) {
        List<String> problems = new ArrayList<>();
        if ((slots.generation() & 1) != 0) {
            problems.add("generation " + Long.toUnsignedString(slots.generation()) + " is odd");
        }
        int usedById = 0;
        for (int id = 0; id < slots.slotsNum(); id++) {
            MemorySlot entry = slots.idToMemslot(id);
            if (entry.id() != id) {
                problems.add("idToMemslot(" + id + ") gives the entry of id " + entry.id());
            }
            usedById += entry.isEmpty() ? 0 : 1;
        }
        if (usedById != slots.usedSlots()) {
            problems.add("used_slots is " + slots.usedSlots() + " but " + usedById + " ids have a slot");
        }
        // The array lists the empty entries after the used slots from idToMemslot: when the
        // counts disagree, only the used part is an array to check.
        int length = usedById == slots.usedSlots() ? slots.slotsNum() : slots.usedSlots();
        boolean[] seen = new boolean[slots.slotsNum()];
        for (int i = 0; i < length; i++) {
            MemorySlot slot = slots.memslotAt(i);
            if (slot.id() < 0 || slot.id() >= seen.length || seen[slot.id()]) {
                problems.add("index " + i + " holds id " + slot.id() + ", out of range or seen twice");
                continue;
            }
            seen[slot.id()] = true;
            if (slots.idToMemslot(slot.id()) != slot) {
                problems.add("index " + i + " holds an entry for id " + slot.id() + " that idToMemslot does not give");
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
        boolean used = i < slots.usedSlots();
        if (used && slot.isEmpty()) {
            problems.add("index " + i + " is empty inside used_slots " + slots.usedSlots());
        }
        if (used && i > 0) {
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
