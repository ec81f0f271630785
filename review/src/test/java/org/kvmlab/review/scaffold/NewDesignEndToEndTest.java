package org.kvmlab.review.scaffold;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.conformance.suite.ScenarioCorpus;

/**
 * A sixth design the way a user adds one: in a copy of this checkout, {@code ./kvmlab new-design},
 * and then, with no other file edited, the kit runs it ({@code ./kvmlab scenario --variant}), the
 * bench lists it among its {@code design} parameters, and the review reports it in every section
 * of its JSON. The copy takes this build's {@code target} folders along, so that its builds (the
 * launcher's own) only compile what the new design adds.
 */
class NewDesignEndToEndTest {
    private static final String NAME = "sixth-design";
    private static final long MINUTES = 8;

    @TempDir
    static Path dir;

    private static Path repo;
    private static Run created;

    /** One command line's outcome. */
    record Run(int status, String out, String err) {}

    @BeforeAll
    static void makeTheDesign() throws IOException, InterruptedException {
        repo = RepositoryCopy.copy(dir.resolve("repo"), true);
        created = run("./kvmlab", "new-design", NAME);
    }

    private static Run run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + MINUTES + " minutes");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void newDesign_createsTheModule_andRegistersItInThePomAlone() throws IOException {
        assertWithMessage("stderr:\n%s", created.err()).that(created.status()).isEqualTo(0);
        assertThat(created.out()).startsWith("Created variant-" + NAME + " from baseline-linux41 (");
        assertThat(Files.readString(repo.resolve("pom.xml"))).contains("<module>variant-" + NAME + "</module>");
    }

    @Test
    void theKit_runsIt_andItFailsTheSmramLineUntilItHidesSmram() throws IOException, InterruptedException {
        Path example = repo.resolve("example.scn");
        Files.writeString(example, ScenarioCorpus.workedExample(), StandardCharsets.US_ASCII);
        Run help = run("./kvmlab", "scenario", "--help");
        assertThat(help.out()).contains(NAME);
        Run scenario = run("./kvmlab", "scenario", "--variant", NAME, "example.scn");
        assertWithMessage("stderr:\n%s", scenario.err()).that(scenario.status()).isEqualTo(1);
        List<String> lines = scenario.out().lines().toList();
        assertThat(lines).contains("example.scn:13: variant " + NAME + ": expected EFAULT, got ok 00000000");
        assertThat(lines.getLast()).isEqualTo("15 passed, 1 failed");
    }

    @Test
    void theBench_listsItAmongItsDesigns() throws IOException, InterruptedException {
        // The launcher builds the copy with the new module before the bench's jar is read.
        assertThat(run("./kvmlab", "scenario", "--variant", "reference", "--help").status()).isEqualTo(0);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run list = run(java, "-jar", "bench/target/benchmarks.jar", "-lp", "GuestCopyBench.readGuest_vm$");
        assertWithMessage("stderr:\n%s", list.err()).that(list.status()).isEqualTo(0);
        assertThat(list.out()).contains("param \"design\" = {");
        String designs = list.out().lines().filter(l -> l.contains("param \"design\"")).findFirst().orElseThrow();
        assertThat(designs).contains(NAME);
        assertThat(designs).contains("x86-prefixed");
    }

    @Test
    void theReview_reportsItInEverySection() throws IOException, InterruptedException {
        Path out = dir.resolve("review");
        Run review = run("./kvmlab", "review", "--quick", "--no-bench", "--out", out.toString());
        assertWithMessage("stderr:\n%s", review.err()).that(review.status()).isEqualTo(0);
        assertThat(review.out().lines().anyMatch(l -> l.startsWith(NAME + " "))).isTrue();
        JsonNode data = new ObjectMapper().readTree(out.resolve("review.json").toFile());
        assertThat(names(data.get("designs"))).contains(NAME);
        for (String section : List.of("conformance", "corpus", "size", "duplication", "surface", "patches",
                "architecture", "argument")) {
            List<String> designs = new ArrayList<>();
            data.get(section).forEach(n -> designs.add(n.get("design").asText()));
            assertWithMessage("section %s", section).that(designs).contains(NAME);
        }
        // The cost of change lists it under every change as a design whose authors have yet to
        // write the change: not carried, which is no failure of the run.
        List<String> carried = new ArrayList<>();
        data.get("changes").get("results").forEach(n -> {
            if (n.get("design").asText().equals(NAME)) {
                carried.add(n.get("status").asText());
            }
        });
        assertThat(carried).isNotEmpty();
        assertThat(Set.copyOf(carried)).containsExactly("NOT_CARRIED");
        JsonNode conformance = null;
        for (JsonNode c : data.get("conformance")) {
            if (c.get("design").asText().equals(NAME)) {
                conformance = c;
            }
        }
        assertThat(conformance.get("groups").get("rule-2").get("failed").asLong()).isGreaterThan(0L);
        assertThat(conformance.get("groups").get("rule-1").get("failed").asLong()).isEqualTo(0L);
        assertThat(conformance.get("groups").get("architecture").get("failed").asLong()).isEqualTo(0L);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
