package org.kvmlab.review.architecture;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.review.conformance.TestRun;

/** Rules come from the architecture class's ArchRule fields; verdicts from the launcher's results by display name. */
class ArchitectureReviewTest {
    private static final String ROOT = "org.kvmlab.review.fixture.fakedesign";
    private static final String RULES = ROOT + ".architecture.FakeRules";

    @Test
    void rules_withLauncherVerdicts_andTheReviewsOwnEvaluation() {
        String holding = "no classes that reside in a package '..virt.kvm..' should depend on classes that reside in a package '..arch.x86..'";
        TestRun.Result run = new TestRun.Result(List.of(
                new TestRun.TestResult("architecture", RULES, ArchitectureReview.HOLDS + holding, TestRun.Status.PASSED, null),
                new TestRun.TestResult("architecture", RULES, ArchitectureReview.CATCHES + holding, TestRun.Status.FAILED, "x")), 1);
        ArchitectureReview.Result r = ArchitectureReview.of("fixture", ROOT, run);
        assertThat(r.rules().stream().map(ArchitectureReview.Rule::field).toList())
                .containsExactly("GENERIC_NEVER_REACHES_ARCH", "ARCH_NEVER_REACHES_GENERIC");
        ArchitectureReview.Rule first = r.rules().get(0);
        assertThat(first.description()).isEqualTo(holding);
        assertThat(first.holds()).isEqualTo("passed");
        assertThat(first.catches()).isEqualTo("failed");
        assertThat(first.violations()).isEqualTo(0);
        ArchitectureReview.Rule second = r.rules().get(1);
        assertThat(second.holds()).isEqualTo("not run");
        assertThat(second.violations()).isGreaterThan(0);
        assertThat(r.holding()).isEqualTo(1);
    }

    @Test
    void packageEdges_designPackagesRelative_coreShort_jdkLeftOut() {
        ArchitectureReview.Result r = ArchitectureReview.of("fixture", ROOT, new TestRun.Result(List.of(), 0));
        assertThat(r.edges().stream().map(e -> e.from() + " -> " + e.to()).toList()).containsExactly(
                "arch.x86 -> core.kvm", "arch.x86 -> virt.kvm", "virt.kvm -> core.base", "virt.kvm -> core.kvm").inOrder();
    }
}
