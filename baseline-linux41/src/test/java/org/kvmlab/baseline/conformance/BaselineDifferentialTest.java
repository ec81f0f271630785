package org.kvmlab.baseline.conformance;

import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.baseline.adapter.BaselineLinux41Design;
import org.kvmlab.conformance.DesignAdapter;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.differential.DifferentialCheck;
import org.kvmlab.conformance.differential.DifferentialFailure;
import org.kvmlab.conformance.differential.ProgramGenerator;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.suite.ConformanceSuite;
import org.kvmlab.core.memslot.MemslotFlags;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * The kit's differential property on the baseline, without SMRAM: the kit's random programs
 * (same seed, same size) with the SMRAM flag taken off every {@code region} line. With no slot
 * hidden from anyone, the flag designs' reference model answers every access, VM-level and
 * vCPU-level, page walks included, as Linux 4.1 did; the baseline must agree with it at every
 * step and in the final memory and dirty logs.
 */
class BaselineDifferentialTest {

    @Test
    void randomProgramsWithoutSmram_agreeWithTheReferenceModel() {
        VariantAdapter baseline = DesignAdapter.of(new BaselineLinux41Design());
        VariantAdapter reference = new ReferenceAdapter();
        qt().withFixedSeed(ConformanceSuite.PROPERTY_SEED)
                .withExamples(ConformanceSuite.PROPERTY_EXAMPLES)
                .withShrinkCycles(300)
                .forAll(programsWithoutSmram())
                .describedAs(p -> "\n" + DifferentialFailure.of(p, baseline, reference, ConformanceSuite.PROPERTY_SEED))
                .check(p -> DifferentialCheck.firstDivergence(p, baseline, reference) == null);
    }

    private static Gen<List<Command>> programsWithoutSmram() {
        return in -> withoutSmram(ProgramGenerator.generate((lo, hi) -> in.next(Constraint.between(lo, hi)),
                ConformanceSuite.PROPERTY_OPERATIONS));
    }

    /** The program with every region's SMRAM flag, word or bit 24, taken off. */
    static List<Command> withoutSmram(List<Command> program) {
        return program.stream().map(c -> c instanceof Command.Region r
                ? new Command.Region(r.slot(), r.gpa(), r.size(), r.hva(),
                        r.flags() & ~MemslotFlags.KVM_MEM_X86_SMRAM, false)
                : c).toList();
    }
}
