package org.kvmlab.review.design;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.review.FakeRepo;
import org.kvmlab.review.report.Argument;
import org.kvmlab.review.report.ThreadCase;
import org.kvmlab.spi.Role;

/** Designs are found from the build's modules and the naming convention, never from a list of names. */
class DesignsTest {
    private static VariantAdapter named(String name) {
        return new VariantAdapter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GuestVm createVm(int userMemSlots, InstallHook hook) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void of_skipsTheReferenceAndLocatesEachDesignByConvention() {
        Path root = FakeRepo.root();
        List<Design> designs = Designs.of(root, List.of(new ReferenceAdapter(), named("tiny"), named("some-new-design")));
        assertThat(designs.stream().map(Design::name).toList()).containsExactly("tiny", "some-new-design").inOrder();
        Design newcomer = designs.get(1);
        assertThat(newcomer.packageRoot()).isEqualTo("org.kvmlab.somenewdesign");
        assertThat(newcomer.moduleDir()).isEqualTo(root.resolve("variant-some-new-design"));
        assertThat(newcomer.hasSources()).isFalse();
        assertThat(designs.get(0).hasSources()).isTrue();
        assertThat(designs.get(0).sourceRoot()).isEqualTo(root.resolve("variant-tiny/src/main/java/org/kvmlab/tiny"));
    }

    @Test
    void discover_findsEveryDesignOfTheBuild_inTheirOwnOrder_withItsModule() {
        List<Design> designs = Designs.discover(Path.of("."));
        List<String> names = designs.stream().map(Design::name).toList();
        assertThat(names).containsAtLeast("x86-prefixed", "macro-generic", "vcpu-accessors", "fake-vcpu",
                "address-spaces").inOrder();
        assertThat(names).doesNotContain("reference");
        for (Design design : designs) {
            assertThat(design.moduleDir().getFileName().toString()).isEqualTo("variant-" + design.name());
            assertThat(design.hasSources()).isTrue();
            assertThat(design.module().role()).isEqualTo(Role.CONTESTANT);
        }
    }

    @Test
    void everyDesignStatesItsCaseInTheThread_withMeasuresTheReviewHas() {
        for (Design design : Designs.discover(Path.of("."))) {
            // A design may state no claim yet (one made by new-design); what it states must be judgeable.
            ThreadCase c = ThreadCase.of(design.module());
            for (ThreadCase.Claim claim : c.claims()) {
                assertWithMessage("%s: %s", design.name(), claim.text()).that(Argument.measureNames())
                        .contains(claim.measure());
            }
        }
    }

    @Test
    void javaFiles_leaveTheAdapterPackageOut() {
        Design design = Designs.discover(Path.of(".")).getFirst();
        assertThat(java.nio.file.Files.isDirectory(design.sourceRoot().resolve("adapter"))).isTrue();
        assertThat(Designs.javaFiles(design.sourceRoot()).stream().map(p -> Designs.relative(design.sourceRoot(), p))
                .filter(p -> p.startsWith("adapter/")).toList()).isEmpty();
    }

    @Test
    void findRoot_walksUpToTheRepository() {
        Path root = FakeRepo.root();
        assertThat(Designs.findRoot(root.resolve("variant-tiny/src/main"))).isEqualTo(root);
    }

    @Test
    void javaFiles_areSortedByRelativePath() {
        Design copies = FakeRepo.copies();
        assertThat(Designs.javaFiles(copies.sourceRoot()).stream()
                .map(p -> Designs.relative(copies.sourceRoot(), p)).toList())
                .containsExactly("arch/x86/X86Mem.java", "virt/kvm/Extra.java", "virt/kvm/Mem.java").inOrder();
    }
}
