package org.kvmlab.baseline.conformance;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kvmlab.baseline.adapter.BaselineLinux41Design;
import org.kvmlab.conformance.DesignAdapter;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.FileRun;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.Scenario;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.conformance.scenario.ScenarioRunner;
import org.kvmlab.conformance.suite.ScenarioCorpus;
import org.kvmlab.core.memslot.MemslotFlags;

/**
 * The kit's scenario corpus on the baseline: every file that registers no SMRAM slot passes,
 * line for line; a file with SMRAM expects a vCPU outside SMM to be refused, which the pre-series
 * layer cannot do, and at least one such file shows it.
 */
class BaselineScenarioTest {
    private static final VariantAdapter BASELINE = DesignAdapter.of(new BaselineLinux41Design());

    @TestFactory
    Stream<DynamicTest> everyCorpusFileWithoutSmram_passes() {
        return corpus().stream().filter(s -> !registersSmram(s)).map(s -> DynamicTest.dynamicTest(s.file(), () -> {
            FileRun run = ScenarioRunner.run(s, BASELINE);
            assertWithMessage("%s on the baseline", s.file()).that(run.failureMessages()).isEmpty();
        }));
    }

    @Test
    void mostOfTheCorpusHasNoSmram_andTheRestCatchesTheBaseline() {
        List<Scenario> corpus = corpus();
        List<Scenario> withSmram = corpus.stream().filter(BaselineScenarioTest::registersSmram).toList();
        assertThat(corpus.size() - withSmram.size()).isAtLeast(40);
        assertThat(withSmram.stream().filter(s -> !ScenarioRunner.run(s, BASELINE).failures().isEmpty()).count())
                .isGreaterThan(0);
    }

    /** Whether a {@code region} line of the file sets the SMRAM flag, by word or by number. */
    static boolean registersSmram(Scenario scenario) {
        return scenario.lines().stream().anyMatch(line -> line.command() instanceof Command.Region r
                && (r.effectiveFlags() & MemslotFlags.KVM_MEM_X86_SMRAM) != 0);
    }

    private static List<Scenario> corpus() {
        return ScenarioCorpus.files().stream().map(file -> switch (ScenarioParser.parse(file.name(), file.bytes())) {
            case ParseResult.Parsed parsed -> parsed.scenario();
            case ParseResult.ParseError error -> throw new AssertionError(error.message());
        }).toList();
    }
}
