package org.kvmlab.macrogeneric.conformance;

import java.lang.foreign.MemorySegment;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.InstallHook;
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
    public GuestVm createVm(int userMemSlots, InstallHook hook) {
        return new Vm(new Kvm(KvmConfig.smramFlag().withUserMemSlots(userMemSlots), new HostMemory(), hook), false);
    }

    /** @param nullHandles whether this is the view of {@link #withNullHandles()} */
    private record Vm(Kvm kvm, boolean nullHandles) implements GuestVm {

        @Override
        public GuestVm withNullHandles() {
            return new Vm(kvm, true);
        }

        /** The VM handed to the VM-level accessors. */
        private Kvm vm() {
            return nullHandles ? null : kvm;
        }

        /** The vCPU handed to the vCPU-level accessors. */
        private Vcpu vcpu(Vcpu ctx) {
            return nullHandles ? null : ctx;
        }

        @Override
        public long gfnToHvaMemslot(MemorySlot slot, long gfn) {
            return KvmGuestMemory.gfnToHvaMemslot(slot, gfn);
        }

        @Override
        public MemorySlot gfnToMemslot(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.gfnToMemslot(vm(), gfn) : X86GuestMemory.x86GfnToMemslot(vcpu(ctx), gfn);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.kvmIsVisibleGfn(vm(), gfn) : X86GuestMemory.x86IsVisibleGfn(vcpu(ctx), gfn);
        }

        @Override
        public long gfnToHva(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.gfnToHva(vm(), gfn) : X86GuestMemory.x86GfnToHva(vcpu(ctx), gfn);
        }

        @Override
        public long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable) {
            return ctx == null
                    ? KvmGuestMemory.gfnToHvaProt(vm(), gfn, writable)
                    : X86GuestMemory.x86GfnToHvaProt(vcpu(ctx), gfn, writable);
        }

        @Override
        public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestPage(vm(), gfn, dst, dstOff, offset, len)
                    : X86GuestMemory.x86ReadGuestPage(vcpu(ctx), gfn, dst, dstOff, offset, len);
        }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuest(vm(), gpa, dst, dstOff, len)
                    : X86GuestMemory.x86ReadGuest(vcpu(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestAtomic(vm(), gpa, dst, dstOff, len)
                    : X86GuestMemory.x86ReadGuestAtomic(vcpu(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuestPage(vm(), gfn, src, srcOff, offset, len)
                    : X86GuestMemory.x86WriteGuestPage(vcpu(ctx), gfn, src, srcOff, offset, len);
        }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuest(vm(), gpa, src, srcOff, len)
                    : X86GuestMemory.x86WriteGuest(vcpu(ctx), gpa, src, srcOff, len);
        }

        @Override
        public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmClearGuestPage(vm(), gfn, offset, len)
                    : X86GuestMemory.x86ClearGuestPage(vcpu(ctx), gfn, offset, len);
        }

        @Override
        public int clearGuest(Vcpu ctx, long gpa, int len) {
            return ctx == null ? KvmGuestMemory.kvmClearGuest(vm(), gpa, len) : X86GuestMemory.x86ClearGuest(vcpu(ctx), gpa, len);
        }

        @Override
        public void markPageDirty(Vcpu ctx, long gfn) {
            if (ctx == null) {
                KvmGuestMemory.markPageDirty(vm(), gfn);
            } else {
                X86GuestMemory.x86MarkPageDirty(vcpu(ctx), gfn);
            }
        }

        @Override
        public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmGfnToHvaCacheInit(vm(), ghc, gpa, len)
                    : X86GuestMemory.x86GfnToHvaCacheInit(vcpu(ctx), ghc, gpa, len);
        }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestCached(vm(), ghc, dst, dstOff, len)
                    : X86GuestMemory.x86ReadGuestCached(vcpu(ctx), ghc, dst, dstOff, len);
        }

        @Override
        public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuestCached(vm(), ghc, src, srcOff, len)
                    : X86GuestMemory.x86WriteGuestCached(vcpu(ctx), ghc, src, srcOff, len);
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
