package org.kvmlab.conformance.suite;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.kvmlab.conformance.suite.Fixture.HVA;
import static org.kvmlab.conformance.suite.Fixture.LOG;
import static org.kvmlab.conformance.suite.Fixture.NONE;
import static org.kvmlab.conformance.suite.Fixture.RO;
import static org.kvmlab.conformance.suite.Fixture.SMRAM;
import static org.kvmlab.conformance.suite.Fixture.buffer;
import static org.kvmlab.conformance.suite.Fixture.bytes;
import static org.kvmlab.conformance.suite.Fixture.contents;
import static org.kvmlab.conformance.suite.Fixture.filled;
import static org.kvmlab.conformance.suite.Fixture.repeat;
import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_BAD;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_RO_BAD;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.differential.DifferentialCheck;
import org.kvmlab.conformance.differential.DifferentialFailure;
import org.kvmlab.conformance.differential.ProgramGenerator;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.conformance.scenario.FileRun;
import org.kvmlab.conformance.scenario.ParseResult;
import org.kvmlab.conformance.scenario.ScenarioParser;
import org.kvmlab.conformance.scenario.ScenarioRunner;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemslotsInvariants;

/**
 * The conformance suite every design runs: a variant's test class extends it and names its
 * adapter, nothing more. Each nested class checks one rule of DESIGN.md section 5 and carries that
 * rule's tag, so that the review can report a verdict per rule. After every test the suite checks
 * the core invariants of every VM the test made (sorted memslot array consistent with its id
 * index, even generation, dirty bitmaps only where slots log).
 */
public abstract class ConformanceSuite {
    /** The differential properties' seed: fixed, so that a failing run can be repeated. */
    public static final long PROPERTY_SEED = 0x5eed_2015L;
    /** How many random programs each run checks. */
    public static final int PROPERTY_EXAMPLES = 500;
    /** How many random commands follow each program's set-up. */
    public static final int PROPERTY_OPERATIONS = 100;
    private static final int PROPERTY_SHRINK_CYCLES = 300;

    private final VariantAdapter adapter;
    private final List<GuestVm> vms = new ArrayList<>();

    /** The suite for one design. */
    protected ConformanceSuite(VariantAdapter adapter) {
        if (adapter == null) {
            throw new IllegalArgumentException("adapter is null");
        }
        this.adapter = adapter;
    }

    /** The design under test. */
    protected final VariantAdapter adapter() {
        return adapter;
    }

    /**
     * Whether the design keeps Linux 4.2's contract (address spaces) rather than the 2015 flag-based
     * one: a VM-level access then uses address space 0, which holds no SMRAM (DESIGN.md rule 5).
     */
    protected final boolean hasAddressSpaces() {
        return adapter instanceof DeclaresDifferences;
    }

    /** The reference model the design must agree with exactly. */
    protected final VariantAdapter referenceModel() {
        return hasAddressSpaces() ? ReferenceAdapter.addressSpaces() : new ReferenceAdapter();
    }

    /** A fresh VM of the design, with 509 user slots, whose invariants are checked after the test. */
    protected final Fixture newVm() {
        GuestVm vm = adapter.createVm(509);
        vms.add(vm);
        return new Fixture(vm);
    }

    @AfterEach
    final void checkCoreInvariants() {
        for (GuestVm vm : vms) {
            for (int as = 0; as < vm.kvm().config().addressSpaceNum(); as++) {
                assertWithMessage("core invariants of address space %s", as)
                        .that(MemslotsInvariants.violations(vm.kvm().memslots(as))).isEmpty();
            }
        }
    }

    /** DESIGN.md rule 1: Linux 4.1 semantics, quirks included. */
    @Nested
    @Tag("rule-1")
    @DisplayName("rule 1: Linux 4.1 semantics")
    class Linux41Semantics {

        @Test
        void readGuest_withinPage_readsWhatWasWritten() {
            Fixture f = newVm().map(0, 0x4000).slot(0, 0, 0x4000, 0, NONE);
            assertThat(f.vm().writeGuest(null, 0x10, bytes(1, 2, 3, 4), 0, 4)).isEqualTo(0);
            assertThat(f.peek(0x10, 4)).isEqualTo(new byte[] {1, 2, 3, 4});
        }

        @Test
        void readGuest_acrossAdjacentSlots_readsBoth() {
            // The slots' host pages are in the opposite order, so a byte past a page edge shows.
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x1000, 0x1000, NONE).slot(1, 0x1000, 0x1000, 0, NONE);
            assertThat(f.vm().writeGuest(null, 0xffe, bytes(9, 8, 7, 6), 0, 4)).isEqualTo(0);
            assertThat(f.peek(0xffe, 4)).isEqualTo(new byte[] {9, 8, 7, 6});
        }

        @Test
        void readGuest_acrossHole_failsAndLeavesEarlierPagesRead() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            f.vm().writeGuest(null, 0xffe, bytes(0xaa, 0xbb), 0, 2);
            MemorySegment dst = buffer(4);
            assertThat(f.vm().readGuest(null, 0xffe, dst, 0, 4)).isEqualTo(-EFAULT);
            assertThat(contents(dst)).isEqualTo(new byte[] {(byte) 0xaa, (byte) 0xbb, 0, 0});
        }

        @Test
        void writeGuest_acrossHole_leavesEarlierPagesWrittenAndDirty() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, LOG);
            assertThat(f.vm().writeGuest(null, 0xfff, bytes(1, 2), 0, 2)).isEqualTo(-EFAULT);
            assertThat(f.peek(0xfff, 1)).isEqualTo(new byte[] {1});
            assertThat(dirtyPages(f, 0)).asList().containsExactly(0L);
        }

        @Test
        void readGuest_zeroLengthAtUnbackedGpa_succeedsWithoutLookup() {
            Fixture f = newVm();
            assertThat(f.vm().readGuest(null, 0x123456000L, buffer(0), 0, 0)).isEqualTo(0);
        }

        @Test
        void readGuest_unmappedHostPage_isEfault() {
            Fixture f = newVm().slot(0, 0, 0x1000, 0, NONE);
            assertThat(f.vm().readGuest(null, 0, buffer(8), 0, 8)).isEqualTo(-EFAULT);
        }

        @Test
        void writeGuest_protectedHostPageAfterRegistration_isEfault() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            assertThat(f.vm().mprotect(HVA, 0x1000, Prot.RO)).isEqualTo(0);
            assertThat(f.vm().writeGuest(null, 0, bytes(1), 0, 1)).isEqualTo(-EFAULT);
            assertThat(f.vm().readGuest(null, 0, buffer(1), 0, 1)).isEqualTo(0);
        }

        @Test
        void readOnlySlot_readsButRefusesWrites() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, RO);
            assertThat(f.vm().readGuest(null, 0, buffer(4), 0, 4)).isEqualTo(0);
            assertThat(f.vm().writeGuest(null, 0, bytes(1), 0, 1)).isEqualTo(-EFAULT);
            assertThat(f.vm().clearGuest(null, 0, 1)).isEqualTo(-EFAULT);
        }

        @Test
        void gfnToHva_hasWriteIntent_readOnlySlotGivesRoBad() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, RO);
            assertThat(f.vm().gfnToHva(null, 0)).isEqualTo(KVM_HVA_ERR_RO_BAD);
            Writable writable = new Writable();
            assertThat(f.vm().gfnToHvaProt(null, 0, writable)).isEqualTo(HVA);
            assertThat(writable.get()).isFalse();
        }

        @Test
        void gfnToHva_noSlot_isBad() {
            Fixture f = newVm();
            assertThat(f.vm().gfnToHva(null, 5)).isEqualTo(KVM_HVA_ERR_BAD);
            assertThat(f.vm().gfnToHvaProt(null, 5, null)).isEqualTo(KVM_HVA_ERR_BAD);
            assertThat(f.vm().isVisibleGfn(null, 5)).isFalse();
            assertThat(f.vm().gfnToMemslot(null, 5)).isNull();
        }

        @Test
        void gfnToHva_slotEdges_mapPageByPage() {
            Fixture f = newVm().map(0, 0x3000).slot(3, 0x10000, 0x3000, 0, NONE);
            assertThat(f.vm().gfnToHva(null, 0x10)).isEqualTo(HVA);
            assertThat(f.vm().gfnToHva(null, 0x12)).isEqualTo(HVA + 0x2000);
            assertThat(f.vm().gfnToHva(null, 0x13)).isEqualTo(KVM_HVA_ERR_BAD);
            assertThat(f.vm().gfnToHva(null, 0xf)).isEqualTo(KVM_HVA_ERR_BAD);
            assertThat(f.vm().gfnToMemslot(null, 0x12).id()).isEqualTo(3);
        }

        @Test
        void writes_markPagesDirty_readsDoNot() {
            Fixture f = newVm().map(0, 0x4000).slot(0, 0, 0x4000, 0, LOG);
            f.vm().readGuest(null, 0, buffer(0x4000), 0, 0x4000);
            assertThat(dirtyPages(f, 0)).isEmpty();
            f.vm().writeGuest(null, 0x1ffe, bytes(1, 2, 3), 0, 3);
            f.vm().writeGuestPage(null, 3, bytes(1), 0, 5, 1);
            assertThat(dirtyPages(f, 0)).asList().containsExactly(1L, 2L, 3L).inOrder();
            assertThat(dirtyPages(f, 0)).isEmpty();
        }

        @Test
        void clearGuestPage_zeroLength_stillMarksItsPageDirty() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x2000, 0, LOG);
            assertThat(f.vm().clearGuestPage(null, 1, 0, 0)).isEqualTo(0);
            assertThat(dirtyPages(f, 0)).asList().containsExactly(1L);
        }

        @Test
        void clearGuest_zeroesAcrossPages() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x2000, 0, NONE);
            f.vm().writeGuest(null, 0, filled(0x2000, 0x5a), 0, 0x2000);
            assertThat(f.vm().clearGuest(null, 0xff0, 0x20)).isEqualTo(0);
            assertThat(f.peek(0xfef, 0x22)).isEqualTo(concat(repeat(1, 0x5a), repeat(0x20, 0), repeat(1, 0x5a)));
        }

        @Test
        void markPageDirty_setsTheBitOfALoggingSlotOnly() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x1000, 0, LOG).slot(1, 0x1000, 0x1000, 0x1000, NONE);
            f.vm().markPageDirty(null, 0);
            f.vm().markPageDirty(null, 1);
            f.vm().markPageDirty(null, 7);
            assertThat(dirtyPages(f, 0)).asList().containsExactly(0L);
        }

        @Test
        void readGuestAtomic_withinPage_reads() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            f.vm().writeGuest(null, 0xff8, filled(8, 0x11), 0, 8);
            MemorySegment dst = buffer(8);
            assertThat(f.vm().readGuestAtomic(null, 0xff8, dst, 0, 8)).isEqualTo(0);
            assertThat(contents(dst)).isEqualTo(repeat(8, 0x11));
        }

        @Test
        void readGuest_atTopOfGuestAddressSpace_endsExactlyAt2to64() {
            Fixture f = newVm();
            assertThat(f.vm().readGuest(null, -4L, buffer(4), 0, 4)).isEqualTo(-EFAULT);
        }

        @Test
        void cacheInit_singlePage_takesFastPathAndReadsWrites() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x2000, 0, LOG);
            GfnToHvaCache ghc = f.vm().newCache(null);
            assertThat(f.vm().gfnToHvaCacheInit(null, ghc, 0x1010, 8)).isEqualTo(0);
            assertThat(f.vm().writeGuestCached(null, ghc, filled(8, 0x42), 0, 8)).isEqualTo(0);
            assertThat(f.peek(0x1010, 8)).isEqualTo(repeat(8, 0x42));
            MemorySegment dst = buffer(8);
            assertThat(f.vm().readGuestCached(null, ghc, dst, 0, 8)).isEqualTo(0);
            assertThat(contents(dst)).isEqualTo(repeat(8, 0x42));
            assertThat(dirtyPages(f, 0)).asList().containsExactly(1L);
        }

        @Test
        void cacheInit_crossPage_verifiesEveryPage() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            assertThat(f.vm().gfnToHvaCacheInit(null, f.vm().newCache(null), 0xff0, 0x20)).isEqualTo(-EFAULT);
            f.slot(1, 0x1000, 0x1000, 0x1000, NONE);
            assertThat(f.vm().gfnToHvaCacheInit(null, f.vm().newCache(null), 0xff0, 0x20)).isEqualTo(0);
        }

        @Test
        void cacheInit_readOnlySlot_failsBecauseInitHasWriteIntent() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, RO);
            GfnToHvaCache ghc = f.vm().newCache(null);
            assertThat(f.vm().gfnToHvaCacheInit(null, ghc, 0, 8)).isEqualTo(-EFAULT);
            assertThat(f.vm().readGuestCached(null, ghc, buffer(8), 0, 8)).isEqualTo(-EFAULT);
        }

        @Test
        void cachedAccess_afterMemslotChange_reinitialises() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x1000, 0, NONE);
            GfnToHvaCache ghc = f.vm().newCache(null);
            assertThat(f.vm().gfnToHvaCacheInit(null, ghc, 0x8, 4)).isEqualTo(0);
            f.deleteSlot(0).slot(0, 0, 0x1000, 0x1000, NONE);
            f.vm().writeGuest(null, 0x8, bytes(4, 3, 2, 1), 0, 4);
            MemorySegment dst = buffer(4);
            assertThat(f.vm().readGuestCached(null, ghc, dst, 0, 4)).isEqualTo(0);
            assertThat(contents(dst)).isEqualTo(new byte[] {4, 3, 2, 1});
        }

        @Test
        void cachedAccess_afterSlotDeleted_isEfault() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            GfnToHvaCache ghc = f.vm().newCache(null);
            assertThat(f.vm().gfnToHvaCacheInit(null, ghc, 0, 4)).isEqualTo(0);
            f.deleteSlot(0);
            assertThat(f.vm().writeGuestCached(null, ghc, bytes(1, 2, 3, 4), 0, 4)).isEqualTo(-EFAULT);
        }

        @Test
        void cachedRead_zeroLengthOnSlowPath_isOk() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x2000, 0, NONE);
            GfnToHvaCache ghc = f.vm().newCache(null);
            assertThat(f.vm().gfnToHvaCacheInit(null, ghc, 0xff0, 0x20)).isEqualTo(0);
            f.vm().munmap(HVA, 0x2000);
            assertThat(f.vm().readGuestCached(null, ghc, buffer(0), 0, 0)).isEqualTo(0);
            assertThat(f.vm().readGuestCached(null, ghc, buffer(4), 0, 4)).isEqualTo(-EFAULT);
        }
    }

    /** DESIGN.md rule 2: SMRAM is visible to a vCPU only in SMM, and always at VM level. */
    @Nested
    @Tag("rule-2")
    @DisplayName("rule 2: SMRAM visibility")
    class SmramVisibility {

        /** Normal RAM at gfn 0, SMRAM at gfn 1 holding 5e c7, written from inside SMM. */
        private Fixture smramVm() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x1000, 0, NONE).slot(1, 0x1000, 0x1000, 0x1000, SMRAM);
            Vcpu writer = f.vcpuInSmm(9);
            assertThat(f.vm().writeGuest(writer, 0x1000, bytes(0x5e, 0xc7), 0, 2)).isEqualTo(0);
            writer.setSmm(false);
            return f;
        }

        @Test
        void vcpuOutsideSmm_seesNoSmram() {
            Fixture f = smramVm();
            Vcpu vcpu = f.vcpu(0);
            assertThat(f.vm().readGuest(vcpu, 0x1000, buffer(2), 0, 2)).isEqualTo(-EFAULT);
            assertThat(f.vm().writeGuest(vcpu, 0x1000, bytes(1), 0, 1)).isEqualTo(-EFAULT);
            assertThat(f.vm().gfnToMemslot(vcpu, 1)).isNull();
            assertThat(f.vm().isVisibleGfn(vcpu, 1)).isFalse();
            assertThat(f.vm().gfnToHva(vcpu, 1)).isEqualTo(KVM_HVA_ERR_BAD);
            assertThat(f.vm().gfnToHvaProt(vcpu, 1, null)).isEqualTo(KVM_HVA_ERR_BAD);
            assertThat(f.vm().readGuestPage(vcpu, 1, buffer(2), 0, 0, 2)).isEqualTo(-EFAULT);
            assertThat(f.vm().readGuestAtomic(vcpu, 0x1000, buffer(2), 0, 2)).isEqualTo(-EFAULT);
            assertThat(f.vm().clearGuestPage(vcpu, 1, 0, 2)).isEqualTo(-EFAULT);
            assertThat(f.peek(f.vcpuInSmm(9), 0x1000, 2)).isEqualTo(new byte[] {0x5e, (byte) 0xc7});
        }

        @Test
        void vcpuInSmm_seesSmram() {
            Fixture f = smramVm();
            Vcpu vcpu = f.vcpuInSmm(0);
            MemorySegment dst = buffer(2);
            assertThat(f.vm().readGuest(vcpu, 0x1000, dst, 0, 2)).isEqualTo(0);
            assertThat(contents(dst)).isEqualTo(new byte[] {0x5e, (byte) 0xc7});
            assertThat(f.vm().gfnToMemslot(vcpu, 1).id()).isEqualTo(1);
            assertThat(f.vm().isVisibleGfn(vcpu, 1)).isTrue();
            assertThat(f.vm().gfnToHva(vcpu, 1)).isEqualTo(HVA + 0x1000);
        }

        @Test
        void vcpuInSmm_stillSeesNormalRam() {
            Fixture f = smramVm();
            assertThat(f.vm().readGuest(f.vcpuInSmm(0), 0xffe, buffer(4), 0, 4)).isEqualTo(0);
        }

        /**
         * The flag-based designs have no vCPU to ask, so a VM-level access sees every slot; with
         * address spaces it uses address space 0, where SMRAM is not (the declared difference
         * {@code vm-as0}). Either way the design must do what its contract says.
         */
        @Test
        void vmLevelAccess_seesSmramOnlyWithoutAddressSpaces() {
            Fixture f = smramVm();
            if (hasAddressSpaces()) {
                assertThat(f.vm().gfnToMemslot(null, 1)).isNull();
                assertThat(f.vm().isVisibleGfn(null, 1)).isFalse();
                assertThat(f.vm().writeGuest(null, 0x1001, bytes(0x77), 0, 1)).isEqualTo(-EFAULT);
            } else {
                assertThat(f.vm().gfnToMemslot(null, 1).id()).isEqualTo(1);
                assertThat(f.vm().isVisibleGfn(null, 1)).isTrue();
                assertThat(f.vm().writeGuest(null, 0x1001, bytes(0x77), 0, 1)).isEqualTo(0);
            }
        }

        @Test
        void leavingSmm_hidesSmramAgain() {
            Fixture f = smramVm();
            Vcpu vcpu = f.vcpuInSmm(0);
            assertThat(f.vm().readGuest(vcpu, 0x1000, buffer(1), 0, 1)).isEqualTo(0);
            vcpu.setSmm(false);
            assertThat(f.vm().readGuest(vcpu, 0x1000, buffer(1), 0, 1)).isEqualTo(-EFAULT);
        }

        @Test
        void smmIsPerVcpu() {
            Fixture f = smramVm();
            f.vcpuInSmm(0);
            assertThat(f.vm().readGuest(f.vcpu(1), 0x1000, buffer(1), 0, 1)).isEqualTo(-EFAULT);
        }

        @Test
        void vcpuWrite_outsideSmm_acrossIntoSmram_stopsAtTheEdge() {
            Fixture f = smramVm();
            Vcpu vcpu = f.vcpu(0);
            assertThat(f.vm().writeGuest(vcpu, 0xffe, bytes(1, 2, 3, 4), 0, 4)).isEqualTo(-EFAULT);
            assertThat(f.peek(f.vcpuInSmm(9), 0xffe, 4)).isEqualTo(new byte[] {1, 2, 0x5e, (byte) 0xc7});
        }

        @Test
        void vcpuMarkPageDirty_outsideSmm_ignoresSmram() {
            Fixture f = newVm().map(0, 0x1000).slot(1, 0, 0x1000, 0, SMRAM | LOG);
            f.vm().markPageDirty(f.vcpu(0), 0);
            assertThat(dirtyPages(f, 1)).isEmpty();
            f.vm().markPageDirty(f.vcpuInSmm(0), 0);
            assertThat(dirtyPages(f, 1)).asList().containsExactly(0L);
        }

        /**
         * With the flag, turning normal RAM into SMRAM is a flags-only change that hides it outside
         * SMM. With address spaces there is no flag: the {@code smram} word addresses the SMM
         * space, where the slot's mirror already is, so normal mode keeps seeing the RAM (the
         * declared difference {@code smram-word-as1}).
         */
        @Test
        void togglingSmramFlag_changesVisibilityOnlyWithoutAddressSpaces() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            Vcpu vcpu = f.vcpu(0);
            assertThat(f.vm().isVisibleGfn(vcpu, 0)).isTrue();
            f.slot(0, 0, 0x1000, 0, SMRAM);
            assertThat(f.vm().isVisibleGfn(vcpu, 0)).isEqualTo(hasAddressSpaces());
            f.slot(0, 0, 0x1000, 0, NONE);
            assertThat(f.vm().isVisibleGfn(vcpu, 0)).isTrue();
        }
    }

    /** DESIGN.md rule 3: a vCPU-level cached access honours the SMM state at the time of the access. */
    @Nested
    @Tag("rule-3")
    @DisplayName("rule 3: no stale SMM view in caches")
    class NoStaleSmmView {

        @Test
        void cacheSetUpInSmm_neverReachesSmramAfterLeavingSmm() {
            Fixture f = newVm().map(0, 0x1000).slot(1, 0, 0x1000, 0, SMRAM | LOG);
            Vcpu vcpu = f.vcpuInSmm(0);
            GfnToHvaCache ghc = f.vm().newCache(vcpu);
            assertThat(f.vm().gfnToHvaCacheInit(vcpu, ghc, 0x10, 8)).isEqualTo(0);
            assertThat(f.vm().writeGuestCached(vcpu, ghc, filled(8, 1), 0, 8)).isEqualTo(0);
            vcpu.setSmm(false);
            assertThat(f.vm().writeGuestCached(vcpu, ghc, filled(8, 2), 0, 8)).isEqualTo(-EFAULT);
            assertThat(f.vm().readGuestCached(vcpu, ghc, buffer(8), 0, 8)).isEqualTo(-EFAULT);
            assertThat(f.peek(f.vcpuInSmm(9), 0x10, 8)).isEqualTo(repeat(8, 1));
        }

        @Test
        void cacheSetUpInSmm_worksAgainAfterReenteringSmm() {
            Fixture f = newVm().map(0, 0x1000).slot(1, 0, 0x1000, 0, SMRAM);
            Vcpu vcpu = f.vcpuInSmm(0);
            GfnToHvaCache ghc = f.vm().newCache(vcpu);
            f.vm().gfnToHvaCacheInit(vcpu, ghc, 0x10, 8);
            vcpu.setSmm(false);
            vcpu.setSmm(true);
            assertThat(f.vm().readGuestCached(vcpu, ghc, buffer(8), 0, 8)).isEqualTo(0);
        }

        @Test
        void crossPageCacheSetUpInSmm_slowPathHonoursCurrentState() {
            Fixture f = newVm().map(0, 0x2000).slot(1, 0, 0x2000, 0, SMRAM);
            Vcpu vcpu = f.vcpuInSmm(0);
            GfnToHvaCache ghc = f.vm().newCache(vcpu);
            assertThat(f.vm().gfnToHvaCacheInit(vcpu, ghc, 0xff0, 0x20)).isEqualTo(0);
            vcpu.setSmm(false);
            assertThat(f.vm().readGuestCached(vcpu, ghc, buffer(0x20), 0, 0x20)).isEqualTo(-EFAULT);
        }

        @Test
        void cacheOfNormalRam_survivesEnteringSmm() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            Vcpu vcpu = f.vcpu(0);
            GfnToHvaCache ghc = f.vm().newCache(vcpu);
            f.vm().gfnToHvaCacheInit(vcpu, ghc, 0, 8);
            vcpu.setSmm(true);
            assertThat(f.vm().writeGuestCached(vcpu, ghc, filled(8, 3), 0, 8)).isEqualTo(0);
        }

        /** A VM-level cache is not a vCPU's: SMM switches never change what it reaches. */
        @Test
        void vmLevelCache_isUntouchedBySmmSwitches() {
            Fixture f = newVm().map(0, 0x1000).slot(1, 0, 0x1000, 0, SMRAM);
            GfnToHvaCache ghc = f.vm().newCache(null);
            int init = f.vm().gfnToHvaCacheInit(null, ghc, 0, 8);
            int expected = hasAddressSpaces() ? -EFAULT : 0;
            assertThat(init).isEqualTo(expected);
            f.vcpuInSmm(0).setSmm(false);
            assertThat(f.vm().readGuestCached(null, ghc, buffer(8), 0, 8)).isEqualTo(expected);
        }
    }

    /** DESIGN.md rule 4: guest faults are return values; host programming errors throw naming the value. */
    @Nested
    @Tag("rule-4")
    @DisplayName("rule 4: errors")
    class Errors {

        @Test
        void nullBuffer_isIllegalArgument() {
            Fixture f = newVm();
            assertThrows(IllegalArgumentException.class, () -> f.vm().readGuest(null, 0, null, 0, 4));
            assertThrows(IllegalArgumentException.class, () -> f.vm().writeGuestPage(null, 0, null, 0, 0, 4));
        }

        @Test
        void negativeLength_isIllegalArgumentNamingIt() {
            Fixture f = newVm();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.vm().writeGuest(null, 0, buffer(8), 0, -3));
            assertThat(e).hasMessageThat().contains("-3");
        }

        @Test
        void pageAccessLeavingThePage_isIllegalArgumentAndTouchesNothing() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, LOG);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.vm().writeGuestPage(null, 0, buffer(4), 0, 0xffe, 4));
            assertThat(e).hasMessageThat().contains("4094");
            assertThrows(IllegalArgumentException.class, () -> f.vm().readGuestPage(null, 0, buffer(4), 0, 4093, 4));
            assertThrows(IllegalArgumentException.class, () -> f.vm().clearGuestPage(null, 0, 4096, 1));
            assertThat(f.vm().readGuestPage(null, 0, buffer(0), 0, 4096, 0)).isEqualTo(0);
            assertThat(dirtyPages(f, 0)).isEmpty();
        }

        @Test
        void readAtomicAcrossPage_isIllegalArgument() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x2000, 0, NONE);
            assertThrows(IllegalArgumentException.class, () -> f.vm().readGuestAtomic(null, 0xffc, buffer(8), 0, 8));
        }

        @Test
        void cachedAccessLongerThanCache_isIllegalArgument() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            GfnToHvaCache ghc = f.vm().newCache(null);
            f.vm().gfnToHvaCacheInit(null, ghc, 0, 8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.vm().writeGuestCached(null, ghc, buffer(9), 0, 9));
            assertThat(e).hasMessageThat().contains("9");
        }

        @Test
        void cacheOfLengthZero_isIllegalArgument() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            assertThrows(IllegalArgumentException.class,
                    () -> f.vm().gfnToHvaCacheInit(null, f.vm().newCache(null), 0, 0));
        }

        @Test
        void rangePast2to64_isIllegalArgument_endingAt2to64_isNot() {
            Fixture f = newVm();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.vm().readGuest(null, -4L, buffer(5), 0, 5));
            assertThat(e).hasMessageThat().contains("fffffffffffffffc");
            assertThrows(IllegalArgumentException.class, () -> f.vm().writeGuest(null, -1L, buffer(2), 0, 2));
            assertThrows(IllegalArgumentException.class, () -> f.vm().clearGuest(null, -1L, 2));
            assertThat(f.vm().readGuest(null, -4L, buffer(4), 0, 4)).isEqualTo(-EFAULT);
        }

        @Test
        void guestFaults_areReturnValues() {
            Fixture f = newVm().slot(0, 0, 0x1000, 0, RO);
            Vcpu vcpu = f.vcpu(0);
            assertThat(f.vm().readGuest(vcpu, 0x5000, buffer(4), 0, 4)).isEqualTo(-EFAULT);
            assertThat(f.vm().writeGuest(vcpu, 0, buffer(4), 0, 4)).isEqualTo(-EFAULT);
            assertThat(f.vm().readGuest(vcpu, 0, buffer(4), 0, 4)).isEqualTo(-EFAULT);
        }

        @Test
        void failedHostCheck_leavesMemoryUntouched() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, LOG);
            assertThrows(IllegalArgumentException.class, () -> f.vm().writeGuest(null, 0, filled(4, 9), 0, 8));
            assertThat(f.peek(0, 8)).isEqualTo(new byte[8]);
            assertThat(dirtyPages(f, 0)).isEmpty();
        }
    }

    /**
     * The scenario corpus: every file under the kit's {@code scenarios/} resources passes on the
     * design, each file one dynamic test named after it. A design with address spaces passes with
     * exactly the declared differences the kit knows for that file, no more and no fewer.
     */
    @Nested
    @Tag("scenario")
    @DisplayName("scenarios: the corpus")
    class Corpus {

        @TestFactory
        Stream<DynamicTest> everyCorpusFilePasses() {
            return ScenarioCorpus.files().stream().map(file -> DynamicTest.dynamicTest(file.name(), () -> {
                ParseResult parsed = ScenarioParser.parse(file.name(), file.bytes());
                if (parsed instanceof ParseResult.ParseError error) {
                    throw new AssertionError(error.message());
                }
                FileRun run = ScenarioRunner.run(((ParseResult.Parsed) parsed).scenario(), adapter);
                assertWithMessage("%s on %s", file.name(), adapter.name())
                        .that(run.failureMessages()).isEmpty();
                // A flag-based design declares nothing; one with address spaces exactly the known lines.
                List<String> declared = run.declared().stream()
                        .map(v -> v.message(file.name(), adapter.name())).toList();
                assertWithMessage("declared differences of %s on %s", file.name(), adapter.name())
                        .that(declared).containsExactlyElementsIn(
                                hasAddressSpaces() ? DeclaredCorpus.linesFor(file.name()) : List.of()).inOrder();
            }));
        }

        @Test
        void corpusHasAtLeastSixtyFiles() {
            assertThat(ScenarioCorpus.files().size()).isAtLeast(60);
        }
    }

    /**
     * Differential properties: random programs (random slot layouts with adjacent and touching
     * slots, SMM switches, host unmaps and protection changes after registration, accesses across
     * page and slot edges, caches, page walks) give the same result on the design as on the
     * reference model at every step, and leave the same guest memory and dirty logs. A failure is
     * shrunk by QuickTheories, then minimised command by command and printed as a scenario file.
     * The seed and the example count are fixed so a run repeats exactly.
     */
    @Nested
    @Tag("property")
    @DisplayName("properties: random programs agree with the reference model")
    class Differential {

        @Test
        void randomPrograms_agreeWithTheReferenceModel() {
            VariantAdapter reference = referenceModel();
            qt().withFixedSeed(PROPERTY_SEED)
                    .withExamples(PROPERTY_EXAMPLES)
                    .withShrinkCycles(PROPERTY_SHRINK_CYCLES)
                    .forAll(programs(PROPERTY_OPERATIONS))
                    .describedAs(program -> "\n" + DifferentialFailure.of(program, adapter, reference, PROPERTY_SEED))
                    .check(program -> DifferentialCheck.firstDivergence(program, adapter, reference) == null);
        }
    }

    /** Concurrency: vCPU threads access guest memory while its slot is created, moved and deleted. */
    @Nested
    @Tag("stress")
    @DisplayName("concurrency: slot churn under running vCPUs")
    class Concurrency {

        @Test
        void slotChurnUnderRunningVcpus_neverThrowsUsesDeletedSlotsOrSplitsWrites() throws InterruptedException {
            List<String> problems = new SlotChurnStress(newVm().vm(), 3, 1500).run();
            assertThat(problems).isEmpty();
        }
    }

    /** Random programs, drawn through QuickTheories so that it can shrink the decisions behind one. */
    static Gen<List<Command>> programs(int operations) {
        return in -> ProgramGenerator.generate((lo, hi) -> in.next(Constraint.between(lo, hi)), operations);
    }

    /** The slot-relative dirty pages of slot {@code slot}, collected (and so cleared). */
    static long[] dirtyPages(Fixture f, int slot) {
        return switch (f.vm().getDirtyLog(slot)) {
            case DirtyLogResult.Collected collected -> collected.dirtyPages();
            case DirtyLogResult.Failed failed -> throw new AssertionError("dirty log of slot " + slot + ": " + failed);
        };
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
