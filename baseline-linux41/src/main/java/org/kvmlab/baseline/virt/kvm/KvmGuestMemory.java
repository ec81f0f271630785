package org.kvmlab.baseline.virt.kvm;

import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_BAD;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_RO_BAD;
import static org.kvmlab.core.base.Hva.kvmIsErrorHva;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.Memslots;

/**
 * The generic guest-memory accessors of Linux 4.1's {@code virt/kvm/kvm_main.c}, as they were
 * before the SMM series: each takes the VM, looks slots up in its one memslot set, and knows
 * nothing of SMRAM or of any vCPU. This is the neutral baseline of the lab: every design's patch
 * is measured against this class and its guest-virtual callers in {@code arch.x86}, and no design
 * edits it.
 *
 * <p>Guest-controlled failures return {@code -EFAULT}; host programming errors (DESIGN.md rule 4)
 * throw {@link IllegalArgumentException} before anything is touched. Nothing here allocates.
 */
public final class KvmGuestMemory {
    private KvmGuestMemory() {}

    /** {@code kvm_memslots(kvm)}: the VM's memslot set. */
    static Memslots kvmMemslots(Kvm kvm) {
        return kvm.memslots(0);
    }

    /**
     * The slot holding {@code gfn}, or null. Mirrors {@code gfn_to_memslot()} (Linux 4.1).
     */
    public static MemorySlot gfnToMemslot(Kvm kvm, long gfn) {
        HostChecks.checkNotNull(kvm, "kvm");
        return kvmMemslots(kvm).searchMemslots(gfn);
    }

    /**
     * Whether a usable slot holds {@code gfn}. Mirrors {@code kvm_is_visible_gfn()} (Linux 4.1).
     *
     * @return false for no slot, a private slot, or a slot being deleted or moved
     */
    public static boolean kvmIsVisibleGfn(Kvm kvm, long gfn) {
        HostChecks.checkNotNull(kvm, "kvm");
        MemorySlot memslot = gfnToMemslot(kvm, gfn);
        return memslot != null && memslot.id() < kvm.config().userMemSlots() && !memslot.isInvalid();
    }

    /**
     * {@code __gfn_to_hva_many} without the page count: the error hvas for a missing or invalid
     * slot and for a write into a read-only one, else the address.
     */
    static long gfnToHvaMany(MemorySlot slot, long gfn, boolean write) {
        if (slot == null || slot.isInvalid()) {
            return KVM_HVA_ERR_BAD;
        }
        if (write && slot.isReadonly()) {
            return KVM_HVA_ERR_RO_BAD;
        }
        return slot.gfnToHvaMemslot(gfn);
    }

    /**
     * The host address of {@code gfn}, asked with write intent. Mirrors {@code gfn_to_hva()}
     * (Linux 4.1).
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD} for a read-only slot
     */
    public static long gfnToHva(Kvm kvm, long gfn) {
        return gfnToHvaMany(gfnToMemslot(kvm, gfn), gfn, true);
    }

    /**
     * The host address of {@code gfn} in {@code slot}, asked with write intent. Mirrors
     * {@code gfn_to_hva_memslot()} (Linux 4.1).
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD}
     */
    public static long gfnToHvaMemslot(MemorySlot slot, long gfn) {
        return gfnToHvaMany(slot, gfn, true);
    }

    /**
     * The host address of {@code gfn} in {@code slot} for reading, and in {@code writable} (if not
     * null) whether the slot may also be written. Mirrors {@code gfn_to_hva_memslot_prot()}
     * (Linux 4.1).
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD}
     */
    public static long gfnToHvaMemslotProt(MemorySlot slot, long gfn, Writable writable) {
        long hva = gfnToHvaMany(slot, gfn, false);
        if (!kvmIsErrorHva(hva) && writable != null) {
            writable.set(!slot.isReadonly());
        }
        return hva;
    }

    /**
     * The host address of {@code gfn} for reading, and in {@code writable} (if not null) whether
     * the slot may also be written. Mirrors {@code gfn_to_hva_prot()} (Linux 4.1).
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD}
     */
    public static long gfnToHvaProt(Kvm kvm, long gfn, Writable writable) {
        return gfnToHvaMemslotProt(gfnToMemslot(kvm, gfn), gfn, writable);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn}. Mirrors
     * {@code kvm_read_guest_page()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT} if no slot or no readable host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmReadGuestPage(Kvm kvm, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaProt(kvm, gfn, null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return kvm.mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Reads {@code len} bytes of guest physical memory at {@code gpa}, page by page. Mirrors
     * {@code kvm_read_guest()} (Linux 4.1): it stops at the first page that fails, leaving the
     * pages before it read.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static int kvmReadGuest(Kvm kvm, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmReadGuestPage(kvm, gfn, data, dataOff, offset, seg);
            if (ret < 0) {
                return ret;
            }
            offset = 0;
            len -= seg;
            dataOff += seg;
            ++gfn;
        }
        return 0;
    }

    /**
     * Reads {@code len} bytes at {@code gpa} with one lookup and page faults disabled, for callers
     * that may not sleep. Mirrors {@code kvm_read_guest_atomic()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range leaves its page (4.1 would read past it)
     */
    public static int kvmReadGuestAtomic(Kvm kvm, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        int offset = Page.offsetInPage(gpa);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaProt(kvm, Page.gpaToGfn(gpa), null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return kvm.mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Writes {@code len} bytes at {@code offset} in guest frame {@code gfn} and marks the page
     * dirty. Mirrors {@code kvm_write_guest_page()} (Linux 4.1), second lookup for the dirty mark
     * included.
     *
     * @return 0, or {@code -EFAULT} if no writable slot or host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmWriteGuestPage(Kvm kvm, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHva(kvm, gfn);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        if (kvm.mm().copyToUser(addr + offset, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirty(kvm, gfn);
        return 0;
    }

    /**
     * Writes {@code len} bytes of guest physical memory at {@code gpa}, page by page. Mirrors
     * {@code kvm_write_guest()} (Linux 4.1): it stops at the first page that fails, leaving the
     * pages before it written and dirty.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static int kvmWriteGuest(Kvm kvm, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmWriteGuestPage(kvm, gfn, data, dataOff, offset, seg);
            if (ret < 0) {
                return ret;
            }
            offset = 0;
            len -= seg;
            dataOff += seg;
            ++gfn;
        }
        return 0;
    }

    /**
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn}: a page write from the
     * zero page, dirty mark included. Mirrors {@code kvm_clear_guest_page()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmClearGuestPage(Kvm kvm, long gfn, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkWithinPage(offset, len);
        return kvmWriteGuestPage(kvm, gfn, Page.ZERO_PAGE, 0, offset, len);
    }

    /**
     * Zeroes {@code len} bytes of guest physical memory at {@code gpa}, page by page. Mirrors
     * {@code kvm_clear_guest()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmClearGuest(Kvm kvm, long gpa, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmClearGuestPage(kvm, gfn, offset, seg);
            if (ret < 0) {
                return ret;
            }
            offset = 0;
            len -= seg;
            ++gfn;
        }
        return 0;
    }

    /** {@code mark_page_dirty_in_slot}: sets the page's bit if the slot logs dirty pages. */
    static void markPageDirtyInSlot(MemorySlot memslot, long gfn) {
        if (memslot != null && memslot.dirtyBitmap() != null) {
            memslot.dirtyBitmap().setBit(gfn - memslot.baseGfn());
        }
    }

    /**
     * Marks guest frame {@code gfn} dirty in its slot's log, if the slot logs. Mirrors
     * {@code mark_page_dirty()} (Linux 4.1).
     */
    public static void markPageDirty(Kvm kvm, long gfn) {
        markPageDirtyInSlot(gfnToMemslot(kvm, gfn), gfn);
    }

    /**
     * Looks up {@code [gpa, gpa + len)} once for later cached accesses. Mirrors
     * {@code kvm_gfn_to_hva_cache_init()} (Linux 4.1): a range in one page is cached with its
     * slot and hva; a longer one is checked page by page and then left to the slow path.
     *
     * @return 0, or {@code -EFAULT} if a page of the range has no writable slot (the cache then
     *         holds what 4.1 leaves in it)
     * @throws IllegalArgumentException for length 0 (4.1's {@code len - 1} would underflow) or a
     *                                  range past 2^64
     */
    public static int kvmGfnToHvaCacheInit(Kvm kvm, GfnToHvaCache ghc, long gpa, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        if (ghc == null) {
            throw new IllegalArgumentException("cache is null");
        }
        if (len <= 0) {
            throw new IllegalArgumentException("cache length " + len + " is not positive");
        }
        HostChecks.checkGuestRange(gpa, len);
        Memslots slots = kvmMemslots(kvm);
        int offset = Page.offsetInPage(gpa);
        long startGfn = Page.gpaToGfn(gpa);
        long endGfn = Page.gpaToGfn(gpa + len - 1);
        long nrPagesNeeded = endGfn - startGfn + 1;

        ghc.gpa = gpa;
        ghc.generation = slots.generation();
        ghc.len = len;
        ghc.memslot = gfnToMemslot(kvm, startGfn);
        ghc.hva = gfnToHvaMany(ghc.memslot, startGfn, true);
        if (!kvmIsErrorHva(ghc.hva) && nrPagesNeeded <= 1) {
            ghc.hva += offset;
        } else {
            // A range over several pages or slots is still verified whole here.
            while (Long.compareUnsigned(startGfn, endGfn) <= 0) {
                ghc.memslot = gfnToMemslot(kvm, startGfn);
                ghc.hva = gfnToHvaMany(ghc.memslot, startGfn, true);
                if (kvmIsErrorHva(ghc.hva)) {
                    return -EFAULT;
                }
                startGfn += ghc.memslot.npages() - (startGfn - ghc.memslot.baseGfn());
            }
            // Cross-page accesses take the slow path.
            ghc.memslot = null;
        }
        return 0;
    }

    /**
     * Writes through a cache, re-initialising it first if the memslots changed since. Mirrors
     * {@code kvm_write_guest_cached()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmWriteGuestCached(Kvm kvm, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = kvmMemslots(kvm);
        if (slots.generation() != ghc.generation) {
            kvmGfnToHvaCacheInit(kvm, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return kvmWriteGuest(kvm, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva)) {
            return -EFAULT;
        }
        if (kvm.mm().copyToUser(ghc.hva, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirtyInSlot(ghc.memslot, Page.gpaToGfn(ghc.gpa));
        return 0;
    }

    /**
     * Reads through a cache, re-initialising it first if the memslots changed since. Mirrors
     * {@code kvm_read_guest_cached()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmReadGuestCached(Kvm kvm, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = kvmMemslots(kvm);
        if (slots.generation() != ghc.generation) {
            kvmGfnToHvaCacheInit(kvm, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return kvmReadGuest(kvm, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva)) {
            return -EFAULT;
        }
        return kvm.mm().copyFromUser(data, dataOff, ghc.hva, len) == 0 ? 0 : -EFAULT;
    }

    /** 4.1's {@code BUG_ON(len > ghc->len)}, and a cache that was never initialised. */
    static void checkCachedAccess(GfnToHvaCache ghc, int len) {
        if (ghc == null) {
            throw new IllegalArgumentException("cache is null");
        }
        if (ghc.len == 0) {
            throw new IllegalArgumentException("cache was never initialised");
        }
        if (len > ghc.len) {
            throw new IllegalArgumentException("access of " + len + " bytes exceeds the cache's " + ghc.len);
        }
    }
}
