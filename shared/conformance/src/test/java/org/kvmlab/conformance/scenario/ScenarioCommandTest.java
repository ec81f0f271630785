package org.kvmlab.conformance.scenario;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.Variants;
import org.kvmlab.conformance.reference.ReferenceAdapter;

/** The file-set runner: PATH expansion, run order, output and exit status (SCENARIOS.md section 8). */
@Tag("scenario")
class ScenarioCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, UTF_8);

    private static final VariantAdapter REFERENCE = new ReferenceAdapter();

    private String out() {
        return outBytes.toString(UTF_8);
    }

    private String err() {
        return errBytes.toString(UTF_8);
    }

    private Path write(String relative, String text) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.write(path, text.getBytes(US_ASCII));
        return path;
    }

    private int runFile(String label, String text, List<VariantAdapter> adapters) throws IOException {
        Path path = write("file.scn", text);
        return ScenarioCommand.runFiles(List.of(new ScenarioFiles.ScenarioFile(label, path)), adapters, out, err);
    }

    // ---- the worked example ------------------------------------------------------------------

    @Test
    void workedExample_printsOnlyTheCounts_andExits0() throws IOException {
        int status = runFile("example.scn", ScenarioRunnerTest.WORKED_EXAMPLE, List.of(REFERENCE));
        assertThat(out()).isEqualTo("16 passed, 0 failed\n");
        assertThat(err()).isEmpty();
        assertThat(status).isEqualTo(0);
    }

    @Test
    void workedExample_withLine11Wrong_printsTheFailure_andExits1() throws IOException {
        String changed = ScenarioRunnerTest.WORKED_EXAMPLE.replace("=> ok 5a5aff", "=> ok 5a5a00");
        int status = runFile("example.scn", changed, List.of(REFERENCE));
        assertThat(out()).isEqualTo("example.scn:11: variant reference: expected ok 5a5a00, got ok 5a5aff\n"
                + "15 passed, 1 failed\n");
        assertThat(status).isEqualTo(1);
    }

    @Test
    void workedExample_byVariantName_fromAPath() throws IOException {
        Path path = write("example.scn", ScenarioRunnerTest.WORKED_EXAMPLE);
        int status = ScenarioCommand.run(List.of(path.toString()), "reference", out, err);
        assertThat(out()).isEqualTo("16 passed, 0 failed\n");
        assertThat(status).isEqualTo(0);
    }

    // ---- parse errors ------------------------------------------------------------------------

    @Test
    void malformedFile_printsFileAndLine_runsNothing_andExits2() throws IOException {
        int status = runFile("bad.scn", "vcpu 0\nread vm 0x1ffffffffffffffff 1\n", List.of(REFERENCE));
        assertThat(out()).isEqualTo(
                "bad.scn:2: parse error: expected a number below 2^64, got 0x1ffffffffffffffff\n0 passed, 0 failed\n");
        assertThat(status).isEqualTo(2);
    }

    @Test
    void parseError_otherFilesStillRun_andStatusIs2EvenWithFailures() throws IOException {
        write("set/a.scn", "vcpu 0\nread vm 0 1 => ok 00\n");
        write("set/b.scn", "vcpu 0 => EINVAL\n");
        write("set/c.scn", "vcpu 0\n");
        String set = dir.resolve("set").toString();
        int status = ScenarioCommand.run(List.of(set), List.of(REFERENCE), out, err);
        assertThat(out()).isEqualTo(set + "/a.scn:2: variant reference: expected ok 00, got EFAULT\n"
                + set + "/b.scn:1: parse error: expected one of ok (the results of vcpu), got EINVAL\n"
                + "2 passed, 1 failed\n");
        assertThat(status).isEqualTo(2);
    }

    // ---- run order and labels ----------------------------------------------------------------

    @Test
    void eachFile_runsOnEverySelectedVariant_beforeTheNextFile() throws IOException {
        VariantAdapter first = new TamperedAdapter("first", Map.of());
        VariantAdapter second = new TamperedAdapter("second", Map.of());
        Path one = write("one.scn", "read vm 0 1 => ok 00\n");
        Path two = write("two.scn", "vcpu 0\nvcpu 1 => ok\nread vcpu1 0 1 => ok 00\n");
        int status = ScenarioCommand.run(List.of(two.toString(), one.toString()), List.of(first, second), out, err);
        assertThat(out()).isEqualTo(two + ":3: variant first: expected ok 00, got EFAULT\n"
                + two + ":3: variant second: expected ok 00, got EFAULT\n"
                + one + ":1: variant first: expected ok 00, got EFAULT\n"
                + one + ":1: variant second: expected ok 00, got EFAULT\n"
                + "4 passed, 4 failed\n");
        assertThat(status).isEqualTo(1);
    }

    @Test
    void folder_isSearchedRecursivelyForScnFiles_inRelativePathOrder() throws IOException {
        write("set/b.scn", "");
        write("set/a/z.scn", "");
        write("set/a.scn", "");
        write("set/A.scn", "");
        write("set/a-b/c.scn", "");
        write("set/notes.txt", "not a scenario");
        write("set/x.scn.bak", "not a scenario");
        Files.createDirectories(dir.resolve("set/folder.scn"));
        List<ScenarioFiles.ScenarioFile> files = assertExpands(List.of(dir.resolve("set").toString()));
        String set = dir.resolve("set").toString();
        // String.compareTo: 'A' < 'a', and "a-b/c" < "a.scn" < "a/z" ('-' < '.' < '/').
        assertThat(files.stream().map(ScenarioFiles.ScenarioFile::label).toList()).containsExactly(
                set + "/A.scn", set + "/a-b/c.scn", set + "/a.scn", set + "/a/z.scn", set + "/b.scn").inOrder();
    }

    @Test
    void file_runsWhateverItsName_andPathsRunInTheOrderGiven() throws IOException {
        Path txt = write("plain.txt", "vcpu 0\n");
        write("set/a.scn", "");
        String set = dir.resolve("set").toString();
        List<ScenarioFiles.ScenarioFile> files = assertExpands(List.of(txt.toString(), set, txt.toString()));
        assertThat(files.stream().map(ScenarioFiles.ScenarioFile::label).toList())
                .containsExactly(txt.toString(), set + "/a.scn", txt.toString()).inOrder();
    }

    @Test
    void folderLabel_isTheFolderAsGiven_slash_relativePath() throws IOException {
        write("set/sub/a.scn", "");
        String given = dir + "/./set/";
        List<ScenarioFiles.ScenarioFile> files = assertExpands(List.of(given));
        assertThat(files.getFirst().label()).isEqualTo(given + "/sub/a.scn");
    }

    private static List<ScenarioFiles.ScenarioFile> assertExpands(List<String> paths) {
        try {
            return ScenarioFiles.expand(paths);
        } catch (UsageException e) {
            throw new AssertionError("expected the PATHs to expand, got " + e.getMessage(), e);
        }
    }

    // ---- usage errors ------------------------------------------------------------------------

    private void assertUsageError(List<String> paths, String variant, String message) {
        int status = ScenarioCommand.run(paths, variant, out, err);
        assertThat(status).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).contains(message);
        outBytes.reset();
        errBytes.reset();
    }

    @Test
    void usageErrors_printOnTheErrorStream_runNothing_andExit2() throws IOException {
        Path good = write("good.scn", "vcpu 0\n");
        write("empty/notes.txt", "");
        assertUsageError(List.of(), "reference", "no PATH");
        assertUsageError(List.of(dir.resolve("missing.scn").toString()), "reference", "no such file or folder");
        assertUsageError(List.of(good.toString(), dir.resolve("missing").toString()), null, "missing");
        assertUsageError(List.of(dir.resolve("empty").toString()), "all", "without .scn files");
        assertUsageError(List.of(good.toString()), "no-such-design", "unknown variant no-such-design");
        assertUsageError(List.of(good.toString()), "variant-x86-prefixed", "unknown variant");
    }

    /** An unknown variant's message lists what could have been given: every registered name, then all. */
    @Test
    void unknownVariant_listsTheKnownOnes() throws IOException {
        Path good = write("good.scn", "vcpu 0\n");
        StringBuilder known = new StringBuilder();
        for (VariantAdapter adapter : Variants.all()) {
            known.append(adapter.name()).append(", ");
        }
        assertThat(known.toString()).startsWith("reference, ");
        assertThat(ScenarioCommand.run(List.of(good.toString()), "nosuch", out, err)).isEqualTo(2);
        assertThat(err()).isEqualTo("kvmlab scenario: unknown variant nosuch (known: " + known + "all)\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void unreadablePath_isAUsageError_whenTheSystemDeniesReadingIt() throws IOException {
        Path locked = write("locked.scn", "vcpu 0\n");
        assertThat(locked.toFile().setReadable(false, false)).isTrue();
        try {
            if (!Files.isReadable(locked)) {
                assertUsageError(List.of(locked.toString()), "reference", "cannot be read");
            } else {
                // Root reads files whatever their mode: then the file can be read, and runs.
                assertThat(ScenarioCommand.run(List.of(locked.toString()), "reference", out, err)).isEqualTo(0);
                assertThat(out()).isEqualTo("1 passed, 0 failed\n");
            }
        } finally {
            locked.toFile().setReadable(true, false);
        }
    }

    @Test
    void pathThatIsNeitherFileNorFolder_isAUsageError() {
        Path devNull = Path.of("/dev/null");
        assertThat(Files.exists(devNull)).isTrue();
        assertUsageError(List.of(devNull.toString()), "reference", "neither a file nor a folder");
    }

    // ---- selection ---------------------------------------------------------------------------

    @Test
    void all_selectsEveryDesignOnTheClassPath_referenceFirst() throws UsageException {
        List<String> all = new ArrayList<>();
        ScenarioCommand.select("all").forEach(a -> all.add(a.name()));
        assertThat(all).isEqualTo(Variants.all().stream().map(VariantAdapter::name).toList());
        assertThat(all.getFirst()).isEqualTo("reference");
        assertThat(ScenarioCommand.select(null).stream().map(VariantAdapter::name).toList()).isEqualTo(all);
        assertThat(ScenarioCommand.select("reference").stream().map(VariantAdapter::name).toList())
                .containsExactly("reference");
    }
}
