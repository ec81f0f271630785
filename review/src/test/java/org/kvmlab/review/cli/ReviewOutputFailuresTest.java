package org.kvmlab.review.cli;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.review.FakeRepo;

/**
 * {@code kvmlab review} fails cleanly: an {@code --out} it cannot write (a file in the way, a
 * read-only file system, a full one) or a {@code --bench-results} file that is not the bench's JMH
 * output ends with exit 2 and one line on standard error naming the path and the reason, no stack
 * trace, nothing on standard output, and no file that looks like a report. The read-only and the
 * full file system are small tmpfs mounts made for the test.
 */
class ReviewOutputFailuresTest {
    private static final Path BENCH = FakeRepo.resource("/bench/fixed-quick.json");

    @TempDir
    static Path mounts;
    private static final List<Path> mounted = new ArrayList<>();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A tmpfs at {@code mounts/name} with the given options, or null if this machine cannot mount one. */
    private static Path tmpfs(String name, String options) throws Exception {
        Path at = Files.createDirectories(mounts.resolve(name));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "kvmlab-test-" + name, at.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        mounted.add(at);
        return at;
    }

    @BeforeAll
    static void mountReadOnlyAndFull() throws Exception {
        tmpfs("ro", "ro,size=64k");
        tmpfs("full", "size=16k");
    }

    @AfterAll
    static void unmount() throws Exception {
        for (Path at : mounted) {
            new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void assumeMounted(String name) {
        assumeTrue(mounted.contains(mounts.resolve(name)),
                "needs mount(8) and the right to mount a tmpfs (root) to make a read-only and a full file system");
    }

    private int review(String... args) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> all = new ArrayList<>(List.of("review"));
        all.addAll(List.of(args));
        return Kvmlab.commandLine(console).execute(all.toArray(String[]::new));
    }

    /**
     * Exit 2, nothing on standard output, no stack trace, and the failure as the last line of
     * standard error, starting {@code kvmlab review: } (the progress lines of the steps that ran
     * come before it); returns that line.
     */
    private String failedWithOneLine(int status) {
        String all = err.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(all).doesNotContain("\tat ");
        assertThat(all).doesNotContain("Exception");
        String message = all.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(message).startsWith("kvmlab review: ");
        return message;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void outThatIsAFile_exits2NamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("report"), "x");
        String message = failedWithOneLine(review("--quick", "--no-bench", "--out", file.toString()));
        assertThat(message).isEqualTo("kvmlab review: --out " + file + ": is a file, not a folder");
        assertThat(err.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(1);
    }

    @Test
    void outOnAReadOnlyFileSystem_exits2NamingThePathAndTheReason() throws IOException {
        assumeMounted("ro");
        Path target = mounts.resolve("ro").resolve("report");
        String message = failedWithOneLine(review("--quick", "--no-bench", "--out", target.toString()));
        assertThat(message).contains("--out " + target + ": ");
        assertThat(message).contains("Read-only file system");
        assertThat(names(mounts.resolve("ro"))).isEmpty();
    }

    /** The whole quick review runs, then its report does not fit: nothing is left behind. */
    @Test
    void outOnAFullFileSystem_exits2_andLeavesNoPartialReport() throws IOException {
        assumeMounted("full");
        Path target = mounts.resolve("full").resolve("report");
        String message = failedWithOneLine(review("--quick", "--no-bench", "--bench-results", BENCH.toString(),
                "--out", target.toString()));
        assertThat(message).contains("--out " + target + ": ");
        assertThat(message).contains("No space left on device");
        assertThat(names(mounts.resolve("full"))).isEmpty();
    }

    @Test
    void benchResultsThatAreNotJmhOutput_exit2BeforeAnyWork() throws IOException {
        for (String json : List.of("[]", "[{\"foo\":1}]")) {
            out.reset();
            err.reset();
            Path file = Files.writeString(dir.resolve("results.json"), json);
            Path target = dir.resolve("report");
            String message = failedWithOneLine(review("--quick", "--no-bench", "--bench-results", file.toString(),
                    "--out", target.toString()));
            assertThat(message).startsWith("kvmlab review: --bench-results " + file + ": not JMH output: ");
            assertThat(Files.exists(target)).isFalse();
        }
    }
}
