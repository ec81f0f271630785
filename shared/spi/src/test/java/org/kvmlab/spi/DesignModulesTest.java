package org.kvmlab.spi;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.spi.fixtures.adapter.Fixtures;

/** Registrations become a checked list in the designs' own order, and a bad one is named. */
class DesignModulesTest {
    @TempDir
    Path dir;

    private ClassLoader registering(Class<?>... designs) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        StringBuilder text = new StringBuilder();
        for (Class<?> d : designs) {
            text.append(d.getName()).append('\n');
        }
        Files.writeString(services.resolve(DesignModule.class.getName()), text);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void load_sortsByTheDesignsOwnOrder_thenName() throws IOException {
        List<DesignModule> designs = DesignModules.load(registering(Fixtures.Late.class, Fixtures.Base.class,
                Fixtures.Early.class));
        assertThat(designs.stream().map(DesignModule::name).toList()).containsExactly("base", "early-one", "late")
                .inOrder();
        assertThat(DesignModules.withRole(designs, Role.CONTESTANT).stream().map(DesignModule::name).toList())
                .containsExactly("early-one", "late").inOrder();
        assertThat(designs.getFirst().packageRoot()).isEqualTo("org.kvmlab.spi.fixtures");
    }

    @Test
    void load_refusesAMalformedName_namingTheClass() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DesignModules.load(registering(Fixtures.BadName.class)));
        assertThat(e).hasMessageThat().contains(Fixtures.BadName.class.getName());
        assertThat(e).hasMessageThat().contains("\"Bad_Name\"");
    }

    @Test
    void load_refusesTwoDesignsOfOneName() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DesignModules.load(registering(Fixtures.Late.class, Fixtures.AlsoLate.class)));
        assertThat(e).hasMessageThat().startsWith("two designs are named late");
    }

    @Test
    void load_reportsARegistrationOfAMissingClass_asAStaleBuild() throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(DesignModule.class.getName()), "org.kvmlab.gone.adapter.GoneDesign\n");
        ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DesignModules.load(loader));
        assertThat(e).hasMessageThat().contains("org.kvmlab.gone.adapter.GoneDesign");
        assertThat(e).hasMessageThat().contains("mvn -B -q clean package -DskipTests");
    }

    @Test
    void theNamePattern_acceptsDashSeparatedWords_only() {
        assertThat(DesignModules.NAME.matcher("x86-prefixed").matches()).isTrue();
        assertThat(DesignModules.NAME.matcher("my-design2").matches()).isTrue();
        for (String bad : List.of("", "-a", "a-", "a--b", "1abc", "A", "a_b", "a b", "a.b")) {
            assertThat(DesignModules.NAME.matcher(bad).matches()).isFalse();
        }
    }
}
