package org.kvmlab.conformance.registry;

import static com.google.common.truth.Truth.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.conformance.DesignAdapter;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.Variants;
import org.kvmlab.conformance.registry.adapter.RegisteredDesigns;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;

/**
 * What the kit runs is what the build registers, in the order the designs give, each as it says
 * it is: {@code all} runs the reference model and the contestants, never the baseline.
 */
class VariantsTest {
    @TempDir
    Path dir;

    /** Runs {@code work} with the given designs registered on the thread's context class loader. */
    private <T> T registering(Callable<T> work, Class<?>... designs) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        StringBuilder text = new StringBuilder();
        for (Class<?> d : designs) {
            text.append(d.getName()).append('\n');
        }
        Files.writeString(services.resolve(DesignModule.class.getName()), text);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            thread.setContextClassLoader(loader);
            return work.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static List<String> names(List<VariantAdapter> adapters) {
        return adapters.stream().map(VariantAdapter::name).toList();
    }

    @Test
    void all_isTheReferenceModel_thenEveryRegistration_inTheirOwnOrder() throws Exception {
        List<VariantAdapter> all = registering(Variants::all, RegisteredDesigns.Later.class,
                RegisteredDesigns.Second.class, RegisteredDesigns.Base.class, RegisteredDesigns.First.class);
        assertThat(names(all)).containsExactly("reference", "base", "first", "second", "later").inOrder();
        assertThat(all.get(1).role()).isEqualTo(Role.BASELINE);
        assertThat(all.get(2)).isInstanceOf(DesignAdapter.class);
    }

    @Test
    void forAll_runsTheReferenceAndTheContestants_notTheBaseline() throws Exception {
        List<VariantAdapter> forAll = registering(Variants::forAll, RegisteredDesigns.Base.class,
                RegisteredDesigns.Second.class, RegisteredDesigns.First.class);
        assertThat(names(forAll)).containsExactly("reference", "first", "second").inOrder();
        List<VariantAdapter> contestants = registering(Variants::contestants, RegisteredDesigns.Base.class,
                RegisteredDesigns.Second.class);
        assertThat(names(contestants)).containsExactly("second");
    }

    @Test
    void aDesignWithAddressSpaces_declaresItsDifferences_noneWhenItRegistersNone() throws Exception {
        VariantAdapter later = registering(() -> Variants.named("later"), RegisteredDesigns.Later.class);
        assertThat(later).isInstanceOf(DeclaresDifferences.class);
        assertThat(((DeclaresDifferences) later).declaredDifferences()).isEmpty();
        assertThat(((DeclaresDifferences) later).declaredCorpus()).isEmpty();
        VariantAdapter first = registering(() -> Variants.named("first"), RegisteredDesigns.First.class);
        assertThat(first).isNotInstanceOf(DeclaresDifferences.class);
        assertThat(registering(() -> Variants.named("absent"), RegisteredDesigns.First.class)).isNull();
    }

    @Test
    void withNothingRegistered_thereIsTheReferenceModelAlone() {
        assertThat(names(Variants.all())).containsExactly("reference");
        // It says it is the reference, so that the lab never counts it among the contestants.
        assertThat(Variants.all().getFirst().role()).isEqualTo(Role.REFERENCE);
        assertThat(Variants.contestants()).isEmpty();
    }
}
