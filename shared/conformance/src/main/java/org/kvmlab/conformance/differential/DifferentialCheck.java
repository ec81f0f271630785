package org.kvmlab.conformance.differential;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.scenario.Canonical;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.conformance.scenario.Scenario;
import org.kvmlab.conformance.scenario.ScenarioLine;
import org.kvmlab.conformance.scenario.ScenarioSession;
import org.kvmlab.conformance.scenario.Expectation;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemslotsInvariants;

/**
 * Runs one program on a design and on the reference model side by side and finds the first
 * place they disagree: a command's result (a failed read's destination buffer included, an
 * error's message ignored), then the final state: every host page the program mapped, the dirty
 * log of every slot id, and the design's core invariants.
 */
public final class DifferentialCheck {
    /** The slot ids whose dirty logs are compared at the end. */
    static final int SLOT_IDS = 8;

    private DifferentialCheck() {}

    /** The first disagreement of {@code design} with {@code reference} on {@code program}, or null. */
    public static Divergence firstDivergence(List<Command> program, VariantAdapter design, VariantAdapter reference) {
        Scenario scenario = asScenario(program);
        ScenarioSession ours = new ScenarioSession(design, scenario);
        ScenarioSession theirs = new ScenarioSession(reference, scenario);
        for (int i = 0; i < program.size(); i++) {
            Outcome expected = theirs.run(program.get(i));
            Outcome actual = ours.run(program.get(i));
            if (!Outcome.sameResult(expected, actual)) {
                return new Divergence(i, ScenarioText.command(program.get(i)),
                        Canonical.compared(expected, actual), Canonical.compared(actual, expected));
            }
        }
        return finalStateDivergence(program.size(), theirs.vm(), ours.vm());
    }

    /** The program as a scenario whose lines expect nothing, numbered from 1. */
    static Scenario asScenario(List<Command> program) {
        List<ScenarioLine> lines = new java.util.ArrayList<>(program.size());
        for (int i = 0; i < program.size(); i++) {
            lines.add(new ScenarioLine(i + 1, program.get(i), Expectation.ANY_SUCCESS));
        }
        return new Scenario("generated", lines);
    }

    private static Divergence finalStateDivergence(int step, GuestVm reference, GuestVm design) {
        byte[] expected = new byte[4096];
        byte[] actual = new byte[4096];
        for (int page = 0; page < ProgramGenerator.HOST_PAGES; page++) {
            long hva = ProgramGenerator.HVA + page * 4096L;
            Arrays.fill(expected, (byte) 0);
            Arrays.fill(actual, (byte) 0);
            long missingRef = reference.kvm().mm().copyFromUser(MemorySegment.ofArray(expected), 0, hva, 4096);
            long missingOurs = design.kvm().mm().copyFromUser(MemorySegment.ofArray(actual), 0, hva, 4096);
            if (missingRef != missingOurs || !Arrays.equals(expected, actual)) {
                int at = Arrays.mismatch(expected, actual);
                return new Divergence(step, "host page " + Canonical.number(hva) + " at the end",
                        excerpt(expected, at), excerpt(actual, at), hva, -1);
            }
        }
        for (int slot = 0; slot < SLOT_IDS; slot++) {
            String expectedLog = dirtyLog(reference.getDirtyLog(slot));
            String actualLog = dirtyLog(design.getDirtyLog(slot));
            if (!expectedLog.equals(actualLog)) {
                return new Divergence(step, "dirty log of slot " + slot + " at the end", expectedLog, actualLog, -1, slot);
            }
        }
        for (int as = 0; as < design.kvm().config().addressSpaceNum(); as++) {
            List<String> broken = MemslotsInvariants.violations(design.kvm().memslots(as));
            if (!broken.isEmpty()) {
                return new Divergence(step, "core invariants of address space " + as, "none broken", broken.toString());
            }
        }
        return null;
    }

    private static String dirtyLog(DirtyLogResult result) {
        return switch (result) {
            case DirtyLogResult.Collected c -> "ok " + Arrays.toString(c.dirtyPages());
            case DirtyLogResult.Failed f -> Canonical.errno(-f.errno());
        };
    }

    private static String excerpt(byte[] page, int at) {
        int from = Math.max(0, at);
        return "0x" + Integer.toHexString(from) + ": "
                + HexFormat.of().formatHex(page, from, Math.min(page.length, from + 16));
    }
}
