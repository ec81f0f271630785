package org.kvmlab.macrogeneric.architecture;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.elements.GivenMethodsConjunction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.conformance.architecture.DesignArchitecture;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.macrogeneric.virt.kvm.MemslotLookup;
import org.kvmlab.macrogeneric.virt.kvm.PageOp;

/**
 * The macro-generic design's shape, as ArchUnit sees it: page loops exist only in the generic
 * layer (the guest-virtual walk aside), every {@code kvm_*} and {@code x86_*} accessor is one call
 * to one generic body, the strategies those bodies take are constants, and the generic layer
 * never reaches x86, never asks whether a slot is SMRAM and never asks a vCPU for its mode. Each
 * rule holds on the design and fails on a deliberately wrong class in {@code archviolations}.
 */
@Tag("architecture")
class MacroGenericArchitectureTest {
    private static final String ROOT = "org.kvmlab.macrogeneric";
    private static final JavaClasses DESIGN = DesignArchitecture.importModule(ROOT);
    private static final JavaClasses WRONG = DesignArchitecture.importPackage(ROOT + ".archviolations");

    /** The accessors callers use: public, static, named for a kernel accessor, taking the context. */
    private static final DescribedPredicate<JavaMethod> TAKE_THE_VM_OR_THE_VCPU_FIRST = DescribedPredicate.describe(
            "take the VM or the vCPU as first parameter", method -> {
                List<JavaClass> params = method.getRawParameterTypes();
                return !params.isEmpty()
                        && (params.get(0).isEquivalentTo(Kvm.class) || params.get(0).isEquivalentTo(Vcpu.class));
            });

    private static final DescribedPredicate<JavaMethod> CALL_PAGE_NEXT_SEGMENT = DescribedPredicate.describe(
            "call Page.nextSegment", method -> method.getMethodCallsFromSelf().stream()
                    .anyMatch(call -> call.getTargetOwner().isEquivalentTo(Page.class)
                            && call.getName().equals("nextSegment")));

    static final ArchRule ONLY_GENERIC_BODIES_CUT_ACCESSES_INTO_PAGES = methods()
            .that(CALL_PAGE_NEXT_SEGMENT)
            .and().areDeclaredInClassesThat().doNotHaveSimpleName("X86GuestVirt")
            .should().haveNameEndingWith("Generic")
            .andShould().beDeclaredInClassesThat().resideInAPackage("..virt.kvm..")
            .because("the design has one segment loop, in the generic layer; only the guest-virtual walk,"
                    + " whose step does not fit a page operation, keeps its own (see X86GuestVirt)");

    static final ArchRule EACH_ACCESSOR_CALLS_EXACTLY_ONE_GENERIC_BODY = entryPoints()
            .should(callExactlyOneGenericBody())
            .because("kvm_* and x86_* are instantiations of the generic bodies, one each");

    static final ArchRule EACH_ACCESSOR_CALLS_NOTHING_BUT_ITS_GENERIC_BODY = entryPoints()
            .should(callNothingElse())
            .because("an accessor that does work beside its generic body is the start of a copy");

    static final ArchRule STRATEGIES_ARE_CONSTANTS = fields()
            .that().haveRawType(PageOp.class).or().haveRawType(MemslotLookup.class)
            .should().beStatic().andShould().beFinal()
            .because("page operations and lookups are created once; an accessor allocates nothing");

    static final ArchRule GENERIC_CODE_NEVER_REACHES_X86 = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().dependOnClassesThat().resideInAPackage("..arch.x86..")
            .because("x86 hands its lookup and page operations to the generic bodies, never the reverse");

    static final ArchRule GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().callMethod(MemorySlot.class, "isSmram")
            .because("hiding SMRAM is the x86 lookup's answer, not the generic layer's knowledge");

    static final ArchRule GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM = noClasses().that().resideInAPackage("..virt.kvm..")
            .should().callMethod(Vcpu.class, "isSmm")
            .because("the generic bodies know only an opaque context; its mode is the lookup's business");

    static final ArchRule USES_ONLY_THE_CORE = DesignArchitecture.usesOnlyTheCore(ROOT);

    static final ArchRule ADAPTER_ONLY_TRANSLATES = DesignArchitecture.adapterOnlyTranslates(ROOT);

    /** The public kvm*, x86*, gfn* and mark* accessors of the two families that take a context. */
    private static GivenMethodsConjunction entryPoints() {
        return methods()
                .that().arePublic().and().areStatic()
                .and().areDeclaredInClassesThat(simpleName("KvmGuestMemory").or(simpleName("X86GuestMemory")))
                .and().haveNameMatching("(kvm|x86|gfn|mark).*")
                .and().haveNameNotEndingWith("Generic")
                .and(TAKE_THE_VM_OR_THE_VCPU_FIRST);
    }

    private static ArchCondition<JavaMethod> callExactlyOneGenericBody() {
        return new ArchCondition<>("call exactly one method whose name ends with Generic") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<String> generic = method.getMethodCallsFromSelf().stream()
                        .filter(call -> call.getName().endsWith("Generic"))
                        .map(JavaMethodCall::getName)
                        .toList();
                events.add(new SimpleConditionEvent(method, generic.size() == 1,
                        method.getFullName() + " calls " + generic.size() + " generic bodies " + generic));
            }
        };
    }

    private static ArchCondition<JavaMethod> callNothingElse() {
        return new ArchCondition<>("make no call but one") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<String> calls = method.getCallsFromSelf().stream().map(JavaCall::getName).toList();
                events.add(new SimpleConditionEvent(method, calls.size() == 1,
                        method.getFullName() + " makes " + calls.size() + " calls " + calls));
            }
        };
    }

    static Stream<ArchRule> rules() {
        return Stream.of(ONLY_GENERIC_BODIES_CUT_ACCESSES_INTO_PAGES, EACH_ACCESSOR_CALLS_EXACTLY_ONE_GENERIC_BODY,
                EACH_ACCESSOR_CALLS_NOTHING_BUT_ITS_GENERIC_BODY, STRATEGIES_ARE_CONSTANTS,
                GENERIC_CODE_NEVER_REACHES_X86, GENERIC_CODE_NEVER_ASKS_IF_A_SLOT_IS_SMRAM,
                GENERIC_CODE_NEVER_ASKS_A_VCPU_FOR_SMM, USES_ONLY_THE_CORE,
                ADAPTER_ONLY_TRANSLATES);
    }

    @Test
    void entryPointsAreEveryAccessorOfBothFamilies() {
        List<String> seen = new ArrayList<>();
        entryPoints().should(new ArchCondition<>("be recorded") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                seen.add(method.getOwner().getSimpleName() + "." + method.getName());
            }
        }).evaluate(DESIGN);
        // Fifteen accessors per family (DESIGN.md section 4), so the two rules above miss none.
        assertWithMessage("entry points %s", seen).that(seen).hasSize(30);
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
