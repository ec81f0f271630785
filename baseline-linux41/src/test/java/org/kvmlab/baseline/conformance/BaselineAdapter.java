package org.kvmlab.baseline.conformance;

import java.lang.foreign.MemorySegment;
import org.kvmlab.baseline.arch.x86.X86GuestVirt;
import org.kvmlab.baseline.virt.kvm.KvmGuestMemory;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Exception;

/**
 * The kit's view of the pre-series layer. It has one family of accessors, the VM-level
 * {@code kvm_*} ones, so a vCPU-level access is what a 4.1 caller holding a vCPU wrote:
 * {@code kvm_read_guest(vcpu->kvm, ...)}. The VM is the series' core, which accepts
 * {@code KVM_MEM_X86_SMRAM}; the accessors ignore the flag, so a vCPU outside SMM sees SMRAM and
 * the kit's rules 2 and 3 fail, as they must for a layer that predates them. Pure translation.
 *
 * <p>Not registered with {@link java.util.ServiceLoader}: the baseline is no design, so the kit's
 * and the review's lists of designs never include it.
 */
public final class BaselineAdapter implements VariantAdapter {
    /** The baseline's name, its module's. */
    public static final String NAME = "baseline-linux41";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GuestVm createVm(int userMemSlots) {
        return new Vm(new Kvm(KvmConfig.smramFlag().withUserMemSlots(userMemSlots)));
    }

    /** The VM an access runs on: {@code vcpu->kvm} for a vCPU, else the VM itself. */
    private record Vm(Kvm kvm) implements GuestVm {

        private Kvm of(Vcpu ctx) {
            return ctx == null ? kvm : ctx.kvm();
        }

        @Override
        public MemorySlot gfnToMemslot(Vcpu ctx, long gfn) {
            return KvmGuestMemory.gfnToMemslot(of(ctx), gfn);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return KvmGuestMemory.kvmIsVisibleGfn(of(ctx), gfn);
        }

        @Override
        public long gfnToHva(Vcpu ctx, long gfn) {
            return KvmGuestMemory.gfnToHva(of(ctx), gfn);
        }

        @Override
        public long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable) {
            return KvmGuestMemory.gfnToHvaProt(of(ctx), gfn, writable);
        }

        @Override
        public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
            return KvmGuestMemory.kvmReadGuestPage(of(ctx), gfn, dst, dstOff, offset, len);
        }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return KvmGuestMemory.kvmReadGuest(of(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return KvmGuestMemory.kvmReadGuestAtomic(of(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
            return KvmGuestMemory.kvmWriteGuestPage(of(ctx), gfn, src, srcOff, offset, len);
        }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return KvmGuestMemory.kvmWriteGuest(of(ctx), gpa, src, srcOff, len);
        }

        @Override
        public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
            return KvmGuestMemory.kvmClearGuestPage(of(ctx), gfn, offset, len);
        }

        @Override
        public int clearGuest(Vcpu ctx, long gpa, int len) {
            return KvmGuestMemory.kvmClearGuest(of(ctx), gpa, len);
        }

        @Override
        public void markPageDirty(Vcpu ctx, long gfn) {
            KvmGuestMemory.markPageDirty(of(ctx), gfn);
        }

        @Override
        public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
            return KvmGuestMemory.kvmGfnToHvaCacheInit(of(ctx), ghc, gpa, len);
        }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            return KvmGuestMemory.kvmReadGuestCached(of(ctx), ghc, dst, dstOff, len);
        }

        @Override
        public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
            return KvmGuestMemory.kvmWriteGuestCached(of(ctx), ghc, src, srcOff, len);
        }

        @Override
        public int readGuestVirt(Vcpu vcpu, long gva, MemorySegment dst, long dstOff, int len, X86Exception e) {
            return X86GuestVirt.kvmReadGuestVirt(vcpu, gva, dst, dstOff, len, e);
        }

        @Override
        public int writeGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment src, long srcOff, int len, X86Exception e) {
            return X86GuestVirt.kvmWriteGuestVirtSystem(vcpu, gva, src, srcOff, len, e);
        }
    }
}
