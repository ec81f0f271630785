package org.kvmlab.review.design;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmlab.conformance.DesignAdapter;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.spi.DesignModule;

/**
 * One design under review: its name, the package root of its code (whose {@code virt} and
 * {@code arch} packages the review measures; the adapter package beside them is the lab's glue and
 * is not measured), its module folder, and the kit's view of it.
 *
 * @param name        the design's name ({@code x86-prefixed}, ...)
 * @param packageRoot the design's package root ({@code org.kvmlab.x86prefixed})
 * @param moduleDir   its module folder
 * @param adapter     what the kit runs for it, or null in tests of the metrics
 */
public record Design(String name, String packageRoot, Path moduleDir, VariantAdapter adapter) {
    /**
     * The design named {@code name} in the repository at {@code root}, by the naming convention
     * ({@code variant-NAME}, {@code org.kvmlab.NAMEWITHOUTDASHES}).
     */
    public static Design byConvention(Path root, String name, VariantAdapter adapter) {
        return new Design(name, packageRootOf(name), root.resolve("variant-" + name), adapter);
    }

    /** {@code org.kvmlab.} and the name without dashes. */
    public static String packageRootOf(String name) {
        return "org.kvmlab." + name.replace("-", "");
    }

    /** The folder of the design's root package among its main sources. */
    public Path sourceRoot() {
        return moduleDir.resolve("src/main/java").resolve(packageRoot.replace('.', '/'));
    }

    /** The design's module as it registered itself, or null when the adapter is not a design's. */
    public DesignModule module() {
        return adapter instanceof DesignAdapter d ? d.design() : null;
    }

    /** Whether the design's main sources are present. */
    public boolean hasSources() {
        return Files.isDirectory(sourceRoot());
    }
}
