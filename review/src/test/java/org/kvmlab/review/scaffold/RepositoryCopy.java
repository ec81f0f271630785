package org.kvmlab.review.scaffold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.kvmlab.review.files.FileTrees;
import org.kvmlab.spi.LabModules;

/** A copy of this checkout for the scaffold's tests, so that nothing they make lands in it. */
final class RepositoryCopy {
    private RepositoryCopy() {}

    /** This checkout's root. */
    static Path source() {
        return LabModules.ofThisBuild().root();
    }

    /**
     * Copies the checkout into {@code to}, timestamps kept, leaving out {@code .git}, the review's
     * own build folder and the reports at the root; with {@code builds} the other modules' build
     * folders come along, so that a build of the copy only does what the new design adds.
     */
    static Path copy(Path to, boolean builds) {
        Path from = source();
        Set<Path> skipped = Set.of(from.resolve(".git"), from.resolve("target"), from.resolve("review/target"));
        try {
            FileTrees.copy(from, to, dir -> {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return skipped.contains(dir) || name.startsWith(".variant-") || !builds && name.equals("target")
                        || dir.equals(to);
            }, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}
