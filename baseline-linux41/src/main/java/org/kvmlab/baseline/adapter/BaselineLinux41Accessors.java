package org.kvmlab.baseline.adapter;

import java.lang.foreign.MemorySegment;
import org.kvmlab.baseline.arch.x86.X86GuestVirt;
import org.kvmlab.baseline.virt.kvm.KvmGuestMemory;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.spi.DesignAccessors;

/**
 * The pre-series layer's accessors as the lab calls them. It has one family, the VM-level
 * {@code kvm_*} of {@link KvmGuestMemory}, so a vCPU-level call is what a Linux 4.1 caller holding
 * a vCPU wrote: {@code kvm_read_guest(vcpu->kvm, ...)}. The flag {@code KVM_MEM_X86_SMRAM} means
 * nothing to it, so a vCPU outside SMM reaches SMRAM, which is why the baseline is no contestant.
 * One line per call, no logic: what the bench measures next to the designs is the 4.1 layer.
 */
public final class BaselineLinux41Accessors implements DesignAccessors {
    private final Kvm kvm;

    /** The accessors of {@code kvm}. */
    public BaselineLinux41Accessors(Kvm kvm) {
        this.kvm = kvm;
    }

    /** {@code vcpu->kvm}, the layer's only handle; a null vCPU hands it a null VM, which it refuses. */
    private static Kvm kvmOf(Vcpu vcpu) {
        return vcpu == null ? null : vcpu.kvm();
    }

    @Override
    public MemorySlot vmGfnToMemslot(long gfn) {
        return KvmGuestMemory.gfnToMemslot(kvm, gfn);
    }

    @Override
    public MemorySlot vcpuGfnToMemslot(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToMemslot(kvmOf(vcpu), gfn);
    }

    @Override
    public boolean vmIsVisibleGfn(long gfn) {
        return KvmGuestMemory.kvmIsVisibleGfn(kvm, gfn);
    }

    @Override
    public boolean vcpuIsVisibleGfn(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.kvmIsVisibleGfn(kvmOf(vcpu), gfn);
    }

    @Override
    public long vmGfnToHva(long gfn) {
        return KvmGuestMemory.gfnToHva(kvm, gfn);
    }

    @Override
    public long vcpuGfnToHva(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToHva(kvmOf(vcpu), gfn);
    }

    @Override
    public long vmGfnToHvaProt(long gfn, Writable writable) {
        return KvmGuestMemory.gfnToHvaProt(kvm, gfn, writable);
    }

    @Override
    public long vcpuGfnToHvaProt(Vcpu vcpu, long gfn, Writable writable) {
        return KvmGuestMemory.gfnToHvaProt(kvmOf(vcpu), gfn, writable);
    }

    @Override
    public long gfnToHvaMemslot(MemorySlot slot, long gfn) {
        return KvmGuestMemory.gfnToHvaMemslot(slot, gfn);
    }

    @Override
    public int vmReadGuestPage(long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmReadGuestPage(kvm, gfn, data, dataOff, offset, len);
    }

    @Override
    public int vcpuReadGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmReadGuestPage(kvmOf(vcpu), gfn, data, dataOff, offset, len);
    }

    @Override
    public int vmWriteGuestPage(long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmWriteGuestPage(kvm, gfn, data, dataOff, offset, len);
    }

    @Override
    public int vcpuWriteGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmWriteGuestPage(kvmOf(vcpu), gfn, data, dataOff, offset, len);
    }

    @Override
    public int vmReadGuest(long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuest(kvm, gpa, data, dataOff, len);
    }

    @Override
    public int vcpuReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuest(kvmOf(vcpu), gpa, data, dataOff, len);
    }

    @Override
    public int vmReadGuestAtomic(long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestAtomic(kvm, gpa, data, dataOff, len);
    }

    @Override
    public int vcpuReadGuestAtomic(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestAtomic(kvmOf(vcpu), gpa, data, dataOff, len);
    }

    @Override
    public int vmWriteGuest(long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuest(kvm, gpa, data, dataOff, len);
    }

    @Override
    public int vcpuWriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuest(kvmOf(vcpu), gpa, data, dataOff, len);
    }

    @Override
    public int vmClearGuestPage(long gfn, int offset, int len) {
        return KvmGuestMemory.kvmClearGuestPage(kvm, gfn, offset, len);
    }

    @Override
    public int vcpuClearGuestPage(Vcpu vcpu, long gfn, int offset, int len) {
        return KvmGuestMemory.kvmClearGuestPage(kvmOf(vcpu), gfn, offset, len);
    }

    @Override
    public int vmClearGuest(long gpa, int len) {
        return KvmGuestMemory.kvmClearGuest(kvm, gpa, len);
    }

    @Override
    public int vcpuClearGuest(Vcpu vcpu, long gpa, int len) {
        return KvmGuestMemory.kvmClearGuest(kvmOf(vcpu), gpa, len);
    }

    @Override
    public void vmMarkPageDirty(long gfn) {
        KvmGuestMemory.markPageDirty(kvm, gfn);
    }

    @Override
    public void vcpuMarkPageDirty(Vcpu vcpu, long gfn) {
        KvmGuestMemory.markPageDirty(kvmOf(vcpu), gfn);
    }

    @Override
    public int vmGfnToHvaCacheInit(GfnToHvaCache ghc, long gpa, int len) {
        return KvmGuestMemory.kvmGfnToHvaCacheInit(kvm, ghc, gpa, len);
    }

    @Override
    public int vcpuGfnToHvaCacheInit(Vcpu vcpu, GfnToHvaCache ghc, long gpa, int len) {
        return KvmGuestMemory.kvmGfnToHvaCacheInit(kvmOf(vcpu), ghc, gpa, len);
    }

    @Override
    public int vmReadGuestCached(GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestCached(kvm, ghc, data, dataOff, len);
    }

    @Override
    public int vcpuReadGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestCached(kvmOf(vcpu), ghc, data, dataOff, len);
    }

    @Override
    public int vmWriteGuestCached(GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuestCached(kvm, ghc, data, dataOff, len);
    }

    @Override
    public int vcpuWriteGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuestCached(kvmOf(vcpu), ghc, data, dataOff, len);
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
