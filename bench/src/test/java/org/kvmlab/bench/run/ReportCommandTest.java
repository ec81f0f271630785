package org.kvmlab.bench.run;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ProfileRunner report FILE.json}: saved results judged by today's targets, nothing run. */
class ReportCommandTest {

    @Test
    void report_judgesASavedJsonFile(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("saved.json");
        Files.writeString(json, """
                [{"benchmark":"org.kvmlab.bench.GuestCopyBench.readGuest_vm","params":{"design":"X86_PREFIXED","size":"4096"},
                  "primaryMetric":{"score":52.0,"scoreError":1.0,"scoreUnit":"ns/op"}},
                 {"benchmark":"org.kvmlab.bench.GuestCopyBench.readGuest_vm","params":{"design":"FAKE_VCPU","size":"4096"},
                  "primaryMetric":{"score":53.0,"scoreError":1.0,"scoreUnit":"ns/op"}},
                 {"benchmark":"org.kvmlab.bench.GuestCopyBench.limit_read","params":{"size":"4096"},
                  "primaryMetric":{"score":40.0,"scoreError":1.0,"scoreUnit":"ns/op"}}]
                """);
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ProfileRunner.report(json);
        } finally {
            System.setOut(saved);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("### Results of `saved.json`: 3 results");
        assertThat(report).contains("| 4 KiB read/write (one page) <= 1.10x the bare copy | 1.30 [1.24, 1.36] "
                + "GuestCopyBench.readGuest_vm size=4096 | 1.33 [1.27, 1.38] GuestCopyBench.readGuest_vm size=4096 | "
                + "missed by every design alike: a property of the shared core, not of a design |");
    }
}
