package org.kvmlab.conformance.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What every design's architecture rules share (DESIGN.md section 2): how a design's own classes
 * are imported (its {@code virt} and {@code arch} packages, never its tests, so that a rule sees
 * the same classes in the build and in the review), and the rule that a design's main code uses
 * the shared core and nothing else of the project. Each design adds the rules of its own shape.
 */
public final class DesignArchitecture {
    private DesignArchitecture() {}

    /** The design's main classes: the packages {@code root.virt} and {@code root.arch}. */
    public static JavaClasses importDesign(String root) {
        return new ClassFileImporter().importPackages(root + ".virt", root + ".arch");
    }

    /** The classes of one package (and below), such as a design's deliberately wrong examples. */
    public static JavaClasses importPackage(String name) {
        return new ClassFileImporter().importPackages(name);
    }

    /**
     * A design depends on {@code shared/core} and the JDK only: never on another design, the kit,
     * or a library, so that no design can borrow another's answer.
     */
    public static ArchRule usesOnlyTheCore(String root) {
        return classes().that().resideInAPackage(root + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + "..", "org.kvmlab.core..", "java..")
                .because("a design's main code depends on shared/core and nothing else of the project (DESIGN.md 2)");
    }
}
