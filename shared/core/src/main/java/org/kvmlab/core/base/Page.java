package org.kvmlab.core.base;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Page arithmetic shared by every layer: {@code PAGE_SHIFT}, {@code offset_in_page},
 * {@code next_segment} and the gfn/gpa conversions of {@code include/linux/kvm_host.h}.
 */
public final class Page {
    /** {@code PAGE_SHIFT}: x86 base pages are 4 KiB. */
    public static final int PAGE_SHIFT = 12;
    /** {@code PAGE_SIZE}. */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** {@code PAGE_MASK}: clears the offset within a page. */
    public static final long PAGE_MASK = ~(long) (PAGE_SIZE - 1);

    /**
     * {@code ZERO_PAGE(0)}: one read-only page of zeros, the source the kernel's
     * {@code kvm_clear_guest_page} writes from.
     */
    public static final MemorySegment ZERO_PAGE = Arena.global().allocate(PAGE_SIZE, PAGE_SIZE).asReadOnly();

    private Page() {}

    /** {@code offset_in_page(addr)}. */
    public static int offsetInPage(long addr) {
        return (int) (addr & (PAGE_SIZE - 1));
    }

    /** Whether {@code addr} is a multiple of {@link #PAGE_SIZE}. */
    public static boolean isPageAligned(long addr) {
        return (addr & (PAGE_SIZE - 1)) == 0;
    }

    /**
     * {@code next_segment(len, offset)}: how many of the {@code len} bytes still to copy fit in
     * the current page when the copy starts {@code offset} bytes into it.
     */
    public static int nextSegment(long len, int offset) {
        int room = PAGE_SIZE - offset;
        return len > room ? room : (int) len;
    }

    /** {@code gpa_to_gfn(gpa)}: the guest frame number holding {@code gpa}. */
    public static long gpaToGfn(long gpa) {
        return gpa >>> PAGE_SHIFT;
    }

    /** {@code gfn_to_gpa(gfn)}: the guest physical address where frame {@code gfn} starts. */
    public static long gfnToGpa(long gfn) {
        return gfn << PAGE_SHIFT;
    }
}
