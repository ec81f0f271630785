package org.kvmlab.spi;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Exception;

/**
 * One design's accessors bound to one VM: a VM-level and a vCPU-level flavour of every accessor,
 * each implemented by a one-line call of the design's own API. It is the design's only adapter:
 * the bench calls it on its measured paths, and the conformance kit translates its
 * {@code GuestVm} onto it, so that what the kit checks is exactly what the bench measures.
 *
 * <p>An implementation is one final class per design, made in set-up by
 * {@link DesignModule#accessors}. In a benchmark JVM nothing else implementing this interface
 * runs at the benchmark's call sites, so each stays monomorphic, C2 inlines the adapter, and what
 * remains is the design's own code. Adapters hold no per-call state, capture nothing and add no
 * logic: a call allocates, branches or throws only where the design does. A design without a
 * vCPU-level flavour of some accessor maps the vCPU-level method onto what a caller holding a
 * vCPU would call in that design (for Linux 4.1, the VM-level accessor on {@code vcpu.kvm()}).
 *
 * <p>Results follow the accessors: 0 or a negative errno; host programming errors throw
 * {@link IllegalArgumentException}.
 */
public interface DesignAccessors {

    // ---- translation and visibility -----------------------------------------------------

    /** {@code gfn_to_memslot}, VM-level. */
    MemorySlot vmGfnToMemslot(long gfn);

    /** {@code gfn_to_memslot} as the vCPU sees it. */
    MemorySlot vcpuGfnToMemslot(Vcpu vcpu, long gfn);

    /** {@code kvm_is_visible_gfn}, VM-level. */
    boolean vmIsVisibleGfn(long gfn);

    /** {@code kvm_is_visible_gfn} as the vCPU sees it. */
    boolean vcpuIsVisibleGfn(Vcpu vcpu, long gfn);

    /** {@code gfn_to_hva} (write intent), VM-level. */
    long vmGfnToHva(long gfn);

    /** {@code gfn_to_hva} as the vCPU sees it. */
    long vcpuGfnToHva(Vcpu vcpu, long gfn);

    /** {@code gfn_to_hva_prot} (read intent; {@code writable} may be null), VM-level. */
    long vmGfnToHvaProt(long gfn, Writable writable);

    /** {@code gfn_to_hva_prot} as the vCPU sees it. */
    long vcpuGfnToHvaProt(Vcpu vcpu, long gfn, Writable writable);

    /**
     * {@code gfn_to_hva_memslot}: the design's translation within a slot the caller already holds
     * (write intent; {@code slot} may be null, and {@code gfn} must lie in it otherwise).
     */
    long gfnToHvaMemslot(MemorySlot slot, long gfn);

    // ---- physical accesses --------------------------------------------------------------

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

    /** {@code kvm_read_guest_atomic}, VM-level. */
    int vmReadGuestAtomic(long gpa, MemorySegment data, long dataOff, int len);

    /** {@code kvm_read_guest_atomic} as the vCPU sees it. */
    int vcpuReadGuestAtomic(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len);

    /** {@code kvm_write_guest}, VM-level. */
    int vmWriteGuest(long gpa, MemorySegment data, long dataOff, int len);

    /** {@code kvm_write_guest} as the vCPU sees it. */
    int vcpuWriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len);

    /** {@code kvm_clear_guest_page}, VM-level. */
    int vmClearGuestPage(long gfn, int offset, int len);

    /** {@code kvm_clear_guest_page} as the vCPU sees it. */
    int vcpuClearGuestPage(Vcpu vcpu, long gfn, int offset, int len);

    /** {@code kvm_clear_guest}, VM-level. */
    int vmClearGuest(long gpa, int len);

    /** {@code kvm_clear_guest} as the vCPU sees it. */
    int vcpuClearGuest(Vcpu vcpu, long gpa, int len);

    /** {@code mark_page_dirty}, VM-level. */
    void vmMarkPageDirty(long gfn);

    /** {@code mark_page_dirty} as the vCPU sees it. */
    void vcpuMarkPageDirty(Vcpu vcpu, long gfn);

    // ---- cached accesses ----------------------------------------------------------------

    /** A fresh cache for VM-level cached accesses. */
    default GfnToHvaCache newVmCache() {
        return new GfnToHvaCache();
    }

    /** A fresh cache for a vCPU's cached accesses (a design may extend the core's). */
    default GfnToHvaCache newVcpuCache() {
        return new GfnToHvaCache();
    }

    /** {@code kvm_gfn_to_hva_cache_init}, VM-level. */
    int vmGfnToHvaCacheInit(GfnToHvaCache ghc, long gpa, int len);

    /** {@code kvm_gfn_to_hva_cache_init} as the vCPU sees it; {@code ghc} is from {@link #newVcpuCache}. */
    int vcpuGfnToHvaCacheInit(Vcpu vcpu, GfnToHvaCache ghc, long gpa, int len);

    /** {@code kvm_read_guest_cached}, VM-level. */
    int vmReadGuestCached(GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);

    /** {@code kvm_read_guest_cached} as the vCPU sees it. */
    int vcpuReadGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);

    /** {@code kvm_write_guest_cached}, VM-level. */
    int vmWriteGuestCached(GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);

    /** {@code kvm_write_guest_cached} as the vCPU sees it. */
    int vcpuWriteGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len);

    // ---- guest-virtual accesses (vCPU level only) --------------------------------------

    /**
     * {@code kvm_read_guest_virt}: a page walk through the vCPU's own reads, then the read.
     *
     * @return 0, {@code -EFAULT} for a failed physical access, or
     *         {@link org.kvmlab.core.paging.X86Emul#X86EMUL_PROPAGATE_FAULT} with {@code exception}
     *         filled in
     */
    int readGuestVirt(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len, X86Exception exception);

    /** {@code kvm_write_guest_virt_system}; results as {@link #readGuestVirt}. */
    int writeGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len, X86Exception exception);
}
