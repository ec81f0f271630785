package org.kvmlab.review.design;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmlab.conformance.VariantAdapter;

/**
 * One design under review, found by convention from its adapter's name: module folder
 * {@code variant-NAME}, Java packages under {@code org.kvmlab.NAMEWITHOUTDASHES}, main sources
 * under {@code src/main/java} of the module (tests and the adapter live in its test scope and are
 * never measured).
 *
 * @param name        the adapter's name ({@code x86-prefixed}, ...)
 * @param packageRoot the design's package root ({@code org.kvmlab.x86prefixed})
 * @param moduleDir   its module folder
 * @param adapter     its conformance adapter, or null in tests of the metrics
 */
public record Design(String name, String packageRoot, Path moduleDir, VariantAdapter adapter) {
    /** The neutral baseline's module: Linux 4.1's accessor layer, measured against, never ranked. */
    public static final String BASELINE = "baseline-linux41";
    /** The baseline's package root. */
    public static final String BASELINE_PACKAGE = "org.kvmlab.baseline";

    /** The baseline in the repository at {@code root}: no design, no adapter, the yardstick of every patch. */
    public static Design baseline(Path root) {
        return new Design(BASELINE, BASELINE_PACKAGE, root.resolve(BASELINE), null);
    }

    /** The design named {@code name} in the repository at {@code root}, by the naming convention. */
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

    /** Whether the design's main sources are present. */
    public boolean hasSources() {
        return Files.isDirectory(sourceRoot());
    }
}
