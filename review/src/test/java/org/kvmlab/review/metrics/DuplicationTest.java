package org.kvmlab.review.metrics;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;
import org.kvmlab.review.FakeRepo;

/** CPD as a library on the fake designs: the copied loop is found, with file and lines. */
class DuplicationTest {

    @Test
    void copiedLoop_isOneBlockInTwoFiles() {
        Duplication.Result r = Duplication.of(FakeRepo.copies());
        assertThat(r.minimumTokens()).isEqualTo(Duplication.MINIMUM_TOKENS);
        assertThat(r.blockCount()).isEqualTo(1);
        Duplication.Block block = r.longest().get(0);
        assertThat(block.occurrences().stream().map(o -> o.file() + ":" + o.beginLine() + "-" + o.endLine()).toList())
                .containsExactly("arch/x86/X86Mem.java:8-22", "virt/kvm/Mem.java:10-24").inOrder();
        assertThat(r.codeLines()).isEqualTo(45);
        assertThat(r.duplicatedLines()).isEqualTo(28);
        assertThat(r.share()).isWithin(1e-9).of(28.0 / 45);
    }

    @Test
    void noCopies_noDuplication() {
        Duplication.Result r = Duplication.of(FakeRepo.tiny());
        assertThat(r.blockCount()).isEqualTo(0);
        assertThat(r.duplicatedLines()).isEqualTo(0);
        assertThat(r.share()).isEqualTo(0.0);
    }
}
