package org.kvmlab.vcpuaccessors.virt.kvm;

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
import org.kvmlab.vcpuaccessors.arch.x86.X86KvmArch;

/**
 * The generic guest-memory accessors of Linux 4.1's {@code virt/kvm/kvm_main.c}, taught about
 * the vCPU: every {@code kvm_*} accessor keeps its name and signature, and gains a
 * {@code kvm_vcpu_*} twin in this same class that acts on behalf of one vCPU.
 *
 * <p><b>What it changes.</b> The bodies move into private operations that take the VM and a
 * vCPU that may be null ({@code readGuestPage(kvm, vcpuOrNull, ...)} and so on): a VM-level
 * accessor passes null, a vCPU-level one passes its vCPU and that vCPU's VM. The slot lookup is
 * the only place that cares: with a vCPU it asks the arch hook
 * {@link X86KvmArch#kvmArchVcpuCanAccessSlot} whether the vCPU may see the slot it found, and
 * treats a refusal as no slot at all; without one it returns what the memslot search returned,
 * exactly as before. Nothing here knows what SMRAM or SMM is; the hook is the only name from the
 * arch package this class uses, and a plain static call, so the JIT inlines it as the compiler
 * inlines an arch function from {@code asm/kvm_host.h}.
 *
 * <p><b>What it costs.</b> No loop or cache path exists twice, but every accessor that looks up a
 * slot is touched: its body gains a vCPU parameter and becomes private behind a VM-level and a
 * vCPU-level wrapper, and the class's public methods go from 17 to 32. In the kernel that is a patch through all of
 * {@code kvm_main.c} and its callers, for a question only x86 asks.
 *
 * <p><b>DESIGN.md rule 3 (no stale SMM view).</b> A cache records the slot it found, never the SMM state
 * under which it was found. On its fast path a cached access made on behalf of a vCPU therefore
 * asks the hook again about the cached slot, at the time of the access, before it touches host
 * memory: a cache filled in SMM fails with {@code -EFAULT} on SMRAM as soon as its vCPU has left
 * SMM. The slow path needs no extra check, since it looks each page up again through the vCPU.
 *
 * <p>Guest-controlled failures return {@code -EFAULT}; host programming errors (DESIGN.md rule 4)
 * throw {@link IllegalArgumentException} before anything is touched. Nothing here allocates.
 */
public final class KvmGuestMemory {
    private KvmGuestMemory() {}

    /** {@code vcpu->kvm}, refusing a null vCPU first (DESIGN.md rule 4). */
    private static Kvm kvmOf(Vcpu vcpu) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        return vcpu.kvm();
    }

    /** {@code kvm_memslots(kvm)}: the VM's memslot set. */
    static Memslots kvmMemslots(Kvm kvm) {
        return kvm.memslots(0);
    }

    /**
     * Whether the context may access {@code slot}: a VM-level access may access every slot; a
     * vCPU-level one asks the arch.
     */
    private static boolean canAccessSlot(Vcpu vcpuOrNull, MemorySlot slot) {
        return vcpuOrNull == null || X86KvmArch.kvmArchVcpuCanAccessSlot(vcpuOrNull, slot);
    }

    /**
     * The slot holding {@code gfn}, or null. Mirrors {@code gfn_to_memslot()} (Linux 4.1).
     */
    public static MemorySlot gfnToMemslot(Kvm kvm, long gfn) {
        return gfnToMemslot(kvm, null, gfn);
    }

    /**
     * The slot holding {@code gfn} as the vCPU sees it: null where no slot is, or where the arch
     * hides the slot from the vCPU. Mirrors {@code kvm_vcpu_gfn_to_memslot()} (as proposed in the
     * 2015 thread).
     */
    public static MemorySlot kvmVcpuGfnToMemslot(Vcpu vcpu, long gfn) {
        return gfnToMemslot(kvmOf(vcpu), vcpu, gfn);
    }

    /** The lookup under every accessor: a slot the vCPU may not access is no slot at all. */
    private static MemorySlot gfnToMemslot(Kvm kvm, Vcpu vcpuOrNull, long gfn) {
        HostChecks.checkNotNull(kvm, "kvm");
        MemorySlot slot = kvmMemslots(kvm).searchMemslots(gfn);
        if (slot != null && !canAccessSlot(vcpuOrNull, slot)) {
            return null;
        }
        return slot;
    }

    /**
     * Whether a usable slot holds {@code gfn}. Mirrors {@code kvm_is_visible_gfn()} (Linux 4.1).
     *
     * @return false for no slot, a private slot, or a slot being deleted or moved
     */
    public static boolean kvmIsVisibleGfn(Kvm kvm, long gfn) {
        return isVisibleGfn(kvm, null, gfn);
    }

    /**
     * Whether a usable slot the vCPU may access holds {@code gfn}. Mirrors
     * {@code kvm_vcpu_is_visible_gfn()} (as proposed in the 2015 thread).
     *
     * @return false for no slot, a slot hidden from the vCPU, a private slot, or a slot being
     *         deleted or moved
     */
    public static boolean kvmVcpuIsVisibleGfn(Vcpu vcpu, long gfn) {
        return isVisibleGfn(kvmOf(vcpu), vcpu, gfn);
    }

    private static boolean isVisibleGfn(Kvm kvm, Vcpu vcpuOrNull, long gfn) {
        HostChecks.checkNotNull(kvm, "kvm");
        MemorySlot memslot = gfnToMemslot(kvm, vcpuOrNull, gfn);
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
        return gfnToHva(kvm, null, gfn);
    }

    /**
     * The host address of {@code gfn} as the vCPU sees it, asked with write intent. Mirrors
     * {@code kvm_vcpu_gfn_to_hva()} (as proposed in the 2015 thread).
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD} (also for a slot hidden from the vCPU), or
     *         {@code KVM_HVA_ERR_RO_BAD} for a read-only slot
     */
    public static long kvmVcpuGfnToHva(Vcpu vcpu, long gfn) {
        return gfnToHva(kvmOf(vcpu), vcpu, gfn);
    }

    private static long gfnToHva(Kvm kvm, Vcpu vcpuOrNull, long gfn) {
        HostChecks.checkNotNull(kvm, "kvm");
        return gfnToHvaMany(gfnToMemslot(kvm, vcpuOrNull, gfn), gfn, true);
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
        return gfnToHvaProt(kvm, null, gfn, writable);
    }

    /**
     * The host address of {@code gfn} as the vCPU sees it, for reading, and in {@code writable}
     * (if not null) whether the slot may also be written. Mirrors {@code kvm_vcpu_gfn_to_hva_prot()}
     * (as proposed in the 2015 thread).
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD} (also for a slot hidden from the vCPU)
     */
    public static long kvmVcpuGfnToHvaProt(Vcpu vcpu, long gfn, Writable writable) {
        return gfnToHvaProt(kvmOf(vcpu), vcpu, gfn, writable);
    }

    private static long gfnToHvaProt(Kvm kvm, Vcpu vcpuOrNull, long gfn, Writable writable) {
        HostChecks.checkNotNull(kvm, "kvm");
        return gfnToHvaMemslotProt(gfnToMemslot(kvm, vcpuOrNull, gfn), gfn, writable);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn}. Mirrors
     * {@code kvm_read_guest_page()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT} if no slot or no readable host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmReadGuestPage(Kvm kvm, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return readGuestPage(kvm, null, gfn, data, dataOff, offset, len);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it.
     * Mirrors {@code kvm_vcpu_read_guest_page()} (as proposed in the 2015 thread).
     *
     * @return 0, or {@code -EFAULT} if no slot the vCPU may access, or no readable host page,
     *         backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmVcpuReadGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return readGuestPage(kvmOf(vcpu), vcpu, gfn, data, dataOff, offset, len);
    }

    private static int readGuestPage(Kvm kvm, Vcpu vcpuOrNull, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaProt(kvm, vcpuOrNull, gfn, null);
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
        return readGuest(kvm, null, gpa, data, dataOff, len);
    }

    /**
     * Reads {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page by
     * page. Mirrors {@code kvm_vcpu_read_guest()} (as proposed in the 2015 thread): it stops at
     * the first page that fails, leaving the pages before it read.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static int kvmVcpuReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return readGuest(kvmOf(vcpu), vcpu, gpa, data, dataOff, len);
    }

    private static int readGuest(Kvm kvm, Vcpu vcpuOrNull, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = readGuestPage(kvm, vcpuOrNull, gfn, data, dataOff, offset, seg);
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
        return readGuestAtomic(kvm, null, gpa, data, dataOff, len);
    }

    /**
     * Reads {@code len} bytes at {@code gpa} as the vCPU sees it, with one lookup and page faults
     * disabled. Mirrors {@code kvm_vcpu_read_guest_atomic()} (as proposed in the 2015 thread).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range leaves its page (4.1 would read past it)
     */
    public static int kvmVcpuReadGuestAtomic(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return readGuestAtomic(kvmOf(vcpu), vcpu, gpa, data, dataOff, len);
    }

    private static int readGuestAtomic(Kvm kvm, Vcpu vcpuOrNull, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        int offset = Page.offsetInPage(gpa);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaProt(kvm, vcpuOrNull, Page.gpaToGfn(gpa), null);
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
        return writeGuestPage(kvm, null, gfn, data, dataOff, offset, len);
    }

    /**
     * Writes {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it
     * and marks the page dirty. Mirrors {@code kvm_vcpu_write_guest_page()} (as proposed in the
     * 2015 thread); the dirty mark looks the slot up again through the vCPU.
     *
     * @return 0, or {@code -EFAULT} if no writable slot the vCPU may access, or no writable host
     *         page, backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmVcpuWriteGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return writeGuestPage(kvmOf(vcpu), vcpu, gfn, data, dataOff, offset, len);
    }

    private static int writeGuestPage(Kvm kvm, Vcpu vcpuOrNull, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHva(kvm, vcpuOrNull, gfn);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        if (kvm.mm().copyToUser(addr + offset, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirty(kvm, vcpuOrNull, gfn);
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
        return writeGuest(kvm, null, gpa, data, dataOff, len);
    }

    /**
     * Writes {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page
     * by page. Mirrors {@code kvm_vcpu_write_guest()} (as proposed in the 2015 thread): it stops
     * at the first page that fails, leaving the pages before it written and dirty.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static int kvmVcpuWriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return writeGuest(kvmOf(vcpu), vcpu, gpa, data, dataOff, len);
    }

    private static int writeGuest(Kvm kvm, Vcpu vcpuOrNull, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = writeGuestPage(kvm, vcpuOrNull, gfn, data, dataOff, offset, seg);
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
        return clearGuestPage(kvm, null, gfn, offset, len);
    }

    /**
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it,
     * dirty mark included. Mirrors {@code kvm_vcpu_clear_guest_page()} (as proposed in the 2015
     * thread).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmVcpuClearGuestPage(Vcpu vcpu, long gfn, int offset, int len) {
        return clearGuestPage(kvmOf(vcpu), vcpu, gfn, offset, len);
    }

    private static int clearGuestPage(Kvm kvm, Vcpu vcpuOrNull, long gfn, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkWithinPage(offset, len);
        return writeGuestPage(kvm, vcpuOrNull, gfn, Page.ZERO_PAGE, 0, offset, len);
    }

    /**
     * Zeroes {@code len} bytes of guest physical memory at {@code gpa}, page by page. Mirrors
     * {@code kvm_clear_guest()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmClearGuest(Kvm kvm, long gpa, int len) {
        return clearGuest(kvm, null, gpa, len);
    }

    /**
     * Zeroes {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page
     * by page. Mirrors {@code kvm_vcpu_clear_guest()} (as proposed in the 2015 thread).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmVcpuClearGuest(Vcpu vcpu, long gpa, int len) {
        return clearGuest(kvmOf(vcpu), vcpu, gpa, len);
    }

    private static int clearGuest(Kvm kvm, Vcpu vcpuOrNull, long gpa, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = clearGuestPage(kvm, vcpuOrNull, gfn, offset, seg);
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
        markPageDirty(kvm, null, gfn);
    }

    /**
     * Marks guest frame {@code gfn} dirty in the log of the slot the vCPU sees there, if that slot
     * logs; a slot hidden from the vCPU stays clean. Mirrors {@code kvm_vcpu_mark_page_dirty()}
     * (as proposed in the 2015 thread).
     */
    public static void kvmVcpuMarkPageDirty(Vcpu vcpu, long gfn) {
        markPageDirty(kvmOf(vcpu), vcpu, gfn);
    }

    private static void markPageDirty(Kvm kvm, Vcpu vcpuOrNull, long gfn) {
        HostChecks.checkNotNull(kvm, "kvm");
        markPageDirtyInSlot(gfnToMemslot(kvm, vcpuOrNull, gfn), gfn);
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
        return gfnToHvaCacheInit(kvm, null, ghc, gpa, len);
    }

    /**
     * Looks up {@code [gpa, gpa + len)} once, as the vCPU sees it, for later cached accesses by
     * that vCPU. Mirrors {@code kvm_vcpu_gfn_to_hva_cache_init()} (as proposed in the 2015
     * thread): 4.1's {@code kvm_gfn_to_hva_cache_init()} with the vCPU's lookup.
     *
     * @return 0, or {@code -EFAULT} if a page of the range has no writable slot the vCPU may
     *         access (the cache then holds what 4.1 leaves in it)
     * @throws IllegalArgumentException for length 0 or a range past 2^64
     */
    public static int kvmVcpuGfnToHvaCacheInit(Vcpu vcpu, GfnToHvaCache ghc, long gpa, int len) {
        return gfnToHvaCacheInit(kvmOf(vcpu), vcpu, ghc, gpa, len);
    }

    private static int gfnToHvaCacheInit(Kvm kvm, Vcpu vcpuOrNull, GfnToHvaCache ghc, long gpa, int len) {
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
        ghc.memslot = gfnToMemslot(kvm, vcpuOrNull, startGfn);
        ghc.hva = gfnToHvaMany(ghc.memslot, startGfn, true);
        if (!kvmIsErrorHva(ghc.hva) && nrPagesNeeded <= 1) {
            ghc.hva += offset;
        } else {
            // A range over several pages or slots is still verified whole here.
            while (Long.compareUnsigned(startGfn, endGfn) <= 0) {
                ghc.memslot = gfnToMemslot(kvm, vcpuOrNull, startGfn);
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
        return writeGuestCached(kvm, null, ghc, data, dataOff, len);
    }

    /**
     * Writes through a cache as the vCPU sees memory at the time of the call, re-initialising the
     * cache first if the memslots changed since. Mirrors {@code kvm_vcpu_write_guest_cached()} (as
     * proposed in the 2015 thread), plus this project's DESIGN.md rule 3: the arch hook is asked again about
     * the cached slot at every access, so a cache filled in SMM does not write SMRAM after the
     * vCPU has left SMM.
     *
     * @return 0, or {@code -EFAULT} (also when the vCPU may no longer access the cached slot)
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmVcpuWriteGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return writeGuestCached(kvmOf(vcpu), vcpu, ghc, data, dataOff, len);
    }

    private static int writeGuestCached(Kvm kvm, Vcpu vcpuOrNull, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = kvmMemslots(kvm);
        if (slots.generation() != ghc.generation) {
            gfnToHvaCacheInit(kvm, vcpuOrNull, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return writeGuest(kvm, vcpuOrNull, ghc.gpa, data, dataOff, len);
        }
        // DESIGN.md rule 3: the cached slot was found under the SMM state of its init; ask about
        // the current one.
        if (kvmIsErrorHva(ghc.hva) || !canAccessSlot(vcpuOrNull, ghc.memslot)) {
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
        return readGuestCached(kvm, null, ghc, data, dataOff, len);
    }

    /**
     * Reads through a cache as the vCPU sees memory at the time of the call, re-initialising the
     * cache first if the memslots changed since. Mirrors {@code kvm_vcpu_read_guest_cached()} (as
     * proposed in the 2015 thread), plus this project's DESIGN.md rule 3: the arch hook is asked again about
     * the cached slot at every access, so a cache filled in SMM does not read SMRAM after the vCPU
     * has left SMM.
     *
     * @return 0, or {@code -EFAULT} (also when the vCPU may no longer access the cached slot)
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmVcpuReadGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return readGuestCached(kvmOf(vcpu), vcpu, ghc, data, dataOff, len);
    }

    private static int readGuestCached(Kvm kvm, Vcpu vcpuOrNull, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = kvmMemslots(kvm);
        if (slots.generation() != ghc.generation) {
            gfnToHvaCacheInit(kvm, vcpuOrNull, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return readGuest(kvm, vcpuOrNull, ghc.gpa, data, dataOff, len);
        }
        // DESIGN.md rule 3: the cached slot was found under the SMM state of its init; ask about
        // the current one.
        if (kvmIsErrorHva(ghc.hva) || !canAccessSlot(vcpuOrNull, ghc.memslot)) {
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
