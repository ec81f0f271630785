package org.kvmlab.macrogeneric.conformance;

import java.lang.foreign.MemorySegment;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.macrogeneric.arch.x86.X86GuestMemory;
import org.kvmlab.macrogeneric.arch.x86.X86GuestVirt;
import org.kvmlab.macrogeneric.virt.kvm.KvmGuestMemory;

/**
 * The kit's view of the macro-generic design: VM-level accesses go to the {@code kvm_*} family,
 * vCPU-level ones to the {@code x86_*} family; both are one-line instantiations of the same
 * generic bodies. Pure translation.
 */
public final class MacroGenericAdapter implements VariantAdapter {

    @Override
    public String name() {
        return "macro-generic";
    }

    @Override
    public GuestVm createVm(int userMemSlots) {
        return new Vm(new Kvm(KvmConfig.smramFlag().withUserMemSlots(userMemSlots)));
    }

    private record Vm(Kvm kvm) implements GuestVm {

        @Override
        public MemorySlot gfnToMemslot(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.gfnToMemslot(kvm, gfn) : X86GuestMemory.x86GfnToMemslot(ctx, gfn);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.kvmIsVisibleGfn(kvm, gfn) : X86GuestMemory.x86IsVisibleGfn(ctx, gfn);
        }

        @Override
        public long gfnToHva(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.gfnToHva(kvm, gfn) : X86GuestMemory.x86GfnToHva(ctx, gfn);
        }

        @Override
        public long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable) {
            return ctx == null
                    ? KvmGuestMemory.gfnToHvaProt(kvm, gfn, writable)
                    : X86GuestMemory.x86GfnToHvaProt(ctx, gfn, writable);
        }

        @Override
        public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestPage(kvm, gfn, dst, dstOff, offset, len)
                    : X86GuestMemory.x86ReadGuestPage(ctx, gfn, dst, dstOff, offset, len);
        }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuest(kvm, gpa, dst, dstOff, len)
                    : X86GuestMemory.x86ReadGuest(ctx, gpa, dst, dstOff, len);
        }

        @Override
        public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestAtomic(kvm, gpa, dst, dstOff, len)
                    : X86GuestMemory.x86ReadGuestAtomic(ctx, gpa, dst, dstOff, len);
        }

        @Override
        public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuestPage(kvm, gfn, src, srcOff, offset, len)
                    : X86GuestMemory.x86WriteGuestPage(ctx, gfn, src, srcOff, offset, len);
        }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuest(kvm, gpa, src, srcOff, len)
                    : X86GuestMemory.x86WriteGuest(ctx, gpa, src, srcOff, len);
        }

        @Override
        public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmClearGuestPage(kvm, gfn, offset, len)
                    : X86GuestMemory.x86ClearGuestPage(ctx, gfn, offset, len);
        }

        @Override
        public int clearGuest(Vcpu ctx, long gpa, int len) {
            return ctx == null ? KvmGuestMemory.kvmClearGuest(kvm, gpa, len) : X86GuestMemory.x86ClearGuest(ctx, gpa, len);
        }

        @Override
        public void markPageDirty(Vcpu ctx, long gfn) {
            if (ctx == null) {
                KvmGuestMemory.markPageDirty(kvm, gfn);
            } else {
                X86GuestMemory.x86MarkPageDirty(ctx, gfn);
            }
        }

        @Override
        public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmGfnToHvaCacheInit(kvm, ghc, gpa, len)
                    : X86GuestMemory.x86GfnToHvaCacheInit(ctx, ghc, gpa, len);
        }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestCached(kvm, ghc, dst, dstOff, len)
                    : X86GuestMemory.x86ReadGuestCached(ctx, ghc, dst, dstOff, len);
        }

        @Override
        public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuestCached(kvm, ghc, src, srcOff, len)
                    : X86GuestMemory.x86WriteGuestCached(ctx, ghc, src, srcOff, len);
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
