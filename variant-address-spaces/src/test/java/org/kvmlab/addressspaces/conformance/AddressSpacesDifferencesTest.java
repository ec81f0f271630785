package org.kvmlab.addressspaces.conformance;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.differential.Choices;
import org.kvmlab.conformance.differential.ProgramGenerator;
import org.kvmlab.conformance.differential.ScenarioText;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.conformance.scenario.DifferenceRule;
import org.kvmlab.conformance.scenario.FileRun;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.Scenario;
import org.kvmlab.conformance.scenario.ScenarioLine;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.conformance.scenario.ScenarioRunner;
import org.kvmlab.conformance.scenario.ScenarioSession;
import org.kvmlab.conformance.suite.ScenarioCorpus;
import org.kvmlab.core.memslot.InstallHook;

/**
 * This design's difference rules (SCENARIOS.md section 6), tested on the reference model's
 * address-space mode, which is what a design with address spaces must do: on the corpus they
 * declare exactly the listed lines; on random programs written for the flag designs every
 * difference is declared; and each rule names at least one corpus line.
 */
@Tag("address-spaces")
class AddressSpacesDifferencesTest {
    private static final int PROGRAMS = 1000;

    @Test
    void corpus_declaresExactlyTheKnownDifferences_andFailsNothing() {
        List<String> declared = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ScenarioCorpus.CorpusFile file : ScenarioCorpus.files()) {
            FileRun run = runThreeWay(file, new ReferenceModelDeclaring());
            failed.addAll(run.failureMessages());
            run.declared().forEach(v -> declared.add(v.message(file.name(), "address-spaces")));
        }
        assertThat(failed).isEmpty();
        assertThat(declared).containsExactlyElementsIn(AddressSpacesDifferences.DECLARED_CORPUS).inOrder();
    }

    @Test
    @Tag("property")
    void randomProgramsWrittenForTheFlagDesigns_haveEveryDifferenceDeclared() {
        Random random = new Random(0x5eed_4202L);
        VariantAdapter flag = new ReferenceAdapter();
        long declared = 0;
        for (int p = 0; p < PROGRAMS; p++) {
            List<Command> program = ProgramGenerator.generate(Choices.of(random), 100);
            String text = ScenarioText.file("program " + p, program, results(program, flag));
            ParseResult parsed = ScenarioParser.parse("program-" + p + ".scn", text.getBytes(StandardCharsets.US_ASCII));
            assertWithMessage("program %s parses", p).that(parsed).isInstanceOf(ParseResult.Parsed.class);
            FileRun run = ScenarioRunner.run(((ParseResult.Parsed) parsed).scenario(), new ReferenceModelDeclaring());
            assertWithMessage("program %s (seed 0x5eed4202):\n%s", p, text).that(run.failureMessages()).isEmpty();
            declared += run.declared().size();
        }
        assertThat(declared).isGreaterThan(0L);
    }

    static List<DifferenceRule> rules() {
        return AddressSpacesDifferences.RULES;
    }

    @ParameterizedTest(name = "{0} names a corpus line")
    @MethodSource("rules")
    void everyRuleNamesACorpusLine(DifferenceRule rule) {
        assertWithMessage("corpus lines declared by rule %s", rule.name())
                .that(AddressSpacesDifferences.DECLARED_CORPUS.stream().filter(line -> line.contains("declared (" + rule.name() + ")")).toList())
                .isNotEmpty();
    }

    private static FileRun runThreeWay(ScenarioCorpus.CorpusFile file, VariantAdapter adapter) {
        Scenario scenario = ((ParseResult.Parsed) ScenarioParser.parse(file.name(), file.bytes())).scenario();
        return ScenarioRunner.run(scenario, adapter);
    }

    private static List<Outcome> results(List<Command> program, VariantAdapter model) {
        List<ScenarioLine> lines = new ArrayList<>();
        for (int i = 0; i < program.size(); i++) {
            lines.add(new ScenarioLine(i + 1, program.get(i), org.kvmlab.conformance.scenario.Expectation.ANY_SUCCESS));
        }
        ScenarioSession session = new ScenarioSession(model, new Scenario("program", lines));
        List<Outcome> results = new ArrayList<>();
        for (Command command : program) {
            results.add(session.run(command));
        }
        return results;
    }

    /**
     * The reference model's address-space mode standing in for a design with address spaces: what
     * such a design must do, declaring these rules.
     */
    static final class ReferenceModelDeclaring implements VariantAdapter, DeclaresDifferences {
        private final VariantAdapter model = ReferenceAdapter.addressSpaces();

        @Override
        public String name() {
            return "address-spaces";
        }

        @Override
        public GuestVm createVm(int userMemSlots, InstallHook hook) {
            return model.createVm(userMemSlots, hook);
        }

        @Override
        public List<DifferenceRule> declaredDifferences() {
            return AddressSpacesDifferences.RULES;
        }

        @Override
        public List<String> declaredCorpus() {
            return AddressSpacesDifferences.DECLARED_CORPUS;
        }
    }
}
