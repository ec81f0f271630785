package org.kvmlab.review.cli;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's output folder is written whole or not at all, names the path and the reason when it
 * cannot be written, and never mixes the files of two runs.
 */
class ReportFolderTest {
    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileInTheWay_isRefusedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("report"), "not a folder");
        ReportFolder.Unwritable e = assertThrows(ReportFolder.Unwritable.class, () -> ReportFolder.prepare(file));
        assertThat(e).hasMessageThat().isEqualTo("--out " + file + ": is a file, not a folder");
        assertThat(names(dir)).containsExactly("report");
    }

    @Test
    void aParentThatIsAFile_isRefusedWithTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        ReportFolder.Unwritable e = assertThrows(ReportFolder.Unwritable.class,
                () -> ReportFolder.prepare(file.resolve("report")));
        assertThat(e).hasMessageThat().startsWith("--out " + file.resolve("report") + ": cannot write in ");
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void aFullDevice_isNamedAsSuch() {
        // /dev/full fails every write with ENOSPC, as a full disk does.
        IOException e = assertThrows(IOException.class,
                () -> Files.write(Path.of("/dev/full"), new byte[4096]));
        assertThat(ReportFolder.reason(e)).isEqualTo("No space left on device");
    }

    @Test
    void aFailedRun_leavesTheEarlierReportAndNoPartialFolder() throws Exception {
        Path out = dir.resolve("report");
        Files.createDirectories(out);
        Files.writeString(out.resolve("index.html"), "earlier report");
        ReportFolder folder = ReportFolder.prepare(out);
        assertThat(folder.staging().getParent()).isEqualTo(out.toAbsolutePath().getParent());
        assertThat(folder.staging().getFileName().toString()).startsWith(".report.partial-");
        Files.writeString(folder.staging().resolve("index.html"), "half a report");
        folder.discard();
        assertThat(names(dir)).containsExactly("report");
        assertThat(Files.readString(out.resolve("index.html"))).isEqualTo("earlier report");
    }

    @Test
    void publish_replacesTheEarlierReportWhole() throws Exception {
        Path out = dir.resolve("report");
        Files.createDirectories(out.resolve("charts"));
        Files.writeString(out.resolve("charts/old.svg"), "old");
        ReportFolder folder = ReportFolder.prepare(out);
        Files.writeString(folder.staging().resolve("index.html"), "new");
        folder.publish();
        assertThat(names(out)).containsExactly("index.html");
        assertThat(names(dir)).containsExactly(".report.lock", "report");
    }

    @Test
    void twoRunsIntoOneOut_neverMixTheirFiles() throws Exception {
        Path out = dir.resolve("report");
        int runs = 8;
        CountDownLatch ready = new CountDownLatch(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int r = 0; r < runs; r++) {
                int run = r;
                done.add(pool.submit(() -> {
                    ReportFolder folder = ReportFolder.prepare(out);
                    for (int f = 0; f < 20; f++) {
                        Files.writeString(folder.staging().resolve("file" + f), "run " + run);
                    }
                    ready.countDown();
                    ready.await();
                    folder.publish();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(names(out)).hasSize(20);
        String owner = Files.readString(out.resolve("file0"));
        for (int f = 0; f < 20; f++) {
            assertThat(Files.readString(out.resolve("file" + f))).isEqualTo(owner);
        }
        assertThat(names(dir)).containsExactly(".report.lock", "report");
    }
}
