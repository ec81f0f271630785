package org.kvmlab.spi;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Design modules are found from the parent POM's modules and their registrations, and loaded from
 * their build folders; nothing else names them.
 */
class LabModulesTest {
    @TempDir
    Path root;

    private void pom(String... modules) throws IOException {
        StringBuilder xml = new StringBuilder("<project><modelVersion>4.0.0</modelVersion>\n<modules>\n");
        for (String m : modules) {
            xml.append("  <module>").append(m).append("</module>\n");
        }
        xml.append("</modules>\n<profiles><profile><modules><module>elsewhere</module></modules></profile></profiles>\n"
                + "</project>\n");
        Files.writeString(root.resolve("pom.xml"), xml);
        Files.createDirectories(root.resolve("shared/spi"));
        Files.writeString(root.resolve("shared/spi/pom.xml"), "<project/>");
    }

    private void registers(String module, String service) throws IOException {
        Path services = root.resolve(module).resolve("src/main/resources/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(service), "org.example.adapter.Some\n");
    }

    @Test
    void modules_areTheParentPomsTopLevelModules_inOrder() throws IOException {
        pom("shared/core", "shared/spi", "variant-b", "variant-a", "bench");
        assertThat(LabModules.at(root).modules()).containsExactly("shared/core", "shared/spi", "variant-b",
                "variant-a", "bench").inOrder();
    }

    @Test
    void labModules_areThoseThatRegisterADesign_orAKitVariant() throws IOException {
        pom("shared/core", "variant-b", "variant-a", "live", "bench");
        registers("variant-b", LabModules.DESIGN_SERVICE);
        registers("variant-a", LabModules.DESIGN_SERVICE);
        registers("live", LabModules.VARIANT_SERVICE);
        List<LabModules.LabModule> found = LabModules.at(root).labModules();
        assertThat(found.stream().map(LabModules.LabModule::path).toList())
                .containsExactly("variant-b", "variant-a", "live").inOrder();
        assertThat(LabModules.at(root).designModules().stream().map(LabModules.LabModule::path).toList())
                .containsExactly("variant-b", "variant-a").inOrder();
    }

    @Test
    void classLoader_namesAModuleThatIsNotBuilt() throws IOException {
        pom("variant-b");
        registers("variant-b", LabModules.DESIGN_SERVICE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LabModules.at(root).classLoader(LabModules.Scope.DESIGN_CLASSES, getClass().getClassLoader()));
        assertThat(e).hasMessageThat().startsWith("variant-b is a module of the lab (pom.xml) but is not built");
    }

    @Test
    void classLoader_holdsTheBuiltClasses_andTheDesignsTestsOnlyWhenAsked() throws IOException {
        pom("variant-b");
        registers("variant-b", LabModules.DESIGN_SERVICE);
        Path classes = Files.createDirectories(root.resolve("variant-b/target/classes"));
        Files.writeString(classes.resolve("main.txt"), "main");
        Path tests = Files.createDirectories(root.resolve("variant-b/target/test-classes"));
        Files.writeString(tests.resolve("test.txt"), "test");
        ClassLoader parent = new ClassLoader(null) {};
        ClassLoader main = LabModules.at(root).classLoader(LabModules.Scope.DESIGN_CLASSES, parent);
        assertThat(main.getResource("main.txt")).isNotNull();
        assertThat(main.getResource("test.txt")).isNull();
        ClassLoader all = LabModules.at(root).classLoader(LabModules.Scope.WITH_DESIGN_TESTS, parent);
        assertThat(all.getResource("test.txt")).isNotNull();
        assertThat(LabModules.at(root).classLoader(LabModules.Scope.WITH_DESIGN_TESTS, parent)).isSameInstanceAs(all);
    }

    @Test
    void ofThisBuild_isTheCheckoutThisClassWasBuiltIn() {
        Path found = LabModules.ofThisBuild().root();
        assertThat(Files.isRegularFile(found.resolve("shared/spi/pom.xml"))).isTrue();
        assertThat(LabModules.moduleDirOf(LabModules.class)).isEqualTo(found.resolve("shared/spi"));
    }

    @Test
    void ofThisBuild_refusesARootPropertyThatIsNoCheckout() {
        String before = System.getProperty(LabModules.ROOT_PROPERTY);
        System.setProperty(LabModules.ROOT_PROPERTY, root.toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, LabModules::ofThisBuild);
            assertThat(e).hasMessageThat().contains("is not a kvm-accessor-lab checkout");
        } finally {
            if (before == null) {
                System.clearProperty(LabModules.ROOT_PROPERTY);
            } else {
                System.setProperty(LabModules.ROOT_PROPERTY, before);
            }
        }
    }
}
