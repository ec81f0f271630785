package org.kvmlab.conformance.power;

import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_BAD;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_RO_BAD;

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
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.core.paging.X86PageWalk;

/**
 * Designs broken where the suite was blind before issue 16, each the reference model with one
 * defect that no example, scenario or random program of the suite noticed then. The random
 * programs cannot see any of them (they never pass short buffers or nulls, never run inside an
 * install, never write zero bytes through a cache), which is why the checks that catch them are
 * examples, and why these are not part of {@link DifferentialPowerTest}.
 */
enum BlindSpotDesign implements VariantAdapter {
    SHORT_BUFFER_FOUND_LATE(ShortBufferFoundLate::new),
    NULL_CACHE_DEREFERENCED(NullCacheDereferenced::new),
    NULL_HANDLE_IGNORED_WHEN_EMPTY(NullHandleIgnoredWhenEmpty::new),
    INVALID_SLOT_STILL_MAPPED(InvalidSlotStillMapped::new),
    EMPTY_CACHED_WRITE_SHORT_CIRCUITED(EmptyCachedWriteShortCircuited::new),
    NONCANONICAL_START_WALKED(NoncanonicalStartWalked::new),
    GFN_TO_HVA_MEMSLOT_WITH_READ_INTENT(GfnToHvaMemslotWithReadIntent::new);

    private final UnaryOperator<GuestVm> breaker;

    BlindSpotDesign(UnaryOperator<GuestVm> breaker) {
        this.breaker = breaker;
    }

    @Override
    public GuestVm createVm(int userMemSlots, InstallHook hook) {
        return breaker.apply(new ReferenceAdapter().createVm(userMemSlots, hook));
    }

    /**
     * Writes check the buffer page by page as they reach each piece, so a buffer too short for
     * the whole access is noticed only after the earlier pages were written and dirtied, and not
     * at all when the access faults first.
     */
    static final class ShortBufferFoundLate extends ForwardingGuestVm {
        ShortBufferFoundLate(GuestVm d) { super(d); }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            HostChecks.checkGuestRange(gpa, len);
            for (int done = 0, offset = Page.offsetInPage(gpa); done < len; offset = 0) {
                int seg = Page.nextSegment(len - done, offset);
                HostChecks.checkBuffer(src, srcOff + done, seg);
                int rc = delegate.writeGuestPage(ctx, Page.gpaToGfn(gpa + done), src, srcOff + done, offset, seg);
                if (rc < 0) {
                    return rc;
                }
                done += seg;
            }
            return 0;
        }
    }

    /** Cached accesses read the cache's length before looking at whether there is a cache. */
    static final class NullCacheDereferenced extends ForwardingGuestVm {
        NullCacheDereferenced(GuestVm d) { super(d); }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            if (len > ghc.len) {
                throw new IllegalArgumentException("access of " + len + " bytes exceeds the cache's " + ghc.len);
            }
            return delegate.readGuestCached(ctx, ghc, dst, dstOff, len);
        }
    }

    /**
     * A zero-length read returns at once, before the handle it was given is looked at: with a null
     * VM or vCPU it succeeds, as 4.1's loop over no page would.
     */
    static final class NullHandleIgnoredWhenEmpty extends ForwardingGuestVm {
        NullHandleIgnoredWhenEmpty(GuestVm d) { super(d); }

        @Override
        public GuestVm withNullHandles() {
            return new ForwardingGuestVm(delegate.withNullHandles()) {
                @Override
                public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
                    return len == 0 ? 0 : delegate.readGuest(ctx, gpa, dst, dstOff, len);
                }
            };
        }
    }

    /** The translation ignores {@code KVM_MEMSLOT_INVALID}, so a slot being deleted or moved still maps. */
    static final class InvalidSlotStillMapped extends ForwardingGuestVm {
        InvalidSlotStillMapped(GuestVm d) { super(d); }

        @Override
        public long gfnToHva(Vcpu ctx, long gfn) {
            MemorySlot slot = delegate.gfnToMemslot(ctx, gfn);
            if (slot == null) {
                return KVM_HVA_ERR_BAD;
            }
            return slot.isReadonly() ? KVM_HVA_ERR_RO_BAD : slot.gfnToHvaMemslot(gfn);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return delegate.gfnToMemslot(ctx, gfn) != null;
        }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return BrokenDesign.writePageByPage(this, ctx, gpa, src, srcOff, len, this::gfnToHva, true);
        }
    }

    /** A cached write of no bytes returns success at once: no dirty mark, no look at a failed cache. */
    static final class EmptyCachedWriteShortCircuited extends ForwardingGuestVm {
        EmptyCachedWriteShortCircuited(GuestVm d) { super(d); }

        @Override
        public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
            HostChecks.checkNotNull(ghc, "cache");
            return len == 0 ? 0 : delegate.writeGuestCached(ctx, ghc, src, srcOff, len);
        }
    }

    /**
     * Only the last byte of a guest-virtual range is checked for canonical form, so a range that
     * starts in the hole and ends above it is walked (and faults as not present) instead of #GP.
     */
    static final class NoncanonicalStartWalked extends ForwardingGuestVm {
        NoncanonicalStartWalked(GuestVm d) { super(d); }

        @Override
        public int readGuestVirt(Vcpu vcpu, long gva, MemorySegment dst, long dstOff, int len, X86Exception e) {
            HostChecks.checkBuffer(dst, dstOff, len);
            if (len > 0 && X86PageWalk.isNoncanonical(gva) && !X86PageWalk.isNoncanonical(gva + len - 1)) {
                e.pageFault(0, gva);
                return X86Emul.X86EMUL_PROPAGATE_FAULT;
            }
            return delegate.readGuestVirt(vcpu, gva, dst, dstOff, len, e);
        }
    }

    /** {@code gfn_to_hva_memslot} translates with read intent, so a read-only slot maps for writing. */
    static final class GfnToHvaMemslotWithReadIntent extends ForwardingGuestVm {
        GfnToHvaMemslotWithReadIntent(GuestVm d) { super(d); }

        @Override
        public long gfnToHvaMemslot(MemorySlot slot, long gfn) {
            long hva = delegate.gfnToHvaMemslot(slot, gfn);
            return hva == KVM_HVA_ERR_RO_BAD ? slot.gfnToHvaMemslot(gfn) : hva;
        }
    }
}
