package org.kvmlab.review.changes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One change request of {@code docs/CHANGES.md}: a change Linux made to the accessor layer after
 * 2015, as the lab carries it. Its shared part is a patch kept with the kit,
 * {@code shared/conformance/changes/NN-NAME.patch}, whose header names it:
 *
 * <pre>
 * Title: what the lab's contract gains, in a line
 * Linux: the release that first had it
 * Commit: the kernel commit (abbreviated id and subject); one line each
 * Baseline: applies | does not apply (and why)
 * </pre>
 *
 * followed by the diff of the shared core and the kit (the reference model, the kit's tests and
 * scenarios, any core support). Each design carries the change in a patch of its own module,
 * {@code MODULE/changes/NN-NAME.patch}.
 *
 * @param number   the two-digit number ({@code 01})
 * @param name     the name after the number ({@code ghc-bad-hva})
 * @param title    the header's {@code Title}
 * @param linux    the header's {@code Linux}
 * @param commits  the header's {@code Commit} lines
 * @param baseline whether the change applies to the neutral baseline ({@code Baseline: applies})
 * @param baselineWhy the header's {@code Baseline} value as written
 * @param shared   the shared patch's file
 * @param diff     the shared patch
 */
public record ChangeRequest(String number, String name, String title, String linux, List<String> commits,
                            boolean baseline, String baselineWhy, Path shared, UnifiedDiff diff) {
    /** The shared patches' folder, relative to the repository root. */
    public static final String SHARED_DIR = "shared/conformance/changes";
    /** A change's file name: {@code NN-NAME.patch}. */
    public static final Pattern FILE = Pattern.compile("([0-9]{2})-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\\.patch");
    /** The tag the kit gives a change's own tests: {@code change-NN}. */
    public static final String TAG_PREFIX = "change-";
    /** The folders a shared patch may touch: the core, the SPI and the kit. */
    public static final List<String> SHARED_MODULES = List.of("shared/core/", "shared/spi/", "shared/conformance/");

    public ChangeRequest {
        commits = List.copyOf(commits);
    }

    /** {@code NN-NAME}: the file name of every patch of the change, without {@code .patch}. */
    public String id() {
        return number + "-" + name;
    }

    /** The patch file name every module uses for this change. */
    public String fileName() {
        return id() + ".patch";
    }

    /** The tag of the change's own tests in the kit. */
    public String tag() {
        return TAG_PREFIX + number;
    }

    /**
     * Reads a shared patch.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it: a name not
     *                                  {@code NN-NAME.patch}, a header without {@code Title},
     *                                  {@code Linux}, {@code Commit} or {@code Baseline}, a file
     *                                  outside the core, the SPI and the kit, or a diff that does
     *                                  not read
     */
    public static ChangeRequest read(Path file) {
        String fileName = file.getFileName().toString();
        Matcher m = FILE.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException(file + ": expected a name NN-NAME.patch (two digits, a dash, lower-case"
                    + " words joined by dashes)");
        }
        UnifiedDiff diff = UnifiedDiff.parse(file.toString(), lines(file));
        String title = required(diff, file, "Title");
        String linux = required(diff, file, "Linux");
        List<String> commits = diff.headerValues("Commit");
        if (commits.isEmpty()) {
            throw new IllegalArgumentException(file + ":1: expected a header line \"Commit: ID SUBJECT\"");
        }
        String baseline = required(diff, file, "Baseline");
        if (!baseline.startsWith("applies") && !baseline.startsWith("does not apply")) {
            throw new IllegalArgumentException(file + ": expected \"Baseline: applies\" or \"Baseline: does not apply"
                    + " (why)\", got \"" + baseline + "\"");
        }
        for (UnifiedDiff.FileDiff f : diff.files()) {
            if (SHARED_MODULES.stream().noneMatch(f.path()::startsWith)) {
                throw new IllegalArgumentException(file + ":" + f.line() + ": " + f.path() + " is outside the core, the SPI"
                        + " and the kit (" + String.join(", ", SHARED_MODULES) + "); a design's part of a change goes in"
                        + " that design's module");
            }
        }
        return new ChangeRequest(m.group(1), m.group(2), title, linux, commits, baseline.startsWith("applies"), baseline,
                file, diff);
    }

    private static String required(UnifiedDiff diff, Path file, String key) {
        String value = diff.headerValue(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(file + ":1: expected a header line \"" + key + ": ...\"");
        }
        return value;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
