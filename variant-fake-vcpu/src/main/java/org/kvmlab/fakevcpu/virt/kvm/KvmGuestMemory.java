package org.kvmlab.fakevcpu.virt.kvm;

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
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.Memslots;
import org.kvmlab.fakevcpu.arch.x86.X86KvmArch;

/**
 * The generic guest-memory accessors of {@code virt/kvm/kvm_main.c} as the fake-vCPU proposal of
 * the 2015 thread would have them: Linux 4.1's {@code kvm_*} functions under their old names, with
 * the VM argument replaced by the vCPU the access is made for.
 *
 * <p><b>What it changes.</b> There is one family and no VM-level flavour. Every slot lookup goes
 * through {@link #gfnToMemslot}, which asks the arch hook
 * {@link X86KvmArch#kvmArchVcpuCanAccessSlot} whether the vCPU may see the slot it found; on x86
 * that hides a {@code KVM_MEM_X86_SMRAM} slot from a vCPU outside SMM. A caller with no vCPU (an
 * ioctl, a timer, the VMM) passes its VM's fake vCPU from {@link X86KvmArch#kvmArchFakeVcpu},
 * which the hook lets see every slot, so a VM-level access still sees SMRAM (DESIGN.md rule 2).
 * The VM is always {@code vcpu.kvm()}.
 *
 * <p><b>What it costs.</b> The loops exist once, but the signature no longer tells a VM-level
 * access from a vCPU-level one: a {@code Vcpu} argument may be a stand-in with no registers, no
 * mode and no page tables, so everything that takes a vCPU must either not care or refuse the
 * fake (the guest-virtual accessors refuse it; its SMM state and CR3 cannot be set). Every
 * VM-level caller of every accessor changes its argument, which makes the patch as wide as the
 * caller list, and each VM needs one extra vCPU object that the VM does not list. On the access
 * path the price is small: the hook is a static call that the JIT inlines, and it asks "is this
 * the fake?" only for an SMRAM slot seen from outside SMM.
 *
 * <p><b>DESIGN.md rule 3 (no stale SMM view).</b> A {@link GfnToHvaCache} remembers a slot, not who found
 * it or in which mode. The cached accessors therefore ask the hook again for the cached slot at
 * every fast-path access, with the vCPU of that access: a cache filled in SMM stops reaching
 * SMRAM as soon as its vCPU leaves SMM, and a cache filled through the fake vCPU gives a real
 * vCPU no more than that vCPU may see. The slow path looks every page up again through the same
 * vCPU and needs no extra check.
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
     * The slot holding {@code gfn} as the vCPU sees it: null when no slot holds it or the vCPU may
     * not access the one that does. Mirrors {@code gfn_to_memslot()} (Linux 4.1) with the vCPU
     * argument and the {@code kvm_arch_vcpu_can_access_slot()} hook of the 2015 thread.
     */
    public static MemorySlot gfnToMemslot(Vcpu vcpu, long gfn) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        MemorySlot slot = kvmMemslots(vcpu.kvm()).searchMemslots(gfn);
        if (slot != null && !X86KvmArch.kvmArchVcpuCanAccessSlot(vcpu, slot)) {
            return null;
        }
        return slot;
    }

    /**
     * Whether a usable slot the vCPU sees holds {@code gfn}. Mirrors {@code kvm_is_visible_gfn()}
     * (Linux 4.1), taking the vCPU.
     *
     * @return false for no slot, a hidden slot, a private slot, or a slot being deleted or moved
     */
    public static boolean kvmIsVisibleGfn(Vcpu vcpu, long gfn) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        MemorySlot memslot = gfnToMemslot(vcpu, gfn);
        return memslot != null && memslot.id() < vcpu.kvm().config().userMemSlots() && !memslot.isInvalid();
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
     * The host address of {@code gfn} as the vCPU sees it, asked with write intent. Mirrors
     * {@code gfn_to_hva()} (Linux 4.1), taking the vCPU.
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD} for a read-only slot
     */
    public static long gfnToHva(Vcpu vcpu, long gfn) {
        return gfnToHvaMany(gfnToMemslot(vcpu, gfn), gfn, true);
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
     * The host address of {@code gfn} as the vCPU sees it, for reading, and in {@code writable}
     * (if not null) whether the slot may also be written. Mirrors {@code gfn_to_hva_prot()}
     * (Linux 4.1), taking the vCPU.
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD}
     */
    public static long gfnToHvaProt(Vcpu vcpu, long gfn, Writable writable) {
        return gfnToHvaMemslotProt(gfnToMemslot(vcpu, gfn), gfn, writable);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it.
     * Mirrors {@code kvm_read_guest_page()} (Linux 4.1), taking the vCPU.
     *
     * @return 0, or {@code -EFAULT} if no visible slot or no readable host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmReadGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaProt(vcpu, gfn, null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return vcpu.kvm().mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Reads {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page by
     * page. Mirrors {@code kvm_read_guest()} (Linux 4.1), taking the vCPU: it stops at the first
     * page that fails, leaving the pages before it read.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static int kvmReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmReadGuestPage(vcpu, gfn, data, dataOff, offset, seg);
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
     * Reads {@code len} bytes at {@code gpa} as the vCPU sees it, with one lookup and page faults
     * disabled, for callers that may not sleep. Mirrors {@code kvm_read_guest_atomic()} (Linux
     * 4.1), taking the vCPU.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range leaves its page (4.1 would read past it)
     */
    public static int kvmReadGuestAtomic(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        int offset = Page.offsetInPage(gpa);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaProt(vcpu, Page.gpaToGfn(gpa), null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return vcpu.kvm().mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Writes {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it
     * and marks the page dirty. Mirrors {@code kvm_write_guest_page()} (Linux 4.1), taking the
     * vCPU, second lookup for the dirty mark included.
     *
     * @return 0, or {@code -EFAULT} if no visible writable slot or host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmWriteGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHva(vcpu, gfn);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        if (vcpu.kvm().mm().copyToUser(addr + offset, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirty(vcpu, gfn);
        return 0;
    }

    /**
     * Writes {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page
     * by page. Mirrors {@code kvm_write_guest()} (Linux 4.1), taking the vCPU: it stops at the
     * first page that fails, leaving the pages before it written and dirty.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static int kvmWriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmWriteGuestPage(vcpu, gfn, data, dataOff, offset, seg);
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
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it: a
     * page write from the zero page, dirty mark included. Mirrors {@code kvm_clear_guest_page()}
     * (Linux 4.1), taking the vCPU.
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmClearGuestPage(Vcpu vcpu, long gfn, int offset, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkWithinPage(offset, len);
        return kvmWriteGuestPage(vcpu, gfn, Page.ZERO_PAGE, 0, offset, len);
    }

    /**
     * Zeroes {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page by
     * page. Mirrors {@code kvm_clear_guest()} (Linux 4.1), taking the vCPU.
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmClearGuest(Vcpu vcpu, long gpa, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmClearGuestPage(vcpu, gfn, offset, seg);
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
     * Marks guest frame {@code gfn} dirty in the log of the slot the vCPU sees there, if that slot
     * logs. Mirrors {@code mark_page_dirty()} (Linux 4.1), taking the vCPU.
     */
    public static void markPageDirty(Vcpu vcpu, long gfn) {
        markPageDirtyInSlot(gfnToMemslot(vcpu, gfn), gfn);
    }

    /**
     * Looks up {@code [gpa, gpa + len)} once, as the vCPU sees it, for later cached accesses.
     * Mirrors {@code kvm_gfn_to_hva_cache_init()} (Linux 4.1), taking the vCPU: a range in one
     * page is cached with its slot and hva; a longer one is checked page by page and then left to
     * the slow path.
     *
     * @return 0, or {@code -EFAULT} if a page of the range has no visible writable slot (the cache
     *         then holds what 4.1 leaves in it)
     * @throws IllegalArgumentException for length 0 (4.1's {@code len - 1} would underflow) or a
     *                                  range past 2^64
     */
    public static int kvmGfnToHvaCacheInit(Vcpu vcpu, GfnToHvaCache ghc, long gpa, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        if (ghc == null) {
            throw new IllegalArgumentException("cache is null");
        }
        if (len <= 0) {
            throw new IllegalArgumentException("cache length " + len + " is not positive");
        }
        HostChecks.checkGuestRange(gpa, len);
        Memslots slots = kvmMemslots(vcpu.kvm());
        int offset = Page.offsetInPage(gpa);
        long startGfn = Page.gpaToGfn(gpa);
        long endGfn = Page.gpaToGfn(gpa + len - 1);
        long nrPagesNeeded = endGfn - startGfn + 1;

        ghc.gpa = gpa;
        ghc.generation = slots.generation();
        ghc.len = len;
        ghc.memslot = gfnToMemslot(vcpu, startGfn);
        ghc.hva = gfnToHvaMany(ghc.memslot, startGfn, true);
        if (!kvmIsErrorHva(ghc.hva) && nrPagesNeeded <= 1) {
            ghc.hva += offset;
        } else {
            // A range over several pages or slots is still verified whole here.
            while (Long.compareUnsigned(startGfn, endGfn) <= 0) {
                ghc.memslot = gfnToMemslot(vcpu, startGfn);
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
     * Writes through a cache as the vCPU sees memory now, re-initialising the cache first if the
     * memslots changed since. Mirrors {@code kvm_write_guest_cached()} (Linux 4.1), taking the
     * vCPU, plus this project's DESIGN.md rule 3: the hook must still let the vCPU access the cached slot.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmWriteGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = kvmMemslots(vcpu.kvm());
        if (slots.generation() != ghc.generation) {
            kvmGfnToHvaCacheInit(vcpu, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return kvmWriteGuest(vcpu, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva) || !X86KvmArch.kvmArchVcpuCanAccessSlot(vcpu, ghc.memslot)) {
            return -EFAULT;
        }
        if (vcpu.kvm().mm().copyToUser(ghc.hva, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirtyInSlot(ghc.memslot, Page.gpaToGfn(ghc.gpa));
        return 0;
    }

    /**
     * Reads through a cache as the vCPU sees memory now, re-initialising the cache first if the
     * memslots changed since. Mirrors {@code kvm_read_guest_cached()} (Linux 4.1), taking the
     * vCPU, plus this project's DESIGN.md rule 3: the hook must still let the vCPU access the cached slot.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmReadGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = kvmMemslots(vcpu.kvm());
        if (slots.generation() != ghc.generation) {
            kvmGfnToHvaCacheInit(vcpu, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return kvmReadGuest(vcpu, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva) || !X86KvmArch.kvmArchVcpuCanAccessSlot(vcpu, ghc.memslot)) {
            return -EFAULT;
        }
        return vcpu.kvm().mm().copyFromUser(data, dataOff, ghc.hva, len) == 0 ? 0 : -EFAULT;
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
