package org.kvmlab.conformance.power;

import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Hva.kvmIsErrorHva;

import java.lang.foreign.MemorySegment;
import java.util.function.UnaryOperator;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.InstallHook;

/**
 * Deliberately broken designs, each the reference model with one defect of the kind a real
 * accessor layer could have. The kit proves its power by catching every one of them.
 */
enum BrokenDesign implements VariantAdapter {
    SMRAM_VISIBLE_OUTSIDE_SMM(SmramVisibleOutsideSmm::new),
    SMRAM_INVISIBLE_INSIDE_SMM(SmramInvisibleInsideSmm::new),
    MISSING_DIRTY_MARK(MissingDirtyMark::new),
    OFF_BY_ONE_AT_PAGE_EDGE(OffByOneAtPageEdge::new),
    STALE_CACHE_AFTER_MEMSLOT_CHANGE(StaleCacheAfterMemslotChange::new),
    STALE_CACHE_AFTER_LEAVING_SMM(StaleCacheAfterLeavingSmm::new),
    WRITE_TO_READ_ONLY_SLOT(WriteToReadOnlySlot::new),
    GPA_WRAP_AROUND_ACCEPTED(GpaWrapAroundAccepted::new),
    PARTIAL_WRITE_ROLLED_BACK(PartialWriteRolledBack::new),
    FAILED_READ_ZERO_FILLS(FailedReadZeroFills::new);

    private final UnaryOperator<GuestVm> breaker;

    BrokenDesign(UnaryOperator<GuestVm> breaker) {
        this.breaker = breaker;
    }

    @Override
    public GuestVm createVm(int userMemSlots, InstallHook hook) {
        return breaker.apply(new ReferenceAdapter().createVm(userMemSlots, hook));
    }

    /** A vCPU-level access done as a VM-level one: every slot is visible, SMM or not. */
    static final class SmramVisibleOutsideSmm extends ForwardingGuestVm {
        SmramVisibleOutsideSmm(GuestVm d) { super(d); }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return delegate.readGuest(null, gpa, dst, dstOff, len);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return delegate.isVisibleGfn(null, gfn);
        }
    }

    /** An SMM vCPU is looked at as if it had left SMM. */
    static final class SmramInvisibleInsideSmm extends ForwardingGuestVm {
        SmramInvisibleInsideSmm(GuestVm d) { super(d); }

        private Vcpu outsideSmm(Vcpu ctx) {
            if (ctx == null || !ctx.isSmm()) {
                return ctx;
            }
            Vcpu other = delegate.vcpu(254);
            other.setSmm(false);
            return other;
        }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return delegate.readGuest(outsideSmm(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return delegate.isVisibleGfn(outsideSmm(ctx), gfn);
        }
    }

    /** Writes land but never reach the dirty log. */
    static final class MissingDirtyMark extends ForwardingGuestVm {
        MissingDirtyMark(GuestVm d) { super(d); }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return writePageByPage(this, ctx, gpa, src, srcOff, len, delegate::gfnToHva, false);
        }
    }

    /** How a broken write finds a page's host address. */
    @FunctionalInterface
    interface HvaOf {
        long hva(Vcpu ctx, long gfn);
    }

    /** A write loop for the broken designs: each page through {@code hvaOf}, dirty-marked or not. */
    static int writePageByPage(ForwardingGuestVm vm, Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len,
                               HvaOf hvaOf, boolean markDirty) {
        HostChecks.checkBuffer(src, srcOff, len);
        HostChecks.checkGuestRange(gpa, len);
        for (int done = 0, offset = Page.offsetInPage(gpa); done < len; offset = 0) {
            int seg = Page.nextSegment(len - done, offset);
            long gfn = Page.gpaToGfn(gpa + done);
            long hva = hvaOf.hva(ctx, gfn);
            if (kvmIsErrorHva(hva) || vm.kvm().mm().copyToUser(hva + offset, src, srcOff + done, seg) != 0) {
                return -EFAULT;
            }
            if (markDirty) {
                vm.delegate.markPageDirty(ctx, gfn);
            }
            done += seg;
        }
        return 0;
    }

    /** A page-crossing access copies one byte too many into the first page's host memory. */
    static final class OffByOneAtPageEdge extends ForwardingGuestVm {
        OffByOneAtPageEdge(GuestVm d) { super(d); }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            HostChecks.checkBuffer(src, srcOff, len);
            HostChecks.checkGuestRange(gpa, len);
            int done = 0;
            int offset = Page.offsetInPage(gpa);
            while (done < len) {
                int seg = Math.min(len - done, Page.PAGE_SIZE - offset + 1);
                long hva = delegate.gfnToHva(ctx, Page.gpaToGfn(gpa + done));
                if (kvmIsErrorHva(hva) || kvm().mm().copyToUser(hva + offset, src, srcOff + done, seg) != 0) {
                    return -EFAULT;
                }
                delegate.markPageDirty(ctx, Page.gpaToGfn(gpa + done));
                done += seg;
                offset = Page.offsetInPage(gpa + done);
            }
            return 0;
        }
    }

    /** Cached accesses trust the cached hva without comparing generations. */
    static final class StaleCacheAfterMemslotChange extends ForwardingGuestVm {
        StaleCacheAfterMemslotChange(GuestVm d) { super(d); }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            if (ghc.memslot != null && !kvmIsErrorHva(ghc.hva) && len <= ghc.len) {
                return kvm().mm().copyFromUser(dst, dstOff, ghc.hva, len) == 0 ? 0 : -EFAULT;
            }
            return delegate.readGuestCached(ctx, ghc, dst, dstOff, len);
        }
    }

    /** Cached accesses check visibility as the VM would, so a cache set up in SMM keeps SMRAM. */
    static final class StaleCacheAfterLeavingSmm extends ForwardingGuestVm {
        StaleCacheAfterLeavingSmm(GuestVm d) { super(d); }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            return delegate.readGuestCached(null, ghc, dst, dstOff, len);
        }

        @Override
        public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
            return delegate.writeGuestCached(null, ghc, src, srcOff, len);
        }
    }

    /** Writes look the page up with read intent, so a read-only slot takes them. */
    static final class WriteToReadOnlySlot extends ForwardingGuestVm {
        WriteToReadOnlySlot(GuestVm d) { super(d); }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return writePageByPage(this, ctx, gpa, src, srcOff, len, (c, gfn) -> delegate.gfnToHvaProt(c, gfn, null), true);
        }
    }

    /** A range past 2^64 wraps to guest address 0 instead of being refused. */
    static final class GpaWrapAroundAccepted extends ForwardingGuestVm {
        GpaWrapAroundAccepted(GuestVm d) { super(d); }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            long room = -gpa;
            if (gpa != 0 && len > 0 && Long.compareUnsigned(room, len) < 0) {
                int rc = delegate.readGuest(ctx, gpa, dst, dstOff, (int) room);
                return rc < 0 ? rc : delegate.readGuest(ctx, 0, dst, dstOff + room, len - (int) room);
            }
            return delegate.readGuest(ctx, gpa, dst, dstOff, len);
        }
    }

    /** A write that fails part-way writes nothing: earlier pages are not left written. */
    static final class PartialWriteRolledBack extends ForwardingGuestVm {
        PartialWriteRolledBack(GuestVm d) { super(d); }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            HostChecks.checkBuffer(src, srcOff, len);
            HostChecks.checkGuestRange(gpa, len);
            for (long gfn = Page.gpaToGfn(gpa); len > 0 && gfn <= Page.gpaToGfn(gpa + len - 1); gfn++) {
                long hva = delegate.gfnToHva(ctx, gfn);
                if (kvmIsErrorHva(hva) || kvm().mm().protection(hva) == null || !kvm().mm().protection(hva).writable()) {
                    return -EFAULT;
                }
            }
            return delegate.writeGuest(ctx, gpa, src, srcOff, len);
        }
    }

    /** A read that fails zeroes the whole destination, hiding the pages it did read. */
    static final class FailedReadZeroFills extends ForwardingGuestVm {
        FailedReadZeroFills(GuestVm d) { super(d); }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            int rc = delegate.readGuest(ctx, gpa, dst, dstOff, len);
            if (rc < 0) {
                dst.asSlice(dstOff, len).fill((byte) 0);
            }
            return rc;
        }
    }
}
