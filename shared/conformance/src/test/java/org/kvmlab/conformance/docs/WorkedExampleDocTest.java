package org.kvmlab.conformance.docs;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.ScenarioCommand;
import org.kvmlab.conformance.scenario.ScenarioFiles;
import org.kvmlab.conformance.suite.ScenarioCorpus;

/**
 * The worked example of {@code docs/SCENARIOS.md} section 7 is the kit's, byte for byte, and
 * prints what the page says it prints: on the reference model, and with line 11 changed. The line
 * that the design with address spaces declares is checked in that design's module, which holds its
 * difference rules ({@code WorkedExampleOnThePageTest} of {@code variant-address-spaces}).
 */
class WorkedExampleDocTest {
    /** The code blocks of SCENARIOS.md section 7, in order: the file, then each run with its output. */
    private static List<String> blocks;

    @TempDir
    Path dir;

    @BeforeAll
    static void readSection7() throws IOException {
        String page = Files.readString(Repository.root().resolve("docs/SCENARIOS.md"), StandardCharsets.UTF_8);
        int from = page.indexOf("\n## 7. ");
        int to = page.indexOf("\n## 8. ");
        assertWithMessage("docs/SCENARIOS.md has sections 7 and 8").that(from >= 0 && to > from).isTrue();
        blocks = codeBlocks(page.substring(from, to));
        assertThat(blocks.size()).isAtLeast(4);
    }

    @Test
    void theExampleOnThePage_isTheKitsWorkedExample() {
        assertThat(blocks.getFirst()).isEqualTo(ScenarioCorpus.workedExample());
    }

    @Test
    void onTheReference_itPrintsWhatThePageShows() throws IOException {
        assertThat(run(blocks.getFirst(), new ReferenceAdapter())).isEqualTo(output(blocks.get(1)));
    }

    @Test
    void withLine11Wrong_itPrintsWhatThePageShows() throws IOException {
        String wrong = blocks.getFirst().replace("read vm 0x2ffe 3 => ok 5a5aff", "read vm 0x2ffe 3 => ok 5a5a00");
        assertThat(wrong.lines().toList().get(10)).isEqualTo("read vm 0x2ffe 3 => ok 5a5a00");
        assertThat(run(wrong, new ReferenceAdapter())).isEqualTo(output(blocks.get(2)));
    }

    /** What {@code ./kvmlab scenario} prints for {@code text} saved as {@code example.scn}, line by line. */
    private List<String> run(String text, VariantAdapter adapter) throws IOException {
        Path file = dir.resolve("example.scn");
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ScenarioCommand.runFiles(List.of(new ScenarioFiles.ScenarioFile("example.scn", file)), List.of(adapter),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The output lines of a block that shows a command ({@code $ ...}) and what it printed. */
    private static List<String> output(String block) {
        List<String> lines = block.lines().toList();
        assertThat(lines.getFirst()).startsWith("$ ./kvmlab scenario ");
        return lines.subList(1, lines.size());
    }

    private static List<String> codeBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                if (block == null) {
                    block = new StringBuilder();
                } else {
                    blocks.add(block.toString());
                    block = null;
                }
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }
}
