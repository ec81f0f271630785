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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.DesignAdapter;
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
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.MemslotsInvariants;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.spi.DesignModule;

/**
 * The conformance suite every design runs: a design's test class extends it and names the
 * design's module, nothing more. Each nested class checks one rule of DESIGN.md section 5 and
 * carries that rule's tag, so that the review can report a verdict per rule. After every test the suite checks
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

    /** The suite for one design's module, run through its own accessors ({@link DesignAdapter}). */
    protected ConformanceSuite(DesignModule design) {
        this(DesignAdapter.of(design));
    }

    /** The suite for anything the kit can run (a reference model, a deliberately broken design). */
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
        return newVm(InstallHook.NONE);
    }

    /** A fresh VM as {@link #newVm()}, whose core calls {@code hook} after every memslot install. */
    protected final Fixture newVm(InstallHook hook) {
        GuestVm vm = adapter.createVm(509, hook);
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
        void gfnToHvaMemslot_mapsWithinTheSlot_withWriteIntent() {
            Fixture f = newVm().map(0, 0x4000).slot(3, 0x10000, 0x3000, 0, NONE).slot(4, 0x20000, 0x1000, 0x3000, RO);
            MemorySlot slot = f.vm().gfnToMemslot(null, 0x10);
            assertThat(f.vm().gfnToHvaMemslot(slot, 0x10)).isEqualTo(HVA);
            assertThat(f.vm().gfnToHvaMemslot(slot, 0x12)).isEqualTo(HVA + 0x2000);
            assertThat(f.vm().gfnToHvaMemslot(f.vm().gfnToMemslot(null, 0x20), 0x20)).isEqualTo(KVM_HVA_ERR_RO_BAD);
            assertThat(f.vm().gfnToHvaMemslot(null, 0x10)).isEqualTo(KVM_HVA_ERR_BAD);
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

        /** The vCPU-level families do what the VM-level ones do where SMRAM is not involved. */
        @Test
        void vcpuLevel_clearAndAtomicRead_actAsAtVmLevel() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x2000, 0, NONE);
            Vcpu vcpu = f.vcpu(0);
            f.vm().writeGuest(vcpu, 0, filled(0x2000, 0x5a), 0, 0x2000);
            assertThat(f.vm().clearGuest(vcpu, 0xff0, 0x20)).isEqualTo(0);
            assertThat(f.peek(vcpu, 0xfef, 0x22)).isEqualTo(concat(repeat(1, 0x5a), repeat(0x20, 0), repeat(1, 0x5a)));
            f.vm().writeGuest(vcpu, 0x1ff8, bytes(1, 2, 3, 4, 5, 6, 7, 8), 0, 8);
            MemorySegment dst = buffer(8);
            assertThat(f.vm().readGuestAtomic(vcpu, 0x1ff8, dst, 0, 8)).isEqualTo(0);
            assertThat(contents(dst)).isEqualTo(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }

        /** A host page unmapped after registration fails every kind of copy, at both levels. */
        @Test
        void unmappedHostPage_failsAtomicAndCachedCopies() {
            for (boolean vcpuLevel : new boolean[] {false, true}) {
                Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
                Vcpu ctx = vcpuLevel ? f.vcpu(0) : null;
                GfnToHvaCache ghc = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, ghc, 0x10, 8)).isEqualTo(0);
                assertThat(f.vm().munmap(HVA, 0x1000)).isEqualTo(0);
                assertWithMessage("atomic read by %s", ctx).that(f.vm().readGuestAtomic(ctx, 0x10, buffer(8), 0, 8))
                        .isEqualTo(-EFAULT);
                assertWithMessage("cached read by %s", ctx).that(f.vm().readGuestCached(ctx, ghc, buffer(8), 0, 8))
                        .isEqualTo(-EFAULT);
                assertWithMessage("cached write by %s", ctx).that(f.vm().writeGuestCached(ctx, ghc, buffer(8), 0, 8))
                        .isEqualTo(-EFAULT);
            }
        }

        /**
         * A cache whose range ends exactly at the end of its page is a one-page cache: the fast
         * path, even when the next page is a hole, and a zero-length write marks its page dirty.
         */
        @Test
        void cacheEndingAtItsPageEnd_isOnePage() {
            for (boolean vcpuLevel : new boolean[] {false, true}) {
                Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, LOG);
                Vcpu ctx = vcpuLevel ? f.vcpu(0) : null;
                GfnToHvaCache ghc = f.vm().newCache(ctx);
                assertWithMessage("init by %s", ctx).that(f.vm().gfnToHvaCacheInit(ctx, ghc, 0xff8, 8)).isEqualTo(0);
                assertThat(f.vm().writeGuestCached(ctx, ghc, buffer(0), 0, 0)).isEqualTo(0);
                assertWithMessage("pages dirtied by %s", ctx).that(dirtyPages(f, 0)).asList().containsExactly(0L);
            }
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

        /** A vCPU's cache follows a memslot change as a VM-level one does. */
        @Test
        void vcpuCachedAccess_afterMemslotChange_reinitialises() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x1000, 0, NONE);
            Vcpu vcpu = f.vcpu(0);
            GfnToHvaCache ghc = f.vm().newCache(vcpu);
            assertThat(f.vm().gfnToHvaCacheInit(vcpu, ghc, 0x8, 4)).isEqualTo(0);
            f.deleteSlot(0).slot(0, 0, 0x1000, 0x1000, NONE);
            f.vm().writeGuest(vcpu, 0x8, bytes(4, 3, 2, 1), 0, 4);
            MemorySegment dst = buffer(4);
            assertThat(f.vm().readGuestCached(vcpu, ghc, dst, 0, 4)).isEqualTo(0);
            assertThat(contents(dst)).isEqualTo(new byte[] {4, 3, 2, 1});
            assertThat(f.vm().writeGuestCached(vcpu, ghc, bytes(9, 9), 0, 2)).isEqualTo(0);
            assertThat(f.host(0x1008, 2)).isEqualTo(new byte[] {9, 9});
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

    /**
     * DESIGN.md rule 1 in the invalid phase of a delete and of a move: between the install that marks the slot
     * {@code KVM_MEMSLOT_INVALID} and the final one, every accessor treats the slot as absent, for
     * every context that looks in that address space (a design with address spaces deletes or moves
     * a mirrored slot once per space, so each space has its own phase). The core's install hook runs
     * the accessors inside that window.
     */
    @Nested
    @Tag("rule-1")
    @DisplayName("rule 1: the invalid phase of a delete or a move")
    class InvalidPhase {
        private static final int ID = 2;
        private static final long BASE = 0x10000;
        private static final long DATA_GFN = 0x14;

        @Test
        void delete_slotIsAbsentToEveryAccessorBetweenItsTwoInstalls() {
            observeInvalidPhase(f -> f.deleteSlot(ID));
        }

        @Test
        void move_slotIsAbsentToEveryAccessorBetweenItsTwoInstalls() {
            observeInvalidPhase(f -> f.slot(ID, 0x40000, 0x8000, BASE, LOG));
        }

        /**
         * Slot 2: 8 logged pages at gpa 0x10000, page tables in its first four pages mapping gva 0
         * to its page 0x14; vCPU 0 outside SMM, vCPU 1 in SMM, and a cache of page 0x14 for each
         * context. Everything works before the change; the probe checks the window.
         */
        private void observeInvalidPhase(Consumer<Fixture> change) {
            InvalidPhaseProbe probe = new InvalidPhaseProbe();
            Fixture f = newVm(probe).map(BASE, 0x8000).slot(ID, BASE, 0x8000, BASE, LOG);
            Vcpu normal = f.vcpu(0);
            Vcpu smm = f.vcpuInSmm(1);
            f.pageTables(normal, BASE, DATA_GFN << 12, 1).pageTables(smm, BASE, DATA_GFN << 12, 1);
            Map<Vcpu, GfnToHvaCache> caches = new HashMap<>();
            for (Vcpu ctx : contexts(-1, normal, smm)) {
                GfnToHvaCache cache = f.vm().newCache(ctx);
                assertWithMessage("cache of %s", ctx).that(f.vm().gfnToHvaCacheInit(ctx, cache, DATA_GFN << 12, 8))
                        .isEqualTo(0);
                caches.put(ctx, cache);
            }
            assertThat(f.vm().readGuestVirt(normal, 0, buffer(8), 0, 8, new X86Exception()))
                    .isEqualTo(X86Emul.X86EMUL_CONTINUE);
            dirtyPages(f, ID);
            TreeSet<Integer> spaces = new TreeSet<>();
            for (int as = 0; as < f.vm().kvm().config().addressSpaceNum(); as++) {
                if (!f.vm().kvm().memslots(as).idToMemslot(ID).isEmpty()) {
                    spaces.add(as);
                }
            }
            probe.arm(f.vm(), ID, DATA_GFN, 0, as -> contexts(as, normal, smm), caches);

            change.accept(f);

            assertWithMessage("what the design did in the invalid phase").that(probe.wrong()).isEmpty();
            assertWithMessage("address spaces whose invalid phase was observed")
                    .that(probe.phasesSeen()).containsExactlyElementsIn(spaces);
        }

        /**
         * The contexts (null: the VM) that look in address space {@code as}, -1 for all of them: all
         * in address space 0 with the flag; with address spaces the vCPU in SMM alone in space 1.
         */
        private List<Vcpu> contexts(int as, Vcpu normal, Vcpu smm) {
            List<Vcpu> found = new ArrayList<>();
            if (as == -1 || as == 0) {
                found.add(null);
                found.add(normal);
            }
            if (as == -1 || as == (hasAddressSpaces() ? 1 : 0)) {
                found.add(smm);
            }
            return found;
        }
    }

    /**
     * DESIGN.md rule 1 for zero-length cached writes, as Linux 4.1's {@code kvm_write_guest_cached} does
     * them: after the generation check it takes the slow path when the cache holds no slot, then
     * fails on an error hva, then copies (nothing) and marks the cached page dirty. So a cache that
     * failed on a read-only page (slot kept, error hva) gives {@code -EFAULT}; one that failed at a
     * hole or at SMRAM the vCPU cannot see (no slot kept) takes the slow path, which loops over no
     * page and succeeds (the SMRAM case is with DESIGN.md rule 2); a valid one-page cache marks its
     * page dirty; a cross-page one dirties nothing.
     */
    @Nested
    @Tag("rule-1")
    @DisplayName("rule 1: zero-length cached writes")
    class ZeroLengthCachedWrites {

        @Test
        void validOnePageCache_marksItsPageDirty() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x2000, 0, LOG);
            for (Vcpu ctx : new Vcpu[] {null, f.vcpu(0)}) {
                GfnToHvaCache ghc = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, ghc, 0x1010, 8)).isEqualTo(0);
                assertWithMessage("0-byte cached write by %s", ctx)
                        .that(f.vm().writeGuestCached(ctx, ghc, buffer(0), 0, 0)).isEqualTo(0);
                assertWithMessage("pages dirtied by %s", ctx).that(dirtyPages(f, 0)).asList().containsExactly(1L);
            }
        }

        @Test
        void crossPageCache_takesTheSlowPath_andDirtiesNothing() {
            Fixture f = newVm().map(0, 0x2000).slot(0, 0, 0x2000, 0, LOG);
            for (Vcpu ctx : new Vcpu[] {null, f.vcpu(0)}) {
                GfnToHvaCache ghc = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, ghc, 0xff8, 16)).isEqualTo(0);
                assertThat(f.vm().writeGuestCached(ctx, ghc, buffer(0), 0, 0)).isEqualTo(0);
                assertWithMessage("pages dirtied by %s", ctx).that(dirtyPages(f, 0)).isEmpty();
            }
        }

        @Test
        void cacheFailedOnReadOnlyPage_isEfault() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, RO);
            for (Vcpu ctx : new Vcpu[] {null, f.vcpu(0)}) {
                GfnToHvaCache ghc = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, ghc, 0x10, 8)).isEqualTo(-EFAULT);
                assertWithMessage("0-byte cached write by %s", ctx)
                        .that(f.vm().writeGuestCached(ctx, ghc, buffer(0), 0, 0)).isEqualTo(-EFAULT);
                assertWithMessage("0-byte cached read by %s", ctx)
                        .that(f.vm().readGuestCached(ctx, ghc, buffer(0), 0, 0)).isEqualTo(-EFAULT);
            }
        }

        @Test
        void cacheFailedAtHole_takesTheSlowPath_andSucceeds() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, LOG);
            for (Vcpu ctx : new Vcpu[] {null, f.vcpu(0)}) {
                GfnToHvaCache ghc = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, ghc, 0x5000, 8)).isEqualTo(-EFAULT);
                assertWithMessage("0-byte cached write by %s", ctx)
                        .that(f.vm().writeGuestCached(ctx, ghc, buffer(0), 0, 0)).isEqualTo(0);
                assertThat(f.vm().writeGuestCached(ctx, ghc, buffer(1), 0, 1)).isEqualTo(-EFAULT);
            }
            assertThat(dirtyPages(f, 0)).isEmpty();
        }
    }

    /**
     * DESIGN.md rule 1 for guest-virtual ranges (this project's convention after 4.1's page walk): an access
     * with any byte at a non-canonical address raises #GP before any walk, whichever end of the
     * range is the non-canonical one, and touches nothing.
     */
    @Nested
    @Tag("rule-1")
    @DisplayName("rule 1: guest-virtual ranges and #GP")
    class GuestVirtualRanges {

        private static final long LAST_NONCANONICAL = 0xffff_7fff_ffff_fff8L;

        @Test
        void rangeStartingNonCanonical_endingCanonical_raisesGp() {
            Fixture f = newVm().map(0, 0x8000).slot(0, 0, 0x8000, 0, NONE);
            Vcpu vcpu = f.vcpu(0);
            f.pageTables(vcpu, 0x1000, 0x6000, 1);
            byte[] before = f.host(0, 0x8000);
            X86Exception e = new X86Exception();
            assertThat(f.vm().readGuestVirt(vcpu, LAST_NONCANONICAL, buffer(16), 0, 16, e))
                    .isEqualTo(X86Emul.X86EMUL_PROPAGATE_FAULT);
            assertThat(e.vector()).isEqualTo(X86Exception.GP_VECTOR);
            e = new X86Exception();
            assertThat(f.vm().writeGuestVirtSystem(vcpu, LAST_NONCANONICAL, filled(16, 1), 0, 16, e))
                    .isEqualTo(X86Emul.X86EMUL_PROPAGATE_FAULT);
            assertThat(e.vector()).isEqualTo(X86Exception.GP_VECTOR);
            assertThat(f.host(0, 0x8000)).isEqualTo(before);
        }

        @Test
        void rangeStartingCanonical_endingNonCanonical_raisesGp() {
            Fixture f = newVm().map(0, 0x8000).slot(0, 0, 0x8000, 0, NONE);
            Vcpu vcpu = f.vcpu(0);
            f.pageTables(vcpu, 0x1000, 0x6000, 1);
            X86Exception e = new X86Exception();
            assertThat(f.vm().writeGuestVirtSystem(vcpu, 0x7fff_ffff_fff8L, filled(16, 1), 0, 16, e))
                    .isEqualTo(X86Emul.X86EMUL_PROPAGATE_FAULT);
            assertThat(e.vector()).isEqualTo(X86Exception.GP_VECTOR);
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

        /**
         * What a design that does not hide SMRAM yet is told, in words for someone who has just
         * made one: {@code ./kvmlab new-design} starts from Linux 4.1, which knows no SMRAM.
         */
        static final String SMRAM_HIDDEN_OUTSIDE_SMM = "DESIGN.md rule 2 (SMRAM visibility) is broken:"
                + " a vCPU outside System Management Mode reached SMRAM (a slot flagged KVM_MEM_X86_SMRAM; with address"
                + " spaces, a slot of address space 1). SMRAM holds the SMM handler's code and data, and only a vCPU in"
                + " SMM may see it: outside SMM every vCPU-level accessor must behave as if the slot were not there"
                + " (EFAULT, no memslot, KVM_HVA_ERR_BAD), while a VM-level access, which has no vCPU to ask, still sees"
                + " it. A design made with new-design starts from Linux 4.1's accessors, which take no vCPU and know no"
                + " SMRAM: give the vCPU-level accessors the vCPU and let the slot lookup skip SMRAM unless"
                + " vcpu.isSmm(). Expected -EFAULT (-14) from a vCPU-level read of SMRAM";

        @Test
        void vcpuOutsideSmm_seesNoSmram() {
            Fixture f = smramVm();
            Vcpu vcpu = f.vcpu(0);
            assertWithMessage(SMRAM_HIDDEN_OUTSIDE_SMM).that(f.vm().readGuest(vcpu, 0x1000, buffer(2), 0, 2))
                    .isEqualTo(-EFAULT);
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

        /**
         * A cache a vCPU outside SMM sets up on SMRAM fails and holds no slot, as at a hole: a
         * zero-length write through it takes 4.1's slow path, which writes nothing and succeeds.
         */
        @Test
        void cacheFailedOnHiddenSmram_zeroLengthWriteTakesTheSlowPath() {
            Fixture f = newVm().map(0, 0x1000).slot(1, 0, 0x1000, 0, SMRAM | LOG);
            Vcpu vcpu = f.vcpu(0);
            GfnToHvaCache ghc = f.vm().newCache(vcpu);
            assertThat(f.vm().gfnToHvaCacheInit(vcpu, ghc, 0x10, 8)).isEqualTo(-EFAULT);
            assertThat(f.vm().writeGuestCached(vcpu, ghc, buffer(0), 0, 0)).isEqualTo(0);
            assertThat(f.vm().writeGuestCached(vcpu, ghc, buffer(1), 0, 1)).isEqualTo(-EFAULT);
            assertThat(dirtyPages(f, 1)).isEmpty();
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

        /** The host errors of caches and ranges, at VM level and at vCPU level alike. */
        @Test
        void cacheAndRangeErrors_atBothLevels() {
            for (boolean vcpuLevel : new boolean[] {false, true}) {
                Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
                Vcpu ctx = vcpuLevel ? f.vcpu(0) : null;
                String who = vcpuLevel ? "vcpu" : "vm";
                GfnToHvaCache ghc = f.vm().newCache(ctx);
                assertThrows(IllegalArgumentException.class, () -> f.vm().readGuestCached(ctx, ghc, buffer(4), 0, 4),
                        "cache never set up, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().writeGuestCached(ctx, ghc, buffer(4), 0, 4),
                        "cache never set up, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().gfnToHvaCacheInit(ctx, ghc, 0, 0),
                        "cache of length 0, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().gfnToHvaCacheInit(ctx, ghc, -4L, 8),
                        "cache past 2^64, " + who);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, ghc, 0, 8)).isEqualTo(0);
                assertThrows(IllegalArgumentException.class, () -> f.vm().readGuestCached(ctx, ghc, buffer(9), 0, 9),
                        "cached read longer than the cache, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().writeGuestCached(ctx, ghc, buffer(9), 0, 9),
                        "cached write longer than the cache, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().readGuest(ctx, -4L, buffer(5), 0, 5),
                        "read past 2^64, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().writeGuest(ctx, -1L, buffer(2), 0, 2),
                        "write past 2^64, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().clearGuest(ctx, -1L, 2),
                        "clear past 2^64, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().readGuestAtomic(ctx, -4L, buffer(5), 0, 5),
                        "atomic read past 2^64, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().clearGuestPage(ctx, 0, 4095, 2),
                        "clear leaving its page, " + who);
                assertThrows(IllegalArgumentException.class, () -> f.vm().writeGuestPage(ctx, 0, buffer(2), 0, 4095, 2),
                        "page write leaving its page, " + who);
            }
        }

        /**
         * A cache that was never set up is refused, even at memslot generation 0, the value its
         * generation field starts at (after 75 installs from the first generation, -150), where a
         * design that checked the generation alone would take the cache for current.
         */
        @Test
        void neverSetUpCache_isRefused_evenAtGenerationZero() {
            Fixture f = newVm().map(0, 0x1000);
            for (int cycle = 0; cycle < 25; cycle++) {
                f.slot(0, 0, 0x1000, 0, NONE).deleteSlot(0);
            }
            assertWithMessage("generation of address space 0").that(f.vm().kvm().memslots(0).generation()).isEqualTo(0);
            for (Vcpu ctx : new Vcpu[] {null, f.vcpu(0)}) {
                GfnToHvaCache ghc = f.vm().newCache(ctx);
                assertThrows(IllegalArgumentException.class, () -> f.vm().readGuestCached(ctx, ghc, buffer(0), 0, 0),
                        "zero-length read through a cache never set up, " + ctx);
                assertThrows(IllegalArgumentException.class, () -> f.vm().writeGuestCached(ctx, ghc, buffer(0), 0, 0),
                        "zero-length write through a cache never set up, " + ctx);
            }
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
     * DESIGN.md rule 4 before any effect: a buffer too short for its length (or an offset that leaves it) is
     * a host error whatever else the access would meet, a fault included, and it is found before a
     * byte is written, a page dirtied or a buffer filled; for every accessor family, VM-level and
     * vCPU-level, within a page and across pages of a logging slot.
     */
    @Nested
    @Tag("rule-4")
    @DisplayName("rule 4: a short buffer is refused before any effect")
    class ShortBuffers {
        private static final byte SENTINEL = 0x77;

        /**
         * Logged slot 0 over gpa [0, 0x2000) holding 5a, its log clean; a hole from 0x2000. vCPU 0's
         * PML4 is the page at gpa 0, whose entries (5a...) are not present, so every guest-virtual
         * access would page-fault too.
         */
        private Fixture loggedPagesBelowAHole() {
            Fixture f = newVm().map(0, 0x3000).slot(0, 0, 0x2000, 0, LOG);
            assertThat(f.vm().writeGuest(null, 0, filled(0x2000, 0x5a), 0, 0x2000)).isEqualTo(0);
            dirtyPages(f, 0);
            return f;
        }

        @Test
        void writes_refuseAShortBuffer_beforeWritingOrDirtying() {
            Fixture f = loggedPagesBelowAHole();
            for (Vcpu ctx : new Vcpu[] {null, f.vcpu(0)}) {
                GfnToHvaCache onePage = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, onePage, 0x10, 8)).isEqualTo(0);
                GfnToHvaCache acrossThePages = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, acrossThePages, 0xff8, 16)).isEqualTo(0);
                GfnToHvaCache atTheHole = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, atTheHole, 0x1ffc, 8)).isEqualTo(-EFAULT);
                Map<String, Executable> writes = new LinkedHashMap<>();
                writes.put("write_guest over both pages into the hole",
                        () -> f.vm().writeGuest(ctx, 0xffe, filled(0x1010, 1), 0, 0x1011));
                writes.put("write_guest within a page", () -> f.vm().writeGuest(ctx, 0x10, filled(3, 1), 0, 4));
                writes.put("write_guest at the hole", () -> f.vm().writeGuest(ctx, 0x2010, filled(3, 1), 0, 4));
                writes.put("write_guest with an offset past the buffer",
                        () -> f.vm().writeGuest(ctx, 0xffe, filled(4, 1), 1, 4));
                writes.put("write_guest_page", () -> f.vm().writeGuestPage(ctx, 0, filled(7, 1), 0, 0x10, 8));
                writes.put("write_guest_page at the hole", () -> f.vm().writeGuestPage(ctx, 2, filled(7, 1), 0, 0, 8));
                writes.put("write_guest_cached, one page", () -> f.vm().writeGuestCached(ctx, onePage, filled(7, 1), 0, 8));
                writes.put("write_guest_cached across pages",
                        () -> f.vm().writeGuestCached(ctx, acrossThePages, filled(15, 1), 0, 16));
                writes.put("write_guest_cached, failed at the hole",
                        () -> f.vm().writeGuestCached(ctx, atTheHole, filled(7, 1), 0, 8));
                for (Map.Entry<String, Executable> write : writes.entrySet()) {
                    refusedBeforeAnyEffect(f, write.getKey() + " by " + (ctx == null ? "vm" : ctx), write.getValue());
                }
            }
        }

        @Test
        void reads_refuseAShortBuffer_beforeFillingIt() {
            Fixture f = loggedPagesBelowAHole();
            for (Vcpu ctx : new Vcpu[] {null, f.vcpu(0)}) {
                GfnToHvaCache onePage = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, onePage, 0x10, 8)).isEqualTo(0);
                GfnToHvaCache atTheHole = f.vm().newCache(ctx);
                assertThat(f.vm().gfnToHvaCacheInit(ctx, atTheHole, 0x1ffc, 8)).isEqualTo(-EFAULT);
                MemorySegment dst = filled(0x1010, SENTINEL);
                Map<String, Executable> reads = new LinkedHashMap<>();
                reads.put("read_guest over both pages into the hole", () -> f.vm().readGuest(ctx, 0xffe, dst, 0, 0x1011));
                reads.put("read_guest at the hole", () -> f.vm().readGuest(ctx, 0x2010, dst, 0x100d, 4));
                reads.put("read_guest with an offset past the buffer", () -> f.vm().readGuest(ctx, 0x10, dst, 0x100e, 4));
                reads.put("read_guest_page", () -> f.vm().readGuestPage(ctx, 0, dst, 0x100c, 0x10, 8));
                reads.put("read_guest_page at the hole", () -> f.vm().readGuestPage(ctx, 2, dst, 0x100c, 0, 8));
                reads.put("read_guest_atomic at the hole", () -> f.vm().readGuestAtomic(ctx, 0x2010, dst, 0x100c, 8));
                reads.put("read_guest_cached, one page", () -> f.vm().readGuestCached(ctx, onePage, dst, 0x100c, 8));
                reads.put("read_guest_cached, failed at the hole",
                        () -> f.vm().readGuestCached(ctx, atTheHole, dst, 0x100c, 8));
                for (Map.Entry<String, Executable> read : reads.entrySet()) {
                    String what = read.getKey() + " by " + (ctx == null ? "vm" : ctx);
                    refusedBeforeAnyEffect(f, what, read.getValue());
                    assertWithMessage("the buffer after %s", what).that(contents(dst)).isEqualTo(repeat(0x1010, SENTINEL));
                }
            }
        }

        @Test
        void guestVirtualAccesses_refuseAShortBuffer_beforeWalking() {
            Fixture f = loggedPagesBelowAHole();
            Vcpu vcpu = f.vcpu(0);
            MemorySegment dst = filled(8, SENTINEL);
            for (long gva : new long[] {0x10, 0xffc}) {
                X86Exception e = new X86Exception();
                refusedBeforeAnyEffect(f, "read_guest_virt at 0x" + Long.toHexString(gva),
                        () -> f.vm().readGuestVirt(vcpu, gva, dst, 1, 8, e));
                refusedBeforeAnyEffect(f, "write_guest_virt_system at 0x" + Long.toHexString(gva),
                        () -> f.vm().writeGuestVirtSystem(vcpu, gva, filled(7, 1), 0, 8, e));
                assertWithMessage("exception vector after a refused access at 0x%s", Long.toHexString(gva))
                        .that(e.vector()).isEqualTo(0);
            }
            assertThat(contents(dst)).isEqualTo(repeat(8, SENTINEL));
        }

        /** The call throws IllegalArgumentException, and the slot's bytes and dirty log are as before. */
        private void refusedBeforeAnyEffect(Fixture f, String what, Executable call) {
            byte[] before = f.host(0, 0x2000);
            assertThrows(IllegalArgumentException.class, call, what);
            assertWithMessage("guest memory after %s", what).that(f.host(0, 0x2000)).isEqualTo(before);
            assertWithMessage("pages dirtied by %s", what).that(dirtyPages(f, 0)).isEmpty();
        }
    }

    /**
     * DESIGN.md rule 4 for null arguments: a null cache, exception holder, vCPU or VM is a host error,
     * {@code IllegalArgumentException} naming it, never a {@code NullPointerException}, and never a
     * success, not even for an access of no bytes that would otherwise look at nothing.
     */
    @Nested
    @Tag("rule-4")
    @DisplayName("rule 4: null arguments")
    class NullArguments {

        @Test
        void nullCache_isIllegalArgumentNamingIt() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            for (Vcpu ctx : new Vcpu[] {null, f.vcpu(0)}) {
                Map<String, Executable> calls = new LinkedHashMap<>();
                calls.put("gfn_to_hva_cache_init", () -> f.vm().gfnToHvaCacheInit(ctx, null, 0, 8));
                calls.put("read_guest_cached", () -> f.vm().readGuestCached(ctx, null, buffer(8), 0, 8));
                calls.put("read_guest_cached of 0 bytes", () -> f.vm().readGuestCached(ctx, null, buffer(0), 0, 0));
                calls.put("write_guest_cached", () -> f.vm().writeGuestCached(ctx, null, buffer(8), 0, 8));
                calls.put("write_guest_cached of 0 bytes", () -> f.vm().writeGuestCached(ctx, null, buffer(0), 0, 0));
                refuseNull(calls, ctx, "(?s).*\\bcache\\b.*");
            }
        }

        @Test
        void nullExceptionHolder_isIllegalArgumentNamingIt() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            Vcpu vcpu = f.vcpu(0);
            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("read_guest_virt", () -> f.vm().readGuestVirt(vcpu, 0, buffer(8), 0, 8, null));
            calls.put("read_guest_virt of 0 bytes", () -> f.vm().readGuestVirt(vcpu, 0, buffer(0), 0, 0, null));
            calls.put("write_guest_virt_system", () -> f.vm().writeGuestVirtSystem(vcpu, 0, buffer(8), 0, 8, null));
            calls.put("write_guest_virt_system of 0 bytes",
                    () -> f.vm().writeGuestVirtSystem(vcpu, 0, buffer(0), 0, 0, null));
            refuseNull(calls, vcpu, "(?s).*\\bexception\\b.*");
        }

        @Test
        void nullVcpu_ofAGuestVirtualAccess_isIllegalArgumentNamingIt() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("read_guest_virt", () -> f.vm().readGuestVirt(null, 0, buffer(8), 0, 8, new X86Exception()));
            calls.put("read_guest_virt of 0 bytes",
                    () -> f.vm().readGuestVirt(null, 0, buffer(0), 0, 0, new X86Exception()));
            calls.put("write_guest_virt_system",
                    () -> f.vm().writeGuestVirtSystem(null, 0, buffer(8), 0, 8, new X86Exception()));
            calls.put("write_guest_virt_system of 0 bytes",
                    () -> f.vm().writeGuestVirtSystem(null, 0, buffer(0), 0, 0, new X86Exception()));
            refuseNull(calls, null, "(?s).*\\bvcpu\\b.*");
        }

        /** A null VM at VM level; the fake-vCPU design's VM-level handle is its fake vCPU. */
        @Test
        void nullVm_ofAVmLevelAccess_isIllegalArgumentNamingIt() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            refuseNull(everyAccessor(f, null), null, "(?is).*\\b(kvm|vm|vcpu)\\b.*");
        }

        /**
         * A null vCPU at vCPU level; a layer whose accessors take only the VM (the pre-series
         * baseline, reached through {@code vcpu->kvm}) is handed a null VM and names that.
         */
        @Test
        void nullVcpu_ofAVcpuLevelAccess_isIllegalArgumentNamingIt() {
            Fixture f = newVm().map(0, 0x1000).slot(0, 0, 0x1000, 0, NONE);
            refuseNull(everyAccessor(f, f.vcpu(0)), f.vcpu(0), "(?is).*\\b(vcpu|kvm)\\b.*");
        }

        /**
         * Every physical accessor of the level ctx selects, through the view that hands the design
         * a null handle, with arguments that are otherwise fine, zero-length ones at an unbacked gpa
         * included.
         */
        private Map<String, Executable> everyAccessor(Fixture f, Vcpu ctx) {
            GfnToHvaCache ghc = f.vm().newCache(ctx);
            assertThat(f.vm().gfnToHvaCacheInit(ctx, ghc, 0, 8)).isEqualTo(0);
            GuestVm v = f.vm().withNullHandles();
            long unbacked = 0x123456000L;
            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("gfn_to_memslot", () -> v.gfnToMemslot(ctx, 0));
            calls.put("is_visible_gfn", () -> v.isVisibleGfn(ctx, 0));
            calls.put("gfn_to_hva", () -> v.gfnToHva(ctx, 0));
            calls.put("gfn_to_hva_prot", () -> v.gfnToHvaProt(ctx, 0, null));
            calls.put("read_guest_page", () -> v.readGuestPage(ctx, 0, buffer(4), 0, 0, 4));
            calls.put("read_guest", () -> v.readGuest(ctx, 0, buffer(4), 0, 4));
            calls.put("read_guest of 0 bytes", () -> v.readGuest(ctx, unbacked, buffer(0), 0, 0));
            calls.put("read_guest_atomic", () -> v.readGuestAtomic(ctx, 0, buffer(4), 0, 4));
            calls.put("write_guest_page", () -> v.writeGuestPage(ctx, 0, buffer(4), 0, 0, 4));
            calls.put("write_guest", () -> v.writeGuest(ctx, 0, buffer(4), 0, 4));
            calls.put("write_guest of 0 bytes", () -> v.writeGuest(ctx, unbacked, buffer(0), 0, 0));
            calls.put("clear_guest_page", () -> v.clearGuestPage(ctx, 0, 0, 4));
            calls.put("clear_guest", () -> v.clearGuest(ctx, 0, 4));
            calls.put("clear_guest of 0 bytes", () -> v.clearGuest(ctx, unbacked, 0));
            calls.put("mark_page_dirty", () -> v.markPageDirty(ctx, 0));
            calls.put("gfn_to_hva_cache_init", () -> v.gfnToHvaCacheInit(ctx, v.newCache(ctx), 0, 8));
            calls.put("read_guest_cached", () -> v.readGuestCached(ctx, ghc, buffer(4), 0, 4));
            calls.put("read_guest_cached of 0 bytes", () -> v.readGuestCached(ctx, ghc, buffer(0), 0, 0));
            calls.put("write_guest_cached", () -> v.writeGuestCached(ctx, ghc, buffer(4), 0, 4));
            calls.put("write_guest_cached of 0 bytes", () -> v.writeGuestCached(ctx, ghc, buffer(0), 0, 0));
            return calls;
        }

        /** Each call throws IllegalArgumentException whose message matches {@code naming}. */
        private void refuseNull(Map<String, Executable> calls, Vcpu ctx, String naming) {
            for (Map.Entry<String, Executable> call : calls.entrySet()) {
                String what = call.getKey() + " by " + (ctx == null ? "vm" : ctx);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call.getValue(), what);
                assertWithMessage("message of %s", what).that(e).hasMessageThat().matches(naming);
            }
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
                // A flag-based design declares nothing; one with address spaces exactly the lines it lists.
                List<String> declared = run.declared().stream()
                        .map(v -> v.message(file.name(), adapter.name())).toList();
                List<String> expected = adapter instanceof DeclaresDifferences d
                        ? DeclaredCorpus.linesFor(d.declaredCorpus(), file.name()) : List.of();
                assertWithMessage("declared differences of %s on %s", file.name(), adapter.name())
                        .that(declared).containsExactlyElementsIn(expected).inOrder();
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
            SlotChurnStress.Outcome outcome = new SlotChurnStress(newVm().vm(), 3, 1500).run();
            assertThat(outcome.problems()).isEmpty();
            assertWithMessage("churn cycles completed").that(outcome.cycles()).isGreaterThan(0);
        }

        /**
         * The corpus passes on a VM of the design while another VM of the same design churns its
         * slot under running vCPUs: VMs share no state, whatever the other is doing. Tagged
         * {@code scenario} too, since it is a run of the corpus.
         */
        @Test
        @Tag("scenario")
        void corpusPasses_whileAnotherVmChurnsItsSlots() throws Exception {
            SlotChurnStress stress = new SlotChurnStress(newVm().vm(), 3, 120_000);
            FutureTask<SlotChurnStress.Outcome> churn = new FutureTask<>(stress::run);
            Thread.ofPlatform().name("churn-alongside").start(churn);
            List<String> failures = new ArrayList<>();
            try {
                // The corpus takes about a second: started before the churn's first cycle, it could
                // end before the churn thread is even scheduled on a busy machine.
                stress.awaitChurning();
                for (ScenarioCorpus.CorpusFile file : ScenarioCorpus.files()) {
                    switch (ScenarioParser.parse(file.name(), file.bytes())) {
                        case ParseResult.Parsed(var scenario) ->
                                failures.addAll(ScenarioRunner.run(scenario, adapter).failureMessages());
                        case ParseResult.ParseError error -> failures.add(error.message());
                    }
                }
            } finally {
                stress.stop();
            }
            SlotChurnStress.Outcome outcome = churn.get();
            assertWithMessage("corpus failures with another VM churning").that(failures).isEmpty();
            assertWithMessage("problems of the churning VM").that(outcome.problems()).isEmpty();
            assertWithMessage("churn cycles alongside the corpus").that(outcome.cycles()).isGreaterThan(0);
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
