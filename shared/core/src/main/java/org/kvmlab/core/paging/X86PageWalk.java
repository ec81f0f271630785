package org.kvmlab.core.paging;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.kvm.Vcpu;

/**
 * The x86-64 four-level page walk of Linux 4.1's {@code paging_tmpl.h}, reduced to what this
 * project models (SCENARIOS.md section 4): 4 KiB, 2 MiB and 1 GiB pages; the P, R/W and PS bits;
 * supervisor accesses with CR0.WP=1. Accessed and dirty bits are never written and reserved bits
 * are ignored (a deliberate simplification). Permissions are the AND over all levels and are
 * checked after the walk, so a not-present entry under a read-only one faults as not present.
 *
 * <p>Each entry is read through a {@link PteReader} the caller passes, the design's own vCPU-level
 * read, so page tables inside SMRAM are visible exactly when the design lets the vCPU see SMRAM.
 */
public final class X86PageWalk {
    /** {@code UNMAPPED_GVA}: the walk failed and the exception says why. */
    public static final long UNMAPPED_GVA = -1L;
    /** {@code PT_PRESENT_MASK}. */
    public static final long PT_PRESENT_MASK = 1L;
    /** {@code PT_WRITABLE_MASK}. */
    public static final long PT_WRITABLE_MASK = 1L << 1;
    /** {@code PT_PAGE_SIZE_MASK}: PS, a large page in a PDPTE or PDE. */
    public static final long PT_PAGE_SIZE_MASK = 1L << 7;
    /** {@code PFERR_PRESENT_MASK}: the fault is a rights violation on a present page. */
    public static final int PFERR_PRESENT_MASK = 1;
    /** {@code PFERR_WRITE_MASK}: the faulting access was a write. */
    public static final int PFERR_WRITE_MASK = 1 << 1;
    /** {@code PT64_ROOT_LEVEL}: PML4, PDPT, PD, PT. */
    public static final int PT64_ROOT_LEVEL = 4;

    /** Bits 51:12 of an entry: the next table or the 4 KiB frame. */
    private static final long PT64_BASE_ADDR_MASK = ((1L << 52) - 1) & Page.PAGE_MASK;
    private static final ValueLayout.OfLong PTE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private X86PageWalk() {}

    /** {@code is_noncanonical_address}: bits 63:47 are not all equal. */
    public static boolean isNoncanonical(long gva) {
        return (gva << 16 >> 16) != gva;
    }

    /**
     * {@code FNAME(walk_addr)} followed by the translation: the guest physical address of
     * {@code gva} for vCPU {@code vcpu}, walking from its CR3.
     *
     * @param write     whether the access writes (it then needs R/W at every level)
     * @param reader    reads page-table entries on behalf of the vCPU
     * @param exception receives the page fault when the walk fails
     * @return the guest physical address, or {@link #UNMAPPED_GVA} with {@code exception} filled in
     *         ({@code PFERR_PRESENT_MASK} for a rights fault, {@code PFERR_WRITE_MASK} for a write,
     *         the address being {@code gva})
     */
    public static long gvaToGpa(Vcpu vcpu, long gva, boolean write, PteReader reader, X86Exception exception) {
        MemorySegment buffer = vcpu.pteBuffer();
        int writeBit = write ? PFERR_WRITE_MASK : 0;
        long table = vcpu.cr3() & PT64_BASE_ADDR_MASK;
        boolean writable = true;
        for (int level = PT64_ROOT_LEVEL; level >= 1; level--) {
            int shift = Page.PAGE_SHIFT + 9 * (level - 1);
            long ptePa = table + 8 * ((gva >>> shift) & 511);
            if (reader.read(vcpu, ptePa, buffer, 0, Long.BYTES) != 0) {
                exception.pageFault(writeBit, gva);
                return UNMAPPED_GVA;
            }
            long pte = buffer.get(PTE, 0);
            if ((pte & PT_PRESENT_MASK) == 0) {
                exception.pageFault(writeBit, gva);
                return UNMAPPED_GVA;
            }
            writable &= (pte & PT_WRITABLE_MASK) != 0;
            boolean leaf = level == 1 || ((level == 2 || level == 3) && (pte & PT_PAGE_SIZE_MASK) != 0);
            if (leaf) {
                if (write && !writable) {
                    exception.pageFault(PFERR_PRESENT_MASK | writeBit, gva);
                    return UNMAPPED_GVA;
                }
                long pageMask = (1L << shift) - 1;
                return (pte & PT64_BASE_ADDR_MASK & ~pageMask) | (gva & pageMask);
            }
            table = pte & PT64_BASE_ADDR_MASK;
        }
        throw new AssertionError("level 1 is always a leaf");
    }
}
