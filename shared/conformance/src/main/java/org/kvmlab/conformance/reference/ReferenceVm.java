package org.kvmlab.conformance.reference;

import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_BAD;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_RO_BAD;
import static org.kvmlab.core.base.Hva.kvmIsErrorHva;

import java.lang.foreign.MemorySegment;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.PteReader;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.core.paging.X86PageWalk;

/**
 * The reference model: Linux 4.1's accessor semantics (DESIGN.md section 5) written as plainly as
 * possible, to be obviously right rather than fast. Slots are found by a linear scan, every access
 * goes page by page through one lookup helper, and the cache keeps 4.1's fields only because its
 * observable quirks (the slow path, a failed init) depend on them. Which slots an access sees is
 * the {@link ReferenceMode}'s business; everything else is shared by the modes.
 */
public final class ReferenceVm implements GuestVm {
    private final Kvm kvm;
    private final ReferenceMode mode;
    /** Whether this is the view of {@link #withNullHandles()}: every accessor refuses its handle. */
    private final boolean nullHandles;
    /** The page walk reads entries with this VM's own vCPU-level read, as every design does. */
    private final PteReader pteReader = this::readGuest;

    private ReferenceVm(Kvm kvm, ReferenceMode mode, boolean nullHandles) {
        this.kvm = kvm;
        this.mode = mode;
        this.nullHandles = nullHandles;
    }

    /** A fresh VM of the 2015 flag-based contract whose core calls {@code hook} after each install. */
    public static ReferenceVm flagMode(int userMemSlots, InstallHook hook) {
        return of(new FlagMode(), userMemSlots, hook);
    }

    /** A fresh VM of Linux 4.2's address-space contract whose core calls {@code hook} after each install. */
    public static ReferenceVm addressSpaceMode(int userMemSlots, InstallHook hook) {
        return of(new AddressSpaceMode(), userMemSlots, hook);
    }

    private static ReferenceVm of(ReferenceMode mode, int userMemSlots, InstallHook hook) {
        return new ReferenceVm(new Kvm(mode.config(userMemSlots), new HostMemory(), hook), mode, false);
    }

    @Override
    public GuestVm withNullHandles() {
        return new ReferenceVm(kvm, mode, true);
    }

    /**
     * DESIGN.md rule 4 for the handle an access is made with: what a design does when its VM-level accessor
     * gets a null VM, or its vCPU-level one a null vCPU (see {@link GuestVm#withNullHandles()}).
     */
    private void checkHandle(Vcpu ctx) {
        if (nullHandles) {
            throw new IllegalArgumentException(ctx == null ? "kvm is null" : "vcpu is null");
        }
    }

    @Override
    public Kvm kvm() {
        return kvm;
    }

    @Override
    public int region(int slot, int flags, boolean smram, long gpa, long size, long hva) {
        return mode.region(kvm, slot, flags, smram, gpa, size, hva);
    }

    @Override
    public DirtyLogResult getDirtyLog(int slot) {
        return mode.dirtyLog(kvm, slot);
    }

    // ---- translation -----------------------------------------------------------------------

    @Override
    public MemorySlot gfnToMemslot(Vcpu ctx, long gfn) {
        checkHandle(ctx);
        return mode.slotFor(kvm, ctx, gfn);
    }

    @Override
    public boolean isVisibleGfn(Vcpu ctx, long gfn) {
        checkHandle(ctx);
        MemorySlot slot = gfnToMemslot(ctx, gfn);
        return slot != null && !slot.isInvalid();
    }

    @Override
    public long gfnToHva(Vcpu ctx, long gfn) {
        checkHandle(ctx);
        return hvaOf(gfnToMemslot(ctx, gfn), gfn, true);
    }

    @Override
    public long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable) {
        checkHandle(ctx);
        MemorySlot slot = gfnToMemslot(ctx, gfn);
        long hva = hvaOf(slot, gfn, false);
        if (!kvmIsErrorHva(hva) && writable != null) {
            writable.set(!slot.isReadonly());
        }
        return hva;
    }

    @Override
    public long gfnToHvaMemslot(MemorySlot slot, long gfn) {
        return hvaOf(slot, gfn, true);
    }

    /** {@code __gfn_to_hva_many} without the page count: the errors first, then the address. */
    private static long hvaOf(MemorySlot slot, long gfn, boolean write) {
        if (slot == null || slot.isInvalid()) {
            return KVM_HVA_ERR_BAD;
        }
        if (write && slot.isReadonly()) {
            return KVM_HVA_ERR_RO_BAD;
        }
        return slot.gfnToHvaMemslot(gfn);
    }

    // ---- physical accesses -------------------------------------------------------------

    @Override
    public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
        checkHandle(ctx);
        HostChecks.checkBuffer(dst, dstOff, len);
        HostChecks.checkWithinPage(offset, len);
        long hva = hvaOf(gfnToMemslot(ctx, gfn), gfn, false);
        if (kvmIsErrorHva(hva)) {
            return -EFAULT;
        }
        return kvm.mm().copyFromUser(dst, dstOff, hva + offset, len) == 0 ? 0 : -EFAULT;
    }

    @Override
    public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
        checkHandle(ctx);
        HostChecks.checkBuffer(dst, dstOff, len);
        return pageByPage(gpa, len, (gfn, offset, done, seg) -> readGuestPage(ctx, gfn, dst, dstOff + done, offset, seg));
    }

    @Override
    public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
        checkHandle(ctx);
        HostChecks.checkBuffer(dst, dstOff, len);
        HostChecks.checkGuestRange(gpa, len);
        HostChecks.checkWithinPage(Page.offsetInPage(gpa), len);
        return readGuestPage(ctx, Page.gpaToGfn(gpa), dst, dstOff, Page.offsetInPage(gpa), len);
    }

    @Override
    public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
        checkHandle(ctx);
        HostChecks.checkBuffer(src, srcOff, len);
        HostChecks.checkWithinPage(offset, len);
        long hva = hvaOf(gfnToMemslot(ctx, gfn), gfn, true);
        if (kvmIsErrorHva(hva)) {
            return -EFAULT;
        }
        if (kvm.mm().copyToUser(hva + offset, src, srcOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirty(ctx, gfn);
        return 0;
    }

    @Override
    public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
        checkHandle(ctx);
        HostChecks.checkBuffer(src, srcOff, len);
        return pageByPage(gpa, len, (gfn, offset, done, seg) -> writeGuestPage(ctx, gfn, src, srcOff + done, offset, seg));
    }

    @Override
    public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
        checkHandle(ctx);
        HostChecks.checkWithinPage(offset, len);
        return writeGuestPage(ctx, gfn, Page.ZERO_PAGE, 0, offset, len);
    }

    @Override
    public int clearGuest(Vcpu ctx, long gpa, int len) {
        checkHandle(ctx);
        return pageByPage(gpa, len, (gfn, offset, done, seg) -> clearGuestPage(ctx, gfn, offset, seg));
    }

    /** One page's piece of a longer access: {@code seg} bytes at {@code offset} in {@code gfn}. */
    @FunctionalInterface
    private interface PagePiece {
        int access(long gfn, int offset, int done, int seg);
    }

    /**
     * Linux 4.1's segment loop, once for every multi-page access of the model: page by page,
     * stopping at the first page that fails and leaving the earlier pages done. The model may
     * allocate (a lambda per call); it is obviously right, not fast.
     */
    private static int pageByPage(long gpa, int len, PagePiece piece) {
        HostChecks.checkGuestRange(gpa, len);
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int done = 0;
        while (done < len) {
            int seg = Page.nextSegment(len - done, offset);
            int rc = piece.access(gfn, offset, done, seg);
            if (rc < 0) {
                return rc;
            }
            done += seg;
            offset = 0;
            gfn++;
        }
        return 0;
    }

    @Override
    public void markPageDirty(Vcpu ctx, long gfn) {
        checkHandle(ctx);
        markPageDirtyInSlot(gfnToMemslot(ctx, gfn), gfn);
    }

    private static void markPageDirtyInSlot(MemorySlot slot, long gfn) {
        if (slot != null && slot.dirtyBitmap() != null) {
            slot.dirtyBitmap().setBit(gfn - slot.baseGfn());
        }
    }

    // ---- cached accesses ---------------------------------------------------------------

    /** The 4.1 cache plus the address space it was filled in, so a switch of space refills it. */
    private static final class ReferenceCache extends GfnToHvaCache {
        int addressSpace;
    }

    @Override
    public GfnToHvaCache newCache(Vcpu ctx) {
        return new ReferenceCache();
    }

    /** Whether the cache was filled under the memslots the context would look in now. */
    private boolean isCurrent(Vcpu ctx, GfnToHvaCache ghc) {
        int space = ghc instanceof ReferenceCache cache ? cache.addressSpace : 0;
        return mode.generation(kvm, ctx) == ghc.generation && mode.addressSpace(ctx) == space;
    }

    @Override
    public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
        checkHandle(ctx);
        if (ghc == null) {
            throw new IllegalArgumentException("cache is null");
        }
        if (len <= 0) {
            throw new IllegalArgumentException("cache length " + len + " is not positive");
        }
        HostChecks.checkGuestRange(gpa, len);
        long startGfn = Page.gpaToGfn(gpa);
        long endGfn = Page.gpaToGfn(gpa + len - 1);
        ghc.gpa = gpa;
        ghc.generation = mode.generation(kvm, ctx);
        if (ghc instanceof ReferenceCache cache) {
            cache.addressSpace = mode.addressSpace(ctx);
        }
        ghc.len = len;
        ghc.memslot = gfnToMemslot(ctx, startGfn);
        ghc.hva = hvaOf(ghc.memslot, startGfn, true);
        if (!kvmIsErrorHva(ghc.hva) && startGfn == endGfn) {
            ghc.hva += Page.offsetInPage(gpa);
            return 0;
        }
        // Several pages, or a bad first page: verify every page, then use the slow path.
        for (long gfn = startGfn; Long.compareUnsigned(gfn, endGfn) <= 0; gfn++) {
            ghc.memslot = gfnToMemslot(ctx, gfn);
            ghc.hva = hvaOf(ghc.memslot, gfn, true);
            if (kvmIsErrorHva(ghc.hva)) {
                return -EFAULT;
            }
        }
        ghc.memslot = null;
        return 0;
    }

    @Override
    public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
        checkHandle(ctx);
        HostChecks.checkBuffer(dst, dstOff, len);
        checkCachedLength(ghc, len);
        if (!isCurrent(ctx, ghc)) {
            gfnToHvaCacheInit(ctx, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return readGuest(ctx, ghc.gpa, dst, dstOff, len);
        }
        if (kvmIsErrorHva(ghc.hva) || !mode.canSee(ctx, ghc.memslot)) {
            return -EFAULT;
        }
        return kvm.mm().copyFromUser(dst, dstOff, ghc.hva, len) == 0 ? 0 : -EFAULT;
    }

    @Override
    public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
        checkHandle(ctx);
        HostChecks.checkBuffer(src, srcOff, len);
        checkCachedLength(ghc, len);
        if (!isCurrent(ctx, ghc)) {
            gfnToHvaCacheInit(ctx, ghc, ghc.gpa, (int) ghc.len);
        }
        if (ghc.memslot == null) {
            return writeGuest(ctx, ghc.gpa, src, srcOff, len);
        }
        if (kvmIsErrorHva(ghc.hva) || !mode.canSee(ctx, ghc.memslot)) {
            return -EFAULT;
        }
        if (kvm.mm().copyToUser(ghc.hva, src, srcOff, len) != 0) {
            return -EFAULT;
        }
        markPageDirtyInSlot(ghc.memslot, Page.gpaToGfn(ghc.gpa));
        return 0;
    }

    /** A cached access may not be longer than the cache, nor use one that was never set up. */
    private static void checkCachedLength(GfnToHvaCache ghc, int len) {
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

    // ---- guest-virtual accesses --------------------------------------------------------

    @Override
    public int readGuestVirt(Vcpu vcpu, long gva, MemorySegment dst, long dstOff, int len, X86Exception exception) {
        HostChecks.checkBuffer(dst, dstOff, len);
        return accessGuestVirt(vcpu, gva, dst, dstOff, len, exception, false);
    }

    @Override
    public int writeGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment src, long srcOff, int len,
                                    X86Exception exception) {
        HostChecks.checkBuffer(src, srcOff, len);
        return accessGuestVirt(vcpu, gva, src, srcOff, len, exception, true);
    }

    /** Walk a page, access that piece physically on behalf of the vCPU, go on to the next page. */
    private int accessGuestVirt(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len,
                                X86Exception exception, boolean write) {
        if (vcpu == null || exception == null) {
            throw new IllegalArgumentException("vcpu and exception must not be null: " + vcpu + ", " + exception);
        }
        HostChecks.checkGuestRange(gva, len);
        if (len == 0) {
            return X86Emul.X86EMUL_CONTINUE;
        }
        if (X86PageWalk.isNoncanonical(gva) || X86PageWalk.isNoncanonical(gva + len - 1)) {
            exception.generalProtection();
            return X86Emul.X86EMUL_PROPAGATE_FAULT;
        }
        long addr = gva;
        int done = 0;
        while (done < len) {
            long gpa = X86PageWalk.gvaToGpa(vcpu, addr, write, pteReader, exception);
            if (gpa == X86PageWalk.UNMAPPED_GVA) {
                return X86Emul.X86EMUL_PROPAGATE_FAULT;
            }
            int piece = Page.nextSegment(len - done, Page.offsetInPage(addr));
            int rc = write
                    ? writeGuest(vcpu, gpa, data, dataOff + done, piece)
                    : readGuest(vcpu, gpa, data, dataOff + done, piece);
            if (rc < 0) {
                return -EFAULT;
            }
            done += piece;
            addr += piece;
        }
        return X86Emul.X86EMUL_CONTINUE;
    }
}
