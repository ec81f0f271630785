package org.kvmlab.conformance.power;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kvmlab.conformance.differential.Choices;
import org.kvmlab.conformance.differential.DifferentialCheck;
import org.kvmlab.conformance.differential.DifferentialFailure;
import org.kvmlab.conformance.differential.ProgramGenerator;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.ScenarioCommand;
import org.kvmlab.conformance.scenario.ScenarioFiles;

/**
 * The differential property on its own finds every broken design within the suite's example
 * budget, and the minimised failure it prints is a scenario file that fails on the broken design
 * when run again.
 */
@Tag("property")
class DifferentialPowerTest {

    @ParameterizedTest
    @EnumSource(BrokenDesign.class)
    void randomPrograms_findTheBrokenDesign_andPrintAReplayableScenario(BrokenDesign broken) throws Exception {
        ReferenceAdapter reference = new ReferenceAdapter();
        Random random = new Random(42);
        List<Command> failing = null;
        int tried = 0;
        while (failing == null && tried < 1000) {
            List<Command> program = ProgramGenerator.generate(Choices.of(random), 100);
            tried++;
            if (DifferentialCheck.firstDivergence(program, broken, reference) != null) {
                failing = program;
            }
        }
        assertWithMessage("programs tried before %s was found", broken).that(failing).isNotNull();

        DifferentialFailure failure = DifferentialFailure.of(failing, broken, reference, 42);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("minimised-", ".scn");
        java.nio.file.Files.writeString(file, failure.scenario());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int onReference = ScenarioCommand.runFiles(
                ScenarioFiles.expand(List.of(file.toString())), List.of(reference),
                new java.io.PrintStream(out, true), System.err);
        int onBroken = ScenarioCommand.runFiles(
                ScenarioFiles.expand(List.of(file.toString())), List.of(broken),
                new java.io.PrintStream(out, true), System.err);
        assertWithMessage("the minimised scenario:\n%s\noutput:\n%s", failure.scenario(), out)
                .that(List.of(onReference, onBroken)).containsExactly(0, 1).inOrder();
        assertWithMessage("the minimised scenario:\n%s", failure.scenario()).that(failure.commands()).isAtMost(10);
    }
}
