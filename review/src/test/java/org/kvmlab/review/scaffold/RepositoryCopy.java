package org.kvmlab.review.scaffold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
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
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (skipped.contains(dir) || name.startsWith(".variant-")
                            || !builds && name.equals("target") || dir.equals(to)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}
