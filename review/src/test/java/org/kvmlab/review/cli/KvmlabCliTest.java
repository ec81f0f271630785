package org.kvmlab.review.cli;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.suite.ScenarioCorpus;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: options, exit statuses, and where each message goes. */
class KvmlabCliTest {
    private static final String EXAMPLE = ScenarioCorpus.workedExample();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int kvmlab(String... args) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return Kvmlab.commandLine(console).execute(args);
    }

    private String file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, text);
        return path.toString();
    }

    @Test
    void scenario_workedExample_passesOnTheReference() throws IOException {
        int status = kvmlab("scenario", "--variant", "reference", file("example.scn", EXAMPLE));
        assertThat(status).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("16 passed, 0 failed\n");
    }

    @Test
    void scenario_wrongExpectation_printsTheLineAndExits1() throws IOException {
        String path = file("example.scn", EXAMPLE.replace("=> ok 5a5aff", "=> ok 5a5a00"));
        int status = kvmlab("scenario", "--variant", "reference", path);
        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(path + ":11: variant reference: expected ok 5a5a00, got ok 5a5aff\n"
                + "15 passed, 1 failed\n");
    }

    @Test
    void scenario_malformedFile_printsFileAndLineAndExits2() throws IOException {
        String path = file("bad.scn", "mmap 0x1000 0x1000 rw\nread vm 0x0 4 =>ok\n");
        int status = kvmlab("scenario", path);
        assertThat(status).isEqualTo(2);
        assertThat(out.toString()).startsWith(path + ":2: parse error: ");
    }

    @Test
    void scenario_withoutPath_isAUsageErrorOnStandardError() {
        assertThat(kvmlab("scenario")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("PATH");
    }

    @Test
    void scenario_unknownVariant_isAUsageError() throws IOException {
        assertThat(kvmlab("scenario", "--variant", "no-such-design", file("e.scn", EXAMPLE))).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-design");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void scenario_unknownOption_isAUsageError() throws IOException {
        assertThat(kvmlab("scenario", "--frobnicate", file("e.scn", EXAMPLE))).isEqualTo(2);
        assertThat(err.toString()).contains("--frobnicate");
    }

    @Test
    void scenario_missingFile_isAUsageError() {
        assertThat(kvmlab("scenario", dir.resolve("absent.scn").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent.scn");
    }

    @Test
    void scenario_help_printsUsageOnStandardOutputAndExits0() {
        assertThat(kvmlab("scenario", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("Usage: kvmlab scenario");
    }

    /** A bad option of {@code changes} is one line and status 2, with no usage dump and no table. */
    @Test
    void changes_unknownOption_isOneLineAndExits2() {
        assertThat(kvmlab("changes", "--frobnicate")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).startsWith("kvmlab changes: ");
        assertThat(err.toString()).contains("--frobnicate");
    }

    @Test
    void changes_unknownDesign_isOneLineNamingTheDesignsAndExits2() {
        assertThat(kvmlab("changes", "--design", "no-such-design")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).contains("--design no-such-design: no such design");
        assertThat(err.toString()).contains("x86-prefixed");
    }

    @Test
    void changes_unknownChange_isOneLineNamingTheChangesAndExits2() {
        assertThat(kvmlab("changes", "--change", "99")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).contains("--change 99: no such change");
        assertThat(err.toString()).contains("01-ghc-bad-hva");
    }

    @Test
    void changes_help_printsUsageAndExits0() {
        assertThat(kvmlab("changes", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("Usage: kvmlab changes");
        assertThat(out.toString()).contains("--design");
    }

    @Test
    void soak_onTheReference_agreesAndExits0() {
        int status = kvmlab("soak", "--variant", "reference", "--ops", "2000", "--seed", "3", "--stress-seconds", "0");
        assertThat(status).isEqualTo(0);
        assertThat(out.toString()).contains("agree with the reference");
        assertThat(err.toString()).contains("seed 3");
    }

    /** The churn's line says how many cycles ran and for how long, as measured. */
    @Test
    void soak_reportsTheChurnCyclesAndTheTimeItRan() {
        int status = kvmlab("soak", "--variant", "reference", "--ops", "200", "--seed", "3", "--stress-seconds", "1",
                "--stress-vcpus", "2");
        assertThat(status).isEqualTo(0);
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                "reference: slot churn under 2 vCPU threads, (\\d+) cycles in (\\d+) ms( \\(the cycle limit, before the "
                        + "1000 ms asked for\\))?: no exception, no write through a deleted slot, no split write\n")
                .matcher(out.toString());
        assertThat(line.find()).isTrue();
        int cycles = Integer.parseInt(line.group(1));
        long millis = Long.parseLong(line.group(2));
        assertThat(cycles).isGreaterThan(0);
        assertThat(millis).isAtMost(1000 + 1000);
        assertThat(line.group(3) != null).isEqualTo(cycles == org.kvmlab.conformance.suite.SlotChurnStress.MAX_CYCLES);
    }

    @Test
    void soak_badOptionValue_isAUsageError() {
        assertThat(kvmlab("soak", "--ops", "0")).isEqualTo(2);
    }

    @Test
    void newDesign_badName_isOneLineOnStandardError_exit2_andNothingWritten() {
        assertThat(kvmlab("new-design", "Bad_Name")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("kvmlab new-design: \"Bad_Name\": expected lower-case letters and digits in"
                + " dash-separated words, starting with a letter, such as my-design\n");
    }

    @Test
    void newDesign_takenName_isRefused() {
        assertThat(kvmlab("new-design", "address-spaces")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("kvmlab new-design: address-spaces: variant-address-spaces already exists\n");
    }

    @Test
    void newDesign_withoutName_isAUsageError() {
        assertThat(kvmlab("new-design")).isEqualTo(2);
        assertThat(err.toString()).contains("NAME");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void scenarioHelp_listsTheDesignsOfTheBuild() {
        assertThat(kvmlab("scenario", "--help")).isEqualTo(0);
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("reference, baseline-linux41, x86-prefixed, macro-generic, vcpu-accessors, fake-vcpu,"
                + " address-spaces, or all");
    }
}
