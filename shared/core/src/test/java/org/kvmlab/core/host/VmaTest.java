package org.kvmlab.core.host;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/**
 * One mapped range: the segments a copy's fast path may use (none without backing, and only what
 * the protection allows), and when a range continues another, so that the two are merged into
 * one: adjacent, the same protection, and the same backing bytes in order, nothing less.
 */
class VmaTest {
    private static final long PAGE = 4096;
    private static final long A = 0x7f00_0000_0000L;

    private static final Backing BACKING = Backing.of(4 * PAGE);

    @Test
    void rangeWithoutBacking_offersNoSegment_whateverItsProtection() {
        Vma none = new Vma(0, 0, Prot.RW, null, 0);

        assertThat(none.readSegment).isNull();
        assertThat(none.writeSegment).isNull();
        assertThat(none.contains(0)).isFalse();
    }

    @Test
    void segments_followTheProtection() {
        assertThat(new Vma(A, A + PAGE, Prot.RW, BACKING, 0).writeSegment).isSameInstanceAs(BACKING.whole());
        assertThat(new Vma(A, A + PAGE, Prot.RO, BACKING, 0).readSegment).isSameInstanceAs(BACKING.whole());
        assertThat(new Vma(A, A + PAGE, Prot.RO, BACKING, 0).writeSegment).isNull();
        assertThat(new Vma(A, A + PAGE, Prot.NONE, BACKING, 0).readSegment).isNull();
    }

    @Test
    void contains_itsFirstAndLastByte_andNothingBesideIt() {
        Vma v = new Vma(A, A + 2 * PAGE, Prot.RW, BACKING, 0);

        assertThat(v.contains(A)).isTrue();
        assertThat(v.contains(A + 2 * PAGE - 1)).isTrue();
        assertThat(v.contains(A - 1)).isFalse();
        assertThat(v.contains(A + 2 * PAGE)).isFalse();
        assertThat(v.contains(0x1000)).isFalse();
    }

    @Test
    void continuedBy_theNextBytesOfTheSameBacking_withTheSameProtection() {
        Vma first = new Vma(A, A + PAGE, Prot.RW, BACKING, 0);

        assertThat(first.continuedBy(new Vma(A + PAGE, A + 3 * PAGE, Prot.RW, BACKING, PAGE))).isTrue();
        assertThat(first.mergedWith(new Vma(A + PAGE, A + 3 * PAGE, Prot.RW, BACKING, PAGE)).end)
                .isEqualTo(A + 3 * PAGE);
    }

    @Test
    void continuedBy_isFalse_whenAnyOfItsFourConditionsFails() {
        Vma first = new Vma(A, A + PAGE, Prot.RW, BACKING, PAGE);

        assertThat(first.continuedBy(new Vma(A + 2 * PAGE, A + 3 * PAGE, Prot.RW, BACKING, 2 * PAGE))).isFalse();
        assertThat(first.continuedBy(new Vma(A + PAGE, A + 2 * PAGE, Prot.RO, BACKING, 2 * PAGE))).isFalse();
        assertThat(first.continuedBy(new Vma(A + PAGE, A + 2 * PAGE, Prot.RW, Backing.of(PAGE), 2 * PAGE))).isFalse();
        assertThat(first.continuedBy(new Vma(A + PAGE, A + 2 * PAGE, Prot.RW, BACKING, 0))).isFalse();
        assertThat(first.continuedBy(new Vma(A + PAGE, A + 2 * PAGE, Prot.RW, BACKING, 3 * PAGE))).isFalse();
    }
}
