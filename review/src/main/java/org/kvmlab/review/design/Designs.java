package org.kvmlab.review.design;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.Variants;

/**
 * Finds the designs to review: every adapter registered with {@link java.util.ServiceLoader} but
 * the kit's reference model, in the kit's report order, each located by {@link Design}'s naming
 * convention. Nothing here lists the designs by name, so a new design is reviewed as soon as its
 * test-jar is on the class path.
 */
public final class Designs {
    /** The kit's own model, which is no design. */
    public static final String REFERENCE = "reference";

    private Designs() {}

    /** The designs on the class path, in the repository at {@code root}. */
    public static List<Design> discover(Path root) {
        return of(root, Variants.all());
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

    /** The {@code .java} files below {@code dir}, sorted by their {@code /}-separated relative path. */
    public static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
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
