package org.kvmlab.review.scaffold;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.review.design.Lab;

/**
 * {@code new-design}'s names, what it writes and where, and that a refused name or a failed write
 * leaves the repository as it was. It works on a copy of this checkout's sources.
 */
class NewDesignTest {
    @TempDir
    static Path dir;

    private static Path repo;
    private static String pomBefore;
    private static List<String> topBefore;

    @BeforeAll
    static void copyTheSources() throws IOException {
        repo = RepositoryCopy.copy(dir.resolve("repo"), false);
        pomBefore = Files.readString(repo.resolve("pom.xml"));
        topBefore = topLevel();
    }

    static Stream<List<String>> refusedNames() {
        return Stream.of(
                List.of("", "the name is empty"),
                List.of("My-Design", "\"My-Design\": expected lower-case letters and digits in dash-separated words"),
                List.of("my_design", "\"my_design\": expected lower-case"),
                List.of("-design", "\"-design\": expected lower-case"),
                List.of("design-", "\"design-\": expected lower-case"),
                List.of("2nd", "\"2nd\": expected lower-case"),
                List.of("two\nlines", "\"two\\u000alines\": expected lower-case"),
                List.of("a".repeat(41), "...: 41 characters, at most 40"),
                List.of("int", "int: its package would be org.kvmlab.int, and int is a Java keyword"),
                List.of("all", "all: --variant all already means something to the kit"),
                List.of("reference", "reference: --variant reference already means something to the kit"),
                List.of("x86-prefixed", "x86-prefixed: variant-x86-prefixed already exists"),
                List.of("x86prefixed", "x86prefixed: its package org.kvmlab.x86prefixed is already used by variant-x86-prefixed"),
                List.of("baseline-linux41", "baseline-linux41: the baseline already has that name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedNames")
    void aBadOrTakenName_isRefusedInOneLine_andNothingIsWritten(List<String> nameAndWhy) throws IOException {
        NewDesign.Refused refused = assertThrows(NewDesign.Refused.class,
                () -> Lab.call(() -> NewDesign.create(repo, nameAndWhy.get(0))));
        assertThat(refused).hasMessageThat().contains(nameAndWhy.get(1));
        assertThat(refused.getMessage()).doesNotContain("\n");
        assertThat(Files.readString(repo.resolve("pom.xml"))).isEqualTo(pomBefore);
        assertThat(topLevel()).isEqualTo(topBefore);
    }

    private static List<String> topLevel() throws IOException {
        try (Stream<Path> top = Files.list(repo)) {
            return top.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void names_becomeAPackageAndClassNames() {
        assertThat(NewDesign.packageOf("my-new-design")).isEqualTo("org.kvmlab.mynewdesign");
        assertThat(NewDesign.classPrefixOf("x86-ept2")).isEqualTo("X86Ept2");
        assertThat(NewDesign.designClassOf("per-vcpu-view")).isEqualTo("PerVcpuViewDesign");
        assertThat(NewDesign.designClassOf("my-design")).isEqualTo("MyDesign");
    }

    @Test
    void create_writesTheModuleFromTheBaseline_andAddsItAfterTheLastDesign(@TempDir Path other) throws Exception {
        Path repo = RepositoryCopy.copy(other.resolve("repo"), false);
        NewDesign.Created created = Lab.call(() -> NewDesign.create(repo, "per-vcpu-view"));
        Path module = repo.resolve("variant-per-vcpu-view");
        assertThat(created.module()).isEqualTo(module);
        assertThat(created.from()).isEqualTo("baseline-linux41");
        String main = "variant-per-vcpu-view/src/main/java/org/kvmlab/pervcpuview/";
        String test = "variant-per-vcpu-view/src/test/java/org/kvmlab/pervcpuview/";
        assertThat(created.files()).containsAtLeast("variant-per-vcpu-view/pom.xml",
                main + "virt/kvm/KvmGuestMemory.java", main + "arch/x86/X86GuestVirt.java",
                main + "adapter/PerVcpuViewAccessors.java", main + "adapter/PerVcpuViewDesign.java",
                main + "adapter/package-info.java",
                "variant-per-vcpu-view/src/main/resources/META-INF/services/org.kvmlab.spi.DesignModule",
                "variant-per-vcpu-view/src/main/resources/org/kvmlab/pervcpuview/adapter/thread-case.txt",
                test + "conformance/PerVcpuViewConformanceTest.java", test + "architecture/PerVcpuViewArchitectureTest.java");
        for (String file : created.files()) {
            assertWithMessage(file).that(Files.isRegularFile(repo.resolve(file))).isTrue();
        }
        assertThat(Files.exists(repo.resolve(".variant-per-vcpu-view.new"))).isFalse();

        String pom = Files.readString(repo.resolve("pom.xml"));
        assertThat(pom).contains("    <module>" + created.after() + "</module>\n    <module>variant-per-vcpu-view</module>\n");
        assertThat(pom.indexOf("<module>variant-per-vcpu-view</module>")).isLessThan(pom.indexOf("<module>bench</module>"));
        assertThat(pom.replace("\n    <module>variant-per-vcpu-view</module>", "")).isEqualTo(pomBefore);

        assertThat(Files.readString(module.resolve("src/main/resources/META-INF/services/org.kvmlab.spi.DesignModule")))
                .isEqualTo("org.kvmlab.pervcpuview.adapter.PerVcpuViewDesign\n");
        String design = Files.readString(module.resolve("src/main/java/org/kvmlab/pervcpuview/adapter/PerVcpuViewDesign.java"));
        assertThat(design).contains("public static final String NAME = \"per-vcpu-view\";");
        assertThat(design).contains("return Role.CONTESTANT;");
        // The copied code is the design's now: no sentence calls it the lab's baseline.
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
            for (Path source : sources.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(source, StandardCharsets.UTF_8);
                assertWithMessage("%s", source).that(text).doesNotContain("org.kvmlab.baseline");
                assertWithMessage("%s", source).that(text).doesNotContain("neutral baseline");
            }
        }
    }

    @Test
    void aDocSentenceNamingTheBaseline_isLeftOut_andTheRestRewrapped() {
        String before = """
                /**
                 * The accessors of 4.1. This is the neutral baseline of the lab: no design
                 * edits it.
                 *
                 * <p>Guest faults return -EFAULT.
                 */
                public final class A {
                    /** The baseline's lookup. */
                    void f() {}
                }
                """;
        assertThat(NewDesign.withoutBaselineSentences(before)).isEqualTo("""
                /**
                 * The accessors of 4.1.
                 *
                 * <p>Guest faults return -EFAULT.
                 */
                public final class A {
                    /** Linux 4.1's, copied by {@code ./kvmlab new-design}: this design's to change. */
                    void f() {}
                }
                """);
    }

    @Test
    void aFailedWrite_leavesNoModuleAndThePomAsItWas(@TempDir Path other) throws IOException {
        Path copy = RepositoryCopy.copy(other.resolve("repo"), false);
        // The last design's line no longer stands alone, so the new module cannot be placed after it.
        String pom = Files.readString(copy.resolve("pom.xml"));
        String broken = pom.replace("<module>variant-address-spaces</module>",
                "<module>variant-address-spaces</module><!-- last design -->");
        Files.writeString(copy.resolve("pom.xml"), broken);
        assertThrows(IllegalStateException.class, () -> Lab.call(() -> NewDesign.create(copy, "half-made")));
        assertThat(Files.exists(copy.resolve("variant-half-made"))).isFalse();
        assertThat(Files.exists(copy.resolve(".variant-half-made.new"))).isFalse();
        assertThat(Files.readString(copy.resolve("pom.xml"))).isEqualTo(broken);
    }
}
