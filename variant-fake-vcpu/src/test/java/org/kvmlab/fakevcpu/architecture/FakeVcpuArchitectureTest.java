package org.kvmlab.fakevcpu.architecture;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.conformance.architecture.DesignArchitecture;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.fakevcpu.arch.x86.X86KvmArch;

/**
 * The fake-vCPU design's shape, as ArchUnit sees it: the generic package offers no accessor that
 * takes only the VM, leaves every SMRAM decision to the arch access check (it never asks a slot
 * whether it is SMRAM nor a vCPU whether it is in SMM), reaches x86 code through that one check
 * and nothing else (so it cannot widen a vCPU's view by swapping in the fake itself), the only
 * vCPU type the design makes is a sealed one in arch code, and the design uses only the shared
 * core. Each rule holds on the design and fails on a deliberately wrong class in
 * {@code archviolations}.
 */
@Tag("architecture")
class FakeVcpuArchitectureTest {
    private static final String ROOT = "org.kvmlab.fakevcpu";
    private static final JavaClasses DESIGN = DesignArchitecture.importModule(ROOT);
    private static final JavaClasses WRONG = DesignArchitecture.importPackage(ROOT + ".archviolations");

    static final ArchRule NO_PUBLIC_ACCESSOR_TAKES_THE_VM_WITHOUT_A_VCPU = noMethods()
            .that().areDeclaredInClassesThat().resideInAPackage("..virt.kvm..")
            .and().arePublic()
            .should(haveAParameterOfType(Kvm.class))
            .because("every accessor takes the vCPU it acts for; VM-level callers pass kvm_arch_fake_vcpu(kvm)");

    static final ArchRule GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().callMethod(MemorySlot.class, "isSmram")
            .because("whether a vCPU may access a slot is kvm_arch_vcpu_can_access_slot's decision");

    static final ArchRule GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().callMethod(Vcpu.class, "isSmm")
            .because("whether a vCPU may access a slot is kvm_arch_vcpu_can_access_slot's decision");

    static final ArchRule GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_ACCESS_CHECK = noClasses()
            .that().resideInAPackage("..virt.kvm..")
            .should().dependOnClassesThat(resideInAPackage("..arch.x86..").and(not(equivalentTo(X86KvmArch.class))))
            .orShould().accessTargetWhere(anArchMemberOtherThanTheAccessCheck())
            .because("the generic layer calls the arch hook as the kernel calls an inline from asm/kvm_host.h, and"
                    + " only the caller of an accessor may decide to act for the whole VM");

    static final ArchRule THE_ONLY_VCPUS_THE_DESIGN_MAKES_ARE_SEALED_X86_FAKES = classes()
            .that().areAssignableTo(Vcpu.class)
            .should().resideInAPackage("..arch.x86..")
            .andShould().haveModifier(JavaModifier.FINAL)
            .andShould().notBePublic()
            .because("a vCPU made outside the VM is the fake one, which only kvm_arch_fake_vcpu may make and"
                    + " the access check recognises by its exact type");

    static final ArchRule USES_ONLY_THE_CORE = DesignArchitecture.usesOnlyTheCore(ROOT);

    static final ArchRule ADAPTER_ONLY_TRANSLATES = DesignArchitecture.adapterOnlyTranslates(ROOT);

    static Stream<ArchRule> rules() {
        return Stream.of(NO_PUBLIC_ACCESSOR_TAKES_THE_VM_WITHOUT_A_VCPU, GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM,
                GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM, GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_ACCESS_CHECK,
                THE_ONLY_VCPUS_THE_DESIGN_MAKES_ARE_SEALED_X86_FAKES, USES_ONLY_THE_CORE,
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

    /** A method one of whose parameters has exactly the given raw type. */
    private static ArchCondition<JavaMethod> haveAParameterOfType(Class<?> type) {
        return new ArchCondition<>("have a parameter of type " + type.getName()) {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean has = method.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(type));
                events.add(new SimpleConditionEvent(method, has, method.getFullName()
                        + (has ? " has" : " has no") + " parameter of type " + type.getSimpleName()));
            }
        };
    }

    /** A call, field access or method reference to arch code other than the access check. */
    private static DescribedPredicate<JavaAccess<?>> anArchMemberOtherThanTheAccessCheck() {
        return DescribedPredicate.describe("a member of ..arch.x86.. other than X86KvmArch.kvmArchVcpuCanAccessSlot",
                access -> resideInAPackage("..arch.x86..").test(access.getTargetOwner())
                        && !(access.getTargetOwner().isEquivalentTo(X86KvmArch.class)
                                && access.getName().equals("kvmArchVcpuCanAccessSlot")));
    }
}
