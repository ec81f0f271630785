package org.kvmlab.x86prefixed.arch.x86;

import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Hva.kvmIsErrorHva;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.Memslots;
import org.kvmlab.x86prefixed.virt.kvm.KvmGuestMemory;

/**
 * The x86 copies of the guest-memory accessors, one for every generic one that must know the
 * vCPU: the SMM series' patch 10, and this design in full.
 *
 * <p><b>What it changes.</b> Nothing in the generic code: {@link KvmGuestMemory} stays as it was
 * and keeps serving VM-level callers, which see every slot. Each function here is a copy of its
 * {@code kvm_*} original that takes the vCPU and finds slots through {@link #x86GfnToMemslot},
 * which hides a {@code KVM_MEM_X86_SMRAM} slot from a vCPU outside SMM (patch 12).
 *
 * <p><b>What it costs.</b> Every loop, every cache path and every dirty mark exists twice, once
 * per family, and a fix to one must be made by hand to the other: the duplication the thread
 * objected to. The generic code only reaches what Linux 4.1 exports from {@code kvm_main.c}
 * ({@code gfn_to_hva_memslot}, {@code gfn_to_hva_memslot_prot}); everything static there is
 * copied here.
 *
 * <p><b>DESIGN.md rule 3 (no stale SMM view).</b> A cache remembers the slot it found, not the SMM state it
 * was found in, so the cached accessors ask {@link #x86SlotVisible} again at every access: a cache
 * filled in SMM stops reaching SMRAM the moment its vCPU leaves SMM. The slow path needs no such
 * check, since it looks every page up again through the vCPU.
 */
public final class X86GuestMemory {
    private X86GuestMemory() {}

    /** Whether the vCPU may see the slot now: SMRAM only in SMM (patch 12's test). */
    private static boolean x86SlotVisible(Vcpu vcpu, MemorySlot slot) {
        return !slot.isSmram() || vcpu.isSmm();
    }

    /**
     * The slot holding {@code gfn} as the vCPU sees it: null for SMRAM outside SMM. Mirrors
     * {@code x86_gfn_to_memslot()} (SMM series v1, patch 12).
     */
    public static MemorySlot x86GfnToMemslot(Vcpu vcpu, long gfn) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        Memslots memslots = vcpu.kvm().memslots(0);
        MemorySlot slot = memslots.searchMemslots(gfn);
        if (slot != null && !x86SlotVisible(vcpu, slot)) {
            return null;
        }
        return slot;
    }

    /**
     * Whether a slot the vCPU sees holds {@code gfn}. Mirrors {@code kvm_is_visible_gfn()} (Linux
     * 4.1), copied for the vCPU.
     */
    public static boolean x86IsVisibleGfn(Vcpu vcpu, long gfn) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        MemorySlot memslot = x86GfnToMemslot(vcpu, gfn);
        return memslot != null && memslot.id() < vcpu.kvm().config().userMemSlots() && !memslot.isInvalid();
    }

    /**
     * The host address of {@code gfn} as the vCPU sees it, with write intent. Mirrors
     * {@code x86_gfn_to_hva()} (SMM series v1, patch 10).
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD}
     */
    public static long x86GfnToHva(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToHvaMemslot(x86GfnToMemslot(vcpu, gfn), gfn);
    }

    /**
     * The host address of {@code gfn} as the vCPU sees it, for reading, and whether the slot may
     * be written. Mirrors {@code x86_gfn_to_hva_prot()} (SMM series v1, patch 10).
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD}
     */
    public static long x86GfnToHvaProt(Vcpu vcpu, long gfn, Writable writable) {
        return KvmGuestMemory.gfnToHvaMemslotProt(x86GfnToMemslot(vcpu, gfn), gfn, writable);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it.
     * Mirrors {@code x86_read_guest_page()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ReadGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = x86GfnToHvaProt(vcpu, gfn, null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return vcpu.kvm().mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Reads {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page by
     * page, stopping at the first page that fails. Mirrors {@code x86_read_guest()} (SMM series
     * v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = x86ReadGuestPage(vcpu, gfn, data, dataOff, offset, seg);
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
     * Reads {@code len} bytes at {@code gpa} as the vCPU sees it, with one lookup. Mirrors
     * {@code x86_read_guest_atomic()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ReadGuestAtomic(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        int offset = Page.offsetInPage(gpa);
        HostChecks.checkWithinPage(offset, len);
        long addr = x86GfnToHvaProt(vcpu, Page.gpaToGfn(gpa), null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return vcpu.kvm().mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Writes {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it
     * and marks the page dirty. Mirrors {@code x86_write_guest_page()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86WriteGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = x86GfnToHva(vcpu, gfn);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        if (vcpu.kvm().mm().copyToUser(addr + offset, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        x86MarkPageDirty(vcpu, gfn);
        return 0;
    }

    /**
     * Writes {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page
     * by page, stopping at the first page that fails. Mirrors {@code x86_write_guest()} (SMM
     * series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86WriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = x86WriteGuestPage(vcpu, gfn, data, dataOff, offset, seg);
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
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it.
     * Mirrors {@code x86_clear_guest_page()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ClearGuestPage(Vcpu vcpu, long gfn, int offset, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkWithinPage(offset, len);
        return x86WriteGuestPage(vcpu, gfn, Page.ZERO_PAGE, 0, offset, len);
    }

    /**
     * Zeroes {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page
     * by page. Mirrors {@code x86_clear_guest()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ClearGuest(Vcpu vcpu, long gpa, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = x86ClearGuestPage(vcpu, gfn, offset, seg);
            if (ret < 0) {
                return ret;
            }
            offset = 0;
            len -= seg;
            ++gfn;
        }
        return 0;
    }

    /** {@code mark_page_dirty_in_slot}, copied: it is static in {@code kvm_main.c}. */
    private static void markPageDirtyInSlot(MemorySlot memslot, long gfn) {
        if (memslot != null && memslot.dirtyBitmap() != null) {
            memslot.dirtyBitmap().setBit(gfn - memslot.baseGfn());
        }
    }

    /**
     * Marks guest frame {@code gfn} dirty in the log of the slot the vCPU sees there. Mirrors
     * {@code x86_mark_page_dirty()} (SMM series v1, patch 10).
     */
    public static void x86MarkPageDirty(Vcpu vcpu, long gfn) {
        markPageDirtyInSlot(x86GfnToMemslot(vcpu, gfn), gfn);
    }

    /**
     * Looks up {@code [gpa, gpa + len)} once, as the vCPU sees it, for later cached accesses.
     * Mirrors {@code x86_gfn_to_hva_cache_init()} (SMM series v1, patch 10), a copy of 4.1's
     * {@code kvm_gfn_to_hva_cache_init()}.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException for length 0 or a range past 2^64
     */
    public static int x86GfnToHvaCacheInit(Vcpu vcpu, GfnToHvaCache ghc, long gpa, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        if (ghc == null) {
            throw new IllegalArgumentException("cache is null");
        }
        if (len <= 0) {
            throw new IllegalArgumentException("cache length " + len + " is not positive");
        }
        HostChecks.checkGuestRange(gpa, len);
        Memslots slots = vcpu.kvm().memslots(0);
        int offset = Page.offsetInPage(gpa);
        long startGfn = Page.gpaToGfn(gpa);
        long endGfn = Page.gpaToGfn(gpa + len - 1);
        long nrPagesNeeded = endGfn - startGfn + 1;

        ghc.gpa = gpa;
        ghc.generation = slots.generation();
        ghc.len = len;
        ghc.memslot = x86GfnToMemslot(vcpu, startGfn);
        ghc.hva = KvmGuestMemory.gfnToHvaMemslot(ghc.memslot, startGfn);
        if (!kvmIsErrorHva(ghc.hva) && nrPagesNeeded <= 1) {
            ghc.hva += offset;
        } else {
            // A range over several pages or slots is still verified whole here.
            while (Long.compareUnsigned(startGfn, endGfn) <= 0) {
                ghc.memslot = x86GfnToMemslot(vcpu, startGfn);
                ghc.hva = KvmGuestMemory.gfnToHvaMemslot(ghc.memslot, startGfn);
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
     * Writes through a cache as the vCPU sees memory now. Mirrors {@code x86_write_guest_cached()}
     * (SMM series v1, patch 10), plus this project's DESIGN.md rule 3: the cached slot must still be visible.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int x86WriteGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = vcpu.kvm().memslots(0);
        if (slots.generation() != ghc.generation) {
            x86GfnToHvaCacheInit(vcpu, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return x86WriteGuest(vcpu, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva) || !x86SlotVisible(vcpu, ghc.memslot)) {
            return -EFAULT;
        }
        if (vcpu.kvm().mm().copyToUser(ghc.hva, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirtyInSlot(ghc.memslot, Page.gpaToGfn(ghc.gpa));
        return 0;
    }

    /**
     * Reads through a cache as the vCPU sees memory now. Mirrors {@code x86_read_guest_cached()}
     * (SMM series v1, patch 10), plus this project's DESIGN.md rule 3: the cached slot must still be visible.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int x86ReadGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = vcpu.kvm().memslots(0);
        if (slots.generation() != ghc.generation) {
            x86GfnToHvaCacheInit(vcpu, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return x86ReadGuest(vcpu, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva) || !x86SlotVisible(vcpu, ghc.memslot)) {
            return -EFAULT;
        }
        return vcpu.kvm().mm().copyFromUser(data, dataOff, ghc.hva, len) == 0 ? 0 : -EFAULT;
    }

    /** 4.1's {@code BUG_ON(len > ghc->len)}, copied, and a cache that was never initialised. */
    private static void checkCachedAccess(GfnToHvaCache ghc, int len) {
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
