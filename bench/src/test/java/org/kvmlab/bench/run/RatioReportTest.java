package org.kvmlab.bench.run;

import static com.google.common.truth.Truth.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A ratio's interval and verdict follow the rule: missed only when wholly beyond the target. */
class RatioReportTest {
    private static RatioReport.Entry entry(double score, double error) {
        return new RatioReport.Entry("GuestCopyBench.readGuest_vm", Map.of(), score, error, 0);
    }

    @Test
    void ratio_intervalSpansWhatBothErrorsAllow() {
        RatioReport.Ratio r = RatioReport.Ratio.of(entry(110, 10), entry(100, 10));

        assertThat(r.value()).isWithin(1e-9).of(1.10);
        assertThat(r.lo()).isWithin(1e-9).of(100.0 / 110);
        assertThat(r.hi()).isWithin(1e-9).of(120.0 / 90);
    }

    @Test
    void verdict_missedOnlyWhenTheWholeIntervalIsBeyondTheTarget() {
        assertThat(RatioReport.Ratio.of(entry(130, 1), entry(100, 1)).verdict(1.10)).isEqualTo("MISSED");
        assertThat(RatioReport.Ratio.of(entry(112, 5), entry(100, 5)).verdict(1.10)).isEqualTo("open");
        assertThat(RatioReport.Ratio.of(entry(100, 1), entry(100, 1)).verdict(1.10)).isEqualTo("met");
    }

    @Test
    void ratio_withoutErrors_isAPoint() {
        RatioReport.Ratio r = RatioReport.Ratio.of(entry(50, Double.NaN), entry(25, Double.NaN));

        assertThat(r.lo()).isEqualTo(2.0);
        assertThat(r.hi()).isEqualTo(2.0);
    }

    @Test
    void ratio_whoseDenominatorErrorReachesZero_hasNoUpperBound() {
        assertThat(RatioReport.Ratio.of(entry(10, 1), entry(5, 6)).hi()).isPositiveInfinity();
    }
}
