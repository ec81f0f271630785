package org.kvmlab.livekvm.scenario;

import static com.google.common.truth.Truth.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmlab.livekvm.kvm.KernelFacts;

/** Which declared differences a kernel has is decided from what it reports, not from a list. */
class LiveRulesTest {
    private static KernelFacts kernel(int major, int minor, int slots, boolean gigabytePages, long slotEnd) {
        return new KernelFacts(major + "." + minor + ".0", major, minor, Map.of("NR_MEMSLOTS", slots), 48,
                gigabytePages, slotEnd);
    }

    private static java.util.List<String> names(KernelFacts facts) {
        return LiveRules.applying(facts).stream().map(LiveRule::name).toList();
    }

    @Test
    void thisMachinesKindOfKernelHasEveryRule() {
        assertThat(names(kernel(6, 18, 32764, false, 1L << 52))).containsExactly("no-smram-flag", "slot-count",
                "slot-end", "cr3-check", "no-1g-pages", "reserved-bits", "canonical-first-byte",
                "walker-accessed-dirty").inOrder();
    }

    @Test
    void aHostWithGigabytePagesHasNoSuchDifference() {
        assertThat(names(kernel(6, 18, 32764, true, 1L << 52))).doesNotContain("no-1g-pages");
    }

    @Test
    void aKernelWithoutASlotEndLimitHasNoSuchDifference() {
        assertThat(names(kernel(6, 18, 32764, false, 0))).doesNotContain("slot-end");
    }

    @Test
    void linux41StillHadTheThreadsWorld() {
        assertThat(names(kernel(4, 1, 509, false, 0))).doesNotContain("no-smram-flag");
    }

    @Test
    void everyRuleSaysWhyInTermsOfTheKernel() {
        for (LiveRule rule : LiveRules.RULES) {
            assertThat(rule.name()).matches("[a-z0-9-]+");
            assertThat(rule.reason().length()).isGreaterThan(60);
        }
    }
}
