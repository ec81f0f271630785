package org.kvmlab.conformance.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The declared lines of a design with address spaces on the scenario corpus, as a resource of the
 * design's own (one line each, as the runner prints it; blank lines and {@code #} comments
 * ignored), so that a difference that disappears, or a new one, fails the design's corpus test.
 */
public final class DeclaredCorpus {
    private DeclaredCorpus() {}

    /**
     * Every declared line in the resource {@code name} beside {@code anchor}.
     *
     * @throws IllegalStateException if there is no such resource
     */
    public static List<String> read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the declared differences are not on the class path (" + name
                        + " beside " + anchor.getName() + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code declared} about one corpus file, in line order. */
    public static List<String> linesFor(List<String> declared, String file) {
        return declared.stream().filter(line -> line.startsWith(file + ":")).toList();
    }
}
