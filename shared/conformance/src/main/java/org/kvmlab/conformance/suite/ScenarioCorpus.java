package org.kvmlab.conformance.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The kit's scenario corpus: the {@code .scn} files under {@code scenarios/} in the kit's
 * resources, read from a folder (in the build) or from the kit's jar (when the review runs a
 * variant's tests), in the order of their names.
 */
public final class ScenarioCorpus {
    /** A marker every copy of the corpus has, used to find where the corpus lives. */
    private static final String INDEX = "/scenarios/README.md";

    private ScenarioCorpus() {}

    /**
     * One corpus file.
     *
     * @param name  its path below {@code scenarios/}, the FILE of messages
     * @param bytes its contents
     */
    public record CorpusFile(String name, byte[] bytes) {}

    /** The worked example of SCENARIOS.md section 7, byte for byte, as the kit ships it. */
    public static String workedExample() {
        try (var in = ScenarioCorpus.class.getResourceAsStream("/examples/worked-example.scn")) {
            if (in == null) {
                throw new IllegalStateException("the worked example is not on the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every corpus file, by name. */
    public static List<CorpusFile> files() {
        URL index = ScenarioCorpus.class.getResource(INDEX);
        if (index == null) {
            throw new IllegalStateException("the scenario corpus is not on the class path (" + INDEX + ")");
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("jar")) {
                return readJar(uri);
            }
            return read(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CorpusFile> readJar(URI uri) throws IOException {
        FileSystem jar;
        boolean opened;
        try {
            jar = FileSystems.newFileSystem(uri, Map.of());
            opened = true;
        } catch (FileSystemAlreadyExistsException e) {
            // Another reader has the jar open: read through its file system and leave it open.
            jar = FileSystems.getFileSystem(uri);
            opened = false;
        }
        try {
            return read(jar.provider().getPath(uri).getParent());
        } finally {
            if (opened) {
                jar.close();
            }
        }
    }

    private static List<CorpusFile> read(Path folder) throws IOException {
        List<CorpusFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.filter(p -> p.toString().endsWith(".scn")).sorted().toList()) {
                String name = folder.relativize(path).toString().replace('\\', '/');
                files.add(new CorpusFile(name, Files.readAllBytes(path)));
            }
        }
        return files;
    }
}
