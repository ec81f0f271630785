package org.kvmlab.review.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kvmlab.conformance.architecture.DesignArchitecture;
import org.kvmlab.review.conformance.TestRun;

/**
 * A design's architecture: the ArchUnit rules of its architecture test class (its
 * {@code static final ArchRule} fields), each with the verdicts its parameterized tests gave when
 * the launcher ran them ({@code holds: RULE} on the design, {@code catches a wrong class: RULE} on
 * its deliberately wrong classes), and which packages depend on which, from ArchUnit's importer.
 */
public final class ArchitectureReview {
    /** Display-name prefix of the test that checks a rule on the design. */
    public static final String HOLDS = "holds: ";
    /** Display-name prefix of the test that shows a rule catches a wrong class. */
    public static final String CATCHES = "catches a wrong class: ";

    private ArchitectureReview() {}

    /**
     * One rule.
     *
     * @param field      the field that holds it
     * @param holds      the launcher's verdict on the design: passed, failed, or not run
     * @param catches    the launcher's verdict on the wrong classes
     * @param violations violations the review finds when it evaluates the rule on the design itself
     */
    public record Rule(String testClass, String field, String description, String holds, String catches,
                       int violations) {}

    /** A dependency between two packages, with how many class-level dependencies make it. */
    public record PackageEdge(String from, String to, int dependencies) {}

    /** A design's architecture. */
    public record Result(String design, List<Rule> rules, List<PackageEdge> edges) {
        public long holding() {
            return rules.stream().filter(r -> r.holds().equals("passed")).count();
        }

        public long catching() {
            return rules.stream().filter(r -> r.catches().equals("passed")).count();
        }
    }

    /** The rules of the architecture classes that ran in {@code run}, and the package graph of the design. */
    public static Result of(String design, String packageRoot, TestRun.Result run) {
        JavaClasses classes = DesignArchitecture.importModule(packageRoot);
        TreeSet<String> testClasses = new TreeSet<>();
        for (TestRun.TestResult t : run.tests()) {
            if (t.group().equals("architecture")) {
                testClasses.add(t.className());
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (String testClass : testClasses) {
            rules.addAll(rules(testClass, run, classes));
        }
        // The package graph is the design's code alone; its adapter package is the lab's glue.
        return new Result(design, List.copyOf(rules), edges(packageRoot, DesignArchitecture.importDesign(packageRoot)));
    }

    private static List<Rule> rules(String testClass, TestRun.Result run, JavaClasses classes) {
        Class<?> type;
        try {
            type = Class.forName(testClass, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || !ArchRule.class.isAssignableFrom(field.getType())) {
                continue;
            }
            ArchRule rule;
            try {
                field.setAccessible(true);
                rule = (ArchRule) field.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            EvaluationResult evaluation = rule.evaluate(classes);
            String description = rule.getDescription();
            rules.add(new Rule(type.getSimpleName(), field.getName(), description,
                    verdict(run, testClass, HOLDS, rule), verdict(run, testClass, CATCHES, rule),
                    evaluation.getFailureReport().getDetails().size()));
        }
        return rules;
    }

    /** The launcher's verdict of the parameterized test that names {@code rule}: passed, failed, skipped or not run. */
    private static String verdict(TestRun.Result run, String testClass, String prefix, ArchRule rule) {
        for (TestRun.TestResult t : run.tests()) {
            if (t.className().equals(testClass) && t.displayName().startsWith(prefix)) {
                String named = t.displayName().substring(prefix.length());
                if (named.equals(rule.toString()) || named.equals(rule.getDescription())) {
                    return t.status().name().toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        return "not run";
    }

    /**
     * Package-to-package dependencies of the design's classes: the design's own packages relative
     * to its root, the core's as {@code core.SUB}, the JDK left out.
     */
    static List<PackageEdge> edges(String packageRoot, JavaClasses classes) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = shortName(packageRoot, c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                while (target.isArray()) {
                    target = target.getComponentType();
                }
                String pkg = target.getPackageName();
                if (pkg.isEmpty() || pkg.startsWith("java.") || pkg.equals("java") || target.isPrimitive()) {
                    continue;
                }
                String to = shortName(packageRoot, pkg);
                if (!to.equals(from)) {
                    counts.merge(from + " -> " + to, 1, Integer::sum);
                }
            }
        }
        List<PackageEdge> edges = new ArrayList<>();
        counts.forEach((key, n) -> {
            String[] ends = key.split(" -> ");
            edges.add(new PackageEdge(ends[0], ends[1], n));
        });
        return List.copyOf(edges);
    }

    static String shortName(String packageRoot, String pkg) {
        if (pkg.equals(packageRoot)) {
            return "(root)";
        }
        if (pkg.startsWith(packageRoot + ".")) {
            return pkg.substring(packageRoot.length() + 1);
        }
        if (pkg.startsWith("org.kvmlab.core.")) {
            return "core." + pkg.substring("org.kvmlab.core.".length());
        }
        return pkg;
    }
}
