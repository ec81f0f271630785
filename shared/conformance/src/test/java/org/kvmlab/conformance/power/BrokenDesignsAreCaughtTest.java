package org.kvmlab.conformance.power;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.kvmlab.conformance.suite.ConformanceSuite;

import java.util.stream.Stream;

/**
 * The kit proves its power: the conformance suite, run through the JUnit Platform launcher exactly
 * as the review runs it, fails on every deliberately broken design, and fails in the rule that
 * the defect breaks.
 */
class BrokenDesignsAreCaughtTest {

    static Stream<Arguments> brokenDesigns() {
        return Stream.of(
                Arguments.of(SmramVisibleOutsideSmm.class, "rule-2"),
                Arguments.of(SmramInvisibleInsideSmm.class, "rule-2"),
                Arguments.of(MissingDirtyMark.class, "rule-1"),
                Arguments.of(OffByOneAtPageEdge.class, "rule-1"),
                Arguments.of(StaleCacheAfterMemslotChange.class, "rule-1"),
                Arguments.of(StaleCacheAfterLeavingSmm.class, "rule-3"),
                Arguments.of(WriteToReadOnlySlot.class, "rule-1"),
                Arguments.of(GpaWrapAroundAccepted.class, "rule-4"),
                Arguments.of(PartialWriteRolledBack.class, "rule-1"),
                Arguments.of(FailedReadZeroFills.class, "rule-1"));
    }

    @ParameterizedTest(name = "{0} is caught by {1}")
    @MethodSource("brokenDesigns")
    void suiteCatchesBrokenDesign(Class<? extends ConformanceSuite> suite, String rule) {
        Set<String> failedRules = new TreeSet<>();
        Set<String> failedTests = new TreeSet<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(suite)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            failedTests.add(test.getDisplayName());
                            test.getTags().stream().map(TestTag::getName).forEach(failedRules::add);
                        }
                    }
                });
        assertWithMessage("rules whose tests failed for %s (failed tests: %s)", suite.getSimpleName(), failedTests)
                .that(failedRules).contains(rule);
    }

    static final class SmramVisibleOutsideSmm extends ConformanceSuite {
        SmramVisibleOutsideSmm() { super(BrokenDesign.SMRAM_VISIBLE_OUTSIDE_SMM); }
    }

    static final class SmramInvisibleInsideSmm extends ConformanceSuite {
        SmramInvisibleInsideSmm() { super(BrokenDesign.SMRAM_INVISIBLE_INSIDE_SMM); }
    }

    static final class MissingDirtyMark extends ConformanceSuite {
        MissingDirtyMark() { super(BrokenDesign.MISSING_DIRTY_MARK); }
    }

    static final class OffByOneAtPageEdge extends ConformanceSuite {
        OffByOneAtPageEdge() { super(BrokenDesign.OFF_BY_ONE_AT_PAGE_EDGE); }
    }

    static final class StaleCacheAfterMemslotChange extends ConformanceSuite {
        StaleCacheAfterMemslotChange() { super(BrokenDesign.STALE_CACHE_AFTER_MEMSLOT_CHANGE); }
    }

    static final class StaleCacheAfterLeavingSmm extends ConformanceSuite {
        StaleCacheAfterLeavingSmm() { super(BrokenDesign.STALE_CACHE_AFTER_LEAVING_SMM); }
    }

    static final class WriteToReadOnlySlot extends ConformanceSuite {
        WriteToReadOnlySlot() { super(BrokenDesign.WRITE_TO_READ_ONLY_SLOT); }
    }

    static final class GpaWrapAroundAccepted extends ConformanceSuite {
        GpaWrapAroundAccepted() { super(BrokenDesign.GPA_WRAP_AROUND_ACCEPTED); }
    }

    static final class PartialWriteRolledBack extends ConformanceSuite {
        PartialWriteRolledBack() { super(BrokenDesign.PARTIAL_WRITE_ROLLED_BACK); }
    }

    static final class FailedReadZeroFills extends ConformanceSuite {
        FailedReadZeroFills() { super(BrokenDesign.FAILED_READ_ZERO_FILLS); }
    }
}
