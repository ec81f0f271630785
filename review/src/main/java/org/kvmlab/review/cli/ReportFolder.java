package org.kvmlab.review.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.kvmlab.review.files.FileTrees;

/**
 * The review's output folder, written whole or not at all. The report is written into a staging
 * folder beside {@code --out} ({@code .NAME.partial-*}, in the same file system so that a rename
 * moves it), and moved into place only when it is complete; a run that fails removes its staging
 * folder and leaves {@code --out} as it was. Moving into place holds a lock file beside
 * {@code --out} ({@code .NAME.lock}), so that two reviews into one {@code --out} never mix their
 * files: each writes its own staging folder, and the folder in place is always one whole report,
 * the last one to finish.
 *
 * <p>Failures are {@link ReportFolder.Unwritable}, whose message is one line naming the path and
 * the reason, as the command line prints it.
 */
final class ReportFolder {
    /** File locks are per process; threads of one process take turns here first. */
    private static final Object PUBLISHING = new Object();

    private final Path out;
    private final Path staging;

    private ReportFolder(Path out, Path staging) {
        this.out = out;
        this.staging = staging;
    }

    /** {@code --out} cannot be written: the message names the path and the reason. */
    static final class Unwritable extends Exception {
        Unwritable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Checks that {@code out} can take a report and makes the staging folder beside it: this is
     * where a read-only file system, a missing permission or a file in the way shows, before any
     * work is done.
     */
    static ReportFolder prepare(Path out) throws Unwritable {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new Unwritable("--out " + out + ": is a file, not a folder");
        }
        Path parent = target.getParent();
        if (parent == null) {
            throw new Unwritable("--out " + out + ": the root folder cannot be replaced by a report");
        }
        try {
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
            return new ReportFolder(target, staging);
        } catch (IOException e) {
            throw new Unwritable("--out " + out + ": cannot write in " + shown(parent) + ": " + reason(e));
        }
    }

    /** Where the review writes its files until {@link #publish()}. */
    Path staging() {
        return staging;
    }

    /** The folder the report goes to, absolute. */
    Path out() {
        return out;
    }

    /**
     * Moves the finished report into place: under the lock, the folder in place (a report of an
     * earlier run) is renamed aside, the staging folder renamed to {@code --out}, and the old one
     * deleted. A reader sees the old report or the new one, never a mix.
     */
    void publish() throws Unwritable {
        synchronized (PUBLISHING) {
            publishLocked();
        }
    }

    private void publishLocked() throws Unwritable {
        Path parent = out.getParent();
        Path lockFile = parent.resolve("." + out.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Path old = null;
            if (Files.exists(out)) {
                if (!Files.isDirectory(out)) {
                    throw new Unwritable("--out " + out + ": is a file, not a folder");
                }
                old = Files.createTempDirectory(parent, "." + out.getFileName() + ".old-");
                Files.delete(old);
                Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                FileTrees.deleteRecursively(old);
            }
        } catch (IOException | UncheckedIOException e) {
            discard();
            throw new Unwritable("--out " + out + ": cannot move the report into place: "
                    + reason(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e));
        }
    }

    /** Removes the staging folder and whatever was written to it; the folder in place stays as it was. */
    void discard() {
        try {
            FileTrees.deleteRecursively(staging);
        } catch (IOException | UncheckedIOException e) {
            // Best effort: the staging folder's name says it is unfinished, so a leftover never
            // looks like a report.
        }
    }

    /** The reason of a failed file operation, in words, without the paths the message repeats. */
    static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException _ -> "permission denied";
            case NotDirectoryException _ -> "a file is in the way of a folder";
            case FileAlreadyExistsException _ -> "a file is in the way";
            case NoSuchFileException _ -> "no such folder";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) && !path.equals(here) ? here.relativize(path).toString() : path.toString();
    }
}
