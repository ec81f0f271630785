package org.kvmlab.fakevcpu.adapter;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.fakevcpu.arch.x86.X86GuestVirt;
import org.kvmlab.fakevcpu.arch.x86.X86KvmArch;
import org.kvmlab.fakevcpu.virt.kvm.KvmGuestMemory;
import org.kvmlab.spi.DesignAccessors;

/**
 * The fake-vcpu design's accessors as the lab calls them: one family, {@code kvm_*} of {@link KvmGuestMemory},
 * every call taking a vCPU; VM-level calls pass the VM's fake vCPU, obtained once here as the
 * design asks ("keep it next to the VM"), so that no measured call looks it up.
 * One line per call, no logic: what the kit checks and the bench measures is the design.
 */
public final class FakeVcpuAccessors implements DesignAccessors {
    private final Vcpu fake;

    /**
     * The accessors of {@code kvm}, whose fake vCPU VM-level calls pass; without a VM there is no
     * fake vCPU either, and VM-level calls pass null, the design's only handle.
     */
    public FakeVcpuAccessors(Kvm kvm) {
        this.fake = kvm == null ? null : X86KvmArch.kvmArchFakeVcpu(kvm);
    }

    @Override
    public MemorySlot vmGfnToMemslot(long gfn) {
        return KvmGuestMemory.gfnToMemslot(fake, gfn);
    }

    @Override
    public MemorySlot vcpuGfnToMemslot(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToMemslot(vcpu, gfn);
    }

    @Override
    public boolean vmIsVisibleGfn(long gfn) {
        return KvmGuestMemory.kvmIsVisibleGfn(fake, gfn);
    }

    @Override
    public boolean vcpuIsVisibleGfn(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.kvmIsVisibleGfn(vcpu, gfn);
    }

    @Override
    public long vmGfnToHva(long gfn) {
        return KvmGuestMemory.gfnToHva(fake, gfn);
    }

    @Override
    public long vcpuGfnToHva(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToHva(vcpu, gfn);
    }

    @Override
    public long vmGfnToHvaProt(long gfn, Writable writable) {
        return KvmGuestMemory.gfnToHvaProt(fake, gfn, writable);
    }

    @Override
    public long vcpuGfnToHvaProt(Vcpu vcpu, long gfn, Writable writable) {
        return KvmGuestMemory.gfnToHvaProt(vcpu, gfn, writable);
    }

    @Override
    public long gfnToHvaMemslot(MemorySlot slot, long gfn) {
        return KvmGuestMemory.gfnToHvaMemslot(slot, gfn);
    }

    @Override
    public int vmReadGuestPage(long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmReadGuestPage(fake, gfn, data, dataOff, offset, len);
    }

    @Override
    public int vcpuReadGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmReadGuestPage(vcpu, gfn, data, dataOff, offset, len);
    }

    @Override
    public int vmWriteGuestPage(long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmWriteGuestPage(fake, gfn, data, dataOff, offset, len);
    }

    @Override
    public int vcpuWriteGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmWriteGuestPage(vcpu, gfn, data, dataOff, offset, len);
    }

    @Override
    public int vmReadGuest(long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuest(fake, gpa, data, dataOff, len);
    }

    @Override
    public int vcpuReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuest(vcpu, gpa, data, dataOff, len);
    }

    @Override
    public int vmReadGuestAtomic(long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestAtomic(fake, gpa, data, dataOff, len);
    }

    @Override
    public int vcpuReadGuestAtomic(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestAtomic(vcpu, gpa, data, dataOff, len);
    }

    @Override
    public int vmWriteGuest(long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuest(fake, gpa, data, dataOff, len);
    }

    @Override
    public int vcpuWriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuest(vcpu, gpa, data, dataOff, len);
    }

    @Override
    public int vmClearGuestPage(long gfn, int offset, int len) {
        return KvmGuestMemory.kvmClearGuestPage(fake, gfn, offset, len);
    }

    @Override
    public int vcpuClearGuestPage(Vcpu vcpu, long gfn, int offset, int len) {
        return KvmGuestMemory.kvmClearGuestPage(vcpu, gfn, offset, len);
    }

    @Override
    public int vmClearGuest(long gpa, int len) {
        return KvmGuestMemory.kvmClearGuest(fake, gpa, len);
    }

    @Override
    public int vcpuClearGuest(Vcpu vcpu, long gpa, int len) {
        return KvmGuestMemory.kvmClearGuest(vcpu, gpa, len);
    }

    @Override
    public void vmMarkPageDirty(long gfn) {
        KvmGuestMemory.markPageDirty(fake, gfn);
    }

    @Override
    public void vcpuMarkPageDirty(Vcpu vcpu, long gfn) {
        KvmGuestMemory.markPageDirty(vcpu, gfn);
    }

    @Override
    public int vmGfnToHvaCacheInit(GfnToHvaCache ghc, long gpa, int len) {
        return KvmGuestMemory.kvmGfnToHvaCacheInit(fake, ghc, gpa, len);
    }

    @Override
    public int vcpuGfnToHvaCacheInit(Vcpu vcpu, GfnToHvaCache ghc, long gpa, int len) {
        return KvmGuestMemory.kvmGfnToHvaCacheInit(vcpu, ghc, gpa, len);
    }

    @Override
    public int vmReadGuestCached(GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestCached(fake, ghc, data, dataOff, len);
    }

    @Override
    public int vcpuReadGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestCached(vcpu, ghc, data, dataOff, len);
    }

    @Override
    public int vmWriteGuestCached(GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuestCached(fake, ghc, data, dataOff, len);
    }

    @Override
    public int vcpuWriteGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuestCached(vcpu, ghc, data, dataOff, len);
    }

    @Override
    public int readGuestVirt(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len, X86Exception exception) {
        return X86GuestVirt.kvmReadGuestVirt(vcpu, gva, data, dataOff, len, exception);
    }

    @Override
    public int writeGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len,
                                    X86Exception exception) {
        return X86GuestVirt.kvmWriteGuestVirtSystem(vcpu, gva, data, dataOff, len, exception);
    }
}
