package org.kvmlab.macrogeneric.virt.kvm;

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
 * The guest-memory accessors of Linux 4.1's {@code virt/kvm/kvm_main.c}, rewritten as the 2015
 * thread's "generic templated helpers": each accessor's body is a generic method
 * ({@code kvmReadGuestGeneric}, {@code kvmWriteGuestPageGeneric}, ...) that takes the memslot
 * lookup ({@link MemslotLookup}) and, for multi-page accesses, the per-page operation
 * ({@link PageOp}) as arguments, and every {@code kvm_*} accessor is one line that instantiates a
 * generic body with the VM's lookup.
 *
 * <p><b>What it changes.</b> The generic layer stops being VM-only without learning anything about
 * vCPUs or SMRAM: the access context is a type parameter ({@code Kvm} here, {@code Vcpu} in
 * {@code arch.x86}), and what a context may see is the lookup's business. There is one segment
 * loop for every multi-page access of every family and one cached-access body for both
 * directions; {@code arch.x86} supplies a lookup and its page operations and writes nothing else.
 *
 * <p><b>What it costs.</b> Every access goes through interface calls on strategy constants, and
 * the loop's one call site sees the page operations of every family and direction, so once more
 * than two of them run the JIT can no longer inline the page operation into the loop (what the
 * polluted benchmarks measure). Reading one accessor means reading its one-liner, the generic
 * body and the strategy. The generic bodies and both strategy interfaces become API that arch
 * code programs against. And the compiler checks that a body's context type matches its
 * strategies, not that a read body was given a read operation.
 *
 * <p><b>DESIGN.md rule 3 (no stale SMM view).</b> The one cached-access body asks
 * {@link MemslotLookup#canUse} about the cached slot at every access that uses it, with the
 * context of that access; the VM's lookup always says yes, the x86 lookup answers with the vCPU's
 * SMM state of that moment. Accesses that take the slow path look every page up again through the
 * same lookup. A cache filled in SMM therefore never reaches SMRAM once its vCPU has left SMM.
 *
 * <p>Guest-controlled failures return {@code -EFAULT}; host programming errors (DESIGN.md rule 4)
 * throw {@link IllegalArgumentException} before anything is touched. Nothing here allocates.
 */
public final class KvmGuestMemory {
    /** VM-level accesses see every slot of the VM's one memslot set: there is no vCPU to ask. */
    private enum VmLookup implements MemslotLookup<Kvm> {
        INSTANCE;

        @Override
        public Kvm kvm(Kvm kvm) {
            return kvm;
        }

        @Override
        public boolean canUse(Kvm kvm, MemorySlot slot) {
            return true;
        }
    }

    /**
     * The fast path of a cached access, by direction: the slow path's direction is its page
     * operation's, but the fast path copies at the cached hva and marks the cached slot, with no
     * lookup to parameterise.
     */
    private enum CachedCopy {
        READ {
            @Override
            int copy(Kvm kvm, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
                return kvm.mm().copyFromUser(data, dataOff, ghc.hva, len) == 0 ? 0 : -EFAULT;
            }
        },
        WRITE {
            @Override
            int copy(Kvm kvm, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
                if (kvm.mm().copyToUser(ghc.hva, data, dataOff, len) != 0) {
                    return -EFAULT;
                }
                markPageDirtyInSlot(ghc.memslot, Page.gpaToGfn(ghc.gpa));
                return 0;
            }
        };

        abstract int copy(Kvm kvm, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);
    }

    private static final MemslotLookup<Kvm> KVM_LOOKUP = VmLookup.INSTANCE;
    private static final PageOp<Kvm> KVM_READ_PAGE = KvmGuestMemory::kvmReadGuestPage;
    private static final PageOp<Kvm> KVM_WRITE_PAGE = KvmGuestMemory::kvmWriteGuestPage;
    // A lambda where the others are method references, because a clear page takes no buffer;
    // it captures nothing, so it too is created once.
    private static final PageOp<Kvm> KVM_CLEAR_PAGE =
            (kvm, gfn, data, dataOff, offset, len) -> kvmClearGuestPage(kvm, gfn, offset, len);

    private KvmGuestMemory() {}

    /** {@code kvm_memslots(kvm)}: the VM's memslot set. */
    static Memslots kvmMemslots(Kvm kvm) {
        return kvm.memslots(0);
    }

    /**
     * The slot holding {@code gfn}, or null. Mirrors {@code gfn_to_memslot()} (Linux 4.1).
     */
    public static MemorySlot gfnToMemslot(Kvm kvm, long gfn) {
        return gfnToMemslotGeneric(KVM_LOOKUP, kvm, gfn);
    }

    /**
     * The slot holding {@code gfn} that {@code ctx} may use, or null: a slot the lookup refuses
     * behaves as no slot at all. The generic body of {@code gfn_to_memslot()} and of
     * {@code x86_gfn_to_memslot()} (SMM series v1, patch 12), after the 2015 thread.
     */
    public static <C> MemorySlot gfnToMemslotGeneric(MemslotLookup<C> lookup, C ctx, long gfn) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        MemorySlot slot = kvmMemslots(lookup.kvm(ctx)).searchMemslots(gfn);
        if (slot != null && !lookup.canUse(ctx, slot)) {
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
        return kvmIsVisibleGfnGeneric(KVM_LOOKUP, kvm, gfn);
    }

    /**
     * Whether a usable slot that {@code ctx} may see holds {@code gfn}. The generic body of
     * {@code kvm_is_visible_gfn()} (Linux 4.1), after the 2015 thread.
     *
     * @return false for no slot, a refused slot, a private slot, or a slot being deleted or moved
     */
    public static <C> boolean kvmIsVisibleGfnGeneric(MemslotLookup<C> lookup, C ctx, long gfn) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        MemorySlot memslot = gfnToMemslotGeneric(lookup, ctx, gfn);
        return memslot != null && memslot.id() < lookup.kvm(ctx).config().userMemSlots() && !memslot.isInvalid();
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
        return gfnToHvaGeneric(KVM_LOOKUP, kvm, gfn);
    }

    /**
     * The host address of {@code gfn} as {@code ctx} sees it, asked with write intent. The generic
     * body of {@code gfn_to_hva()} (Linux 4.1), after the 2015 thread.
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD} for a read-only slot
     */
    public static <C> long gfnToHvaGeneric(MemslotLookup<C> lookup, C ctx, long gfn) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        return gfnToHvaMany(gfnToMemslotGeneric(lookup, ctx, gfn), gfn, true);
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
        return gfnToHvaProtGeneric(KVM_LOOKUP, kvm, gfn, writable);
    }

    /**
     * The host address of {@code gfn} as {@code ctx} sees it, for reading, and whether the slot
     * may be written. The generic body of {@code gfn_to_hva_prot()} (Linux 4.1), after the 2015
     * thread.
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD}
     */
    public static <C> long gfnToHvaProtGeneric(MemslotLookup<C> lookup, C ctx, long gfn, Writable writable) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        return gfnToHvaMemslotProt(gfnToMemslotGeneric(lookup, ctx, gfn), gfn, writable);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn}. Mirrors
     * {@code kvm_read_guest_page()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT} if no slot or no readable host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static int kvmReadGuestPage(Kvm kvm, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return kvmReadGuestPageGeneric(KVM_LOOKUP, kvm, gfn, data, dataOff, offset, len);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn} as {@code ctx} sees it.
     * The generic body of {@code kvm_read_guest_page()} (Linux 4.1), {@code __kvm_read_guest_page}
     * in the 2015 thread's scheme.
     *
     * @return 0, or {@code -EFAULT} if no usable slot or no readable host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static <C> int kvmReadGuestPageGeneric(MemslotLookup<C> lookup, C ctx, long gfn, MemorySegment data,
                                                  long dataOff, int offset, int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaProtGeneric(lookup, ctx, gfn, null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return lookup.kvm(ctx).mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
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
        return kvmReadGuestGeneric(KVM_READ_PAGE, kvm, gpa, data, dataOff, len);
    }

    /**
     * Reads {@code len} bytes at {@code gpa} with {@code readPage}, page by page, stopping at the
     * first page that fails. The generic body of {@code kvm_read_guest()} (Linux 4.1),
     * {@code __kvm_read_guest} in the 2015 thread's scheme.
     *
     * @return 0, or the first page's negative errno
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static <C> int kvmReadGuestGeneric(PageOp<C> readPage, C ctx, long gpa, MemorySegment data, long dataOff,
                                              int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        return guestSegmentsGeneric(readPage, ctx, gpa, data, dataOff, len);
    }

    /**
     * The one segment loop, the thread's {@code __kvm_write_guest(fn_page, gpa, data, len, args...)}
     * macro: it cuts {@code [gpa, gpa + len)} at page edges and hands each piece to
     * {@code fnPage}, whatever its direction or family. Like the macro it never looks at the
     * buffer, so that clearing (which has none) runs through it too; the callers that have one
     * check it first.
     */
    private static <C> int guestSegmentsGeneric(PageOp<C> fnPage, C ctx, long gpa, MemorySegment data, long dataOff,
                                                int len) {
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        int ret;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            ret = fnPage.apply(ctx, gfn, data, dataOff, offset, seg);
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
        return kvmReadGuestAtomicGeneric(KVM_LOOKUP, kvm, gpa, data, dataOff, len);
    }

    /**
     * Reads {@code len} bytes at {@code gpa} as {@code ctx} sees it, with one lookup. The generic
     * body of {@code kvm_read_guest_atomic()} (Linux 4.1), after the 2015 thread.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if the range leaves its page (4.1 would read past it)
     */
    public static <C> int kvmReadGuestAtomicGeneric(MemslotLookup<C> lookup, C ctx, long gpa, MemorySegment data,
                                                    long dataOff, int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkGuestRange(gpa, len);
        int offset = Page.offsetInPage(gpa);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaProtGeneric(lookup, ctx, Page.gpaToGfn(gpa), null);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        return lookup.kvm(ctx).mm().copyFromUser(data, dataOff, addr + offset, len) == 0 ? 0 : -EFAULT;
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
        return kvmWriteGuestPageGeneric(KVM_LOOKUP, kvm, gfn, data, dataOff, offset, len);
    }

    /**
     * Writes {@code len} bytes at {@code offset} in guest frame {@code gfn} as {@code ctx} sees it
     * and marks the page dirty, looking the slot up again for the mark. The generic body of
     * {@code kvm_write_guest_page()} (Linux 4.1): the thread's
     * {@code __kvm_write_guest_page(x86_gfn_to_memslot, gfn, data, offset, len, vcpu)}.
     *
     * @return 0, or {@code -EFAULT} if no usable writable slot or host page backs the frame
     * @throws IllegalArgumentException if the piece leaves the page or the buffer
     */
    public static <C> int kvmWriteGuestPageGeneric(MemslotLookup<C> lookup, C ctx, long gfn, MemorySegment data,
                                                   long dataOff, int offset, int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        HostChecks.checkWithinPage(offset, len);
        long addr = gfnToHvaGeneric(lookup, ctx, gfn);
        if (kvmIsErrorHva(addr)) {
            return -EFAULT;
        }
        if (lookup.kvm(ctx).mm().copyToUser(addr + offset, data, dataOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirtyGeneric(lookup, ctx, gfn);
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
        return kvmWriteGuestGeneric(KVM_WRITE_PAGE, kvm, gpa, data, dataOff, len);
    }

    /**
     * Writes {@code len} bytes at {@code gpa} with {@code writePage}, page by page, stopping at the
     * first page that fails. The generic body of {@code kvm_write_guest()} (Linux 4.1): the
     * thread's {@code __kvm_write_guest(fn_page, gpa, data, len, args...)}.
     *
     * @return 0, or the first page's negative errno
     * @throws IllegalArgumentException if the range runs past 2^64 or the buffer
     */
    public static <C> int kvmWriteGuestGeneric(PageOp<C> writePage, C ctx, long gpa, MemorySegment data, long dataOff,
                                               int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        HostChecks.checkBuffer(data, dataOff, len);
        return guestSegmentsGeneric(writePage, ctx, gpa, data, dataOff, len);
    }

    /**
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn}: a page write from the
     * zero page, dirty mark included. Mirrors {@code kvm_clear_guest_page()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmClearGuestPage(Kvm kvm, long gfn, int offset, int len) {
        return kvmClearGuestPageGeneric(KVM_LOOKUP, kvm, gfn, offset, len);
    }

    /**
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn} as {@code ctx} sees it.
     * The generic body of {@code kvm_clear_guest_page()} (Linux 4.1), after the 2015 thread.
     *
     * @return 0, or {@code -EFAULT}
     */
    public static <C> int kvmClearGuestPageGeneric(MemslotLookup<C> lookup, C ctx, long gfn, int offset, int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        HostChecks.checkWithinPage(offset, len);
        return kvmWriteGuestPageGeneric(lookup, ctx, gfn, Page.ZERO_PAGE, 0, offset, len);
    }

    /**
     * Zeroes {@code len} bytes of guest physical memory at {@code gpa}, page by page. Mirrors
     * {@code kvm_clear_guest()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int kvmClearGuest(Kvm kvm, long gpa, int len) {
        return kvmClearGuestGeneric(KVM_CLEAR_PAGE, kvm, gpa, len);
    }

    /**
     * Zeroes {@code len} bytes at {@code gpa} with {@code clearPage}, page by page. The generic
     * body of {@code kvm_clear_guest()} (Linux 4.1), after the 2015 thread.
     *
     * @return 0, or the first page's negative errno
     */
    public static <C> int kvmClearGuestGeneric(PageOp<C> clearPage, C ctx, long gpa, int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        return guestSegmentsGeneric(clearPage, ctx, gpa, null, 0, len);
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
        markPageDirtyGeneric(KVM_LOOKUP, kvm, gfn);
    }

    /**
     * Marks guest frame {@code gfn} dirty in the log of the slot {@code ctx} sees there, if it
     * logs. The generic body of {@code mark_page_dirty()} (Linux 4.1), after the 2015 thread.
     */
    public static <C> void markPageDirtyGeneric(MemslotLookup<C> lookup, C ctx, long gfn) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        markPageDirtyInSlot(gfnToMemslotGeneric(lookup, ctx, gfn), gfn);
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
        return kvmGfnToHvaCacheInitGeneric(KVM_LOOKUP, kvm, ghc, gpa, len);
    }

    /**
     * Looks up {@code [gpa, gpa + len)} once, as {@code ctx} sees it now, for later cached
     * accesses. The generic body of {@code kvm_gfn_to_hva_cache_init()} (Linux 4.1), the
     * {@code x86_gfn_to_hva_cache_init} argument of the thread's {@code __kvm_write_guest_cached}.
     *
     * @return 0, or {@code -EFAULT} if a page of the range has no usable writable slot
     * @throws IllegalArgumentException for length 0 or a range past 2^64
     */
    public static <C> int kvmGfnToHvaCacheInitGeneric(MemslotLookup<C> lookup, C ctx, GfnToHvaCache ghc, long gpa,
                                                      int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        if (ghc == null) {
            throw new IllegalArgumentException("cache is null");
        }
        if (len <= 0) {
            throw new IllegalArgumentException("cache length " + len + " is not positive");
        }
        HostChecks.checkGuestRange(gpa, len);
        Memslots slots = kvmMemslots(lookup.kvm(ctx));
        int offset = Page.offsetInPage(gpa);
        long startGfn = Page.gpaToGfn(gpa);
        long endGfn = Page.gpaToGfn(gpa + len - 1);
        long nrPagesNeeded = endGfn - startGfn + 1;

        ghc.gpa = gpa;
        ghc.generation = slots.generation();
        ghc.len = len;
        ghc.memslot = gfnToMemslotGeneric(lookup, ctx, startGfn);
        ghc.hva = gfnToHvaMany(ghc.memslot, startGfn, true);
        if (!kvmIsErrorHva(ghc.hva) && nrPagesNeeded <= 1) {
            ghc.hva += offset;
        } else {
            // A range over several pages or slots is still verified whole here.
            while (Long.compareUnsigned(startGfn, endGfn) <= 0) {
                ghc.memslot = gfnToMemslotGeneric(lookup, ctx, startGfn);
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
        return kvmWriteGuestCachedGeneric(KVM_LOOKUP, KVM_WRITE_PAGE, kvm, ghc, data, dataOff, len);
    }

    /**
     * Writes through a cache as {@code ctx} sees memory now, with {@code writePage} on the slow
     * path. The generic body of {@code kvm_write_guest_cached()} (Linux 4.1): the thread's
     * {@code __kvm_write_guest_cached(x86_gfn_to_hva_cache_init, x86_write_guest, ghc, data, len,
     * vcpu)}, with the lookup standing for the init function. Keeps DESIGN.md rule 3 (see the class comment).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static <C> int kvmWriteGuestCachedGeneric(MemslotLookup<C> lookup, PageOp<C> writePage, C ctx,
                                                     GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        return guestCachedGeneric(lookup, writePage, CachedCopy.WRITE, ctx, ghc, data, dataOff, len);
    }

    /**
     * Reads through a cache, re-initialising it first if the memslots changed since. Mirrors
     * {@code kvm_read_guest_cached()} (Linux 4.1).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int kvmReadGuestCached(Kvm kvm, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return kvmReadGuestCachedGeneric(KVM_LOOKUP, KVM_READ_PAGE, kvm, ghc, data, dataOff, len);
    }

    /**
     * Reads through a cache as {@code ctx} sees memory now, with {@code readPage} on the slow
     * path. The generic body of {@code kvm_read_guest_cached()} (Linux 4.1), after the 2015
     * thread. Keeps DESIGN.md rule 3 (see the class comment).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static <C> int kvmReadGuestCachedGeneric(MemslotLookup<C> lookup, PageOp<C> readPage, C ctx,
                                                    GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkNotNull(ctx, "kvm or vcpu");
        return guestCachedGeneric(lookup, readPage, CachedCopy.READ, ctx, ghc, data, dataOff, len);
    }

    /**
     * The one cached-access body, for both directions and every family: re-initialise after a
     * memslot change, take the slow path through the segment loop when the range spans pages, and
     * otherwise copy at the cached hva if the context may still use the cached slot.
     */
    private static <C> int guestCachedGeneric(MemslotLookup<C> lookup, PageOp<C> slowPage, CachedCopy fastCopy, C ctx,
                                              GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        HostChecks.checkBuffer(data, dataOff, len);
        checkCachedAccess(ghc, len);
        Kvm kvm = lookup.kvm(ctx);
        Memslots slots = kvmMemslots(kvm);
        if (slots.generation() != ghc.generation) {
            kvmGfnToHvaCacheInitGeneric(lookup, ctx, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return guestSegmentsGeneric(slowPage, ctx, ghc.gpa, data, dataOff, len);
        }
        // DESIGN.md rule 3: the slot was usable when the cache was filled; the context may have
        // changed since.
        if (kvmIsErrorHva(ghc.hva) || !lookup.canUse(ctx, ghc.memslot)) {
            return -EFAULT;
        }
        return fastCopy.copy(kvm, ghc, data, dataOff, len);
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
