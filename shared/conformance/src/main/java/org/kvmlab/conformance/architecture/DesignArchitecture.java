package org.kvmlab.conformance.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What every design's architecture rules share (DESIGN.md section 2): how a design's own classes
 * are imported (its {@code virt} and {@code arch} packages, never its tests, so that a rule sees
 * the same classes in the build and in the review), and the two rules of a design module: the
 * design's code uses the shared core and nothing else of the project, and its adapter package
 * translates the lab's interfaces onto that code and does nothing else. Each design adds the
 * rules of its own shape.
 */
public final class DesignArchitecture {
    /** The design's adapter package below its root (as {@code org.kvmlab.spi.DesignModule} places it). */
    public static final String ADAPTER = "adapter";

    private DesignArchitecture() {}

    /** The design's code, what the review measures: the packages {@code root.virt} and {@code root.arch}. */
    public static JavaClasses importDesign(String root) {
        return new ClassFileImporter().importPackages(root + ".virt", root + ".arch");
    }

    /** The design's whole main code: its {@code virt} and {@code arch} packages and its adapter. */
    public static JavaClasses importModule(String root) {
        return new ClassFileImporter().importPackages(root + ".virt", root + ".arch", root + "." + ADAPTER);
    }

    /** The classes of one package (and below), such as a design's deliberately wrong examples. */
    public static JavaClasses importPackage(String name) {
        return new ClassFileImporter().importPackages(name);
    }

    /**
     * A design's code ({@code virt} and {@code arch}) depends on {@code shared/core} and the JDK
     * only: never on another design, the kit, the lab's SPI, a library, or its own adapter, so
     * that no design can borrow another's answer and the code reads as kernel code.
     */
    public static ArchRule usesOnlyTheCore(String root) {
        return classes().that().resideInAnyPackage(root + "..virt..", root + "..arch..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + "..virt..", root + "..arch..",
                        "org.kvmlab.core..", "java..")
                .because("a design's code depends on shared/core and nothing else of the project, not even its"
                        + " adapter (DESIGN.md 2)");
    }

    /**
     * A design's adapter package depends on its own design, the core, the lab's SPI and the JDK
     * only: it is the translation the kit and the bench call, and never reaches the kit, another
     * design or a test library (which would follow the design's main jar into the bench).
     */
    public static ArchRule adapterOnlyTranslates(String root) {
        return classes().that().resideInAPackage(root + ".." + ADAPTER + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + "..", "org.kvmlab.core..",
                        "org.kvmlab.spi..", "java..")
                .because("a design's adapter maps the lab's interfaces onto the design and depends on nothing"
                        + " else (DESIGN.md 2)");
    }
}
