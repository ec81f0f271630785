package org.kvmlab.conformance.differential;

import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.conformance.suite.SlotChurnStress;

/**
 * The differential test and the slot-churn stress at a size the build cannot afford: programs
 * from one seeded generator until a number of commands or a time limit is reached, with a
 * progress line; on the first disagreement, the minimised program as a scenario file.
 */
public final class Soak {
    /** Commands per generated program (after its set-up). */
    static final int PROGRAM_OPERATIONS = 200;

    private final long operations;
    private final long nanos;
    private final long seed;
    private final int stressVcpus;
    private final long stressMillis;
    private final PrintStream out;
    private final PrintStream progress;

    /**
     * @param operations   commands to run per design (the soak stops at whichever limit comes first)
     * @param seconds      time per design, 0 for no limit
     * @param seed         the generator's seed
     * @param stressMillis how long the slot-churn stress runs per design
     * @param out          where results and a failing scenario go
     * @param progress     where the progress line goes
     */
    public Soak(long operations, long seconds, long seed, int stressVcpus, long stressMillis, PrintStream out,
                PrintStream progress) {
        if (operations < 1 || seconds < 0 || stressVcpus < 1 || stressMillis < 0) {
            throw new IllegalArgumentException("operations " + operations + ", seconds " + seconds + ", vCPUs "
                    + stressVcpus + ", stress " + stressMillis + " ms: out of range");
        }
        this.operations = operations;
        this.nanos = seconds == 0 ? Long.MAX_VALUE : seconds * 1_000_000_000L;
        this.seed = seed;
        this.stressVcpus = stressVcpus;
        this.stressMillis = stressMillis;
        this.out = out;
        this.progress = progress;
    }

    /** Soaks each design in turn; returns 0 when all agree with the reference, else 1. */
    public int run(List<VariantAdapter> designs) throws InterruptedException {
        for (VariantAdapter design : designs) {
            // A design with Linux 4.2's contract must agree with the address-space model exactly.
            VariantAdapter reference = design instanceof DeclaresDifferences
                    ? ReferenceAdapter.addressSpaces() : new ReferenceAdapter();
            if (!differential(design, reference) || !stress(design)) {
                return 1;
            }
        }
        return 0;
    }

    private boolean differential(VariantAdapter design, VariantAdapter reference) {
        Random random = new Random(seed);
        long start = System.nanoTime();
        long lastReport = start;
        long done = 0;
        long programs = 0;
        while (done < operations && System.nanoTime() - start < nanos) {
            List<Command> program = ProgramGenerator.generate(Choices.of(random), PROGRAM_OPERATIONS);
            programs++;
            if (DifferentialCheck.firstDivergence(program, design, reference) != null) {
                progress.println();
                DifferentialFailure failure = DifferentialFailure.of(program, design, reference, seed);
                out.println(design.name() + ": disagrees with the reference model in program " + programs
                        + " of seed " + seed + " (" + failure.divergence() + ")");
                out.println("minimised failing sequence, as a scenario file:");
                out.print(failure.scenario());
                return false;
            }
            done += program.size();
            long now = System.nanoTime();
            if (now - lastReport > 1_000_000_000L) {
                lastReport = now;
                progress.print("\r" + line(design, done, programs, now - start));
                progress.flush();
            }
        }
        long elapsed = System.nanoTime() - start;
        progress.print("\r" + line(design, done, programs, elapsed));
        progress.println();
        out.println(design.name() + ": " + done + " operations in " + programs + " programs agree with the reference ("
                + rate(done, elapsed) + " ops/s, seed " + seed + ")");
        return true;
    }

    private boolean stress(VariantAdapter design) throws InterruptedException {
        if (stressMillis == 0) {
            return true;
        }
        SlotChurnStress.Outcome outcome = new SlotChurnStress(design.createVm(509), stressVcpus, stressMillis).run();
        String what = design.name() + ": slot churn under " + stressVcpus + " vCPU threads, " + outcome.cycles()
                + " cycles in " + outcome.elapsedMillis() + " ms" + (outcome.cycles() == SlotChurnStress.MAX_CYCLES
                ? " (the cycle limit, before the " + stressMillis + " ms asked for)" : "");
        if (!outcome.problems().isEmpty()) {
            out.println(what + ": failed:");
            outcome.problems().forEach(p -> out.println("  " + p));
            return false;
        }
        out.println(what + ": no exception, no write through a deleted slot, no split write");
        return true;
    }

    private String line(VariantAdapter design, long done, long programs, long elapsed) {
        String share = operations == Long.MAX_VALUE ? "" : " (" + (100 * done / operations) + "%)";
        return "soak " + design.name() + ": " + done + " operations" + share + ", " + programs + " programs, "
                + rate(done, elapsed) + " ops/s, seed " + seed;
    }

    private static long rate(long done, long elapsedNanos) {
        return elapsedNanos == 0 ? 0 : done * 1_000_000_000L / elapsedNanos;
    }
}
