package org.kvmlab.conformance.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * Expands the PATHs of {@code kvmlab scenario} into the files to run (SCENARIOS.md section 8): a
 * file as given, whatever its name; a folder's {@code .scn} regular files, found recursively and
 * ordered by their {@code /}-separated path relative to the folder.
 */
public final class ScenarioFiles {
    private ScenarioFiles() {}

    /**
     * One file to run.
     *
     * @param label the FILE of messages: the PATH as given, or the folder as given, {@code /} and
     *              the path relative to it
     * @param path  where to read it
     */
    public record ScenarioFile(String label, Path path) {}

    /**
     * The files to run, in run order.
     *
     * @throws UsageException if there is no PATH, or a PATH does not exist, cannot be read, is
     *                        neither a file nor a folder, or is a folder without {@code .scn} files
     */
    public static List<ScenarioFile> expand(List<String> paths) throws UsageException {
        if (paths.isEmpty()) {
            throw new UsageException("no PATH given");
        }
        List<ScenarioFile> files = new ArrayList<>();
        for (String given : paths) {
            Path path = toPath(given);
            if (Files.isDirectory(path)) {
                files.addAll(inFolder(given, path));
            } else if (Files.isRegularFile(path)) {
                requireReadable(given, path);
                files.add(new ScenarioFile(given, path));
            } else if (Files.exists(path)) {
                throw new UsageException(given + ": neither a file nor a folder");
            } else {
                throw new UsageException(given + ": no such file or folder");
            }
        }
        return files;
    }

    private static List<ScenarioFile> inFolder(String given, Path folder) throws UsageException {
        record Found(String relative, Path path) {}
        List<Found> found = new ArrayList<>();
        // Links to folders are not followed (no cycles); links to regular files count as files.
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.getFileName() != null && path.getFileName().toString().endsWith(".scn")
                        && Files.isRegularFile(path)) {
                    found.add(new Found(slashed(folder.relativize(path)), path));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UsageException(given + ": cannot read the folder: " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new UsageException(given + ": a folder without .scn files");
        }
        found.sort(Comparator.comparing(Found::relative));
        List<ScenarioFile> files = new ArrayList<>(found.size());
        for (Found f : found) {
            String label = given + "/" + f.relative();
            requireReadable(label, f.path());
            files.add(new ScenarioFile(label, f.path()));
        }
        return files;
    }

    private static Path toPath(String given) throws UsageException {
        try {
            return Path.of(given);
        } catch (InvalidPathException e) {
            throw new UsageException(given + ": not a valid path: " + e.getReason());
        }
    }

    private static void requireReadable(String label, Path path) throws UsageException {
        if (!Files.isReadable(path)) {
            throw new UsageException(label + ": cannot be read");
        }
    }

    /** A relative path with {@code /} between its names, whatever the platform's separator. */
    private static String slashed(Path relative) {
        StringJoiner joined = new StringJoiner("/");
        for (Path name : relative) {
            joined.add(name.toString());
        }
        return joined.toString();
    }
}
