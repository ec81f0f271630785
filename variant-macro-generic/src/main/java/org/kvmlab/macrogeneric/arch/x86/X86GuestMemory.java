package org.kvmlab.macrogeneric.arch.x86;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.macrogeneric.virt.kvm.KvmGuestMemory;
import org.kvmlab.macrogeneric.virt.kvm.MemslotLookup;
import org.kvmlab.macrogeneric.virt.kvm.PageOp;

/**
 * The vCPU-level {@code x86_*} accessors of the SMM series, each one line that instantiates a
 * generic body of {@link KvmGuestMemory} with this file's memslot lookup or page operations: the
 * thread's {@code x86_write_guest(vcpu, ...) = __kvm_write_guest(x86_write_guest_page, gpa, data,
 * len, vcpu)}, spelled in Java.
 *
 * <p><b>What it changes.</b> All that x86 contributes is {@link X86Lookup}: the vCPU's VM, and the
 * patch 12 test that a {@code KVM_MEM_X86_SMRAM} slot exists for a vCPU only while it is in SMM.
 * Loops, translations, dirty marks and caches are the generic layer's, shared with the VM-level
 * {@code kvm_*} family, so a fix made there reaches both families.
 *
 * <p><b>What it costs.</b> The arch family still exists in full, as fifteen public one-liners
 * and three page-operation constants; see {@link KvmGuestMemory} for what the indirection costs.
 *
 * <p><b>DESIGN.md rule 3 (no stale SMM view).</b> The test that hides SMRAM from a lookup is the same
 * {@link MemslotLookup#canUse} that the generic cached-access body asks about a cached slot at
 * every access, with the vCPU's SMM state of that moment; so a cache filled in SMM stops reaching
 * SMRAM as soon as its vCPU leaves SMM, and lookups and caches cannot disagree about what the
 * vCPU sees.
 */
public final class X86GuestMemory {
    /**
     * {@code x86_gfn_to_memslot()}'s knowledge, as a strategy: the vCPU's VM has one memslot set,
     * and SMRAM exists for the vCPU only in SMM (SMM series v1, patch 12).
     */
    private enum X86Lookup implements MemslotLookup<Vcpu> {
        INSTANCE;

        @Override
        public Kvm kvm(Vcpu vcpu) {
            return vcpu.kvm();
        }

        @Override
        public boolean canUse(Vcpu vcpu, MemorySlot slot) {
            return !slot.isSmram() || vcpu.isSmm();
        }
    }

    private static final MemslotLookup<Vcpu> X86_LOOKUP = X86Lookup.INSTANCE;
    private static final PageOp<Vcpu> X86_READ_PAGE = X86GuestMemory::x86ReadGuestPage;
    private static final PageOp<Vcpu> X86_WRITE_PAGE = X86GuestMemory::x86WriteGuestPage;
    // A lambda where the others are method references, because a clear page takes no buffer;
    // it captures nothing, so it too is created once.
    private static final PageOp<Vcpu> X86_CLEAR_PAGE =
            (vcpu, gfn, data, dataOff, offset, len) -> x86ClearGuestPage(vcpu, gfn, offset, len);

    private X86GuestMemory() {}

    /**
     * The slot holding {@code gfn} as the vCPU sees it: null for SMRAM outside SMM. Mirrors
     * {@code x86_gfn_to_memslot()} (SMM series v1, patch 12).
     */
    public static MemorySlot x86GfnToMemslot(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToMemslotGeneric(X86_LOOKUP, vcpu, gfn);
    }

    /**
     * Whether a slot the vCPU sees holds {@code gfn}. Mirrors {@code kvm_is_visible_gfn()} (Linux
     * 4.1), instantiated for the vCPU.
     */
    public static boolean x86IsVisibleGfn(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.kvmIsVisibleGfnGeneric(X86_LOOKUP, vcpu, gfn);
    }

    /**
     * The host address of {@code gfn} as the vCPU sees it, with write intent. Mirrors
     * {@code x86_gfn_to_hva()} (SMM series v1, patch 10).
     *
     * @return the hva, {@code KVM_HVA_ERR_BAD}, or {@code KVM_HVA_ERR_RO_BAD}
     */
    public static long x86GfnToHva(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToHvaGeneric(X86_LOOKUP, vcpu, gfn);
    }

    /**
     * The host address of {@code gfn} as the vCPU sees it, for reading, and whether the slot may
     * be written. Mirrors {@code x86_gfn_to_hva_prot()} (SMM series v1, patch 10).
     *
     * @return the hva, or {@code KVM_HVA_ERR_BAD}
     */
    public static long x86GfnToHvaProt(Vcpu vcpu, long gfn, Writable writable) {
        return KvmGuestMemory.gfnToHvaProtGeneric(X86_LOOKUP, vcpu, gfn, writable);
    }

    /**
     * Reads {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it.
     * Mirrors {@code x86_read_guest_page()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ReadGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmReadGuestPageGeneric(X86_LOOKUP, vcpu, gfn, data, dataOff, offset, len);
    }

    /**
     * Reads {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page by
     * page, stopping at the first page that fails. Mirrors {@code x86_read_guest()} (SMM series
     * v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestGeneric(X86_READ_PAGE, vcpu, gpa, data, dataOff, len);
    }

    /**
     * Reads {@code len} bytes at {@code gpa} as the vCPU sees it, with one lookup. Mirrors
     * {@code x86_read_guest_atomic()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ReadGuestAtomic(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestAtomicGeneric(X86_LOOKUP, vcpu, gpa, data, dataOff, len);
    }

    /**
     * Writes {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it
     * and marks the page dirty. Mirrors {@code x86_write_guest_page()} (SMM series v1, patch 10),
     * written as the thread proposed.
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86WriteGuestPage(Vcpu vcpu, long gfn, MemorySegment data, long dataOff, int offset, int len) {
        return KvmGuestMemory.kvmWriteGuestPageGeneric(X86_LOOKUP, vcpu, gfn, data, dataOff, offset, len);
    }

    /**
     * Writes {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page
     * by page, stopping at the first page that fails. Mirrors {@code x86_write_guest()} (SMM
     * series v1, patch 10), written as the thread proposed.
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86WriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuestGeneric(X86_WRITE_PAGE, vcpu, gpa, data, dataOff, len);
    }

    /**
     * Zeroes {@code len} bytes at {@code offset} in guest frame {@code gfn} as the vCPU sees it.
     * Mirrors {@code x86_clear_guest_page()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ClearGuestPage(Vcpu vcpu, long gfn, int offset, int len) {
        return KvmGuestMemory.kvmClearGuestPageGeneric(X86_LOOKUP, vcpu, gfn, offset, len);
    }

    /**
     * Zeroes {@code len} bytes of guest physical memory at {@code gpa} as the vCPU sees it, page
     * by page. Mirrors {@code x86_clear_guest()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     */
    public static int x86ClearGuest(Vcpu vcpu, long gpa, int len) {
        return KvmGuestMemory.kvmClearGuestGeneric(X86_CLEAR_PAGE, vcpu, gpa, len);
    }

    /**
     * Marks guest frame {@code gfn} dirty in the log of the slot the vCPU sees there. Mirrors
     * {@code x86_mark_page_dirty()} (SMM series v1, patch 10).
     */
    public static void x86MarkPageDirty(Vcpu vcpu, long gfn) {
        KvmGuestMemory.markPageDirtyGeneric(X86_LOOKUP, vcpu, gfn);
    }

    /**
     * Looks up {@code [gpa, gpa + len)} once, as the vCPU sees it, for later cached accesses.
     * Mirrors {@code x86_gfn_to_hva_cache_init()} (SMM series v1, patch 10).
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException for length 0 or a range past 2^64
     */
    public static int x86GfnToHvaCacheInit(Vcpu vcpu, GfnToHvaCache ghc, long gpa, int len) {
        return KvmGuestMemory.kvmGfnToHvaCacheInitGeneric(X86_LOOKUP, vcpu, ghc, gpa, len);
    }

    /**
     * Writes through a cache as the vCPU sees memory now. Mirrors {@code x86_write_guest_cached()}
     * (SMM series v1, patch 10), written as the thread proposed, plus this project's DESIGN.md rule 3: the
     * cached slot must still be visible.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int x86WriteGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmWriteGuestCachedGeneric(X86_LOOKUP, X86_WRITE_PAGE, vcpu, ghc, data, dataOff, len);
    }

    /**
     * Reads through a cache as the vCPU sees memory now. Mirrors {@code x86_read_guest_cached()}
     * (SMM series v1, patch 10), plus this project's DESIGN.md rule 3: the cached slot must still be visible.
     *
     * @return 0, or {@code -EFAULT}
     * @throws IllegalArgumentException if {@code len} exceeds the cached length
     */
    public static int x86ReadGuestCached(Vcpu vcpu, GfnToHvaCache ghc, MemorySegment data, long dataOff, int len) {
        return KvmGuestMemory.kvmReadGuestCachedGeneric(X86_LOOKUP, X86_READ_PAGE, vcpu, ghc, data, dataOff, len);
    }
}
