package org.kvmlab.review.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the tests of one design (every test class in its package root: the kit's suite,
 * its ArchUnit rules, its own tests) through the JUnit Platform launcher, in this JVM, and keeps
 * each test's outcome with the tags it carries or inherits.
 */
public final class TestRun {
    /** The kit's tags in report order; the first a test carries is the one it is counted under. */
    public static final List<String> TAGS = List.of("rule-1", "rule-2", "rule-3", "rule-4", "scenario", "property",
            "stress", "architecture");
    /** What {@code --quick} leaves out. */
    public static final Set<String> SLOW_TAGS = Set.of("property", "stress");
    /** The group of a test that carries none of {@link #TAGS}. */
    public static final String OTHER = "other";
    /**
     * The tag of a test in a design's module that checks the kit's reference model against the
     * design's declarations rather than the design itself; the review never counts it.
     */
    public static final String REFERENCE_MODEL = "reference-model";

    private TestRun() {}

    /** A test's outcome. */
    public enum Status { PASSED, FAILED, SKIPPED }

    /**
     * One test that ran (a method, a parameterized invocation or a dynamic test).
     *
     * @param group       the first of {@link #TAGS} it carries, else {@link #OTHER}
     * @param className   the class it is declared in
     * @param displayName its display name ({@code 17-rw-cross-page.scn}, {@code holds: ...})
     * @param message     the first line of a failure, else null
     * @param tags        every tag it carries or inherits, its own first
     */
    public record TestResult(String group, String className, String displayName, Status status, String message,
                             List<String> tags) {
        public TestResult {
            tags = List.copyOf(tags);
        }

        /** A result without its tags (they are only its group then). */
        public TestResult(String group, String className, String displayName, Status status, String message) {
            this(group, className, displayName, status, message, List.of(group));
        }

        /** Whether it carries {@code tag}, itself or through its class. */
        public boolean hasTag(String tag) {
            return tags.contains(tag);
        }
    }

    /** Every test that ran, and how long the run took. */
    public record Result(List<TestResult> tests, long millis) {
        /** Passed, failed, skipped per group, in {@link #TAGS} order then {@link #OTHER}. */
        public Map<String, int[]> countsByGroup() {
            Map<String, int[]> counts = new LinkedHashMap<>();
            for (String tag : TAGS) {
                counts.put(tag, new int[3]);
            }
            counts.put(OTHER, new int[3]);
            for (TestResult t : tests) {
                counts.get(t.group())[t.status().ordinal()]++;
            }
            return counts;
        }

        /** The outcome of each scenario file (the dynamic tests of the {@code scenario} group), by name. */
        public Map<String, Status> scenarioFiles() {
            Map<String, Status> files = new TreeMap<>();
            for (TestResult t : tests) {
                if (t.group().equals("scenario") && t.displayName().endsWith(".scn")) {
                    files.put(t.displayName(), t.status());
                }
            }
            return files;
        }

        public long failed() {
            return tests.stream().filter(t -> t.status() == Status.FAILED).count();
        }

        public long passed() {
            return tests.stream().filter(t -> t.status() == Status.PASSED).count();
        }
    }

    /**
     * Runs every test class below {@code packageRoot} that the thread's context class loader finds
     * (the {@link org.kvmlab.review.design.Lab}'s, for the build's designs), but those tagged
     * {@link #REFERENCE_MODEL}.
     *
     * @param excludedTags tags whose tests are not run either
     */
    public static Result run(String packageRoot, Set<String> excludedTags) {
        return run(packageRoot, excludedTags, null);
    }

    /**
     * As {@link #run(String, Set)}, of the test classes whose fully qualified names match
     * {@code classNames} only (all of them when it is null): {@code .*Test} runs what the build's
     * Surefire runs, leaving out a class a module keeps for its own launcher runs.
     */
    public static Result run(String packageRoot, Set<String> excludedTags, String classNames) {
        List<String> excluded = new ArrayList<>(excludedTags);
        excluded.add(REFERENCE_MODEL);
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage(packageRoot))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .filters(TagFilter.excludeTags(excluded));
        if (classNames != null) {
            builder.filters(org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns(classNames));
        }
        LauncherDiscoveryRequest request = builder.build();
        Launcher launcher = LauncherFactory.create();
        Collector collector = new Collector();
        long start = System.nanoTime();
        launcher.execute(request, collector);
        return new Result(List.copyOf(collector.results), (System.nanoTime() - start) / 1_000_000);
    }

    private static final class Collector implements TestExecutionListener {
        private final List<TestResult> results = new ArrayList<>();
        private TestPlan plan;

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void dynamicTestRegistered(TestIdentifier testIdentifier) {
            // Dynamic tests join the plan as they are registered; nothing to keep until they finish.
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                results.add(new TestResult(group(id), className(id), id.getDisplayName(), Status.SKIPPED, reason,
                        tags(id)));
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && id.getSource().isPresent()
                        && id.getSource().get() instanceof ClassSource) {
                    // A class that failed before its tests ran (set-up, discovery): one failure for the class.
                    results.add(new TestResult(group(id), className(id), id.getDisplayName(), Status.FAILED,
                            firstLine(result), tags(id)));
                }
                return;
            }
            Status status = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? Status.PASSED
                    : result.getStatus() == TestExecutionResult.Status.ABORTED ? Status.SKIPPED : Status.FAILED;
            results.add(new TestResult(group(id), className(id), id.getDisplayName(), status,
                    status == Status.PASSED ? null : firstLine(result), tags(id)));
        }

        private List<String> tags(TestIdentifier id) {
            List<String> tags = new ArrayList<>();
            for (TestIdentifier at = id; at != null; at = plan.getParent(at).orElse(null)) {
                for (TestTag tag : at.getTags()) {
                    if (!tags.contains(tag.getName())) {
                        tags.add(tag.getName());
                    }
                }
            }
            return tags;
        }

        private String group(TestIdentifier id) {
            List<String> tags = tags(id);
            for (String tag : TAGS) {
                if (tags.contains(tag)) {
                    return tag;
                }
            }
            return OTHER;
        }

        private String className(TestIdentifier id) {
            for (TestIdentifier at = id; at != null; at = plan.getParent(at).orElse(null)) {
                if (at.getSource().isPresent()) {
                    if (at.getSource().get() instanceof MethodSource m) {
                        return m.getClassName();
                    }
                    if (at.getSource().get() instanceof ClassSource c) {
                        return c.getClassName();
                    }
                }
            }
            return "";
        }

        private static String firstLine(TestExecutionResult result) {
            return result.getThrowable().map(t -> {
                String text = String.valueOf(t.getMessage() == null ? t.getClass().getName() : t.getMessage()).strip();
                int nl = text.indexOf('\n');
                return nl < 0 ? text : text.substring(0, nl);
            }).orElse(null);
        }
    }
}
