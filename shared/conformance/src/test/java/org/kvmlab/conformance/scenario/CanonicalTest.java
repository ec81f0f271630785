package org.kvmlab.conformance.scenario;

import static com.google.common.truth.Truth.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.Errno;

/** Canonical forms of SCENARIOS.md section 8: what X and Y of a failure line look like. */
@Tag("scenario")
class CanonicalTest {

    private static Data bytes(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return Data.of(b);
    }

    private static Data withByte(Data data, int offset, int value) {
        byte[] b = data.toByteArray();
        b[offset] = (byte) value;
        return Data.of(b);
    }

    private static Expectation stated(Outcome outcome) {
        return new Expectation.Stated(outcome);
    }

    @Test
    void numbers_are0xLowerCaseHexWithoutLeadingZeros_unsigned() {
        assertThat(Canonical.number(0)).isEqualTo("0x0");
        assertThat(Canonical.number(2)).isEqualTo("0x2");
        assertThat(Canonical.number(0x7F0000000000L)).isEqualTo("0x7f0000000000");
        assertThat(Canonical.number(-1L)).isEqualTo("0xffffffffffffffff");
    }

    @Test
    void errnoNames_asTheFormatWritesThem() {
        assertThat(Canonical.errno(Errno.EINVAL)).isEqualTo("EINVAL");
        assertThat(Canonical.errno(Errno.EEXIST)).isEqualTo("EEXIST");
        assertThat(Canonical.errno(Errno.ENOMEM)).isEqualTo("ENOMEM");
        assertThat(Canonical.errno(Errno.ENOENT)).isEqualTo("ENOENT");
        assertThat(Canonical.errno(Errno.EFAULT)).isEqualTo("EFAULT");
        assertThat(Canonical.errno(5)).isEqualTo("errno 0x5");
    }

    @Test
    void everyOutcome_hasItsCanonicalForm() {
        Expectation any = Expectation.ANY_SUCCESS;
        assertThat(Canonical.actual(Outcome.OK, any)).isEqualTo("ok");
        assertThat(Canonical.actual(new Outcome.OkData(Data.EMPTY), any)).isEqualTo("ok");
        assertThat(Canonical.actual(new Outcome.OkData(Data.of(new byte[] {(byte) 0xAB, 0x0c})), any))
                .isEqualTo("ok ab0c");
        assertThat(Canonical.actual(new Outcome.OkPages(List.of()), any)).isEqualTo("ok");
        assertThat(Canonical.actual(new Outcome.OkPages(List.of(0L, 0x1fL)), any)).isEqualTo("ok 0x0 0x1f");
        assertThat(Canonical.actual(new Outcome.HvaIs(0x7f0000001000L), any)).isEqualTo("hva 0x7f0000001000");
        assertThat(Canonical.actual(new Outcome.HvaProtIs(0x1000, true), any)).isEqualTo("hva 0x1000 rw");
        assertThat(Canonical.actual(new Outcome.HvaProtIs(0x1000, false), any)).isEqualTo("hva 0x1000 ro");
        assertThat(Canonical.actual(new Outcome.Bad(), any)).isEqualTo("bad");
        assertThat(Canonical.actual(new Outcome.RoBad(), any)).isEqualTo("robad");
        assertThat(Canonical.actual(new Outcome.VisibleIs(true), any)).isEqualTo("yes");
        assertThat(Canonical.actual(new Outcome.VisibleIs(false), any)).isEqualTo("no");
        assertThat(Canonical.actual(new Outcome.SlotIs(2), any)).isEqualTo("slot 0x2");
        assertThat(Canonical.actual(new Outcome.NoSlot(), any)).isEqualTo("none");
        assertThat(Canonical.actual(new Outcome.PageFault(2, 0x9000), any)).isEqualTo("pf 0x2 0x9000");
        assertThat(Canonical.actual(new Outcome.GeneralProtection(), any)).isEqualTo("gp");
        assertThat(Canonical.actual(new Outcome.HostError("len -1"), any)).isEqualTo("error: len -1");
        assertThat(Canonical.actual(new Outcome.Crashed(new IllegalStateException("x")), any))
                .isEqualTo("exception java.lang.IllegalStateException: x");
    }

    @Test
    void expected_ofALineWithoutArrow_isOk() {
        assertThat(Canonical.expected(Expectation.ANY_SUCCESS, new Outcome.Errno(Errno.EFAULT))).isEqualTo("ok");
    }

    @Test
    void expected_error_ignoresTheMessage() {
        assertThat(Canonical.expected(stated(new Outcome.HostError(null)), Outcome.OK)).isEqualTo("error");
    }

    /** X of an expected {@code error} is the word alone, whatever the line gave, even a long DATA. */
    @Test
    void expected_error_isTheWordAlone_whateverTheLineGave() {
        Expectation error = stated(new Outcome.HostError(null));
        assertThat(Canonical.expected(error, new Outcome.OkData(bytes(40, 1)))).isEqualTo("error");
        assertThat(Canonical.expected(error, new Outcome.ReadFault(bytes(40, 1)))).isEqualTo("error");
        assertThat(Canonical.expected(error, new Outcome.HostError("len -1"))).isEqualTo("error");
    }

    @Test
    void data_upTo32Bytes_isShownWhole() {
        Data d = bytes(32, 0xab);
        assertThat(Canonical.data(d, bytes(32, 0))).isEqualTo("ab".repeat(32));
    }

    @Test
    void data_longerThan32Bytes_shows32Bytes_thenLengthAndFirstDifference() {
        Data expected = bytes(0x1001, 0x5a);
        Data got = withByte(expected, 0xffe, 0xff);
        assertThat(Canonical.data(expected, got))
                .isEqualTo("5a".repeat(32) + "... (0x1001 bytes, first difference at 0xffe)");
    }

    @Test
    void firstDifference_isWhereTheShorterEnds_whenOneIsAPrefix() {
        assertThat(Canonical.data(bytes(40, 1), bytes(36, 1)))
                .isEqualTo("01".repeat(32) + "... (0x28 bytes, first difference at 0x24)");
        assertThat(Canonical.data(bytes(40, 1), bytes(3, 1))).endsWith("(0x28 bytes, first difference at 0x3)");
    }

    @Test
    void firstDifference_atTheFirstByte_is0x0() {
        assertThat(bytes(40, 1).firstDifference(bytes(40, 2))).isEqualTo(0);
        assertThat(Canonical.data(bytes(40, 1), withByte(bytes(40, 1), 0, 2)))
                .isEqualTo("01".repeat(32) + "... (0x28 bytes, first difference at 0x0)");
    }

    @Test
    void firstDifference_againstNoBytes_is0x0() {
        assertThat(bytes(40, 1).firstDifference(Data.EMPTY)).isEqualTo(0);
    }

    @Test
    void firstDifference_ofEqualData_isItsLength() {
        assertThat(Canonical.data(bytes(33, 7), bytes(33, 7))).endsWith("(0x21 bytes, first difference at 0x21)");
    }

    @Test
    void longData_againstASideWithNoData_leavesOutTheDifference() {
        Outcome got = new Outcome.OkData(bytes(33, 0));
        assertThat(Canonical.actual(got, stated(new Outcome.Errno(Errno.EFAULT))))
                .isEqualTo("ok " + "00".repeat(32) + "... (0x21 bytes)");
        assertThat(Canonical.actual(got, Expectation.ANY_SUCCESS)).isEqualTo("ok " + "00".repeat(32) + "... (0x21 bytes)");
    }

    /**
     * {@code ok} alone has no DATA (SCENARIOS.md section 2: there is no empty DATA), so a long DATA
     * on the other side shows no first difference, the same as against {@code EFAULT}.
     */
    @Test
    void longData_againstOkAlone_leavesOutTheDifference() {
        Data got = bytes(40, 1);
        Expectation okAlone = stated(new Outcome.OkData(Data.EMPTY));
        assertThat(Canonical.actual(new Outcome.OkData(got), okAlone))
                .isEqualTo("ok " + "01".repeat(32) + "... (0x28 bytes)");
        assertThat(Canonical.expected(stated(new Outcome.OkData(got)), new Outcome.OkData(Data.EMPTY)))
                .isEqualTo("ok " + "01".repeat(32) + "... (0x28 bytes)");
        assertThat(Canonical.compared(new Outcome.OkData(got), new Outcome.ReadFault(Data.EMPTY)))
                .isEqualTo("ok " + "01".repeat(32) + "... (0x28 bytes)");
    }

    @Test
    void bothSides_useTheOthersDataForTheDifference() {
        Data x = bytes(64, 0x11);
        Data y = withByte(x, 0x21, 0x22);
        Expectation e = stated(new Outcome.OkData(x));
        Outcome got = new Outcome.OkData(y);
        String tail = "... (0x40 bytes, first difference at 0x21)";
        assertThat(Canonical.expected(e, got)).isEqualTo("ok " + "11".repeat(32) + tail);
        assertThat(Canonical.actual(got, e)).isEqualTo("ok " + "11".repeat(32) + tail);
    }

    @Test
    void readFault_showsItsBufferOnlyAgainstEfaultData() {
        Outcome got = new Outcome.ReadFault(Data.of(new byte[] {(byte) 0xaa, 0}));
        assertThat(Canonical.actual(got, stated(new Outcome.Errno(Errno.EFAULT)))).isEqualTo("EFAULT");
        assertThat(Canonical.actual(got, stated(new Outcome.OkData(Data.of(new byte[2]))))).isEqualTo("EFAULT");
        assertThat(Canonical.actual(got, Expectation.ANY_SUCCESS)).isEqualTo("EFAULT");
        Expectation efaultData = stated(new Outcome.ReadFault(Data.of(new byte[] {(byte) 0xaa, 1})));
        assertThat(Canonical.actual(got, efaultData)).isEqualTo("EFAULT aa00");
        assertThat(Canonical.expected(efaultData, got)).isEqualTo("EFAULT aa01");
    }

    @Test
    void okData_againstAHiddenReadBuffer_hasNoOtherData() {
        Expectation e = stated(new Outcome.OkData(bytes(40, 0)));
        Outcome got = new Outcome.ReadFault(bytes(40, 1));
        assertThat(Canonical.expected(e, got)).isEqualTo("ok " + "00".repeat(32) + "... (0x28 bytes)");
    }

    @Test
    void compared_showsBuffersAndMessages_forDeclaredLines() {
        Outcome flag = new Outcome.OkData(Data.of(new byte[4]));
        Outcome design = new Outcome.ReadFault(Data.of(new byte[4]));
        assertThat(Canonical.compared(flag, design)).isEqualTo("ok 00000000");
        assertThat(Canonical.compared(design, flag)).isEqualTo("EFAULT 00000000");
    }

    @Test
    void matching_errorAnyMessage_efaultAnyBuffer_dataByBytes() {
        assertThat(stated(new Outcome.HostError(null)).matches(new Outcome.HostError("whatever"))).isTrue();
        assertThat(stated(new Outcome.HostError(null)).matches(new Outcome.Crashed(new IllegalStateException())))
                .isFalse();
        assertThat(stated(new Outcome.Errno(Errno.EFAULT)).matches(new Outcome.ReadFault(bytes(2, 1)))).isTrue();
        assertThat(stated(new Outcome.Errno(Errno.EFAULT)).matches(new Outcome.Errno(Errno.EFAULT))).isTrue();
        // Only EFAULT stands for a read's fault: no other errno matches one, whatever its buffer.
        for (int errno : new int[] {Errno.EINVAL, Errno.EEXIST, Errno.ENOMEM, Errno.ENOENT}) {
            assertThat(stated(new Outcome.Errno(errno)).matches(new Outcome.ReadFault(bytes(2, 1)))).isFalse();
            assertThat(stated(new Outcome.Errno(errno)).matches(new Outcome.Errno(Errno.EFAULT))).isFalse();
            assertThat(stated(new Outcome.Errno(errno)).matches(new Outcome.Errno(errno))).isTrue();
        }
        assertThat(stated(new Outcome.ReadFault(bytes(2, 1))).matches(new Outcome.ReadFault(bytes(2, 1)))).isTrue();
        assertThat(stated(new Outcome.ReadFault(bytes(2, 1))).matches(new Outcome.ReadFault(bytes(2, 0)))).isFalse();
        assertThat(stated(new Outcome.ReadFault(bytes(2, 1))).matches(new Outcome.Errno(Errno.EFAULT))).isFalse();
        assertThat(stated(new Outcome.OkData(Data.EMPTY)).matches(new Outcome.OkData(Data.of(new byte[0])))).isTrue();
        assertThat(stated(new Outcome.OkPages(List.of())).matches(new Outcome.OkPages(List.of(1L)))).isFalse();
        assertThat(Expectation.ANY_SUCCESS.matches(new Outcome.OkPages(List.of(1L)))).isTrue();
        assertThat(Expectation.ANY_SUCCESS.matches(new Outcome.OkData(bytes(3, 3)))).isTrue();
        assertThat(Expectation.ANY_SUCCESS.matches(new Outcome.Errno(Errno.EINVAL))).isFalse();
        assertThat(Expectation.ANY_SUCCESS.matches(new Outcome.HostError("x"))).isFalse();
    }
}
