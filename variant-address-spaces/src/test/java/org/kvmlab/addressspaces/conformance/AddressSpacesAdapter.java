package org.kvmlab.addressspaces.conformance;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.kvmlab.addressspaces.arch.x86.X86GuestVirt;
import org.kvmlab.addressspaces.virt.kvm.KvmGuestMemory;
import org.kvmlab.addressspaces.virt.kvm.VcpuGfnToHvaCache;
import org.kvmlab.conformance.AddressSpaceSetup;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.scenario.AddressSpaceDifferences;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.conformance.scenario.DifferenceRule;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Exception;

/**
 * The kit's view of the address-space design: a VM with Linux 4.2's two address spaces, set up
 * from scenarios the way SCENARIOS.md section 6 maps them ({@link AddressSpaceSetup}, shared with
 * the reference model); VM-level accesses go to the {@code kvm_*} accessors, vCPU-level ones to
 * the {@code kvm_vcpu_*} ones, and a vCPU's cache is the design's {@link VcpuGfnToHvaCache}. Pure
 * translation. It declares the kit's difference rules, which were derived for this design.
 */
public final class AddressSpacesAdapter implements VariantAdapter, DeclaresDifferences {

    @Override
    public String name() {
        return "address-spaces";
    }

    @Override
    public GuestVm createVm(int userMemSlots) {
        return new Vm(new Kvm(KvmConfig.addressSpaces().withUserMemSlots(userMemSlots)));
    }

    @Override
    public List<DifferenceRule> declaredDifferences() {
        return AddressSpaceDifferences.RULES;
    }

    private record Vm(Kvm kvm) implements GuestVm {

        @Override
        public int region(int slot, int flags, boolean smram, long gpa, long size, long hva) {
            return AddressSpaceSetup.region(kvm, slot, flags, smram, gpa, size, hva);
        }

        @Override
        public DirtyLogResult getDirtyLog(int slot) {
            return AddressSpaceSetup.dirtyLog(kvm, slot);
        }

        @Override
        public MemorySlot gfnToMemslot(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.gfnToMemslot(kvm, gfn) : KvmGuestMemory.kvmVcpuGfnToMemslot(ctx, gfn);
        }

        @Override
        public boolean isVisibleGfn(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.kvmIsVisibleGfn(kvm, gfn) : KvmGuestMemory.kvmVcpuIsVisibleGfn(ctx, gfn);
        }

        @Override
        public long gfnToHva(Vcpu ctx, long gfn) {
            return ctx == null ? KvmGuestMemory.gfnToHva(kvm, gfn) : KvmGuestMemory.kvmVcpuGfnToHva(ctx, gfn);
        }

        @Override
        public long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable) {
            return ctx == null
                    ? KvmGuestMemory.gfnToHvaProt(kvm, gfn, writable)
                    : KvmGuestMemory.kvmVcpuGfnToHvaProt(ctx, gfn, writable);
        }

        @Override
        public int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestPage(kvm, gfn, dst, dstOff, offset, len)
                    : KvmGuestMemory.kvmVcpuReadGuestPage(ctx, gfn, dst, dstOff, offset, len);
        }

        @Override
        public int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuest(kvm, gpa, dst, dstOff, len)
                    : KvmGuestMemory.kvmVcpuReadGuest(ctx, gpa, dst, dstOff, len);
        }

        @Override
        public int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestAtomic(kvm, gpa, dst, dstOff, len)
                    : KvmGuestMemory.kvmVcpuReadGuestAtomic(ctx, gpa, dst, dstOff, len);
        }

        @Override
        public int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuestPage(kvm, gfn, src, srcOff, offset, len)
                    : KvmGuestMemory.kvmVcpuWriteGuestPage(ctx, gfn, src, srcOff, offset, len);
        }

        @Override
        public int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuest(kvm, gpa, src, srcOff, len)
                    : KvmGuestMemory.kvmVcpuWriteGuest(ctx, gpa, src, srcOff, len);
        }

        @Override
        public int clearGuestPage(Vcpu ctx, long gfn, int offset, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmClearGuestPage(kvm, gfn, offset, len)
                    : KvmGuestMemory.kvmVcpuClearGuestPage(ctx, gfn, offset, len);
        }

        @Override
        public int clearGuest(Vcpu ctx, long gpa, int len) {
            return ctx == null ? KvmGuestMemory.kvmClearGuest(kvm, gpa, len) : KvmGuestMemory.kvmVcpuClearGuest(ctx, gpa, len);
        }

        @Override
        public void markPageDirty(Vcpu ctx, long gfn) {
            if (ctx == null) {
                KvmGuestMemory.markPageDirty(kvm, gfn);
            } else {
                KvmGuestMemory.kvmVcpuMarkPageDirty(ctx, gfn);
            }
        }

        @Override
        public GfnToHvaCache newCache(Vcpu ctx) {
            return ctx == null ? new GfnToHvaCache() : new VcpuGfnToHvaCache();
        }

        @Override
        public int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmGfnToHvaCacheInit(kvm, ghc, gpa, len)
                    : KvmGuestMemory.kvmVcpuGfnToHvaCacheInit(ctx, (VcpuGfnToHvaCache) ghc, gpa, len);
        }

        @Override
        public int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmReadGuestCached(kvm, ghc, dst, dstOff, len)
                    : KvmGuestMemory.kvmVcpuReadGuestCached(ctx, (VcpuGfnToHvaCache) ghc, dst, dstOff, len);
        }

        @Override
        public int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len) {
            return ctx == null
                    ? KvmGuestMemory.kvmWriteGuestCached(kvm, ghc, src, srcOff, len)
                    : KvmGuestMemory.kvmVcpuWriteGuestCached(ctx, (VcpuGfnToHvaCache) ghc, src, srcOff, len);
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
