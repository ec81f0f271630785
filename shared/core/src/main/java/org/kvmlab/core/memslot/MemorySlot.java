package org.kvmlab.core.memslot;

import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEMSLOT_INVALID;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_READONLY;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_X86_SMRAM;

import org.kvmlab.core.base.Page;

/**
 * {@code struct kvm_memory_slot}: guest frames {@code [baseGfn, baseGfn + npages)} backed by host
 * memory at {@code userspaceAddr}. Immutable: a change builds a new slot in a new memslot set, so
 * a reader holding a snapshot never sees a slot change under it. An entry with {@code npages == 0}
 * is an empty array position, as in the kernel.
 *
 * @param asId          the address space the slot lives in (0, or 1 for SMM in Linux 4.2)
 * @param id            the slot id within its address space ({@code slot->id})
 * @param baseGfn       the first guest frame
 * @param npages        the number of pages; 0 for an empty entry
 * @param userspaceAddr the host virtual address of the first page
 * @param flags         {@link MemslotFlags} bits
 * @param dirtyBitmap   the dirty log, present exactly when the slot logs dirty pages
 */
public record MemorySlot(int asId, int id, long baseGfn, long npages, long userspaceAddr, int flags,
                         DirtyBitmap dirtyBitmap) {

    /** An empty array entry for slot id {@code id}, as a fresh {@code kvm_memslots} holds. */
    static MemorySlot empty(int asId, int id) {
        return new MemorySlot(asId, id, 0, 0, 0, 0, null);
    }

    /** Whether this entry is an unused array position. */
    public boolean isEmpty() {
        return npages == 0;
    }

    /** The range check of {@code search_memslots}: {@code baseGfn <= gfn < baseGfn + npages}. */
    public boolean containsGfn(long gfn) {
        return Long.compareUnsigned(gfn - baseGfn, npages) < 0;
    }

    /** Whether {@code KVM_MEMSLOT_INVALID} is set: the slot is being deleted or moved. */
    public boolean isInvalid() {
        return (flags & KVM_MEMSLOT_INVALID) != 0;
    }

    /** {@code memslot_is_readonly(slot)}. */
    public boolean isReadonly() {
        return (flags & KVM_MEM_READONLY) != 0;
    }

    /** Whether the slot carries {@code KVM_MEM_X86_SMRAM}. Which vCPU may see it is each design's call. */
    public boolean isSmram() {
        return (flags & KVM_MEM_X86_SMRAM) != 0;
    }

    /** Whether the slot has {@code KVM_MEM_LOG_DIRTY_PAGES} (and therefore a dirty bitmap). */
    public boolean logsDirtyPages() {
        return (flags & KVM_MEM_LOG_DIRTY_PAGES) != 0;
    }

    /**
     * {@code __gfn_to_hva_memslot(slot, gfn)}: the hva of frame gfn, which the caller knows to be
     * inside the slot. No checks: the accessors' {@code __gfn_to_hva_many} makes them.
     */
    public long gfnToHvaMemslot(long gfn) {
        return userspaceAddr + ((gfn - baseGfn) << Page.PAGE_SHIFT);
    }

    /** The slot number as {@code KVM_SET_USER_MEMORY_REGION} encodes it: {@code as_id << 16 | id}. */
    public int slotNumber() {
        return asId << 16 | id;
    }

    MemorySlot withFlags(int newFlags) {
        return new MemorySlot(asId, id, baseGfn, npages, userspaceAddr, newFlags, dirtyBitmap);
    }
}
