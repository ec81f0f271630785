package org.kvmlab.baseline.architecture;

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
 * The baseline's shape, as ArchUnit sees it: Linux 4.1 before the series. No memory accessor
 * takes or knows a vCPU, nothing tells SMRAM apart or asks for SMM, the generic layer never
 * reaches arch code, the guest-virtual helpers reach memory only through the generic accessors,
 * and the module uses only the shared core. Each rule holds on the baseline and fails on a
 * deliberately wrong class in {@code archviolations}.
 */
@Tag("architecture")
class BaselineArchitectureTest {
    private static final String ROOT = "org.kvmlab.baseline";
    private static final JavaClasses BASELINE = DesignArchitecture.importModule(ROOT);
    private static final JavaClasses WRONG = DesignArchitecture.importPackage(ROOT + ".archviolations");

    static final ArchRule NO_VCPU_IN_THE_MEMORY_ACCESSORS = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().dependOnClassesThat().belongToAnyOf(Vcpu.class)
            .because("before the series every kvm_* accessor took the VM only");

    static final ArchRule NOTHING_TELLS_SMRAM_APART = noClasses().that().resideInAPackage(ROOT + "..")
            .should().callMethod(MemorySlot.class, "isSmram")
            .because("SMRAM came with the series; the pre-series layer cannot know it");

    static final ArchRule NOTHING_ASKS_A_VCPU_FOR_SMM = noClasses().that().resideInAPackage(ROOT + "..")
            .should().callMethod(Vcpu.class, "isSmm")
            .because("no pre-series accessor depends on the vCPU's mode");

    static final ArchRule GENERIC_CODE_NEVER_REACHES_ARCH = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().dependOnClassesThat().resideInAPackage("..arch..")
            .because("kvm_main.c does not call into arch/x86");

    static final ArchRule GUEST_VIRT_REACHES_MEMORY_ONLY_THROUGH_KVM_ACCESSORS =
            noClasses().that().resideInAPackage("..arch.x86..")
                    .should().dependOnClassesThat()
                    .resideInAnyPackage("org.kvmlab.core.memslot..", "org.kvmlab.core.host..")
                    .because("4.1's guest-virtual helpers call kvm_read_guest/kvm_write_guest on vcpu->kvm");

    static final ArchRule USES_ONLY_THE_CORE = DesignArchitecture.usesOnlyTheCore(ROOT);

    static final ArchRule ADAPTER_ONLY_TRANSLATES = DesignArchitecture.adapterOnlyTranslates(ROOT);

    static Stream<ArchRule> rules() {
        return Stream.of(NO_VCPU_IN_THE_MEMORY_ACCESSORS, NOTHING_TELLS_SMRAM_APART, NOTHING_ASKS_A_VCPU_FOR_SMM,
                GENERIC_CODE_NEVER_REACHES_ARCH, GUEST_VIRT_REACHES_MEMORY_ONLY_THROUGH_KVM_ACCESSORS,
                USES_ONLY_THE_CORE, ADAPTER_ONLY_TRANSLATES);
    }

    @ParameterizedTest(name = "holds: {0}")
    @MethodSource("rules")
    void ruleHoldsOnTheBaseline(ArchRule rule) {
        rule.check(BASELINE);
    }

    @ParameterizedTest(name = "catches a wrong class: {0}")
    @MethodSource("rules")
    void ruleFailsOnADeliberatelyWrongClass(ArchRule rule) {
        assertWithMessage("violations of %s among the wrong classes", rule.getDescription())
                .that(rule.evaluate(WRONG).hasViolation()).isTrue();
    }
}
