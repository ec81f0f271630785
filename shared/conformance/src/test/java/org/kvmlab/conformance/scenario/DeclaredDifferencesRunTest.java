package org.kvmlab.conformance.scenario;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.core.memslot.InstallHook;

/**
 * The runner's three-way judgement of a design that declares differences (SCENARIOS.md section
 * 6, rules 1 to 3), on the kit's own test design: the reference model's address-space mode, as
 * it is or with one accessor tampered, declaring two small rules of its own. The design with
 * address spaces exercises the same code with its real rules in its own module; these tests
 * pin each rule of the judgement where the kit itself can see it.
 */
@Tag("scenario")
class DeclaredDifferencesRunTest {
    /**
     * Normal RAM at gfn 0-1 and SMRAM at gfn 2; vCPU 0 outside SMM, vCPU 1 in it. With address
     * spaces a VM-level access uses address space 0 and misses the SMRAM, which the flag designs'
     * VM-level lookup finds: every VM-level line about gfn 2 differs between the modes.
     */
    private static final String SET_UP = """
            mmap 0x7f0000000000 0x3000 rw
            region 0 0 0x2000 0x7f0000000000 log_dirty
            region 1 0x2000 0x1000 0x7f0000002000 smram
            vcpu 0
            vcpu 1 smm
            """;

    /** Covers VM-level reads. */
    private static final DifferenceRule VM_READS = new DifferenceRule("vm-reads", "VM-level reads use address space 0",
            (line, flag, cache) -> line instanceof Command.Read(Ctx.Vm _, long gpa, int len));

    /** Covers VM-level caches: their set-up, and reads and writes through them. */
    private static final DifferenceRule VM_CACHES = new DifferenceRule("vm-caches",
            "VM-level caches use address space 0",
            (line, flag, cache) -> switch (line) {
                case Command.Cache(String name, Ctx.Vm _, long gpa, int len) -> true;
                case Command.ReadCached _, Command.WriteCached _ -> cache != null && cache.ctx() instanceof Ctx.Vm;
                default -> false;
            });

    /** Covers every line; listed after another rule, it shows that the first rule that covers names the line. */
    private static final DifferenceRule ANY_LINE = new DifferenceRule("any-line", "covers everything",
            (line, flag, cache) -> true);

    /** The kit's test design: {@code model}'s VMs, declaring {@code rules}. */
    private record Declaring(VariantAdapter model, List<DifferenceRule> rules)
            implements VariantAdapter, DeclaresDifferences {
        @Override
        public String name() {
            return "spaces";
        }

        @Override
        public GuestVm createVm(int userMemSlots, InstallHook hook) {
            return model.createVm(userMemSlots, hook);
        }

        @Override
        public List<DifferenceRule> declaredDifferences() {
            return rules;
        }
    }

    private static final VariantAdapter SPACES = new Declaring(ReferenceAdapter.addressSpaces(), List.of(VM_READS));

    private static FileRun run(String lines, VariantAdapter design) {
        ParseResult parsed = ScenarioParser.parse("t.scn", (SET_UP + lines).getBytes(US_ASCII));
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
        return ScenarioRunner.run(((ParseResult.Parsed) parsed).scenario(), design);
    }

    // ---- SCENARIOS.md section 6, rule 1: declared lines ----------------------------------------

    @Test
    void aCoveredLineWhereTheDesignAgreesWithAddressSpaces_isDeclaredUnderItsRule() {
        FileRun run = run("read vm 0x2000 1 => ok 00\n", SPACES);
        assertThat(run.printedLines()).containsExactly(
                "t.scn:6: variant spaces: declared (vm-reads): flag designs ok 00, this design EFAULT 00");
        assertThat(run.failures()).isEmpty();
        assertThat(run.declared()).hasSize(1);
        assertThat(run.declared().get(0).rule()).isEqualTo("vm-reads");
        assertThat(run.tally().summary()).isEqualTo("5 passed, 0 failed, 1 declared");
    }

    @Test
    void theFirstRuleThatCovers_namesTheLine() {
        FileRun run = run("read vm 0x2000 1 => ok 00\n",
                new Declaring(ReferenceAdapter.addressSpaces(), List.of(VM_READS, ANY_LINE)));
        assertThat(run.declared().get(0).rule()).isEqualTo("vm-reads");
        run = run("read vm 0x2000 1 => ok 00\n",
                new Declaring(ReferenceAdapter.addressSpaces(), List.of(ANY_LINE, VM_READS)));
        assertThat(run.declared().get(0).rule()).isEqualTo("any-line");
    }

    @Test
    void aCachedLine_isCoveredThroughTheCacheLineThatBoundItsName() {
        FileRun run = run("""
                cache c vm 0x2000 1
                readcached c 1 => ok 00
                writecached c 01
                cache d vcpu1 0x2000 1
                readcached d 1 => ok 00
                """, new Declaring(ReferenceAdapter.addressSpaces(), List.of(VM_CACHES)));
        assertThat(run.printedLines()).containsExactly(
                "t.scn:6: variant spaces: declared (vm-caches): flag designs ok, this design EFAULT",
                "t.scn:7: variant spaces: declared (vm-caches): flag designs ok 00, this design EFAULT",
                "t.scn:8: variant spaces: declared (vm-caches): flag designs ok, this design EFAULT",
                // vCPU 1's cache is no VM-level cache: what the VM-level write left in SMRAM for the
                // flag designs is an uncovered consequence of line 8
                "t.scn:10: variant spaces: declared (cascade): flag designs ok 01, this design ok 00").inOrder();
        assertThat(run.tally().summary()).isEqualTo("6 passed, 0 failed, 4 declared");
    }

    @Test
    void aCoveredLineWhereTheDesignDisagreesWithAddressSpaces_isJudgedByItsExpectation() {
        // The rule covers the line and the modes differ, but the design gives neither mode's answer:
        // a rule never hides a design's own mistake.
        VariantAdapter wrong = new Declaring(new TamperedAdapter("wrong", ReferenceAdapter.addressSpaces(),
                Map.of("readGuest", args -> -22)), List.of(VM_READS));
        FileRun run = run("read vm 0x2000 1 => ok 00\n", wrong);
        assertThat(run.printedLines()).containsExactly("t.scn:6: variant spaces: expected ok 00, got EINVAL");
        assertThat(run.tally().summary()).isEqualTo("5 passed, 1 failed");
    }

    // ---- SCENARIOS.md section 6, rule 2: before and after the first declared line ------------------

    @Test
    void beforeTheFirstDeclaredLine_linesAreJudgedByTheirExpectation() {
        FileRun run = run("""
                read vcpu1 0x2000 1 => ok 01
                hva vm 2 => hva 0x7f0000002000
                read vm 0x2000 1 => ok 00
                """, SPACES);
        // Line 6 agrees with both modes but not with its expectation; line 7 is a difference no rule
        // covers, so before any declared line it fails as written for the flag designs.
        assertThat(run.printedLines()).containsExactly(
                "t.scn:6: variant spaces: expected ok 01, got ok 00",
                "t.scn:7: variant spaces: expected hva 0x7f0000002000, got bad",
                "t.scn:8: variant spaces: declared (vm-reads): flag designs ok 00, this design EFAULT 00").inOrder();
        assertThat(run.tally().summary()).isEqualTo("5 passed, 2 failed, 1 declared");
    }

    @Test
    void afterTheFirstDeclaredLine_linesAreComparedWithAddressSpaces_andUncoveredDifferencesCascade() {
        FileRun run = run("""
                read vm 0x2000 1 => ok 00
                read vcpu1 0x2000 1 => ok 01
                hva vm 2 => hva 0x7f0000002000
                read vm 0x2000 2 => ok 0000
                """, SPACES);
        // Line 7's expectation is wrong, but the design agrees with both modes: from the first
        // declared line on, that passes. Line 8 is a new, uncovered difference: a cascade.
        assertThat(run.printedLines()).containsExactly(
                "t.scn:6: variant spaces: declared (vm-reads): flag designs ok 00, this design EFAULT 00",
                "t.scn:8: variant spaces: declared (cascade): flag designs hva 0x7f0000002000, this design bad",
                "t.scn:9: variant spaces: declared (vm-reads): flag designs ok 0000, this design EFAULT 0000")
                .inOrder();
        assertThat(run.declared().stream().map(LineVerdict::rule).toList())
                .containsExactly("vm-reads", "cascade", "vm-reads").inOrder();
        assertThat(run.tally().summary()).isEqualTo("6 passed, 0 failed, 3 declared");
    }

    // ---- SCENARIOS.md section 6, rule 3: failures ------------------------------------------------

    @Test
    void afterTheFirstDeclaredLine_aDesignThatDisagreesWithAddressSpaces_failsAgainstIt() {
        VariantAdapter wrong = new Declaring(new TamperedAdapter("wrong", ReferenceAdapter.addressSpaces(),
                Map.of("gfnToHva", args -> 0x1234000L)), List.of(VM_READS));
        FileRun run = run("""
                read vm 0x2000 1 => ok 00
                hva vcpu1 2 => hva 0x7f0000002000
                hva vcpu1 1 => hva 0x7f0000005000
                """, wrong);
        // Both hva lines are compared with the address-space mode, whatever their expectation says.
        assertThat(run.printedLines()).containsExactly(
                "t.scn:6: variant spaces: declared (vm-reads): flag designs ok 00, this design EFAULT 00",
                "t.scn:7: variant spaces: expected hva 0x7f0000002000, got hva 0x1234000",
                "t.scn:8: variant spaces: expected hva 0x7f0000001000, got hva 0x1234000").inOrder();
        assertThat(run.failures().stream().map(v -> v.line().number()).toList()).containsExactly(7, 8).inOrder();
        assertThat(run.tally().summary()).isEqualTo("5 passed, 2 failed, 1 declared");
    }

    @Test
    void aDesignThatDeclaresNothing_isJudgedByExpectationsAlone() {
        FileRun run = run("read vm 0x2000 1 => ok 00\n", ReferenceAdapter.addressSpaces());
        assertThat(run.printedLines())
                .containsExactly("t.scn:6: variant reference-address-spaces: expected ok 00, got EFAULT");
    }

    // ---- what two results are equal means -------------------------------------------------------

    @Test
    void sameResult_ignoresHostErrorMessages_andACrashEqualsNothing() {
        Throwable thrown = new IllegalStateException("boom");
        assertThat(Outcome.sameResult(new Outcome.HostError("gpa is 1"), new Outcome.HostError("len is 2"))).isTrue();
        assertThat(Outcome.sameResult(new Outcome.Crashed(thrown), new Outcome.Crashed(thrown))).isFalse();
        assertThat(Outcome.sameResult(new Outcome.Crashed(thrown), Outcome.OK)).isFalse();
        assertThat(Outcome.sameResult(Outcome.OK, new Outcome.Crashed(thrown))).isFalse();
        assertThat(Outcome.sameResult(new Outcome.HostError("x"), new Outcome.Errno(22))).isFalse();
        assertThat(Outcome.sameResult(new Outcome.Errno(22), new Outcome.HostError("x"))).isFalse();
        assertThat(Outcome.sameResult(new Outcome.Errno(14), new Outcome.Errno(14))).isTrue();
        assertThat(Outcome.sameResult(new Outcome.Errno(14), new Outcome.Errno(22))).isFalse();
        assertThat(Outcome.sameResult(new Outcome.ReadFault(Data.of(new byte[] {1})),
                new Outcome.ReadFault(Data.of(new byte[] {0})))).isFalse();
    }
}
