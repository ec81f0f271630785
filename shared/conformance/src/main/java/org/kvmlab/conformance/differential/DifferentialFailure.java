package org.kvmlab.conformance.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Ctx;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.conformance.scenario.ScenarioSession;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.Memslots;

/**
 * A design's disagreement with the reference model, minimised: the smallest program that still
 * disagrees, written as a scenario file whose lines expect what the reference gives, so that
 * {@code kvmlab scenario --variant NAME} on it shows the failing line.
 *
 * @param design     the design's name
 * @param seed       the seed of the run that found it
 * @param divergence where the minimised program disagrees
 * @param commands   how many commands the minimised program has
 * @param scenario   the minimised program as scenario text, with lines that check the final state
 */
public record DifferentialFailure(String design, long seed, Divergence divergence, int commands, String scenario) {

    /** Minimises {@code program}, which disagrees, and describes what is left. */
    public static DifferentialFailure of(List<Command> program, VariantAdapter design, VariantAdapter reference,
                                         long seed) {
        List<Command> minimal = Minimiser.minimise(program,
                candidate -> isRunnable(candidate, reference)
                        && DifferentialCheck.firstDivergence(candidate, design, reference) != null);
        Divergence divergence = DifferentialCheck.firstDivergence(minimal, design, reference);
        String header = "design " + design.name() + " disagrees with the reference model (seed " + seed + ")\n"
                + divergence + "\nminimised from " + program.size() + " to " + minimal.size() + " commands"
                + "; the lines after them check the final state";
        List<Command> replay = new ArrayList<>(minimal);
        replay.addAll(finalStateChecks(minimal, reference, divergence));
        return new DifferentialFailure(design.name(), seed, divergence, minimal.size(),
                ScenarioText.file(header, replay, referenceResults(replay, reference)));
    }

    /**
     * Lines that make the final state visible to the scenario runner: a VM-level read of each
     * guest page backed by the host page that differs, and the dirty log of every slot that logs
     * (and of the slot whose log differs).
     */
    private static List<Command> finalStateChecks(List<Command> program, VariantAdapter reference,
                                                  Divergence divergence) {
        ScenarioSession session = new ScenarioSession(reference, DifferentialCheck.asScenario(program));
        program.forEach(session::run);
        Memslots slots = session.vm().kvm().memslots(0);
        List<Command> checks = new ArrayList<>();
        long hostPage = divergence.hostPage();
        for (int i = 0; hostPage >= 0 && i < slots.usedSlots(); i++) {
            MemorySlot slot = slots.memslotAt(i);
            long first = slot.userspaceAddr();
            if (hostPage >= first && hostPage < first + slot.npages() * 4096) {
                checks.add(new Command.Read(Ctx.VM, slot.baseGfn() * 4096 + (hostPage - first), 4096));
            }
        }
        for (int id = 0; id < DifferentialCheck.SLOT_IDS; id++) {
            if (id == divergence.dirtySlot() || slots.idToMemslot(id).logsDirtyPages()) {
                checks.add(new Command.DirtyLog(id));
            }
        }
        return checks;
    }

    /**
     * A candidate counts only if it is a valid scenario file (no cache used before it is bound, no
     * page walk before CR3, ...): the minimised program must run as one.
     */
    private static boolean isRunnable(List<Command> candidate, VariantAdapter reference) {
        String text = ScenarioText.file("candidate", candidate, referenceResults(candidate, reference));
        return ScenarioParser.parse("candidate", text.getBytes(StandardCharsets.US_ASCII)) instanceof ParseResult.Parsed;
    }

    private static List<Outcome> referenceResults(List<Command> program, VariantAdapter reference) {
        ScenarioSession session = new ScenarioSession(reference, DifferentialCheck.asScenario(program));
        List<Outcome> results = new ArrayList<>();
        for (Command command : program) {
            results.add(session.run(command));
        }
        return results;
    }

    @Override
    public String toString() {
        return divergence + "\n" + scenario;
    }
}
