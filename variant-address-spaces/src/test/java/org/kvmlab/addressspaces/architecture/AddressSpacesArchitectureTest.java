package org.kvmlab.addressspaces.architecture;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.addressspaces.arch.x86.X86KvmArch;
import org.kvmlab.addressspaces.archviolations.arch.x86.X86EmulatorThatAsksForSmm;
import org.kvmlab.addressspaces.archviolations.virt.kvm.GenericAccessorThatAsksForSmm;
import org.kvmlab.addressspaces.archviolations.virt.kvm.GenericAccessorThatCallsArch;
import org.kvmlab.addressspaces.archviolations.virt.kvm.GenericAccessorThatKnowsSmram;
import org.kvmlab.addressspaces.archviolations.virt.kvm.GenericAccessorThatNamesTheArchClass;
import org.kvmlab.addressspaces.archviolations.adapter.AdapterThatUsesTheKit;
import org.kvmlab.addressspaces.archviolations.virt.kvm.GenericAccessorThatUsesTheKit;
import org.kvmlab.addressspaces.archviolations.virt.kvm.VmAccessorThatAsksTheHook;
import org.kvmlab.addressspaces.archviolations.virt.kvm.VmAccessorThatLaundersThroughAHelper;
import org.kvmlab.conformance.architecture.DesignArchitecture;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * The address-space design's shape, as ArchUnit sees it: the generic package reaches x86 only by
 * plain calls of the one hook, {@code X86KvmArch.kvmArchVcpuMemslotsId}; no code of the design
 * tests the SMRAM flag, which Linux 4.2 does not have; only the hook class reads a vCPU's SMM
 * state; a VM-level accessor (a public generic method taking the VM) never reaches the vCPU's
 * choice of address space, directly or through helpers, so it always means address space 0; and
 * the design uses only the shared core. Each rule holds on the design and fails on deliberately
 * wrong classes in {@code archviolations}, each wrong shape on its own.
 */
@Tag("architecture")
class AddressSpacesArchitectureTest {
    private static final String ROOT = "org.kvmlab.addressspaces";
    private static final JavaClasses DESIGN = DesignArchitecture.importModule(ROOT);
    private static final JavaClasses WRONG = DesignArchitecture.importPackage(ROOT + ".archviolations");

    private static final String HOOK_NAME = "kvmArchVcpuMemslotsId";
    private static final List<String> HOOK_PARAMETERS = List.of(Vcpu.class.getName());
    /** What a VM-level accessor must never reach: the vCPU's memslot set and the hook behind it. */
    private static final Set<String> VCPU_SPACE_CHOOSERS = Set.of("kvmVcpuMemslots", HOOK_NAME);
    private static final DescribedPredicate<JavaClass> IN_ARCH_X86 = JavaClass.Predicates.resideInAPackage("..arch.x86..");

    private static final DescribedPredicate<JavaClass> THE_HOOK_CLASS =
            DescribedPredicate.describe("the hook class ..arch.x86.X86KvmArch",
                    c -> c.getSimpleName().equals("X86KvmArch") && IN_ARCH_X86.test(c));

    private static final DescribedPredicate<JavaMethod> TAKING_THE_VM =
            DescribedPredicate.describe("taking a Kvm", m -> {
                for (JavaClass type : m.getRawParameterTypes()) {
                    if (type.isEquivalentTo(Kvm.class)) {
                        return true;
                    }
                }
                return false;
            });

    /** A dependency that is a plain method call of the design's hook, and nothing else. */
    private static boolean isCallOfTheHook(Dependency dependency) {
        Set<JavaMethodCall> calls = dependency.convertTo(JavaMethodCall.class);
        if (calls.isEmpty()) {
            return false;
        }
        for (JavaMethodCall call : calls) {
            MethodCallTarget target = call.getTarget();
            List<String> parameters = new ArrayList<>();
            for (JavaClass type : target.getRawParameterTypes()) {
                parameters.add(type.getName());
            }
            if (!target.getOwner().isEquivalentTo(X86KvmArch.class) || !target.getName().equals(HOOK_NAME)
                    || !parameters.equals(HOOK_PARAMETERS)) {
                return false;
            }
        }
        return true;
    }

    private static final ArchCondition<JavaClass> REACH_X86_ONLY_BY_CALLING_THE_HOOK =
            new ArchCondition<>("depend on ..arch.x86.. only through calls of X86KvmArch." + HOOK_NAME + "(Vcpu)") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                        if (IN_ARCH_X86.test(dependency.getTargetClass()) && !isCallOfTheHook(dependency)) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                        }
                    }
                }
            };

    /**
     * Follows a method's calls through the design's own methods (private helpers included) and
     * reports the first call that asks which address space a vCPU is in.
     */
    private static final ArchCondition<JavaMethod> NEVER_REACH_THE_VCPUS_ADDRESS_SPACE =
            new ArchCondition<>("never call kvmVcpuMemslots or " + HOOK_NAME + ", directly or through the design's own methods") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    Deque<JavaMethod> todo = new ArrayDeque<>();
                    Set<JavaMethod> seen = new HashSet<>();
                    todo.push(method);
                    while (!todo.isEmpty()) {
                        JavaMethod unit = todo.pop();
                        if (!seen.add(unit)) {
                            continue;
                        }
                        for (JavaMethodCall call : unit.getMethodCallsFromSelf()) {
                            MethodCallTarget target = call.getTarget();
                            if (VCPU_SPACE_CHOOSERS.contains(target.getName())) {
                                events.add(SimpleConditionEvent.violated(method,
                                        method.getFullName() + " reaches " + call.getDescription()));
                                return;
                            }
                            if (target.getOwner().getPackageName().startsWith(ROOT)) {
                                target.resolveMember().ifPresent(todo::push);
                            }
                        }
                    }
                }
            };

    static final ArchRule GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_HOOK = classes().that().resideInAPackage("..virt.kvm..")
            .should(REACH_X86_ONLY_BY_CALLING_THE_HOOK)
            .because("the generic layer asks x86 one question, kvm_arch_vcpu_memslots_id, bound statically like an"
                    + " inline function of asm/kvm_host.h");

    static final ArchRule NOTHING_ASKS_IF_A_SLOT_IS_SMRAM = noClasses().that().resideInAPackage(ROOT + "..")
            .should().callMethod(MemorySlot.class, "isSmram")
            .because("Linux 4.2 has no KVM_MEM_X86_SMRAM: SMRAM is whatever lies in address space 1");

    static final ArchRule ONLY_THE_HOOK_CLASS_ASKS_A_VCPU_FOR_SMM = noClasses()
            .that(DescribedPredicate.not(THE_HOOK_CLASS)).and().resideInAPackage(ROOT + "..")
            .should().callMethod(Vcpu.class, "isSmm")
            .because("which address space a vCPU uses is decided in one place, kvm_arch_vcpu_memslots_id");

    static final ArchRule VM_LEVEL_ACCESSORS_USE_ADDRESS_SPACE_0 = methods().that().arePublic()
            .and().areDeclaredInClassesThat().resideInAPackage("..virt.kvm..")
            .and(TAKING_THE_VM)
            .should(NEVER_REACH_THE_VCPUS_ADDRESS_SPACE)
            .because("a VM-level access has no vCPU to choose a space for it and uses address space 0, as every"
                    + " kvm_* accessor of Linux 4.2 does");

    static final ArchRule USES_ONLY_THE_CORE = DesignArchitecture.usesOnlyTheCore(ROOT);

    static final ArchRule ADAPTER_ONLY_TRANSLATES = DesignArchitecture.adapterOnlyTranslates(ROOT);

    static Stream<ArchRule> rules() {
        return Stream.of(GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_HOOK, NOTHING_ASKS_IF_A_SLOT_IS_SMRAM,
                ONLY_THE_HOOK_CLASS_ASKS_A_VCPU_FOR_SMM, VM_LEVEL_ACCESSORS_USE_ADDRESS_SPACE_0, USES_ONLY_THE_CORE,
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

    static Stream<Arguments> wrongShapes() {
        return Stream.of(
                Arguments.of(GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_HOOK, GenericAccessorThatCallsArch.class),
                Arguments.of(GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_HOOK, GenericAccessorThatNamesTheArchClass.class),
                Arguments.of(NOTHING_ASKS_IF_A_SLOT_IS_SMRAM, GenericAccessorThatKnowsSmram.class),
                Arguments.of(NOTHING_ASKS_IF_A_SLOT_IS_SMRAM,
                        org.kvmlab.addressspaces.archviolations.arch.x86.X86KvmArch.class),
                Arguments.of(ONLY_THE_HOOK_CLASS_ASKS_A_VCPU_FOR_SMM, GenericAccessorThatAsksForSmm.class),
                Arguments.of(ONLY_THE_HOOK_CLASS_ASKS_A_VCPU_FOR_SMM, X86EmulatorThatAsksForSmm.class),
                Arguments.of(VM_LEVEL_ACCESSORS_USE_ADDRESS_SPACE_0, VmAccessorThatAsksTheHook.class),
                Arguments.of(VM_LEVEL_ACCESSORS_USE_ADDRESS_SPACE_0, VmAccessorThatLaundersThroughAHelper.class),
                Arguments.of(USES_ONLY_THE_CORE, GenericAccessorThatUsesTheKit.class),
                Arguments.of(ADAPTER_ONLY_TRANSLATES, AdapterThatUsesTheKit.class));
    }

    @ParameterizedTest(name = "{1} breaks: {0}")
    @MethodSource("wrongShapes")
    void ruleFailsOnEachWrongShapeAlone(ArchRule rule, Class<?> wrong) {
        JavaClasses alone = new ClassFileImporter().importClasses(wrong);
        assertWithMessage("violations of %s in %s", rule.getDescription(), wrong.getName())
                .that(rule.evaluate(alone).hasViolation()).isTrue();
    }
}
