package org.kvmlab.conformance;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.MemslotFlags;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;
import org.kvmlab.core.paging.X86Exception;

/**
 * One VM of a design under test: the set-up the kit needs and every access of SCENARIOS.md
 * section 4, at VM level ({@code ctx == null}) and at vCPU level. An adapter implements it by
 * pure translation: each method calls the design's own accessor for that flavour and adds no
 * logic, so that what the kit measures is the design.
 *
 * <p>Set-up goes to the shared core by default; a design that maps set-up differently (two
 * address spaces) overrides those methods. Results follow the accessors: 0 or a negative errno;
 * host programming errors throw {@link IllegalArgumentException}.
 */
public interface GuestVm {
    /** The VM in the shared core that the design's accessors work on. */
    Kvm kvm();

    // ---- set-up -------------------------------------------------------------------------

    /** {@code mmap} in the VMM's address space. */
    default int mmap(long hva, long size, Prot prot) {
        return kvm().mm().mmap(hva, size, prot);
    }

    /** {@code munmap} in the VMM's address space. */
    default int munmap(long hva, long size) {
        return kvm().mm().munmap(hva, size);
    }

    /** {@code mprotect} in the VMM's address space. */
    default int mprotect(long hva, long size, Prot prot) {
        return kvm().mm().mprotect(hva, size, prot);
    }

    /** {@code KVM_SET_USER_MEMORY_REGION}. */
    default int setUserMemoryRegion(UserspaceMemoryRegion region) {
        return kvm().setUserMemoryRegion(region);
    }

    /**
     * A scenario's {@code region} line: {@code KVM_SET_USER_MEMORY_REGION} with the {@code smram}
     * word as the flag-based designs know it, bit 24 of the flags. A design with address spaces
     * maps the line onto them instead (SCENARIOS.md section 6).
     */
    default int region(int slot, int flags, boolean smram, long gpa, long size, long hva) {
        int all = smram ? flags | MemslotFlags.KVM_MEM_X86_SMRAM : flags;
        return setUserMemoryRegion(new UserspaceMemoryRegion(slot, all, gpa, size, hva));
    }

    /** {@code KVM_GET_DIRTY_LOG}. */
    default DirtyLogResult getDirtyLog(int slot) {
        return kvm().getDirtyLog(slot);
    }

    /** The VM's vCPU {@code id}, created (outside SMM, CR3 0) if it does not exist yet. */
    default Vcpu vcpu(int id) {
        Vcpu existing = kvm().vcpu(id);
        if (existing != null) {
            return existing;
        }
        int rc = kvm().createVcpu(id);
        if (rc != 0) {
            throw new IllegalArgumentException("cannot create vCPU " + id + ": " + rc);
        }
        return kvm().vcpu(id);
    }

    // ---- translation and visibility -----------------------------------------------------

    /** {@code gfn_to_memslot}: the slot the context sees at gfn, or null. */
    MemorySlot gfnToMemslot(Vcpu ctx, long gfn);

    /** {@code kvm_is_visible_gfn}. */
    boolean isVisibleGfn(Vcpu ctx, long gfn);

    /** {@code gfn_to_hva} (write intent). */
    long gfnToHva(Vcpu ctx, long gfn);

    /** {@code gfn_to_hva_prot} (read intent; {@code writable} may be null). */
    long gfnToHvaProt(Vcpu ctx, long gfn, Writable writable);

    /**
     * {@code gfn_to_hva_memslot}: the design's own translation within a slot the caller already
     * holds (write intent; {@code slot} may be null, and gfn must lie in it otherwise).
     */
    long gfnToHvaMemslot(MemorySlot slot, long gfn);

    // ---- physical accesses --------------------------------------------------------------

    /** {@code read_guest_page}. */
    int readGuestPage(Vcpu ctx, long gfn, MemorySegment dst, long dstOff, int offset, int len);

    /** {@code read_guest}. */
    int readGuest(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len);

    /** {@code read_guest_atomic}. */
    int readGuestAtomic(Vcpu ctx, long gpa, MemorySegment dst, long dstOff, int len);

    /** {@code write_guest_page}. */
    int writeGuestPage(Vcpu ctx, long gfn, MemorySegment src, long srcOff, int offset, int len);

    /** {@code write_guest}. */
    int writeGuest(Vcpu ctx, long gpa, MemorySegment src, long srcOff, int len);

    /** {@code clear_guest_page}. */
    int clearGuestPage(Vcpu ctx, long gfn, int offset, int len);

    /** {@code clear_guest}. */
    int clearGuest(Vcpu ctx, long gpa, int len);

    /** {@code mark_page_dirty}. */
    void markPageDirty(Vcpu ctx, long gfn);

    // ---- cached accesses ----------------------------------------------------------------

    /** A fresh, never initialised cache of the type the design uses for ctx. */
    default GfnToHvaCache newCache(Vcpu ctx) {
        return new GfnToHvaCache();
    }

    /** {@code gfn_to_hva_cache_init}. */
    int gfnToHvaCacheInit(Vcpu ctx, GfnToHvaCache ghc, long gpa, int len);

    /** {@code read_guest_cached}. */
    int readGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment dst, long dstOff, int len);

    /** {@code write_guest_cached}. */
    int writeGuestCached(Vcpu ctx, GfnToHvaCache ghc, MemorySegment src, long srcOff, int len);

    // ---- guest-virtual accesses (vCPU level only) --------------------------------------

    /**
     * {@code read_guest_virt}.
     *
     * @return 0, {@code -EFAULT} for a failed physical access, or
     *         {@link org.kvmlab.core.paging.X86Emul#X86EMUL_PROPAGATE_FAULT} with {@code exception}
     *         filled in (a page fault, or #GP for a non-canonical address)
     */
    int readGuestVirt(Vcpu vcpu, long gva, MemorySegment dst, long dstOff, int len,
                      X86Exception exception);

    /** {@code write_guest_virt_system}; results as {@link #readGuestVirt}. */
    int writeGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment src, long srcOff, int len,
                             X86Exception exception);

    // ---- null handles (DESIGN.md rule 4) ----------------------------------------------------------

    /**
     * This VM's accessors handed {@code null} where the design takes its handle: the VM for a
     * VM-level access ({@code ctx == null}), the vCPU for a vCPU-level one (any {@code ctx} not
     * null then only selects the level). Set-up and {@link #kvm()} still use the real VM. Every
     * accessor called through the view must throw {@link IllegalArgumentException} naming the null
     * handle (DESIGN.md rule 4). The guest-virtual accessors take their vCPU explicitly and are
     * tested with a null one directly.
     */
    GuestVm withNullHandles();
}
