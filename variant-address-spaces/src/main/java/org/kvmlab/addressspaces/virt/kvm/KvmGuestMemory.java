package org.kvmlab.addressspaces.virt.kvm;

import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_BAD;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_RO_BAD;
import static org.kvmlab.core.base.Hva.kvmIsErrorHva;

import java.lang.foreign.MemorySegment;
import org.kvmlab.addressspaces.arch.x86.X86KvmArch;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.Memslots;

/**
 * The generic guest-memory accessors of {@code virt/kvm/kvm_main.c} as Linux 4.2 merged them:
 * not a filter on slots but a choice of memslot set. There is no SMRAM flag; a VM has two
 * address spaces, 0 for normal memory and 1 for what a vCPU sees in SMM, and a VMM fills each
 * with ordinary slots (numbered {@code as_id << 16 | id}), SMRAM in space 1 lying over whatever
 * space 0 holds at the same addresses if it likes.
 *
 * <p><b>What it changes.</b> Two lookups of the memslot set: {@link #kvmMemslots} is address space
 * 0, and {@link #kvmVcpuMemslots} asks the arch hook {@link X86KvmArch#kvmArchVcpuMemslotsId}
 * which space the vCPU is in now. Each accessor has a {@code kvm_vcpu_*} twin that looks in the
 * vCPU's set (most of them from 4.2, the rest marked below as added here), while the
 * {@code kvm_*} originals keep their signatures and look in space 0. The per-page work moves into
 * slot-based bodies ({@code __kvm_read_guest_page(slot, ...)} and its write twin) that both
 * families share, so a family differs only in where it finds the slot; the write body marks the
 * page dirty in the slot it wrote instead of looking the slot up a second time. The search itself
 * is untouched: no flag test, no second question per slot, and a search in space 1 costs what a
 * search in space 0 does. Generic code never learns what SMM is; the hook returns a number and is
 * the only member of the arch package this class uses.
 *
 * <p><b>What it costs.</b> The page loops of {@code read_guest}, {@code write_guest} and
 * {@code clear_guest} exist twice, as Linux 4.2 has them, and the public methods go from the
 * baseline's 17 to 34. The subtler price is that a VM-level accessor still compiles and runs when
 * called where a vCPU is at hand, and then silently means address space 0: right outside SMM,
 * wrong inside it. Linux paid for that in 2020, when shadow paging checked a guest's page-table
 * root with the VM-wide {@code kvm_is_visible_gfn()}, missed SMRAM, and an OVMF guest that enabled
 * paging in SMM died of a triple fault; {@code kvm_vcpu_is_visible_gfn()} was added then. The
 * 4.2 caches (kvmclock, steal time) stayed VM-level, so they too always reach space 0. Userspace
 * carries a share: a VMM that wants SMM code to see normal RAM mirrors it into space 1, and then
 * collects a slot's dirty pages from both spaces.
 *
 * <p><b>DESIGN.md rule 3 (no stale SMM view).</b> Linux 4.2 has no vCPU-level cache; the ones here keep
 * Linux 4.1's cache and add one fact to it, the address space it was filled from
 * ({@link VcpuGfnToHvaCache}). A vCPU-level cached access refills the cache whenever the memslot
 * generation or the vCPU's current address space differs from what the cache recorded, and its
 * fast path only uses a slot of the space the vCPU is in now. Comparing generations alone would
 * not do, since each address space counts its own from the same start. A cache filled in SMM
 * therefore never reaches SMRAM once its vCPU has left SMM: the refill looks in space 0. The slow
 * path looks every page up again in the vCPU's current set.
 *
 * <p>Guest-controlled failures return {@code -EFAULT}; host programming errors (DESIGN.md rule 4)
 * throw {@link IllegalArgumentException} before anything is touched. Nothing here allocates.
 */
public final class KvmGuestMemory {
    private KvmGuestMemory() {}

    /**
     * The memslot set of address space 0, the only one a VM-level access uses. Mirrors
     * {@code kvm_memslots()} (Linux 4.2), {@code __kvm_memslots(kvm, 0)}.
     */
    public static Memslots kvmMemslots(Kvm kvm) {
        HostChecks.checkNotNull(kvm, "kvm");
        return kvm.memslots(0);
    }

    /**
     * The memslot set the vCPU uses at this moment, as the arch hook picks it. Mirrors
     * {@code kvm_vcpu_memslots()} (Linux 4.2).
     */
    public static Memslots kvmVcpuMemslots(Vcpu vcpu) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        return vcpu.kvm().memslots(X86KvmArch.kvmArchVcpuMemslotsId(vcpu));
    }

    /**
     * The slot of address space 0 holding {@code gfn}, or null. Mirrors {@code gfn_to_memslot()}
     * (Linux 4.2).
     */
    public static MemorySlot gfnToMemslot(Kvm kvm, long gfn) {
        return kvmMemslots(kvm).searchMemslots(gfn);
    }

    /**
     * The slot holding {@code gfn} in the address space the vCPU uses now, or null. Mirrors
     * {@code kvm_vcpu_gfn_to_memslot()} (Linux 4.2).
     */
    public static MemorySlot kvmVcpuGfnToMemslot(Vcpu vcpu, long gfn) {
        return kvmVcpuMemslots(vcpu).searchMemslots(gfn);
    }

    /**
     * Whether a usable slot of address space 0 holds {@code gfn}. Mirrors
     * {@code kvm_is_visible_gfn()} (Linux 4.2), which never sees SMRAM, whatever mode any vCPU is
     * in.
     *
     * @return false for no slot, a private slot, or a slot being deleted or moved
     */
    public static boolean kvmIsVisibleGfn(Kvm kvm, long gfn) {
        HostChecks.checkNotNull(kvm, "kvm");
        MemorySlot memslot = gfnToMemslot(kvm, gfn);
        return memslot != null && memslot.id() < kvm.config().userMemSlots() && !memslot.isInvalid();
    }

    /**
     * Whether a usable slot holds {@code gfn} in the address space the vCPU uses now. Mirrors
     * {@code kvm_vcpu_is_visible_gfn()}: not in 4.2; Linux added it in 2020, after the VM-wide
     * check had been used on behalf of a vCPU in SMM.
     *
     * @return false for no slot, a private slot, or a slot being deleted or moved
     */
    public static boolean kvmVcpuIsVisibleGfn(Vcpu vcpu, long gfn) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        MemorySlot memslot = kvmVcpuGfnToMemslot(vcpu, gfn);
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
     * The host address of {@code gfn} in address space 0, asked with write intent. Mirrors
     * {@code gfn_to_hva()} (Linux 4.2).
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD} for a read-only slot
     */
    public static long gfnToHva(Kvm kvm, long gfn) {
        return gfnToHvaMany(gfnToMemslot(kvm, gfn), gfn, true);
    }

    /**
     * The host address of {@code gfn} in the vCPU's current address space, asked with write
     * intent. Mirrors {@code kvm_vcpu_gfn_to_hva()} (Linux 4.2).
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD} for a read-only slot
     */
    public static long kvmVcpuGfnToHva(Vcpu vcpu, long gfn) {
        return gfnToHvaMany(kvmVcpuGfnToMemslot(vcpu, gfn), gfn, true);
    }

    /**
     * The host address of {@code gfn} in {@code slot}, asked with write intent. Mirrors
     * {@code gfn_to_hva_memslot()} (Linux 4.2).
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD}
     */
    public static long gfnToHvaMemslot(MemorySlot slot, long gfn) {
        return gfnToHvaMany(slot, gfn, true);
    }

    /**
     * The host address of {@code gfn} in {@code slot} for reading, and in {@code writable} (if not
     * null) whether the slot may also be written. Mirrors {@code gfn_to_hva_memslot_prot()}
     * (Linux 4.2).
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
     * The host address of {@code gfn} in address space 0 for reading, and in {@code writable} (if
     * not null) whether the slot may also be written. Mirrors {@code gfn_to_hva_prot()} (Linux 4.2).
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD}
     */
    public static long gfnToHvaProt(Kvm kvm, long gfn, Writable writable) {
        return gfnToHvaMemslotProt(gfnToMemslot(kvm, gfn), gfn, writable);
    }

    /**
     * The host address of {@code gfn} in the vCPU's current address space for reading, and in
     * {@code writable} (if not null) whether the slot may also be written. Mirrors
     * {@code kvm_vcpu_gfn_to_hva_prot()} (Linux 4.2).
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD}
     */
    public static long kvmVcpuGfnToHvaProt(Vcpu vcpu, long gfn, Writable writable) {
        return gfnToHvaMemslotProt(kvmVcpuGfnToMemslot(vcpu, gfn), gfn, writable);
    }

    /**
     * {@code __kvm_read_guest_page}: the read of one page piece once its slot is found, shared by
     * both families. It also stands for {@code __kvm_read_guest_atomic}, which differs only in
     * disabling page faults, a distinction the model's host copies do not have.
     */
    static int kvmReadGuestPageGeneric(Kvm kvm, MemorySlot slot, long gfn, MemorySegment data, long dataOff,
                                       int offset, int len) {
        long addr = gfnToHvaMemslotProt(slot, gfn, null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return kvm.mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn} of address space 0.
     * Mirrors {@code kvm_read_guest_page()} (Linux 4.2).
     *
     * @return 0, or {@code -EFAULT} if no slot or no readable host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmReadGuestPage(Kvm kvm, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        MemorySlot slot = gfnToMemslot(kvm, gfn);
        return kvmReadGuestPageGeneric(kvm, slot, gfn, data, dataOff, offset, len);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn} of the vCPU's current
     * address space. Mirrors {@code kvm_vcpu_read_guest_page()} (Linux 4.2).
     *
     * @return 0, or {@code -EFAULT} if no slot or no readable host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmVcpuReadGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        MemorySlot slot = kvmVcpuGfnToMemslot(vcpu, gfn);
        return kvmReadGuestPageGeneric(vcpu.kvm(), slot, gfn, data, dataOff, offset, len);
    }

    /**
     * Reads {@code len} bytes of address space 0 at {@code gpa}, page by page. Mirrors
     * {@code kvm_read_guest()} (Linux 4.2): it stops at the first page that fails, leaving the
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
     * Reads {@code len} bytes at {@code gpa} as the vCPU sees memory, page by page, each page in
     * the address space the vCPU uses when that page is read. Mirrors {@code kvm_vcpu_read_guest()}
     * (Linux 4.2), which is a copy of the {@code kvm_read_guest()} loop: it stops at the first page
     * that fails, leaving the pages before it read.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static int kvmVcpuReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmVcpuReadGuestPage(vcpu, gfn, data, dataOff, offset, seg);
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
     * Reads {@code len} bytes of address space 0 at {@code gpa} with one lookup and page faults
     * disabled, for callers that may not sleep. Mirrors {@code kvm_read_guest_atomic()} (Linux 4.2).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range leaves its page (4.2 would read past it)
     */
    public static int kvmReadGuestAtomic(Kvm kvm, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        int offset = Page.offsetInPage(gpa);
        HostChecks.checkWithinPage(offset, len);
        long gfn = Page.gpaToGfn(gpa);
        MemorySlot slot = gfnToMemslot(kvm, gfn);
        return kvmReadGuestPageGeneric(kvm, slot, gfn, data, dataOff, offset, len);
    }

    /**
     * Reads {@code len} bytes at {@code gpa} in the vCPU's current address space, with one lookup
     * and page faults disabled. Mirrors {@code kvm_vcpu_read_guest_atomic()} (Linux 4.2).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range leaves its page (4.2 would read past it)
     */
    public static int kvmVcpuReadGuestAtomic(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        int offset = Page.offsetInPage(gpa);
        HostChecks.checkWithinPage(offset, len);
        long gfn = Page.gpaToGfn(gpa);
        MemorySlot slot = kvmVcpuGfnToMemslot(vcpu, gfn);
        return kvmReadGuestPageGeneric(vcpu.kvm(), slot, gfn, data, dataOff, offset, len);
    }

    /**
     * {@code __kvm_write_guest_page}: the write of one page piece once its slot is found, shared by
     * both families. The dirty mark goes to the slot just written, so a write and its mark can
     * never land in different slots or address spaces.
     */
    static int kvmWriteGuestPageGeneric(Kvm kvm, MemorySlot memslot, long gfn, MemorySegment data, long dataOff,
                                        int offset, int len) {
        long addr = gfnToHvaMemslot(memslot, gfn);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        if (kvm.mm().copyToUser(addr + offset, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirtyInSlot(memslot, gfn);
        return 0;
    }

    /**
     * Writes {@code len} bytes at {@code offset} in guest frame {@code gfn} of address space 0 and
     * marks the page dirty. Mirrors {@code kvm_write_guest_page()} (Linux 4.2).
     *
     * @return 0, or {@code -EFAULT} if no writable slot or host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmWriteGuestPage(Kvm kvm, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        MemorySlot slot = gfnToMemslot(kvm, gfn);
        return kvmWriteGuestPageGeneric(kvm, slot, gfn, data, dataOff, offset, len);
    }

    /**
     * Writes {@code len} bytes at {@code offset} in guest frame {@code gfn} of the vCPU's current
     * address space and marks the page dirty there. Mirrors {@code kvm_vcpu_write_guest_page()}
     * (Linux 4.2).
     *
     * @return 0, or {@code -EFAULT} if no writable slot or host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmVcpuWriteGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset,
                                            int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        MemorySlot slot = kvmVcpuGfnToMemslot(vcpu, gfn);
        return kvmWriteGuestPageGeneric(vcpu.kvm(), slot, gfn, data, dataOff, offset, len);
    }

    /**
     * Writes {@code len} bytes of address space 0 at {@code gpa}, page by page. Mirrors
     * {@code kvm_write_guest()} (Linux 4.2): it stops at the first page that fails, leaving the
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
     * Writes {@code len} bytes at {@code gpa} as the vCPU sees memory, page by page. Mirrors
     * {@code kvm_vcpu_write_guest()} (Linux 4.2), a copy of the {@code kvm_write_guest()} loop: it
     * stops at the first page that fails, leaving the pages before it written and dirty.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static int kvmVcpuWriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmVcpuWriteGuestPage(vcpu, gfn, data, dataOff, offset, seg);
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
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn} of address space 0: a
     * page write from the zero page, dirty mark included. Mirrors {@code kvm_clear_guest_page()}
     * (Linux 4.2).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmClearGuestPage(Kvm kvm, long gfn, int offset, int len) {
        HostChecks.checkNotNull(kvm, "kvm");
        HostChecks.checkWithinPage(offset, len);
        return kvmWriteGuestPage(kvm, gfn, Page.ZERO_PAGE, 0, offset, len);
    }

    /**
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn} of the vCPU's current
     * address space, dirty mark included. Mirrors {@code kvm_vcpu_clear_guest_page()}: not in 4.2,
     * which clears guest memory at VM level only; it is {@code kvm_clear_guest_page()} with the
     * vCPU's lookup, added here so that every design offers the same operations.
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmVcpuClearGuestPage(Vcpu vcpu, long gfn, int offset, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkWithinPage(offset, len);
        return kvmVcpuWriteGuestPage(vcpu, gfn, Page.ZERO_PAGE, 0, offset, len);
    }

    /**
     * Zeroes {@code len} bytes of address space 0 at {@code gpa}, page by page. Mirrors
     * {@code kvm_clear_guest()} (Linux 4.2).
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

    /**
     * Zeroes {@code len} bytes at {@code gpa} as the vCPU sees memory, page by page. Mirrors
     * {@code kvm_vcpu_clear_guest()}: not in 4.2; it is the {@code kvm_clear_guest()} loop with the
     * vCPU's lookup, added here so that every design offers the same operations.
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmVcpuClearGuest(Vcpu vcpu, long gpa, int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = kvmVcpuClearGuestPage(vcpu, gfn, offset, seg);
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
     * Marks guest frame {@code gfn} dirty in the log of its slot in address space 0, if that slot
     * logs. Mirrors {@code mark_page_dirty()} (Linux 4.2).
     */
    public static void markPageDirty(Kvm kvm, long gfn) {
        markPageDirtyInSlot(gfnToMemslot(kvm, gfn), gfn);
    }

    /**
     * Marks guest frame {@code gfn} dirty in the log of its slot in the vCPU's current address
     * space, if that slot logs. Mirrors {@code kvm_vcpu_mark_page_dirty()} (Linux 4.2).
     */
    public static void kvmVcpuMarkPageDirty(Vcpu vcpu, long gfn) {
        markPageDirtyInSlot(kvmVcpuGfnToMemslot(vcpu, gfn), gfn);
    }

    /**
     * {@code __kvm_gfn_to_hva_cache_init}: Linux 4.1's cache set-up over one given memslot set, the
     * form later kernels gave it, so that each family passes the set it looks in and a refill
     * uses the very snapshot whose generation it compared.
     */
    static int kvmGfnToHvaCacheInitGeneric(Memslots slots, GfnToHvaCache ghc, long gpa, int len) {
        if (ghc == null) {
            throw new IllegalArgumentException("cache is null");
        }
        if (len <= 0) {
            throw new IllegalArgumentException("cache length " + len + " is not positive");
        }
        HostChecks.checkGuestRange(gpa, len);
        int offset = Page.offsetInPage(gpa);
        long startGfn = Page.gpaToGfn(gpa);
        long endGfn = Page.gpaToGfn(gpa + len - 1);
        long nrPagesNeeded = endGfn - startGfn + 1;

        ghc.gpa = gpa;
        ghc.generation = slots.generation();
        ghc.len = len;
        ghc.memslot = slots.searchMemslots(startGfn);
        ghc.hva = gfnToHvaMany(ghc.memslot, startGfn, true);
        if (!kvmIsErrorHva(ghc.hva) && nrPagesNeeded <= 1) {
            ghc.hva += offset;
        } else {
            // A range over several pages or slots is still verified whole here.
            while (Long.compareUnsigned(startGfn, endGfn) <= 0) {
                ghc.memslot = slots.searchMemslots(startGfn);
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
     * Looks up {@code [gpa, gpa + len)} in address space 0 once, for later cached accesses. Mirrors
     * {@code kvm_gfn_to_hva_cache_init()} (Linux 4.2): a range in one page is cached with its slot
     * and hva; a longer one is checked page by page and then left to the slow path.
     *
     * @return 0, or {@code -EFAULT} if a page of the range has no writable slot (the cache then
     *         holds what Linux leaves in it)
     * @throws IllegalArgumentException for length 0 (Linux's {@code len - 1} would underflow) or a
     *                                  range past 2^64
     */
    public static int kvmGfnToHvaCacheInit(Kvm kvm, GfnToHvaCache ghc, long gpa, int len) {
        return kvmGfnToHvaCacheInitGeneric(kvmMemslots(kvm), ghc, gpa, len);
    }

    /**
     * Looks up {@code [gpa, gpa + len)} once in the address space the vCPU uses now, and records
     * that space in the cache. Mirrors {@code kvm_vcpu_gfn_to_hva_cache_init()}: not in 4.2, whose
     * caches are VM-level only (a vCPU-level cache was merged in 2017 and reverted by commit
     * 4e335d9e7ddb); it is {@code kvm_gfn_to_hva_cache_init()} over the vCPU's memslot set, added
     * here so that every design offers the same operations.
     *
     * @return 0, or {@code -EFAULT} if a page of the range has no writable slot in that space
     * @throws IllegalArgumentException for length 0 or a range past 2^64
     */
    public static int kvmVcpuGfnToHvaCacheInit(Vcpu vcpu, VcpuGfnToHvaCache ghc, long gpa, int len) {
        return vcpuGfnToHvaCacheInit(kvmVcpuMemslots(vcpu), ghc, gpa, len);
    }

    /** Fills a vCPU's cache from {@code slots} and remembers which address space that was. */
    private static int vcpuGfnToHvaCacheInit(Memslots slots, VcpuGfnToHvaCache ghc, long gpa, int len) {
        int ret = kvmGfnToHvaCacheInitGeneric(slots, ghc, gpa, len);
        // Recorded even after -EFAULT: the failed fill still describes this space's slots.
        ghc.asId = slots.asId();
        return ret;
    }

    /**
     * Writes through a cache, re-initialising it from address space 0 first if those memslots
     * changed since. Mirrors {@code kvm_write_guest_cached()} (Linux 4.2).
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
            kvmGfnToHvaCacheInitGeneric(slots, ghc, ghc.gpa, (int) ghc.len);
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
     * Writes through a vCPU's cache as the vCPU sees memory at the time of the call. Mirrors
     * {@code kvm_vcpu_write_guest_cached()}: not in 4.2; it is {@code kvm_write_guest_cached()} over
     * the vCPU's memslot set, added here so that every design offers the same operations. For DESIGN.md rule 3 the cache is refilled when the generation
     * or the vCPU's address space changed since it was filled, so a cache of SMRAM is not used
     * after its vCPU has left SMM.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmVcpuWriteGuestCached(Vcpu vcpu, VcpuGfnToHvaCache ghc, MemorySegment data, long dataOff,
                                              int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = kvmVcpuMemslots(vcpu);
        if (isStaleForVcpu(slots, ghc)) {
            vcpuGfnToHvaCacheInit(slots, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return kvmVcpuWriteGuest(vcpu, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva)) {
            return -EFAULT;
        }
        if (vcpu.kvm().mm().copyToUser(ghc.hva, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirtyInSlot(ghc.memslot, Page.gpaToGfn(ghc.gpa));
        return 0;
    }

    /**
     * Reads through a cache, re-initialising it from address space 0 first if those memslots
     * changed since. Mirrors {@code kvm_read_guest_cached()} (Linux 4.2).
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
            kvmGfnToHvaCacheInitGeneric(slots, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return kvmReadGuest(kvm, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva)) {
            return -EFAULT;
        }
        return kvm.mm().copyFromUser(data, dataOff, ghc.hva, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Reads through a vCPU's cache as the vCPU sees memory at the time of the call. Mirrors
     * {@code kvm_vcpu_read_guest_cached()}: not in 4.2; it is {@code kvm_read_guest_cached()} over
     * the vCPU's memslot set, added here so that every design offers the same operations. For DESIGN.md rule 3 the cache is refilled when the generation
     * or the vCPU's address space changed since it was filled, so a cache of SMRAM is not used
     * after its vCPU has left SMM.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmVcpuReadGuestCached(Vcpu vcpu, VcpuGfnToHvaCache ghc, MemorySegment data, long dataOff,
                                             int len) {
        HostChecks.checkNotNull(vcpu, "vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Memslots slots = kvmVcpuMemslots(vcpu);
        if (isStaleForVcpu(slots, ghc)) {
            vcpuGfnToHvaCacheInit(slots, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return kvmVcpuReadGuest(vcpu, ghc.gpa, data, dataOff, len);
        }
        if (kvmIsErrorHva(ghc.hva)) {
            return -EFAULT;
        }
        return vcpu.kvm().mm().copyFromUser(data, dataOff, ghc.hva, len) == 0 ? 0 : -EFAULT;
    }

    /**
     * Whether a vCPU's cache must be filled again before use: its memslots changed since, or they
     * are not the ones of the vCPU's current address space. Linux answers the second question with
     * the first: later kernels give each address space generations of its own (they interleave),
     * so a cache filled from another space never matches the current generation. Here, as in 4.2,
     * both spaces count from the same start and can stand at the same value, so the space is
     * compared as well, twice: {@link VcpuGfnToHvaCache#asId} records the vCPU-level fills, and the
     * cached slot's own space catches a fill at VM level, which leaves {@code asId} as it was. A
     * cache of another space is stale, not wrong: it is refilled, as a generation change would be.
     */
    private static boolean isStaleForVcpu(Memslots slots, VcpuGfnToHvaCache ghc) {
        return slots.generation() != ghc.generation
                || slots.asId() != ghc.asId
                || ghc.memslot != null && ghc.memslot.asId() != slots.asId();
    }

    /** Linux's {@code BUG_ON(len > ghc->len)}, and a cache that was never initialised. */
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
