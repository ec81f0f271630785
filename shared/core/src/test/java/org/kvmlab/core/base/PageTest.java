package org.kvmlab.core.base;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * Pins the small helpers of DESIGN.md section 3: {@code PAGE_SHIFT}, {@code offset_in_page},
 * {@code next_segment} (as Linux 4.1's, including a zero length and a length that ends exactly at
 * the page end), the gfn/gpa conversions (logical shifts over the full 64 bits), and
 * {@code ZERO_PAGE}, the read-only page of zeros {@code kvm_clear_guest_page} copies from.
 */
class PageTest {

    @Test
    void pageConstants_describeFourKibPages() {
        assertThat(Page.PAGE_SHIFT).isEqualTo(12);
        assertThat(Page.PAGE_SIZE).isEqualTo(4096);
        assertThat(Page.PAGE_MASK).isEqualTo(0xffff_ffff_ffff_f000L);
    }

    @Test
    void offsetInPage_keepsTheLowTwelveBits() {
        assertThat(Page.offsetInPage(0x12345L)).isEqualTo(0x345);
        assertThat(Page.offsetInPage(0x7000L)).isEqualTo(0);
        assertThat(Page.offsetInPage(0x7fffL)).isEqualTo(0xfff);
    }

    @Test
    void offsetInPage_ofTheTopAddress_isTheLastByteOfItsPage() {
        assertThat(Page.offsetInPage(0xffff_ffff_ffff_ffffL)).isEqualTo(4095);
    }

    @Test
    void isPageAligned_acceptsOnlyMultiplesOfPageSize() {
        assertThat(Page.isPageAligned(0)).isTrue();
        assertThat(Page.isPageAligned(0x1000)).isTrue();
        assertThat(Page.isPageAligned(0xffff_ffff_ffff_f000L)).isTrue();
        assertThat(Page.isPageAligned(0x1001)).isFalse();
        assertThat(Page.isPageAligned(0xfff)).isFalse();
    }

    @Test
    void nextSegment_lengthZero_isZero() {
        assertThat(Page.nextSegment(0, 0)).isEqualTo(0);
        assertThat(Page.nextSegment(0, 4000)).isEqualTo(0);
    }

    @Test
    void nextSegment_lengthInsidePage_isTheLength() {
        assertThat(Page.nextSegment(10, 100)).isEqualTo(10);
    }

    @Test
    void nextSegment_lengthExactlyToPageEnd_isTheLength() {
        assertThat(Page.nextSegment(96, 4000)).isEqualTo(96);
        assertThat(Page.nextSegment(4096, 0)).isEqualTo(4096);
    }

    @Test
    void nextSegment_lengthPastPageEnd_stopsAtPageEnd() {
        assertThat(Page.nextSegment(97, 4000)).isEqualTo(96);
        assertThat(Page.nextSegment(4097, 0)).isEqualTo(4096);
    }

    @Test
    void nextSegment_hugeLength_stopsAtPageEnd() {
        assertThat(Page.nextSegment(Long.MAX_VALUE, 1)).isEqualTo(4095);
        assertThat(Page.nextSegment(1L << 40, 0)).isEqualTo(4096);
    }

    @Test
    void gpaToGfn_dropsTheOffset() {
        assertThat(Page.gpaToGfn(0x12345678L)).isEqualTo(0x12345L);
    }

    @Test
    void gpaToGfn_isAnUnsignedShift() {
        assertThat(Page.gpaToGfn(0xffff_ffff_ffff_ffffL)).isEqualTo(0x000f_ffff_ffff_ffffL);
    }

    @Test
    void gfnToGpa_isTheStartOfTheFrame() {
        assertThat(Page.gfnToGpa(0x12345L)).isEqualTo(0x12345000L);
        assertThat(Page.gfnToGpa(0x000f_ffff_ffff_ffffL)).isEqualTo(0xffff_ffff_ffff_f000L);
    }

    @Test
    void gfnToGpa_ofGpaToGfn_isThePageStart() {
        long gpa = 0x0000_1234_5678_9abcL;
        assertThat(Page.gfnToGpa(Page.gpaToGfn(gpa))).isEqualTo(gpa & Page.PAGE_MASK);
    }

    @Test
    void zeroPage_isOnePageOfZeros() {
        MemorySegment zero = Page.ZERO_PAGE;
        assertThat(zero.byteSize()).isEqualTo(4096);
        byte[] bytes = zero.toArray(ValueLayout.JAVA_BYTE);
        assertThat(bytes).isEqualTo(new byte[4096]);
    }

    @Test
    void zeroPage_isReadOnly() {
        assertThat(Page.ZERO_PAGE.isReadOnly()).isTrue();
        // The JDK throws IllegalArgumentException or UnsupportedOperationException depending on the
        // access path; either way the write must not happen.
        assertThrows(RuntimeException.class, () -> Page.ZERO_PAGE.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        assertThrows(RuntimeException.class, () -> Page.ZERO_PAGE.fill((byte) 1));
        assertThat(Page.ZERO_PAGE.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(new byte[4096]);
    }
}
