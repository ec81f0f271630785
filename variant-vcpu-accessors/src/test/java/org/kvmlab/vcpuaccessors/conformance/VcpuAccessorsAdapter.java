package org.kvmlab.vcpuaccessors.conformance;

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
import org.kvmlab.vcpuaccessors.arch.x86.X86GuestVirt;
import org.kvmlab.vcpuaccessors.virt.kvm.KvmGuestMemory;

/**
 * The kit's view of the vCPU-accessors design: VM-level accesses go to the generic {@code kvm_*}
 * accessors, vCPU-level ones to their {@code kvm_vcpu_*} twins in the same class. Pure
 * translation.
 */
public final class VcpuAccessorsAdapter implements VariantAdapter {

    @Override
    public String name() {
        return "vcpu-accessors";
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
            return ctx == null ? KvmGuestMemory.gfnToMemslot(vm(), gfn) : KvmGuestMemory.kvmVcpuGfnToMemslot(vcpu(ctx), gfn);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.kvmIsVisibleGfn(vm(), gfn) : KvmGuestMemory.kvmVcpuIsVisibleGfn(vcpu(ctx), gfn);
        }

        @Override
        public long gfnToHva(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.gfnToHva(vm(), gfn) : KvmGuestMemory.kvmVcpuGfnToHva(vcpu(ctx), gfn);
        }

        @Override
        public long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable) {
            return ctx == null
                    ? KvmGuestMemory.gfnToHvaProt(vm(), gfn, writable)
                    : KvmGuestMemory.kvmVcpuGfnToHvaProt(vcpu(ctx), gfn, writable);
        }

        @Override
        public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestPage(vm(), gfn, dst, dstOff, offset, len)
                    : KvmGuestMemory.kvmVcpuReadGuestPage(vcpu(ctx), gfn, dst, dstOff, offset, len);
        }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuest(vm(), gpa, dst, dstOff, len)
                    : KvmGuestMemory.kvmVcpuReadGuest(vcpu(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestAtomic(vm(), gpa, dst, dstOff, len)
                    : KvmGuestMemory.kvmVcpuReadGuestAtomic(vcpu(ctx), gpa, dst, dstOff, len);
        }

        @Override
        public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuestPage(vm(), gfn, src, srcOff, offset, len)
                    : KvmGuestMemory.kvmVcpuWriteGuestPage(vcpu(ctx), gfn, src, srcOff, offset, len);
        }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuest(vm(), gpa, src, srcOff, len)
                    : KvmGuestMemory.kvmVcpuWriteGuest(vcpu(ctx), gpa, src, srcOff, len);
        }

        @Override
        public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmClearGuestPage(vm(), gfn, offset, len)
                    : KvmGuestMemory.kvmVcpuClearGuestPage(vcpu(ctx), gfn, offset, len);
        }

        @Override
        public int clearGuest(Vcpu ctx, long gpa, int len) {
            return ctx == null ? KvmGuestMemory.kvmClearGuest(vm(), gpa, len) : KvmGuestMemory.kvmVcpuClearGuest(vcpu(ctx), gpa, len);
        }

        @Override
        public void markPageDirty(Vcpu ctx, long gfn) {
            if (ctx == null) {
                KvmGuestMemory.markPageDirty(vm(), gfn);
            } else {
                KvmGuestMemory.kvmVcpuMarkPageDirty(vcpu(ctx), gfn);
            }
        }

        @Override
        public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmGfnToHvaCacheInit(vm(), ghc, gpa, len)
                    : KvmGuestMemory.kvmVcpuGfnToHvaCacheInit(vcpu(ctx), ghc, gpa, len);
        }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestCached(vm(), ghc, dst, dstOff, len)
                    : KvmGuestMemory.kvmVcpuReadGuestCached(vcpu(ctx), ghc, dst, dstOff, len);
        }

        @Override
        public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuestCached(vm(), ghc, src, srcOff, len)
                    : KvmGuestMemory.kvmVcpuWriteGuestCached(vcpu(ctx), ghc, src, srcOff, len);
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
