package org.kvmlab.conformance;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.SlotModel;

/**
 * One VM of a design, seen through {@link GuestVm}: a VM-level access ({@code ctx == null}) goes
 * to the design's VM-level accessor, a vCPU-level one to its vCPU-level accessor, and nothing else
 * happens in between, so what the kit checks is what the design's adapter does. Set-up goes to
 * the shared core, mapped onto two address spaces where the design has them (SCENARIOS.md
 * section 6, {@link AddressSpaceSetup}).
 *
 * @param d           the design's accessors: of {@code kvm}, or, in the view of
 *                    {@link #withNullHandles()}, of no VM
 * @param nullHandles whether vCPU-level accessors are handed a null vCPU (that view)
 */
record DesignVm(Kvm kvm, DesignModule design, DesignAccessors d, boolean nullHandles) implements GuestVm {

    private SlotModel slotModel() {
        return design.slotModel();
    }

    /** The vCPU handed to a vCPU-level accessor. */
    private Vcpu on(Vcpu ctx) {
        return nullHandles ? null : ctx;
    }

    @Override
    public GuestVm withNullHandles() {
        return new DesignVm(kvm, design, design.accessors(null), true);
    }

    @Override
    public long gfnToHvaMemslot(MemorySlot slot, long gfn) {
        return d.gfnToHvaMemslot(slot, gfn);
    }

    @Override
    public int region(int slot, int flags, boolean smram, long gpa, long size, long hva) {
        return slotModel() == SlotModel.ADDRESS_SPACES
                ? AddressSpaceSetup.region(kvm, slot, flags, smram, gpa, size, hva)
                : GuestVm.super.region(slot, flags, smram, gpa, size, hva);
    }

    @Override
    public DirtyLogResult getDirtyLog(int slot) {
        return slotModel() == SlotModel.ADDRESS_SPACES ? AddressSpaceSetup.dirtyLog(kvm, slot) : GuestVm.super.getDirtyLog(slot);
    }

    @Override
    public MemorySlot gfnToMemslot(Vcpu ctx, long gfn) {
        return ctx == null ? d.vmGfnToMemslot(gfn) : d.vcpuGfnToMemslot(on(ctx), gfn);
    }

    @Override
    public boolean isVisibleGfn(Vcpu ctx, long gfn) {
        return ctx == null ? d.vmIsVisibleGfn(gfn) : d.vcpuIsVisibleGfn(on(ctx), gfn);
    }

    @Override
    public long gfnToHva(Vcpu ctx, long gfn) {
        return ctx == null ? d.vmGfnToHva(gfn) : d.vcpuGfnToHva(on(ctx), gfn);
    }

    @Override
    public long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable) {
        return ctx == null ? d.vmGfnToHvaProt(gfn, writable) : d.vcpuGfnToHvaProt(on(ctx), gfn, writable);
    }

    @Override
    public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
        return ctx == null
                ? d.vmReadGuestPage(gfn, dst, dstOff, offset, len)
                : d.vcpuReadGuestPage(on(ctx), gfn, dst, dstOff, offset, len);
    }

    @Override
    public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
        return ctx == null ? d.vmReadGuest(gpa, dst, dstOff, len) : d.vcpuReadGuest(on(ctx), gpa, dst, dstOff, len);
    }

    @Override
    public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
        return ctx == null
                ? d.vmReadGuestAtomic(gpa, dst, dstOff, len)
                : d.vcpuReadGuestAtomic(on(ctx), gpa, dst, dstOff, len);
    }

    @Override
    public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
        return ctx == null
                ? d.vmWriteGuestPage(gfn, src, srcOff, offset, len)
                : d.vcpuWriteGuestPage(on(ctx), gfn, src, srcOff, offset, len);
    }

    @Override
    public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
        return ctx == null ? d.vmWriteGuest(gpa, src, srcOff, len) : d.vcpuWriteGuest(on(ctx), gpa, src, srcOff, len);
    }

    @Override
    public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
        return ctx == null ? d.vmClearGuestPage(gfn, offset, len) : d.vcpuClearGuestPage(on(ctx), gfn, offset, len);
    }

    @Override
    public int clearGuest(Vcpu ctx, long gpa, int len) {
        return ctx == null ? d.vmClearGuest(gpa, len) : d.vcpuClearGuest(on(ctx), gpa, len);
    }

    @Override
    public void markPageDirty(Vcpu ctx, long gfn) {
        if (ctx == null) {
            d.vmMarkPageDirty(gfn);
        } else {
            d.vcpuMarkPageDirty(on(ctx), gfn);
        }
    }

    @Override
    public GfnToHvaCache newCache(Vcpu ctx) {
        return ctx == null ? d.newVmCache() : d.newVcpuCache();
    }

    @Override
    public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
        return ctx == null ? d.vmGfnToHvaCacheInit(ghc, gpa, len) : d.vcpuGfnToHvaCacheInit(on(ctx), ghc, gpa, len);
    }

    @Override
    public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
        return ctx == null
                ? d.vmReadGuestCached(ghc, dst, dstOff, len)
                : d.vcpuReadGuestCached(on(ctx), ghc, dst, dstOff, len);
    }

    @Override
    public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
        return ctx == null
                ? d.vmWriteGuestCached(ghc, src, srcOff, len)
                : d.vcpuWriteGuestCached(on(ctx), ghc, src, srcOff, len);
    }

    @Override
    public int readGuestVirt(Vcpu vcpu, long gva, MemorySegment dst, long dstOff, int len, X86Exception exception) {
        return d.readGuestVirt(vcpu, gva, dst, dstOff, len, exception);
    }

    @Override
    public int writeGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment src, long srcOff, int len,
                                    X86Exception exception) {
        return d.writeGuestVirtSystem(vcpu, gva, src, srcOff, len, exception);
    }
}
