package org.kvmlab.addressspaces.conformance;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.addressspaces.adapter.AddressSpacesDesign;
import org.kvmlab.conformance.DesignAdapter;
import org.kvmlab.conformance.scenario.ScenarioCommand;
import org.kvmlab.conformance.scenario.ScenarioFiles;
import org.kvmlab.conformance.suite.ScenarioCorpus;
import org.kvmlab.spi.LabModules;

/**
 * The worked example of {@code docs/SCENARIOS.md} section 7, run on this design: it declares the
 * one line the page shows, under the rule the page names, and passes the other fifteen.
 */
class WorkedExampleOnThePageTest {
    @TempDir
    Path dir;

    @Test
    void theDeclaredLine_isThePages() throws IOException {
        String page = Files.readString(LabModules.ofThisBuild().root().resolve("docs/SCENARIOS.md"),
                StandardCharsets.UTF_8);
        String section = page.substring(page.indexOf("\n## 7. "), page.indexOf("\n## 8. "));
        String prompt = "$ ./kvmlab scenario --variant all example.scn\n";
        int at = section.indexOf(prompt);
        assertWithMessage("docs/SCENARIOS.md section 7 shows a run with --variant all").that(at).isAtLeast(0);
        List<String> shown = section.substring(at + prompt.length()).lines().toList();
        assertThat(shown.get(1)).endsWith(" passed, 0 failed, 1 declared");

        Path file = dir.resolve("example.scn");
        Files.writeString(file, ScenarioCorpus.workedExample(), StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScenarioCommand.runFiles(List.of(new ScenarioFiles.ScenarioFile("example.scn", file)),
                List.of(DesignAdapter.of(new AddressSpacesDesign())), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly(shown.getFirst(), "15 passed, 0 failed, 1 declared").inOrder();
    }
}
