package org.kvmlab.review.changes;

import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.kvmlab.review.files.FileTrees;

/**
 * A copy of some of the repository's modules in a work folder, with patches applied to the copy
 * and never to the repository: the tree a change is compiled and tested in. The copy mirrors the
 * repository's layout ({@code WORK/variant-x86-prefixed/src/...}), so that a patch's
 * repository-relative paths name the same files in it.
 */
public final class PatchedTree {
    private final Path root;
    private final Path work;

    private PatchedTree(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    /**
     * A fresh work folder at {@code work} (anything there is deleted first) holding a copy of the
     * {@code src} folder of each module of {@code modules} (paths relative to {@code root}).
     */
    public static PatchedTree copy(Path root, Path work, List<String> modules) {
        PatchedTree tree = new PatchedTree(root, work);
        deleteRecursively(work);
        for (String module : modules) {
            copyRecursively(root.resolve(module).resolve("src"), work.resolve(module).resolve("src"));
        }
        return tree;
    }

    /** The work folder. */
    public Path work() {
        return work;
    }

    /** Where the repository-relative {@code path} is in the copy. */
    public Path resolve(String path) {
        return work.resolve(path);
    }

    /** Why a patch did not apply: the file, and the hunk whose context was not found. */
    public static final class NotApplied extends Exception {
        NotApplied(String message) {
            super(message);
        }
    }

    /**
     * Applies {@code diff} to the copy.
     *
     * @param source what to call the patch in a message
     * @throws NotApplied naming the patch, the file and the first hunk that does not apply (its
     *                    line in the file before the patch), or a file the copy lacks or already has
     */
    public void apply(String source, UnifiedDiff diff) throws NotApplied {
        for (UnifiedDiff.FileDiff f : diff.files()) {
            Path target = work.resolve(f.path()).normalize();
            if (!target.startsWith(work)) {
                throw new NotApplied(source + ": " + f.path() + " lies outside the repository");
            }
            List<String> before;
            if (f.creates()) {
                if (Files.exists(target)) {
                    throw new NotApplied(source + ": " + f.path() + " is created by the patch but exists already");
                }
                before = List.of();
            } else {
                Path old = work.resolve(f.oldPath()).normalize();
                if (!Files.isRegularFile(old)) {
                    throw new NotApplied(source + ": " + f.oldPath() + " is not in the sources the patch is applied to"
                            + " (the file was moved or deleted since the patch was made)");
                }
                before = read(old);
            }
            List<String> after;
            try {
                after = f.apply(before);
            } catch (PatchFailedException e) {
                throw new NotApplied(source + ": " + f.path() + ": " + firstFailingHunk(f.patch(), before));
            }
            try {
                if (f.deletes()) {
                    Files.delete(work.resolve(f.oldPath()));
                } else {
                    if (!f.creates() && !f.oldPath().equals(f.newPath())) {
                        Files.delete(work.resolve(f.oldPath()));
                    }
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, String.join("\n", after) + (after.isEmpty() ? "" : "\n"),
                            StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
        }
    }

    /** The first hunk of {@code patch} that does not apply on its own, and where it was meant to go. */
    private static String firstFailingHunk(Patch<String> patch, List<String> before) {
        int n = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            n++;
            Patch<String> one = new Patch<>();
            one.addDelta(delta);
            try {
                one.applyFuzzy(before, 0);
            } catch (PatchFailedException e) {
                List<String> context = delta.getSource().getLines();
                return "hunk " + n + " (at line " + (delta.getSource().getPosition() + 1) + " before the patch) does not"
                        + " apply: its lines " + (context.isEmpty() ? "" : "starting \"" + abbreviate(context.getFirst().strip())
                        + "\" ") + "are not in the file";
            }
        }
        return "its hunks do not apply together (each applies alone; two overlap)";
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** The lines of a text file, without their line ends. */
    public static List<String> read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The repository root the copy was made from. */
    public Path repository() {
        return root;
    }

    static void copyRecursively(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try {
            FileTrees.copy(from, to, dir -> false, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    static void deleteRecursively(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
