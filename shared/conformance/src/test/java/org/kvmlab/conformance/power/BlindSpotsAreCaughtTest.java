package org.kvmlab.conformance.power;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.kvmlab.conformance.suite.ConformanceSuite;

/**
 * The checks of issue 16 have power: the suite, run through the JUnit Platform launcher as the
 * review runs it, fails on each design broken at one of its former blind spots, in the rule that
 * the defect breaks, and names the test that caught it. The random programs ({@code property})
 * cannot see these defects by construction and the churn ({@code stress}) is about threads, so
 * both are left out to keep the run short.
 */
class BlindSpotsAreCaughtTest {

    static Stream<Arguments> blindSpots() {
        return Stream.of(
                Arguments.of(ShortBufferFoundLate.class, "rule-4", "writes_refuseAShortBuffer_beforeWritingOrDirtying"),
                Arguments.of(NullCacheDereferenced.class, "rule-4", "nullCache_isIllegalArgumentNamingIt"),
                Arguments.of(NullHandleIgnoredWhenEmpty.class, "rule-4", "nullVm_ofAVmLevelAccess_isIllegalArgumentNamingIt"),
                Arguments.of(InvalidSlotStillMapped.class, "rule-1",
                        "delete_slotIsAbsentToEveryAccessorBetweenItsTwoInstalls"),
                Arguments.of(EmptyCachedWriteShortCircuited.class, "rule-1", "validOnePageCache_marksItsPageDirty"),
                Arguments.of(NoncanonicalStartWalked.class, "rule-1", "rangeStartingNonCanonical_endingCanonical_raisesGp"),
                Arguments.of(GfnToHvaMemslotWithReadIntent.class, "rule-1",
                        "gfnToHvaMemslot_mapsWithinTheSlot_withWriteIntent"));
    }

    @ParameterizedTest(name = "{0} is caught by {1} in {2}")
    @MethodSource("blindSpots")
    void suiteCatchesTheDesignBrokenAtABlindSpot(Class<? extends ConformanceSuite> suite, String rule, String test) {
        Set<String> failedRules = new TreeSet<>();
        Set<String> failedTests = new TreeSet<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(suite))
                        .filters(TagFilter.excludeTags("property", "stress"))
                        .build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            failedTests.add(id.getDisplayName().replace("()", ""));
                            id.getTags().stream().map(TestTag::getName).forEach(failedRules::add);
                        }
                    }
                });
        assertWithMessage("rules whose tests failed for %s", suite.getSimpleName()).that(failedRules).contains(rule);
        assertWithMessage("tests that failed for %s", suite.getSimpleName()).that(failedTests).contains(test);
    }

    static final class ShortBufferFoundLate extends ConformanceSuite {
        ShortBufferFoundLate() { super(BlindSpotDesign.SHORT_BUFFER_FOUND_LATE); }
    }

    static final class NullCacheDereferenced extends ConformanceSuite {
        NullCacheDereferenced() { super(BlindSpotDesign.NULL_CACHE_DEREFERENCED); }
    }

    static final class NullHandleIgnoredWhenEmpty extends ConformanceSuite {
        NullHandleIgnoredWhenEmpty() { super(BlindSpotDesign.NULL_HANDLE_IGNORED_WHEN_EMPTY); }
    }

    static final class InvalidSlotStillMapped extends ConformanceSuite {
        InvalidSlotStillMapped() { super(BlindSpotDesign.INVALID_SLOT_STILL_MAPPED); }
    }

    static final class EmptyCachedWriteShortCircuited extends ConformanceSuite {
        EmptyCachedWriteShortCircuited() { super(BlindSpotDesign.EMPTY_CACHED_WRITE_SHORT_CIRCUITED); }
    }

    static final class NoncanonicalStartWalked extends ConformanceSuite {
        NoncanonicalStartWalked() { super(BlindSpotDesign.NONCANONICAL_START_WALKED); }
    }

    static final class GfnToHvaMemslotWithReadIntent extends ConformanceSuite {
        GfnToHvaMemslotWithReadIntent() { super(BlindSpotDesign.GFN_TO_HVA_MEMSLOT_WITH_READ_INTENT); }
    }
}
