package org.kvmlab.review.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.kvmlab.review.FakeRepo;

/**
 * One run of {@code kvmlab review --quick --no-bench --bench-results <the fixed JMH JSON>} into
 * {@code target/e2e-review}, shared by the end-to-end and the browser tests of this JVM.
 */
final class QuickReport {
    static final Path OUT = Path.of("target/e2e-review").toAbsolutePath();
    static final Path BENCH = FakeRepo.resource("/bench/fixed-quick.json");

    final int status;
    final String out;
    final String err;
    final long millis;

    private static QuickReport run;

    private QuickReport(int status, String out, String err, long millis) {
        this.status = status;
        this.out = out;
        this.err = err;
        this.millis = millis;
    }

    static synchronized QuickReport get() {
        if (run == null) {
            deleteRecursively(OUT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            int status = Kvmlab.commandLine(console).execute("review", "--quick", "--no-bench", "--bench-results",
                    BENCH.toString(), "--out", OUT.toString());
            run = new QuickReport(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    (System.nanoTime() - start) / 1_000_000);
        }
        return run;
    }

    String file(String name) {
        try {
            return Files.readString(OUT.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
