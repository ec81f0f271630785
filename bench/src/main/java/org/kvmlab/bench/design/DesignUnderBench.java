package org.kvmlab.bench.design;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Exception;

/**
 * One design's accessors, as the benchmarks call them: a VM-level and a vCPU-level flavour of
 * every accessor the bench measures, each implemented by a one-line call of the design's own
 * static API (never the conformance kit's {@code GuestVm}).
 *
 * <p>An adapter is bound to one VM when it is made ({@link Design#bind}); vCPU-level calls take the
 * vCPU, as the kernel's do. There is one final class per design and nothing else implements this
 * interface in a benchmark JVM but the design under measurement, so each benchmark's call site is
 * monomorphic, C2 inlines the adapter, and what remains is the design's own code. Adapters hold
 * no per-call state and capture nothing: a call allocates only if the design does.
 */
public interface DesignUnderBench {
    /** {@code gfn_to_memslot}, VM-level. */
    MemorySlot vmGfnToMemslot(long gfn);

    /** {@code gfn_to_memslot} as the vCPU sees it. */
    MemorySlot vcpuGfnToMemslot(Vcpu vcpu, long gfn);

    /** {@code kvm_is_visible_gfn}, VM-level. */
    boolean vmIsVisibleGfn(long gfn);

    /** {@code kvm_is_visible_gfn} as the vCPU sees it. */
    boolean vcpuIsVisibleGfn(Vcpu vcpu, long gfn);

    /** {@code gfn_to_hva}, VM-level. */
    long vmGfnToHva(long gfn);

    /** {@code gfn_to_hva} as the vCPU sees it. */
    long vcpuGfnToHva(Vcpu vcpu, long gfn);

    /** {@code kvm_read_guest_page}, VM-level. */
    int vmReadGuestPage(long gfn, MemorySegment data, long dataOff, int offset, int len);

    /** {@code kvm_read_guest_page} as the vCPU sees it. */
    int vcpuReadGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len);

    /** {@code kvm_write_guest_page}, VM-level. */
    int vmWriteGuestPage(long gfn, MemorySegment data, long dataOff, int offset, int len);

    /** {@code kvm_write_guest_page} as the vCPU sees it. */
    int vcpuWriteGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len);

    /** {@code kvm_read_guest}, VM-level. */
    int vmReadGuest(long gpa, MemorySegment data, long dataOff, int len);

    /** {@code kvm_read_guest} as the vCPU sees it. */
    int vcpuReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len);

    /** {@code kvm_write_guest}, VM-level. */
    int vmWriteGuest(long gpa, MemorySegment data, long dataOff, int len);

    /** {@code kvm_write_guest} as the vCPU sees it. */
    int vcpuWriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len);

    /** {@code kvm_clear_guest}, VM-level. */
    int vmClearGuest(long gpa, int len);

    /** {@code kvm_clear_guest} as the vCPU sees it. */
    int vcpuClearGuest(Vcpu vcpu, long gpa, int len);

    /** A cache as this design wants it (a design may extend the core's). */
    default GfnToHvaCache newCache() {
        return new GfnToHvaCache();
    }

    /** {@code kvm_gfn_to_hva_cache_init}, VM-level. */
    int vmGfnToHvaCacheInit(GfnToHvaCache ghc, long gpa, int len);

    /** {@code kvm_gfn_to_hva_cache_init} as the vCPU sees it. */
    int vcpuGfnToHvaCacheInit(Vcpu vcpu, GfnToHvaCache ghc, long gpa, int len);

    /** {@code kvm_read_guest_cached}, VM-level. */
    int vmReadGuestCached(GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);

    /** {@code kvm_read_guest_cached} as the vCPU sees it. */
    int vcpuReadGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);

    /** {@code kvm_write_guest_cached}, VM-level. */
    int vmWriteGuestCached(GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);

    /** {@code kvm_write_guest_cached} as the vCPU sees it. */
    int vcpuWriteGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);

    /** {@code kvm_read_guest_virt}: a page walk through the vCPU's own reads, then the read. */
    int readGuestVirt(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len, X86Exception exception);
}
