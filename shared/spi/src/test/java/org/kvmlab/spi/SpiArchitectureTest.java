package org.kvmlab.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The SPI stands on the core and the JDK alone, so that a design's main jar brings nothing else into the bench. */
@Tag("architecture")
class SpiArchitectureTest {
    @Test
    void theSpiDependsOnTheCoreAndTheJdkOnly() {
        classes().that().resideInAPackage("org.kvmlab.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.kvmlab.spi..", "org.kvmlab.core..", "java..",
                        "javax.xml..", "org.w3c.dom..", "org.xml.sax..")
                .because("what a design's main code depends on follows it into the bench and the review")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.kvmlab.spi"));
    }
}
