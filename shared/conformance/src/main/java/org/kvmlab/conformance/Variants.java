package org.kvmlab.conformance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.DesignModules;
import org.kvmlab.spi.Role;

/**
 * Everything the kit can run, found at run time through the thread's context class loader: every
 * registered {@link DesignModule} (as a {@link DesignAdapter}) and every registered
 * {@link VariantAdapter} (the kit's reference model, a reference of another module), in the order
 * they give themselves. A command line that runs the repository's designs makes the context class
 * loader the lab's ({@link org.kvmlab.spi.LabModules}); nothing here lists a design by name.
 */
public final class Variants {
    /** The order the kit lists them in: their own order, then name. */
    public static final Comparator<VariantAdapter> ORDER =
            Comparator.comparingInt(VariantAdapter::order).thenComparing(VariantAdapter::name);

    private Variants() {}

    /** Everything registered, in order. */
    public static List<VariantAdapter> all() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<VariantAdapter> found = new ArrayList<>();
        try {
            ServiceLoader.load(VariantAdapter.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a module's registration cannot be loaded (" + e.getMessage() + "); a build"
                    + " left over from older sources can cause this: mvn -B -q clean package -DskipTests", e);
        }
        for (DesignModule design : DesignModules.load(loader)) {
            found.add(DesignAdapter.of(design));
        }
        found.sort(ORDER);
        return List.copyOf(found);
    }

    /**
     * What {@code --variant all} runs: the kit's reference model first, then every contestant. The
     * baseline and other references run only by name.
     */
    public static List<VariantAdapter> forAll() {
        return all().stream()
                .filter(v -> v.role() == Role.CONTESTANT || v.name().equals(ReferenceAdapter.NAME))
                .sorted(Comparator.comparing((VariantAdapter v) -> !v.name().equals(ReferenceAdapter.NAME))
                        .thenComparing(ORDER))
                .toList();
    }

    /** The contestants, in order. */
    public static List<VariantAdapter> contestants() {
        return all().stream().filter(v -> v.role() == Role.CONTESTANT).toList();
    }

    /** The one named {@code name}, or null when nothing of that name is registered. */
    public static VariantAdapter named(String name) {
        for (VariantAdapter adapter : all()) {
            if (adapter.name().equals(name)) {
                return adapter;
            }
        }
        return null;
    }
}
