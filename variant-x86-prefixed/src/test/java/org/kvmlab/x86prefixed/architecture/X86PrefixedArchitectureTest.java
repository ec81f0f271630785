package org.kvmlab.x86prefixed.architecture;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.conformance.architecture.DesignArchitecture;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * The x86-prefixed design's shape, as ArchUnit sees it: the generic package is the untouched
 * pre-series layer (it never reaches the x86 copies, never asks whether a slot is SMRAM, never
 * asks a vCPU for its SMM state), and the design uses only the shared core. Each rule holds on
 * the design and fails on a deliberately wrong class in {@code archviolations}.
 */
@Tag("architecture")
class X86PrefixedArchitectureTest {
    private static final String ROOT = "org.kvmlab.x86prefixed";
    private static final JavaClasses DESIGN = DesignArchitecture.importModule(ROOT);
    private static final JavaClasses WRONG = DesignArchitecture.importPackage(ROOT + ".archviolations");

    static final ArchRule GENERIC_CODE_NEVER_REACHES_X86 = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().dependOnClassesThat().resideInAPackage("..arch.x86..")
            .because("the kvm_* layer stays as it was before the series; only x86 code knows SMRAM");

    static final ArchRule GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().callMethod(MemorySlot.class, "isSmram")
            .because("hiding SMRAM is x86_gfn_to_memslot's job, not the generic lookup's");

    static final ArchRule GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().callMethod(Vcpu.class, "isSmm")
            .because("the generic accessors take the VM only and cannot know any vCPU's mode");

    static final ArchRule USES_ONLY_THE_CORE = DesignArchitecture.usesOnlyTheCore(ROOT);

    static final ArchRule ADAPTER_ONLY_TRANSLATES = DesignArchitecture.adapterOnlyTranslates(ROOT);

    static Stream<ArchRule> rules() {
        return Stream.of(GENERIC_CODE_NEVER_REACHES_X86, GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM,
                GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM, USES_ONLY_THE_CORE,
                ADAPTER_ONLY_TRANSLATES);
    }

    @ParameterizedTest(name = "holds: {0}")
    @MethodSource("rules")
    void ruleHoldsOnTheDesign(ArchRule rule) {
        rule.check(DESIGN);
    }

    @ParameterizedTest(name = "catches a wrong class: {0}")
    @MethodSource("rules")
    void ruleFailsOnADeliberatelyWrongClass(ArchRule rule) {
        assertWithMessage("violations of %s among the wrong classes", rule.getDescription())
                .that(rule.evaluate(WRONG).hasViolation()).isTrue();
    }
}
