package org.kvmlab.conformance.power;

import java.lang.foreign.MemorySegment;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;
import org.kvmlab.core.paging.X86Exception;

/** A VM that forwards everything to another; a broken design overrides the one thing it breaks. */
class ForwardingGuestVm implements GuestVm {
    protected final GuestVm delegate;

    ForwardingGuestVm(GuestVm delegate) {
        this.delegate = delegate;
    }

    @Override public Kvm kvm() { return delegate.kvm(); }
    @Override public int mmap(long hva, long size, Prot prot) { return delegate.mmap(hva, size, prot); }
    @Override public int munmap(long hva, long size) { return delegate.munmap(hva, size); }
    @Override public int mprotect(long hva, long size, Prot prot) { return delegate.mprotect(hva, size, prot); }
    @Override public int setUserMemoryRegion(UserspaceMemoryRegion r) { return delegate.setUserMemoryRegion(r); }
    @Override public DirtyLogResult getDirtyLog(int slot) { return delegate.getDirtyLog(slot); }
    @Override public Vcpu vcpu(int id) { return delegate.vcpu(id); }
    @Override public MemorySlot gfnToMemslot(Vcpu ctx, long gfn) { return delegate.gfnToMemslot(ctx, gfn); }
    @Override public boolean isVisibleGfn(Vcpu ctx, long gfn) { return delegate.isVisibleGfn(ctx, gfn); }
    @Override public long gfnToHva(Vcpu ctx, long gfn) { return delegate.gfnToHva(ctx, gfn); }
    @Override public long gfnToHvaProt(Vcpu ctx, long gfn, Writable w) { return delegate.gfnToHvaProt(ctx, gfn, w); }
    @Override public long gfnToHvaMemslot(MemorySlot slot, long gfn) { return delegate.gfnToHvaMemslot(slot, gfn); }
    @Override public GuestVm withNullHandles() { return delegate.withNullHandles(); }

    @Override
    public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
        return delegate.readGuestPage(ctx, gfn, dst, dstOff, offset, len);
    }

    @Override
    public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
        return delegate.readGuest(ctx, gpa, dst, dstOff, len);
    }

    @Override
    public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
        return delegate.readGuestAtomic(ctx, gpa, dst, dstOff, len);
    }

    @Override
    public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
        return delegate.writeGuestPage(ctx, gfn, src, srcOff, offset, len);
    }

    @Override
    public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
        return delegate.writeGuest(ctx, gpa, src, srcOff, len);
    }

    @Override
    public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
        return delegate.clearGuestPage(ctx, gfn, offset, len);
    }

    @Override
    public int clearGuest(Vcpu ctx, long gpa, int len) {
        return delegate.clearGuest(ctx, gpa, len);
    }

    @Override
    public void markPageDirty(Vcpu ctx, long gfn) {
        delegate.markPageDirty(ctx, gfn);
    }

    @Override
    public GfnToHvaCache newCache(Vcpu ctx) {
        return delegate.newCache(ctx);
    }

    @Override
    public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
        return delegate.gfnToHvaCacheInit(ctx, ghc, gpa, len);
    }

    @Override
    public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
        return delegate.readGuestCached(ctx, ghc, dst, dstOff, len);
    }

    @Override
    public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
        return delegate.writeGuestCached(ctx, ghc, src, srcOff, len);
    }

    @Override
    public int readGuestVirt(Vcpu vcpu, long gva, MemorySegment dst, long dstOff, int len, X86Exception e) {
        return delegate.readGuestVirt(vcpu, gva, dst, dstOff, len, e);
    }

    @Override
    public int writeGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment src, long srcOff, int len, X86Exception e) {
        return delegate.writeGuestVirtSystem(vcpu, gva, src, srcOff, len, e);
    }
}
