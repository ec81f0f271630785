package org.kvmlab.review.design;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.kvmlab.conformance.DesignAdapter;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.DesignModules;
import org.kvmlab.spi.LabModules;
import org.kvmlab.spi.Role;

/**
 * Finds the designs to review: every contestant among the build's design modules
 * ({@link org.kvmlab.spi.DesignModule}, found at run time through the {@link Lab}), in the order
 * they give themselves, each with its module folder and the kit's view of it. Nothing here lists
 * the designs by name, so a new design is reviewed as soon as its module is in the build.
 */
public final class Designs {
    /** The kit's own model, which is no design. */
    public static final String REFERENCE = ReferenceAdapter.NAME;

    private Designs() {}

    /** The contestants of this build, in report order; sources are read from the repository at {@code root}. */
    public static List<Design> discover(Path root) {
        return withRole(root, Role.CONTESTANT);
    }

    /** The baseline of this build (the pre-series layer every patch is measured against), or null. */
    public static Design baseline(Path root) {
        List<Design> found = withRole(root, Role.BASELINE);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Design> withRole(Path root, Role role) {
        List<Design> designs = new ArrayList<>();
        for (DesignModule module : DesignModules.load(Lab.loader())) {
            if (module.role() == role) {
                Path dir = LabModules.moduleDirOf(module.getClass());
                designs.add(new Design(module.name(), module.packageRoot(),
                        dir != null ? dir : root.resolve("variant-" + module.name()), DesignAdapter.of(module)));
            }
        }
        return List.copyOf(designs);
    }

    /** The designs among {@code adapters}, in their order. */
    public static List<Design> of(Path root, List<VariantAdapter> adapters) {
        List<Design> designs = new ArrayList<>();
        for (VariantAdapter adapter : adapters) {
            if (!adapter.name().equals(REFERENCE)) {
                designs.add(Design.byConvention(root, adapter.name(), adapter));
            }
        }
        return designs;
    }

    /**
     * The repository root: {@code start} or the nearest folder above it holding a {@code pom.xml}
     * and {@code shared/conformance}.
     *
     * @throws IllegalStateException if there is none
     */
    public static Path findRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("shared/conformance"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the kvm-accessor-lab repository: " + start.toAbsolutePath());
    }

    /**
     * The {@code .java} files below {@code dir}, sorted by their {@code /}-separated relative path,
     * leaving out a design's adapter package ({@code dir/adapter}): the lab's glue, not the design.
     */
    public static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Path adapter = dir.resolve(DesignModule.ADAPTER_PACKAGE);
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p) && !p.startsWith(adapter))
                    .sorted((a, b) -> relative(dir, a).compareTo(relative(dir, b))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code file} relative to {@code dir}, with {@code /} between names. */
    public static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
