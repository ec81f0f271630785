package org.kvmlab.core.base;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Pins the host-error rule of DESIGN.md section 3 and section 5, rule 4: a host programming error
 * (null buffer, negative length, a buffer piece outside its segment, {@code gpa + len} past 2^64,
 * a {@code *_page} access leaving its page) throws {@link IllegalArgumentException} whose message
 * names the bad value; a null buffer is an {@code IllegalArgumentException}, never a
 * {@code NullPointerException}. Ending exactly at 2^64, and offset 4096 with length 0, are fine.
 */
class HostChecksTest {

    private static final MemorySegment BUF = MemorySegment.ofArray(new byte[16]);

    @Test
    void checkBuffer_nullBuffer_throwsIllegalArgumentNotNullPointer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkBuffer(null, 0, 1));
        assertThat(e).hasMessageThat().contains("null");
    }

    @Test
    void checkBuffer_negativeLength_throwsNamingTheLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkBuffer(BUF, 0, -3));
        assertThat(e).hasMessageThat().isEqualTo("negative length -3");
    }

    @Test
    void checkBuffer_negativeOffset_throwsNamingTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkBuffer(BUF, -7, 1));
        assertThat(e).hasMessageThat().contains("-7");
    }

    @Test
    void checkBuffer_pieceRunningPastTheEnd_throwsNamingOffsetAndLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkBuffer(BUF, 9, 8));
        assertThat(e).hasMessageThat().containsMatch("\\b9\\b");
        assertThat(e).hasMessageThat().containsMatch("\\b8\\b");
    }

    @Test
    void checkBuffer_lengthLargerThanTheSegment_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkBuffer(BUF, 0, 17));
        assertThat(e).hasMessageThat().contains("17");
    }

    @Test
    void checkBuffer_pieceEndingAtTheEnd_isFine() {
        HostChecks.checkBuffer(BUF, 8, 8);
        HostChecks.checkBuffer(BUF, 16, 0);
        HostChecks.checkBuffer(BUF, 0, 16);
    }

    @Test
    void checkGuestRange_negativeLength_throwsNamingTheLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkGuestRange(0x1000, -3));
        assertThat(e).hasMessageThat().contains("-3");
    }

    @Test
    void checkGuestRange_endingExactlyAt2To64_isFine() {
        HostChecks.checkGuestRange(0xffff_ffff_ffff_f000L, 0x1000);
        HostChecks.checkGuestRange(0xffff_ffff_ffff_ffffL, 1);
        HostChecks.checkGuestRange(0x8000_0000_0000_0001L, Long.MAX_VALUE);
    }

    @Test
    void checkGuestRange_oneBytePast2To64_throwsNamingTheHexAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkGuestRange(0xffff_ffff_ffff_f000L, 0x1001));
        assertThat(e).hasMessageThat().contains("fffffffffffff000");
    }

    @Test
    void checkGuestRange_lastByteAndOneMore_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkGuestRange(0xffff_ffff_ffff_ffffL, 2));
        assertThat(e).hasMessageThat().contains("ffffffffffffffff");
    }

    @Test
    void checkGuestRange_comparesUnsigned() {
        assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkGuestRange(0x8000_0000_0000_0002L, Long.MAX_VALUE));
    }

    @Test
    void checkGuestRange_lengthZero_isFineAnywhere() {
        HostChecks.checkGuestRange(0xffff_ffff_ffff_ffffL, 0);
        HostChecks.checkGuestRange(0, 0);
    }

    @Test
    void checkWithinPage_wholePage_isFine() {
        HostChecks.checkWithinPage(0, 4096);
        HostChecks.checkWithinPage(4095, 1);
    }

    @Test
    void checkWithinPage_offset4096WithLengthZero_isFine() {
        HostChecks.checkWithinPage(4096, 0);
    }

    @Test
    void checkWithinPage_leavingThePage_throwsNamingOffsetAndLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkWithinPage(4095, 2));
        assertThat(e).hasMessageThat().contains("4095");
        assertThat(e).hasMessageThat().containsMatch("\\b2\\b");
    }

    @Test
    void checkWithinPage_offset4097_throwsNamingTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkWithinPage(4097, 0));
        assertThat(e).hasMessageThat().contains("4097");
    }

    @Test
    void checkWithinPage_negativeLength_throwsNamingTheLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkWithinPage(0, -3));
        assertThat(e).hasMessageThat().isEqualTo("negative length -3");
    }

    @Test
    void checkWithinPage_negativeOffset_throwsNamingTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkWithinPage(-1, 1));
        assertThat(e).hasMessageThat().contains("-1");
    }

    @Test
    void checkWithinPage_lengthLargerThanAPage_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkWithinPage(0, 4097));
        assertThat(e).hasMessageThat().contains("4097");
    }

    @Test
    void checkNotNull_null_throwsNamingWhatIsNull_andAnythingElseIsFine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkNotNull(null, "vcpu"));

        assertThat(e).hasMessageThat().isEqualTo("vcpu is null");
        HostChecks.checkNotNull(BUF, "buffer");
    }

    @Test
    void checkBuffer_zeroLengthPastTheEnd_isAPieceOutside_notANegativeLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostChecks.checkBuffer(BUF, 17, 0));

        assertThat(e).hasMessageThat().isEqualTo("buffer range [17, 17 + 0) lies outside a segment of 16 bytes");
    }

    @Test
    void checkWithinPage_nothingAtTheStartOfThePage_isFine() {
        HostChecks.checkWithinPage(0, 0);
    }
}
