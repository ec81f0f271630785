package org.kvmlab.review.bench;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.review.FakeRepo;

/**
 * A file given as JMH output is refused unless it is JMH output of this project's bench, with one
 * line that names the file and says what is wrong.
 */
class JmhFileTest {
    @TempDir
    Path dir;

    private String refusal(String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        String message = assertThrows(JmhFile.NotJmhOutput.class, () -> JmhFile.read(file)).getMessage();
        assertThat(message).startsWith(file + ": ");
        assertThat(message).doesNotContain("\n");
        return message;
    }

    @Test
    void theBenchsOwnOutput_isRead() throws Exception {
        assertThat(JmhFile.read(FakeRepo.resource("/bench/fixed-quick.json"))).isNotEmpty();
    }

    @Test
    void anEmptyList_hasNoBenchmarkRecords() throws IOException {
        assertThat(refusal("empty.json", "[]")).contains("no benchmark records");
    }

    @Test
    void aRecordWithoutABenchmarkName_isRefused() throws IOException {
        assertThat(refusal("foo.json", "[{\"foo\":1}]")).contains("not JMH output: entry 0 has no benchmark name");
    }

    @Test
    void aRecordWithoutPrimaryMetric_isRefused() throws IOException {
        assertThat(refusal("nometric.json", "[{\"benchmark\":\"org.kvmlab.bench.GuestCopyBench.readGuest_vm\"}]"))
                .contains("not JMH output: entry 0 has no benchmark name or no primaryMetric.score");
    }

    @Test
    void recordsOfAnotherProject_only_areRefused() throws IOException {
        assertThat(refusal("other.json",
                "[{\"benchmark\":\"com.example.MyBench.run\",\"primaryMetric\":{\"score\":1.5}}]"))
                .contains("none of its 1 records is a benchmark of this project's bench (org.kvmlab.bench.*); "
                        + "the first is com.example.MyBench.run");
    }

    @Test
    void notAList_isRefused() throws IOException {
        assertThat(refusal("object.json", "{\"benchmark\":\"x\"}")).contains("the top level is not a list");
        assertThat(refusal("nothing.json", "")).contains("the file is empty");
    }

    @Test
    void aTruncatedJmhFile_isOneLine() throws Exception {
        String whole = Files.readString(FakeRepo.resource("/bench/fixed-quick.json"));
        String message = refusal("truncated.json", whole.substring(0, whole.length() / 2));
        assertThat(message).contains("not valid JSON: line ");
        assertThat(message).contains("Unexpected end-of-input");
        assertThat(message).doesNotContain("Source:");
    }

    @Test
    void aHugeToken_isQuotedByItsFirst80CharactersAndItsLength() throws IOException {
        String token = "x".repeat(300_000);
        String message = refusal("huge.json", "[" + token + "]");
        assertThat(message).contains("unrecognized token '" + "x".repeat(80) + "... (300000 characters)'");
        assertThat(message.length()).isLessThan(400);
    }

    @Test
    void aHugeBenchmarkName_isQuotedShort() throws IOException {
        String name = "com.example." + "y".repeat(10_000);
        String message = refusal("longname.json", "[{\"benchmark\":\"" + name + "\",\"primaryMetric\":{\"score\":1}}]");
        assertThat(message).contains("... (10012 characters)");
        assertThat(message.length()).isLessThan(400);
    }
}
