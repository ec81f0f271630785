package org.kvmlab.fakevcpu.conformance;

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
import org.kvmlab.fakevcpu.arch.x86.X86GuestVirt;
import org.kvmlab.fakevcpu.arch.x86.X86KvmArch;
import org.kvmlab.fakevcpu.virt.kvm.KvmGuestMemory;

/**
 * The kit's view of the fake-vCPU design: every access goes to the one {@code kvm_*} family, a
 * VM-level one ({@code ctx == null}) with the VM's fake vCPU, which the VM is given once, when it
 * is made, and keeps, as {@code kvm->arch} would. Pure translation.
 */
public final class FakeVcpuAdapter implements VariantAdapter {

    @Override
    public String name() {
        return "fake-vcpu";
    }

    @Override
    public GuestVm createVm(int userMemSlots, InstallHook hook) {
        Kvm kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(userMemSlots), new HostMemory(), hook);
        return new Vm(kvm, X86KvmArch.kvmArchFakeVcpu(kvm), false);
    }

    /**
     * @param nullHandles whether this is the view of {@link #withNullHandles()}, where every access
     *                    is made for a null vCPU (the design's only handle, its fake included)
     */
    private record Vm(Kvm kvm, Vcpu fakeVcpu, boolean nullHandles) implements GuestVm {

        @Override
        public GuestVm withNullHandles() {
            return new Vm(kvm, fakeVcpu, true);
        }

        /** The vCPU an access is made for: the caller's, or the VM's fake one. */
        private Vcpu on(Vcpu ctx) {
            if (nullHandles) {
                return null;
            }
            return ctx == null ? fakeVcpu : ctx;
        }

        @Override
        public long gfnToHvaMemslot(MemorySlot slot, long gfn) {
            return KvmGuestMemory.gfnToHvaMemslot(slot, gfn);
        }

        @Override
        public MemorySlot gfnToMemslot(Vcpu ctx, long gfn) {
            return KvmGuestMemory.gfnToMemslot(on(ctx), gfn);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return KvmGuestMemory.kvmIsVisibleGfn(on(ctx), gfn);
        }

        @Override
        public long gfnToHva(Vcpu ctx, long gfn) {
            return KvmGuestMemory.gfnToHva(on(ctx), gfn);
        }

        @Override
        public long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable) {
            return KvmGuestMemory.gfnToHvaProt(on(ctx), gfn, writable);
        }

        @Override
        public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
            return KvmGuestMemory.kvmReadGuestPage(on(ctx), gfn, dst, dstOff, offset, len);
        }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return KvmGuestMemory.kvmReadGuest(on(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return KvmGuestMemory.kvmReadGuestAtomic(on(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
            return KvmGuestMemory.kvmWriteGuestPage(on(ctx), gfn, src, srcOff, offset, len);
        }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return KvmGuestMemory.kvmWriteGuest(on(ctx), gpa, src, srcOff, len);
        }

        @Override
        public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
            return KvmGuestMemory.kvmClearGuestPage(on(ctx), gfn, offset, len);
        }

        @Override
        public int clearGuest(Vcpu ctx, long gpa, int len) {
            return KvmGuestMemory.kvmClearGuest(on(ctx), gpa, len);
        }

        @Override
        public void markPageDirty(Vcpu ctx, long gfn) {
            KvmGuestMemory.markPageDirty(on(ctx), gfn);
        }

        @Override
        public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
            return KvmGuestMemory.kvmGfnToHvaCacheInit(on(ctx), ghc, gpa, len);
        }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            return KvmGuestMemory.kvmReadGuestCached(on(ctx), ghc, dst, dstOff, len);
        }

        @Override
        public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
            return KvmGuestMemory.kvmWriteGuestCached(on(ctx), ghc, src, srcOff, len);
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
