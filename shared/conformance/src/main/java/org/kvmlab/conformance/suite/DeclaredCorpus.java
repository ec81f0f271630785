package org.kvmlab.conformance.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a design with address spaces must print for the scenario corpus: every declared line, with
 * its rule and both results (SCENARIOS.md section 6). Kept as a resource beside the corpus, so that
 * a difference that disappears, or a new one, fails the design's corpus test.
 */
public final class DeclaredCorpus {
    private static final String RESOURCE = "/address-spaces/declared-corpus.txt";

    private DeclaredCorpus() {}

    /** The declared lines of one corpus file, in line order. */
    public static List<String> linesFor(String file) {
        return all().stream().filter(line -> line.startsWith(file + ":")).toList();
    }

    /** Every declared line of the corpus. */
    public static List<String> all() {
        try (InputStream in = DeclaredCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the declared differences are not on the class path (" + RESOURCE + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
