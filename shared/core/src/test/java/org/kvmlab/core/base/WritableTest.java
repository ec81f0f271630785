package org.kvmlab.core.base;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** The caller-owned out-parameter of {@code gfn_to_hva_prot}: it gives back what was last stored. */
class WritableTest {
    @Test
    void get_givesTheLastAnswerStored() {
        Writable writable = new Writable();
        assertThat(writable.get()).isFalse();

        writable.set(true);
        assertThat(writable.get()).isTrue();

        writable.set(false);
        assertThat(writable.get()).isFalse();
    }
}
