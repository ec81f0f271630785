package org.kvmlab.review.design;

import static com.google.common.truth.Truth.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.review.FakeRepo;

/** Designs are found from adapters and the naming convention, never from a list of names. */
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
    void discover_findsEveryDesignOnTheClassPath() {
        List<String> names = Designs.discover(Path.of(".")).stream().map(Design::name).toList();
        assertThat(names).containsAtLeast("x86-prefixed", "macro-generic", "vcpu-accessors", "fake-vcpu").inOrder();
        assertThat(names).doesNotContain("reference");
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
