package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;
import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEMSLOT_INVALID;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_READONLY;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.kvm.Kvm;

/**
 * Memslot generations as Linux 4.1's {@code install_new_memslots} advances them (DESIGN.md
 * section 3):
 * the first is 2^64-150, every install adds 2, a delete or move installs twice (first a set with
 * the slot marked {@code KVM_MEMSLOT_INVALID}), a no-op or an error installs nothing. With address
 * spaces each space counts on its own.
 */
class GenerationTest {
    private static final long PAGE = 4096;
    private static final long MIB = 1L << 20;
    private static final long HVA = 0x7f0000000000L;
    private static final long INITIAL = -150L;

    /** Every set published, in order, as the arch hook sees it. */
    private final List<Memslots> installs = new ArrayList<>();
    private Kvm kvm = new Kvm(KvmConfig.smramFlag(), new HostMemory(), installs::add);

    private int set(int slot, int flags, long gpa, long size, long hva) {
        return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(slot, flags, gpa, size, hva));
    }

    private long generation() {
        return kvm.memslots(0).generation();
    }

    @Test
    void newVm_generationIs2Pow64Minus150() {
        assertThat(generation()).isEqualTo(INITIAL);
        assertThat(Long.toUnsignedString(generation())).isEqualTo("18446744073709551466");
        assertThat(Memslots.INITIAL_GENERATION).isEqualTo(INITIAL);
    }

    @Test
    void newVm_withAddressSpaces_everySpaceStartsAt2Pow64Minus150() {
        kvm = new Kvm(KvmConfig.addressSpaces());

        assertThat(kvm.memslots(0).generation()).isEqualTo(INITIAL);
        assertThat(kvm.memslots(1).generation()).isEqualTo(INITIAL);
    }

    @Test
    void create_advancesGenerationBy2() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(generation()).isEqualTo(INITIAL + 2);
    }

    @Test
    void flagsOnly_advancesGenerationBy2() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        long before = generation();

        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES, 0, MIB, HVA)).isEqualTo(0);

        assertThat(generation()).isEqualTo(before + 2);
    }

    @Test
    void delete_advancesGenerationBy4() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        long before = generation();

        assertThat(set(0, 0, 0, 0, HVA)).isEqualTo(0);

        assertThat(generation()).isEqualTo(before + 4);
    }

    @Test
    void move_advancesGenerationBy4() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        long before = generation();

        assertThat(set(0, 0, 4 * MIB, MIB, HVA)).isEqualTo(0);

        assertThat(generation()).isEqualTo(before + 4);
    }

    @Test
    void noop_leavesGeneration() {
        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES, 0, MIB, HVA)).isEqualTo(0);
        long before = generation();

        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES, 0, MIB, HVA)).isEqualTo(0);

        assertThat(generation()).isEqualTo(before);
    }

    @Test
    void everyError_leavesGeneration() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        long before = generation();

        assertThat(set(1, 1 << 3, 2 * MIB, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(set(1, 0, 2 * MIB, MIB, HVA + 1)).isEqualTo(-EINVAL);
        assertThat(set(509, 0, 2 * MIB, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(set(0, KVM_MEM_READONLY, 0, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(set(0, 0, 0, 2 * MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(set(1, 0, 0, 0, HVA)).isEqualTo(-EINVAL);
        assertThat(set(1, 0, MIB - PAGE, MIB, HVA)).isEqualTo(-EEXIST);

        assertThat(generation()).isEqualTo(before);
    }

    @Test
    void installInSpaceOne_leavesSpaceZerosGeneration() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1 << 16, 0, 0, MIB, HVA)).isEqualTo(0);
        assertThat(set(1 << 16, 0, 4 * MIB, MIB, HVA)).isEqualTo(0);
        assertThat(set(1 << 16, 0, 0, 0, HVA)).isEqualTo(0);

        assertThat(kvm.memslots(0).generation()).isEqualTo(INITIAL + 2);
        assertThat(kvm.memslots(1).generation()).isEqualTo(INITIAL + 2 + 4 + 4);
    }

    @Test
    void installInSpaceZero_leavesSpaceOnesGeneration() {
        kvm = new Kvm(KvmConfig.addressSpaces());

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        assertThat(set(0, 0, 0, 0, HVA)).isEqualTo(0);

        assertThat(kvm.memslots(0).generation()).isEqualTo(INITIAL + 6);
        assertThat(kvm.memslots(1).generation()).isEqualTo(INITIAL);
    }

    @Test
    void manyInstalls_wrapPast2Pow64_andStayEven() {
        assertThat(set(0, 0, 0, PAGE, HVA)).isEqualTo(0);
        List<Long> seen = new ArrayList<>();

        for (int i = 0; i < 100; i++) {
            assertThat(set(0, (i & 1) == 0 ? KVM_MEM_LOG_DIRTY_PAGES : 0, 0, PAGE, HVA)).isEqualTo(0);
            seen.add(generation());
        }

        // 1 create + 100 flags-only installs: -150 + 202 = 52, having passed 0 (2^64) on the way.
        assertThat(generation()).isEqualTo(52L);
        assertThat(seen).contains(0L);
        for (long g : seen) {
            assertThat(g & 1).isEqualTo(0);
        }
    }

    @Test
    void moveAcrossTheWrap_landsOnSmallGeneration() {
        assertThat(set(0, 0, 0, PAGE, HVA)).isEqualTo(0);
        for (int i = 0; i < 36; i++) {
            assertThat(set(0, 0, (i + 1) * PAGE, PAGE, HVA)).isEqualTo(0);
        }
        // -150 + 2 + 36 * 4 = -4: the next move installs at -2, then at 0.
        assertThat(generation()).isEqualTo(-4L);
        installs.clear();

        assertThat(set(0, 0, 0, PAGE, HVA)).isEqualTo(0);

        assertThat(installs.get(0).generation()).isEqualTo(-2L);
        assertThat(installs.get(1).generation()).isEqualTo(0L);
    }

    @Test
    void create_installsOnce_withoutInvalidFlag() {
        long before = generation();

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(installs).hasSize(1);
        assertThat(installs.get(0).generation()).isEqualTo(before + 2);
        assertThat(installs.get(0).idToMemslot(0).isInvalid()).isFalse();
    }

    @Test
    void flagsOnly_installsOnce_withoutInvalidFlag() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        installs.clear();

        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES, 0, MIB, HVA)).isEqualTo(0);

        assertThat(installs).hasSize(1);
        assertThat(installs.get(0).idToMemslot(0).flags()).isEqualTo(KVM_MEM_LOG_DIRTY_PAGES);
    }

    @Test
    void noopAndErrors_installNothing() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        installs.clear();

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        assertThat(set(1, 0, 0, MIB, HVA)).isEqualTo(-EEXIST);
        assertThat(set(1, 0, 0, 0, HVA)).isEqualTo(-EINVAL);

        assertThat(installs).isEmpty();
    }

    @Test
    void delete_installsSetWithSlotInvalid_thenSetWithoutIt() {
        assertThat(set(1, 0, 4 * MIB, MIB, HVA + 4 * MIB)).isEqualTo(0);
        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES, 0, MIB, HVA)).isEqualTo(0);
        MemorySlot old = kvm.memslots(0).idToMemslot(0);
        long before = generation();
        installs.clear();

        assertThat(set(0, 0, 0, 0, HVA)).isEqualTo(0);

        assertThat(installs).hasSize(2);
        Memslots intermediate = installs.get(0);
        MemorySlot invalid = intermediate.idToMemslot(0);
        assertThat(intermediate.generation()).isEqualTo(before + 2);
        assertThat(invalid.isInvalid()).isTrue();
        assertThat(invalid.flags()).isEqualTo(KVM_MEM_LOG_DIRTY_PAGES | KVM_MEMSLOT_INVALID);
        assertThat(invalid.baseGfn()).isEqualTo(old.baseGfn());
        assertThat(invalid.npages()).isEqualTo(old.npages());
        assertThat(invalid.userspaceAddr()).isEqualTo(old.userspaceAddr());
        assertThat(intermediate.usedSlots()).isEqualTo(2);
        assertThat(intermediate.idToMemslot(1).isInvalid()).isFalse();
        assertThat(MemslotsInvariants.violations(intermediate)).isEmpty();

        Memslots last = installs.get(1);
        assertThat(last.generation()).isEqualTo(before + 4);
        assertThat(last.idToMemslot(0).isEmpty()).isTrue();
        assertThat(last.idToMemslot(0).flags()).isEqualTo(0);
        assertThat(last.usedSlots()).isEqualTo(1);
        assertThat(last).isSameInstanceAs(kvm.memslots(0));
    }

    @Test
    void move_installsSetWithSlotInvalidAtOldPlace_thenSetWithItAtNewPlace() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        long before = generation();
        installs.clear();

        assertThat(set(0, 0, 8 * MIB, MIB, HVA)).isEqualTo(0);

        assertThat(installs).hasSize(2);
        Memslots intermediate = installs.get(0);
        assertThat(intermediate.generation()).isEqualTo(before + 2);
        assertThat(intermediate.idToMemslot(0).isInvalid()).isTrue();
        assertThat(intermediate.idToMemslot(0).baseGfn()).isEqualTo(0);
        assertThat(MemslotsInvariants.violations(intermediate)).isEmpty();

        Memslots last = installs.get(1);
        assertThat(last.generation()).isEqualTo(before + 4);
        assertThat(last.idToMemslot(0).isInvalid()).isFalse();
        assertThat(last.idToMemslot(0).flags()).isEqualTo(0);
        assertThat(last.idToMemslot(0).baseGfn()).isEqualTo(8 * MIB / PAGE);
    }

    @Test
    void invalidSet_isPublishedToReaders_andSearchStillFindsTheSlot() {
        // search_memslots does not filter invalid slots; the hva and visibility helpers do.
        AtomicReference<Kvm> vm = new AtomicReference<>();
        List<Memslots> publishedDuringHook = new ArrayList<>();
        kvm = new Kvm(KvmConfig.smramFlag(), new HostMemory(), installed -> {
            publishedDuringHook.add(vm.get().memslots(0));
            installs.add(installed);
        });
        vm.set(kvm);
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        installs.clear();
        publishedDuringHook.clear();

        assertThat(set(0, 0, 0, 0, HVA)).isEqualTo(0);

        assertThat(publishedDuringHook).containsExactlyElementsIn(installs).inOrder();
        MemorySlot found = publishedDuringHook.get(0).searchMemslots(0x10);
        assertThat(found).isNotNull();
        assertThat(found.isInvalid()).isTrue();
        assertThat(publishedDuringHook.get(1).searchMemslots(0x10)).isNull();
    }

    @Test
    void invalidSet_inAddressSpaceOne_belongsToSpaceOne() {
        kvm = new Kvm(KvmConfig.addressSpaces(), new HostMemory(), installs::add);
        assertThat(set(1 << 16 | 3, 0, 0, MIB, HVA)).isEqualTo(0);
        installs.clear();

        assertThat(set(1 << 16 | 3, 0, 2 * MIB, MIB, HVA)).isEqualTo(0);

        assertThat(installs).hasSize(2);
        assertThat(installs.get(0).asId()).isEqualTo(1);
        assertThat(installs.get(0).idToMemslot(3).isInvalid()).isTrue();
        assertThat(installs.get(0).generation()).isEqualTo(INITIAL + 4);
        assertThat(installs.get(1).generation()).isEqualTo(INITIAL + 6);
        assertThat(kvm.memslots(0).generation()).isEqualTo(INITIAL);
    }

    @Test
    void intermediateSet_isNotChangedByTheFinalInstall() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        installs.clear();

        assertThat(set(0, 0, 8 * MIB, MIB, HVA)).isEqualTo(0);

        Memslots intermediate = installs.get(0);
        assertThat(intermediate.idToMemslot(0).isInvalid()).isTrue();
        assertThat(intermediate.idToMemslot(0).baseGfn()).isEqualTo(0);
        assertThat(intermediate.generation()).isEqualTo(installs.get(1).generation() - 2);
    }
}
