package org.kvmlab.conformance.scenario;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The counts of SCENARIOS.md section 8: summed over files, and the line that ends every run. */
@Tag("scenario")
class TallyTest {
    @Test
    void plus_addsEachCount() {
        assertThat(new Tally(1, 2, 3).plus(new Tally(10, 20, 30))).isEqualTo(new Tally(11, 22, 33));
        assertThat(Tally.ZERO.plus(new Tally(4, 5, 6))).isEqualTo(new Tally(4, 5, 6));
    }

    @Test
    void summary_namesDeclaredLines_onlyWhenThereAreSome() {
        assertThat(new Tally(95, 0, 1).summary()).isEqualTo("95 passed, 0 failed, 1 declared");
        assertThat(new Tally(3, 2, 7).summary()).isEqualTo("3 passed, 2 failed, 7 declared");
        assertThat(new Tally(16, 0, 0).summary()).isEqualTo("16 passed, 0 failed");
    }
}
