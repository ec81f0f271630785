package org.kvmlab.review.files;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Folder trees the review copies, writes and throws away: staging folders, patched copies, scaffolds. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code root} and everything below it, deepest first; nothing happens when it does not
     * exist.
     *
     * @throws IOException if a file or folder cannot be deleted (what was deleted stays deleted)
     */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Copies the tree {@code from} into {@code to}, folder by folder, leaving out every folder
     * {@code skipped} accepts and all below it; {@code options} go to each file's copy.
     *
     * @throws IOException if a folder cannot be made or a file cannot be copied (what was copied
     *                     stays)
     */
    public static void copy(Path from, Path to, Predicate<Path> skipped, CopyOption... options) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (skipped.test(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), options);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
