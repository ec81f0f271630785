package org.kvmlab.conformance.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The repository this build runs in: its root, found by walking up, and its text files. */
final class Repository {
    /** What holds no sources: Git's store (a folder, or in a worktree a file) and build output. */
    private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules");

    private Repository() {}

    /**
     * The repository root: the nearest folder, from the working directory up, that holds the
     * parent POM and the conformance kit, as a checkout does wherever it was cloned.
     *
     * @throws IllegalStateException if there is none, naming where the search started
     */
    static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isRegularFile(dir.resolve("shared/conformance/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml beside shared/conformance) at or above " + start);
    }

    /**
     * Every text file under {@code root}, as paths relative to it, sorted: sources, tests,
     * scenario files, scripts, POMs, documents. Binary files (with a NUL byte) are left out.
     */
    static List<Path> textFiles(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    // A worktree's .git is a file that names the main checkout: Git's, not ours.
                    if (attrs.isRegularFile() && !SKIPPED.contains(file.getFileName().toString())
                            && !isBinary(Files.readAllBytes(file))) {
                        files.add(root.relativize(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    private static boolean isBinary(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }
}
