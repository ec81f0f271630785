package org.kvmlab.vcpuaccessors.architecture;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.conformance.architecture.DesignArchitecture;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.vcpuaccessors.arch.x86.X86KvmArch;
import org.kvmlab.vcpuaccessors.archviolations.virt.kvm.GenericAccessorThatAsksForSmm;
import org.kvmlab.vcpuaccessors.archviolations.virt.kvm.GenericAccessorThatBindsTheHookDynamically;
import org.kvmlab.vcpuaccessors.archviolations.virt.kvm.GenericAccessorThatCallsArch;
import org.kvmlab.vcpuaccessors.archviolations.virt.kvm.GenericAccessorThatKnowsSmram;
import org.kvmlab.vcpuaccessors.archviolations.virt.kvm.GenericAccessorThatNamesTheArchClass;
import org.kvmlab.vcpuaccessors.archviolations.adapter.AdapterThatUsesTheKit;
import org.kvmlab.vcpuaccessors.archviolations.virt.kvm.GenericAccessorThatUsesTheKit;

/**
 * The vCPU-accessors design's shape, as ArchUnit sees it: the generic package reaches x86 only by
 * plain calls of the one hook, {@code X86KvmArch.kvmArchVcpuCanAccessSlot}; it never asks whether a
 * slot is SMRAM or whether a vCPU is in SMM (that decision is the hook's); the hook class offers
 * exactly one public method, a static one; and the design uses only the shared core. Each rule
 * holds on the design and fails on deliberately wrong classes in {@code archviolations}, each
 * wrong shape on its own.
 */
@Tag("architecture")
class VcpuAccessorsArchitectureTest {
    private static final String ROOT = "org.kvmlab.vcpuaccessors";
    private static final JavaClasses DESIGN = DesignArchitecture.importModule(ROOT);
    private static final JavaClasses WRONG = DesignArchitecture.importPackage(ROOT + ".archviolations");

    private static final String HOOK_NAME = "kvmArchVcpuCanAccessSlot";
    private static final List<String> HOOK_PARAMETERS = List.of(Vcpu.class.getName(), MemorySlot.class.getName());
    private static final DescribedPredicate<JavaClass> IN_ARCH_X86 = JavaClass.Predicates.resideInAPackage("..arch.x86..");

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
            new ArchCondition<>("depend on ..arch.x86.. only through calls of X86KvmArch." + HOOK_NAME + "(Vcpu, MemorySlot)") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                        if (IN_ARCH_X86.test(dependency.getTargetClass()) && !isCallOfTheHook(dependency)) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                        }
                    }
                }
            };

    private static final ArchCondition<JavaClass> HAVE_EXACTLY_ONE_PUBLIC_METHOD_A_STATIC_ONE =
            new ArchCondition<>("have exactly one public method, a static one") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    List<JavaMethod> publicMethods = new ArrayList<>();
                    for (JavaMethod method : item.getMethods()) {
                        if (method.getModifiers().contains(JavaModifier.PUBLIC)) {
                            publicMethods.add(method);
                        }
                    }
                    boolean ok = publicMethods.size() == 1
                            && publicMethods.get(0).getModifiers().contains(JavaModifier.STATIC);
                    events.add(new SimpleConditionEvent(item, ok,
                            item.getName() + " has public methods " + publicMethods));
                }
            };

    static final ArchRule GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_HOOK = classes().that().resideInAPackage("..virt.kvm..")
            .should(REACH_X86_ONLY_BY_CALLING_THE_HOOK)
            .because("the generic layer asks x86 one question, through kvm_arch_vcpu_can_access_slot, bound "
                    + "statically like an inline function of asm/kvm_host.h");

    static final ArchRule GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().callMethod(MemorySlot.class, "isSmram")
            .because("which slots a vCPU may see is the arch hook's decision, not the generic lookup's");

    static final ArchRule GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().callMethod(Vcpu.class, "isSmm")
            .because("the generic accessors carry the vCPU but leave its mode to the arch hook");

    static final ArchRule X86_KVM_ARCH_HAS_EXACTLY_ONE_PUBLIC_METHOD = classes().that().haveSimpleName("X86KvmArch")
            .and().resideInAPackage("..arch.x86..")
            .should(HAVE_EXACTLY_ONE_PUBLIC_METHOD_A_STATIC_ONE)
            .because("the hook class is the generic layer's only door into x86 and must stay one static method");

    static final ArchRule USES_ONLY_THE_CORE = DesignArchitecture.usesOnlyTheCore(ROOT);

    static final ArchRule ADAPTER_ONLY_TRANSLATES = DesignArchitecture.adapterOnlyTranslates(ROOT);

    static Stream<ArchRule> rules() {
        return Stream.of(GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_HOOK, GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM,
                GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM, X86_KVM_ARCH_HAS_EXACTLY_ONE_PUBLIC_METHOD, USES_ONLY_THE_CORE,
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
                Arguments.of(GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_HOOK, GenericAccessorThatBindsTheHookDynamically.class),
                Arguments.of(GENERIC_CODE_REACHES_X86_ONLY_THROUGH_THE_HOOK, GenericAccessorThatNamesTheArchClass.class),
                Arguments.of(GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM, GenericAccessorThatKnowsSmram.class),
                Arguments.of(GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM, GenericAccessorThatAsksForSmm.class),
                Arguments.of(X86_KVM_ARCH_HAS_EXACTLY_ONE_PUBLIC_METHOD,
                        org.kvmlab.vcpuaccessors.archviolations.arch.x86.X86KvmArch.class),
                Arguments.of(X86_KVM_ARCH_HAS_EXACTLY_ONE_PUBLIC_METHOD,
                        org.kvmlab.vcpuaccessors.archviolations.instancehook.arch.x86.X86KvmArch.class),
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
