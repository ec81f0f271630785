package org.kvmlab.review.conformance;

import static com.google.common.truth.Truth.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The launcher run counts each test under its first kit tag, inherited from enclosing classes. */
class TestRunTest {
    private static final String FIXTURE = "org.kvmlab.review.fixture.runs";

    @Test
    void countsPerTag_andScenarioFilesByDisplayName() {
        TestRun.Result run = TestRun.run(FIXTURE, Set.of());
        Map<String, int[]> counts = run.countsByGroup();
        assertThat(counts.get("rule-1")).asList().containsExactly(1, 1, 0).inOrder();
        assertThat(counts.get("scenario")).asList().containsExactly(1, 1, 0).inOrder();
        assertThat(counts.get("property")).asList().containsExactly(1, 0, 0).inOrder();
        assertThat(counts.get("other")).asList().containsExactly(0, 0, 1).inOrder();
        assertThat(run.scenarioFiles()).containsExactly("01-a.scn", TestRun.Status.PASSED,
                "02-b.scn", TestRun.Status.FAILED).inOrder();
        assertThat(run.failed()).isEqualTo(2);
        TestRun.TestResult failed = run.tests().stream().filter(t -> t.displayName().equals("02-b.scn")).findFirst().orElseThrow();
        assertThat(failed.message()).isEqualTo("02-b.scn:3: expected ok, got EFAULT");
        assertThat(failed.className()).isEqualTo(FIXTURE + ".TaggedCases$Corpus");
    }

    @Test
    void quick_leavesPropertyAndStressOut() {
        TestRun.Result run = TestRun.run(FIXTURE, TestRun.SLOW_TAGS);
        assertThat(run.countsByGroup().get("property")).asList().containsExactly(0, 0, 0).inOrder();
        assertThat(run.tests()).hasSize(5);
    }
}
