package org.kvmlab.review.bench;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.bench.verdict.JmhJson;
import org.kvmlab.bench.verdict.Measurement;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.review.design.Designs;

/**
 * The review's one way into the bench: spawning the real {@code bench/target/benchmarks.jar}
 * (the reactor packages it before these tests run). The smoke profile stands in for the quick
 * one, which takes minutes; both go through the same command line, runner and JSON.
 */
class BenchLauncherTest {
    private static final Path ROOT = Designs.findRoot(Path.of(""));

    /** Every benchmark once in the bench's JVM; JMH's machine-wide lock is skipped so that a
     *  review running beside {@code mvn verify} cannot make this wait. */
    private static final BenchLauncher.Command SMOKE =
            new BenchLauncher.Command("smoke", List.of("-Djmh.ignoreLock=true"));

    @Test
    void quickCommand_runsTheProfileRunnerFromTheJar_onThisJdk() {
        List<String> line = BenchLauncher.Command.QUICK.line(ROOT, Path.of("/tmp/out"));

        assertThat(line.getFirst()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(line.subList(line.size() - 5, line.size())).containsExactly("-cp",
                ROOT.resolve("bench/target/benchmarks.jar").toString(), "org.kvmlab.bench.run.ProfileRunner", "quick",
                "/tmp/out").inOrder();
        assertThat(BenchLauncher.Command.QUICK.shown("target/review/bench")).isEqualTo("java"
                + " --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar"
                + " org.kvmlab.bench.run.ProfileRunner quick target/review/bench");
        assertThat(BenchLauncher.Command.QUICK.result()).isEqualTo("quick.json");
    }

    @Test
    void measuring_someDesigns_passesThemToTheBenchAsItsDesignParameter() {
        BenchLauncher.Command some = BenchLauncher.Command.QUICK.measuring(List.of("x86-prefixed", "baseline-linux41"));
        assertThat(some.shown("out")).endsWith(" quick out -p design=x86-prefixed,baseline-linux41");
        assertThat(BenchLauncher.Command.QUICK.shown("out")).endsWith(" quick out");
    }

    @Test
    void run_spawnsTheBench_showsItsOutput_andReturnsItsJson(@TempDir Path out) throws IOException {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        BenchLauncher.Outcome outcome = BenchLauncher.run(ROOT, out, SMOKE,
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertWithMessage("problem: %s\noutput:\n%s", outcome.problem(), progress).that(outcome.json())
                .isEqualTo(out.resolve("smoke.json"));
        List<Measurement> results = JmhJson.read(outcome.json());
        Set<String> designs = new TreeSet<>();
        results.stream().map(Measurement::design).filter(d -> d != null).forEach(designs::add);
        // Every design the build holds, and the baseline beside them as the reference column.
        assertThat(designs).containsExactlyElementsIn(BenchDesigns.names());
        assertThat(designs).containsAtLeast("x86-prefixed", "macro-generic", "vcpu-accessors", "fake-vcpu",
                "address-spaces", "baseline-linux41");
        assertThat(results.stream().map(Measurement::benchmark).toList()).contains("GuestCopyBench.readGuest_vcpu");
        String shown = progress.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("  bench | JSON: " + out.resolve("smoke.json").toAbsolutePath());
        assertThat(shown.lines().allMatch(l -> l.startsWith("  bench | "))).isTrue();
    }

    @Test
    void run_whoseBenchFails_saysWithWhichStatus(@TempDir Path out) {
        // The jar's runner knows no such profile: it prints its usage and exits 2.
        BenchLauncher.Outcome outcome = BenchLauncher.run(ROOT, out,
                new BenchLauncher.Command("nosuchprofile", List.of()), new PrintStream(new ByteArrayOutputStream()));

        assertThat(outcome.json()).isNull();
        assertThat(outcome.problem()).isEqualTo("the bench exited with status 2");
    }

    @Test
    void run_withoutTheJar_saysHowToBuildIt(@TempDir Path emptyRoot) {
        BenchLauncher.Outcome outcome = BenchLauncher.run(emptyRoot, emptyRoot.resolve("out"),
                BenchLauncher.Command.QUICK, new PrintStream(new ByteArrayOutputStream()));

        assertThat(outcome.json()).isNull();
        assertThat(outcome.problem()).contains("mvn -B -q package -pl bench -am");
    }

    @Test
    void command_thatIsNotAProfileName_orHasNoOptionList_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BenchLauncher.Command("quick; rm -rf /", List.of()));

        assertThat(e).hasMessageThat().contains("quick; rm -rf /");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new BenchLauncher.Command("quick", null)))
                .hasMessageThat().contains("null");
    }
}
