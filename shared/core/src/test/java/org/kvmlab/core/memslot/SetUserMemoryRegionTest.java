package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;
import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_READONLY;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_X86_SMRAM;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.kvm.Kvm;

/**
 * {@code KVM_SET_USER_MEMORY_REGION}: every check of Linux 4.1's {@code __kvm_set_memory_region}
 * with its errno, in its order (DESIGN.md section 3), plus the
 * project's additions: {@code KVM_MEM_X86_SMRAM} (valid only with one address space) and 4.2's
 * {@code as_id} in the upper half of the slot number.
 *
 * <p>Every check before the overlap test returns {@code -EINVAL}, so among them the order is not
 * observable; what is observable, and tested, is that each of them wins over {@code -EEXIST}, and
 * that a failed call leaves the VM as it was.
 */
class SetUserMemoryRegionTest {
    private static final long PAGE = 4096;
    private static final long MIB = 1L << 20;
    private static final long TASK_SIZE = HostMemory.TASK_SIZE;
    /** A page-aligned host address well inside the user range; nothing needs to be mapped there. */
    private static final long HVA = 0x7f0000000000L;
    private static final long HVA1 = 0x7f1000000000L;

    private Kvm kvm = new Kvm(KvmConfig.smramFlag());

    private int set(int slot, int flags, long gpa, long size, long hva) {
        return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(slot, flags, gpa, size, hva));
    }

    private MemorySlot slot(int id) {
        return kvm.memslots(0).idToMemslot(id);
    }

    /** Every array entry of every address space, the generations and used counts: the VM's whole memslot state. */
    private static List<Object> state(Kvm vm) {
        List<Object> all = new ArrayList<>();
        for (int as = 0; as < vm.config().addressSpaceNum(); as++) {
            Memslots s = vm.memslots(as);
            all.add(s.generation());
            all.add(s.usedSlots());
            for (int i = 0; i < s.slotsNum(); i++) {
                all.add(s.memslotAt(i));
                all.add(s.indexOf(i));
            }
        }
        return all;
    }

    /** Slot 0 at [0, 1 MiB) and slot 1 at [2 MiB, 3 MiB), the layout most tests start from. */
    private void twoSlots() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        assertThat(set(1, 0, 2 * MIB, MIB, HVA1)).isEqualTo(0);
    }

    // ---- 1. Flags: only LOG_DIRTY_PAGES and READONLY, plus X86_SMRAM in the flag configuration ----

    static IntStream unknownFlagBits() {
        return IntStream.rangeClosed(2, 31).filter(bit -> bit != 24);
    }

    @ParameterizedTest(name = "bit {0}")
    @MethodSource("unknownFlagBits")
    void create_withUnknownFlagBit_isEinval(int bit) {
        assertThat(set(0, 1 << bit, 0, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(slot(0).isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "bit {0}")
    @MethodSource("unknownFlagBits")
    void delete_withUnknownFlagBit_isEinval_andKeepsTheSlot(int bit) {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 1 << bit, 0, 0, HVA)).isEqualTo(-EINVAL);

        assertThat(slot(0).npages()).isEqualTo(MIB / PAGE);
    }

    @Test
    void create_withInternalInvalidFlag_isEinval() {
        assertThat(set(0, MemslotFlags.KVM_MEMSLOT_INVALID, 0, MIB, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withLogDirtyAndReadonly_isOk() {
        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0).flags()).isEqualTo(KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY);
    }

    @Test
    void create_withSmramFlag_inFlagConfig_isOk() {
        assertThat(set(0, KVM_MEM_X86_SMRAM, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0).isSmram()).isTrue();
    }

    @Test
    void create_withSmramFlag_inAddressSpaceConfig_isEinval() {
        kvm = new Kvm(KvmConfig.addressSpaces());

        assertThat(set(0, KVM_MEM_X86_SMRAM, 0, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(set(1 << 16, KVM_MEM_X86_SMRAM, 0, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(kvm.memslots(0).usedSlots()).isEqualTo(0);
        assertThat(kvm.memslots(1).usedSlots()).isEqualTo(0);
    }

    @Test
    void delete_withSmramFlag_inAddressSpaceConfig_isEinval() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, KVM_MEM_X86_SMRAM, 0, 0, HVA)).isEqualTo(-EINVAL);

        assertThat(slot(0).isEmpty()).isFalse();
    }

    @Test
    void create_withSmramFlag_inSingleSpaceConfigWithoutTheFlag_isEinval() {
        kvm = new Kvm(new KvmConfig(KvmConfig.KVM_USER_MEM_SLOTS_4_1, 1, false));

        assertThat(set(0, KVM_MEM_X86_SMRAM, 0, MIB, HVA)).isEqualTo(-EINVAL);
    }

    // ---- 2-4, 6-7. Alignment, the host range (access_ok), gpa wrap, npages ----

    @ParameterizedTest(name = "size 0x{0}")
    @ValueSource(longs = {0x1001, 0x800, 0xfff, 0x100001})
    void create_withUnalignedSize_isEinval(long size) {
        assertThat(set(0, 0, 0, size, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void existingSlot_withSizeBelowOnePage_isEinval_notADelete() {
        // Without the alignment check, 0x800 bytes would be 0 pages: a delete.
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, 0x800, HVA)).isEqualTo(-EINVAL);

        assertThat(slot(0).npages()).isEqualTo(MIB / PAGE);
    }

    @ParameterizedTest(name = "gpa 0x{0}")
    @ValueSource(longs = {0x1001, 0x800, 0xfff})
    void create_withUnalignedGpa_isEinval(long gpa) {
        assertThat(set(0, 0, gpa, MIB, HVA)).isEqualTo(-EINVAL);
    }

    @ParameterizedTest(name = "hva offset {0}")
    @ValueSource(longs = {1, 0x800, 0xfff})
    void create_withUnalignedHva_isEinval(long offset) {
        assertThat(set(0, 0, 0, MIB, HVA + offset)).isEqualTo(-EINVAL);
    }

    @Test
    void delete_withUnalignedGpa_isEinval() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0x800, 0, HVA)).isEqualTo(-EINVAL);

        assertThat(slot(0).isEmpty()).isFalse();
    }

    @Test
    void delete_withUnalignedHva_isEinval() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, 0, HVA + 1)).isEqualTo(-EINVAL);

        assertThat(slot(0).isEmpty()).isFalse();
    }

    @Test
    void create_withHostRangeEndingAtTaskSize_isOk() {
        assertThat(set(0, 0, 0, MIB, TASK_SIZE - MIB)).isEqualTo(0);
    }

    @Test
    void create_withHostRangeEndingOnePageAboveTaskSize_isEinval() {
        assertThat(set(0, 0, 0, MIB, TASK_SIZE - MIB + PAGE)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withHostRangeStartingAtTaskSize_isEinval() {
        assertThat(set(0, 0, 0, PAGE, TASK_SIZE)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withHostRangeInKernelHalf_isEinval() {
        assertThat(set(0, 0, 0, PAGE, 0xffff880000000000L)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withHostRangeWrappingPast2Pow64_isEinval() {
        assertThat(set(0, 0, 0, 0x2000, 0xfffffffffffff000L)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withSizeAboveTaskSize_isEinval() {
        assertThat(set(0, 0, 0, TASK_SIZE + PAGE, 0)).isEqualTo(-EINVAL);
    }

    @Test
    void delete_withHvaAtTaskSize_isOk() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, 0, TASK_SIZE)).isEqualTo(0);

        assertThat(slot(0).isEmpty()).isTrue();
    }

    @Test
    void delete_withHvaAboveTaskSize_isEinval() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, 0, TASK_SIZE + PAGE)).isEqualTo(-EINVAL);

        assertThat(slot(0).isEmpty()).isFalse();
    }

    @Test
    void delete_withHvaInKernelHalf_isEinval() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, 0, 0xfffffffffffff000L)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withGpaRangeWrapping_isEinval() {
        assertThat(set(0, 0, 0xfffffffffffff000L, 0x2000, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withGpaRangeEndingExactlyAt2Pow64_isEinval() {
        // 4.1's test is "gpa + size < gpa": a sum of exactly 2^64 is 0 and counts as a wrap.
        assertThat(set(0, 0, 0xfffffffffffff000L, PAGE, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withGpaRangeEndingOnePageBelow2Pow64_isOk() {
        assertThat(set(0, 0, 0xffffffffffffe000L, PAGE, HVA)).isEqualTo(0);
    }

    @Test
    void create_with2Pow31Pages_isEinval() {
        assertThat(set(0, 0, 0, (1L << 31) * PAGE, 0)).isEqualTo(-EINVAL);
    }

    @Test
    void create_with2Pow31MinusOnePages_isOk() {
        assertThat(set(0, 0, 0, ((1L << 31) - 1) * PAGE, 0)).isEqualTo(0);

        assertThat(slot(0).npages()).isEqualTo(AddressSpaces.KVM_MEM_MAX_NR_PAGES);
    }

    // ---- The host range need not be mapped: like access_ok, the check looks only at its numbers ----

    @Test
    void create_withUnmappedHostRange_isOk() {
        HostMemory mm = new HostMemory();
        kvm = new Kvm(KvmConfig.smramFlag(), mm, InstallHook.NONE);
        assertThat(mm.protection(HVA)).isNull();

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0).userspaceAddr()).isEqualTo(HVA);
        assertThat(mm.protection(HVA)).isNull();
    }

    @Test
    void create_withHostRangeMappedProtNone_isOk() {
        HostMemory mm = new HostMemory();
        assertThat(mm.mmap(HVA, MIB, Prot.NONE)).isEqualTo(0);
        kvm = new Kvm(KvmConfig.smramFlag(), mm, InstallHook.NONE);

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
    }

    @Test
    void create_withHostRangeHalfMapped_isOk() {
        HostMemory mm = new HostMemory();
        assertThat(mm.mmap(HVA, MIB / 2, Prot.RW)).isEqualTo(0);
        kvm = new Kvm(KvmConfig.smramFlag(), mm, InstallHook.NONE);

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
    }

    @Test
    void create_lastPageBelowTaskSize_unmapped_isOk() {
        assertThat(set(0, 0, 0, PAGE, TASK_SIZE - PAGE)).isEqualTo(0);
    }

    // ---- Slot ids and as_id ----

    @ParameterizedTest(name = "slot {0}")
    @ValueSource(ints = {509, 510, 511, 512, 0xffff})
    void create_withIdAtOrAboveUserSlots_isEinval(int id) {
        assertThat(set(id, 0, 0, MIB, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withLastUserSlotId_isOk() {
        assertThat(set(508, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(508).baseGfn()).isEqualTo(0);
    }

    @Test
    void create_withIdOne_inSingleSlotVm_isEinval_whileIdZeroWorks() {
        kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(1));

        assertThat(set(1, 0, 0, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
    }

    @Test
    void create_inLargestVm_acceptsId32763_andRejects32764() {
        kvm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(KvmConfig.KVM_USER_MEM_SLOTS_MAX));

        assertThat(set(32763, 0, 0, MIB, HVA)).isEqualTo(0);
        assertThat(set(32764, 0, MIB, MIB, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void delete_withIdAtUserSlots_isEinval() {
        assertThat(set(509, 0, 0, 0, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withAsIdOne_inFlagConfig_isEinval() {
        assertThat(set(1 << 16 | 1, 0, 0, MIB, HVA)).isEqualTo(-EINVAL);

        assertThat(slot(1).isEmpty()).isTrue();
    }

    @Test
    void create_withAsIdTwo_inAddressSpaceConfig_isEinval() {
        kvm = new Kvm(KvmConfig.addressSpaces());

        assertThat(set(2 << 16 | 1, 0, 0, MIB, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withAsIdFfff_isEinval() {
        // The slot number is a u32: as_id 0xffff, id 0.
        kvm = new Kvm(KvmConfig.addressSpaces());

        assertThat(set(0xffff0000, 0, 0, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(set(-1, 0, 0, MIB, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void create_withAsIdOne_inAddressSpaceConfig_createsTheSlotInSpaceOne() {
        kvm = new Kvm(KvmConfig.addressSpaces());

        assertThat(set(1 << 16 | 1, KVM_MEM_LOG_DIRTY_PAGES, 0x1000000, 0x10000, HVA)).isEqualTo(0);

        MemorySlot created = kvm.memslots(1).idToMemslot(1);
        assertThat(created.asId()).isEqualTo(1);
        assertThat(created.id()).isEqualTo(1);
        assertThat(created.slotNumber()).isEqualTo(1 << 16 | 1);
        assertThat(created.baseGfn()).isEqualTo(0x1000);
        assertThat(kvm.memslots(0).idToMemslot(1).isEmpty()).isTrue();
    }

    @Test
    void delete_inSpaceOne_leavesTheSameIdInSpaceZero() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(set(1, 0, 0, MIB, HVA)).isEqualTo(0);
        assertThat(set(1 << 16 | 1, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1 << 16 | 1, 0, 0, 0, HVA)).isEqualTo(0);

        assertThat(kvm.memslots(1).idToMemslot(1).isEmpty()).isTrue();
        assertThat(kvm.memslots(0).idToMemslot(1).npages()).isEqualTo(MIB / PAGE);
    }

    // ---- 9. Changing an existing slot: resize, hva, readonly are EINVAL; other flags are flags-only ----

    @Test
    void modify_resize_isEinval() {
        twoSlots();

        assertThat(set(0, 0, 0, 2 * MIB, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void modify_shrink_isEinval() {
        twoSlots();

        assertThat(set(0, 0, 0, MIB / 2, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void modify_changedHva_isEinval() {
        twoSlots();

        assertThat(set(0, 0, 0, MIB, HVA + PAGE)).isEqualTo(-EINVAL);
    }

    @Test
    void modify_moveWithChangedHva_isEinval() {
        twoSlots();

        assertThat(set(0, 0, 8 * MIB, MIB, HVA + PAGE)).isEqualTo(-EINVAL);
    }

    @Test
    void modify_addReadonly_isEinval() {
        twoSlots();

        assertThat(set(0, KVM_MEM_READONLY, 0, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(slot(0).isReadonly()).isFalse();
    }

    @Test
    void modify_removeReadonly_isEinval() {
        assertThat(set(0, KVM_MEM_READONLY, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(-EINVAL);
        assertThat(slot(0).isReadonly()).isTrue();
    }

    @Test
    void modify_addLogDirty_isFlagsOnlyChange() {
        twoSlots();

        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0).logsDirtyPages()).isTrue();
        assertThat(slot(0).dirtyBitmap()).isNotNull();
        assertThat(slot(0).baseGfn()).isEqualTo(0);
    }

    @Test
    void modify_removeLogDirty_isFlagsOnlyChange() {
        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0).logsDirtyPages()).isFalse();
        assertThat(slot(0).dirtyBitmap()).isNull();
    }

    @Test
    void modify_addSmram_isFlagsOnlyChange() {
        twoSlots();

        assertThat(set(0, KVM_MEM_X86_SMRAM, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0).isSmram()).isTrue();
    }

    @Test
    void modify_removeSmram_isFlagsOnlyChange() {
        assertThat(set(0, KVM_MEM_X86_SMRAM, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0).isSmram()).isFalse();
    }

    @Test
    void modify_readonlySlot_addLogDirty_isFlagsOnlyChange() {
        assertThat(set(0, KVM_MEM_READONLY, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0).flags()).isEqualTo(KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES);
    }

    @Test
    void modify_identicalRepeat_isNoop() {
        twoSlots();
        MemorySlot before = slot(0);
        long generation = kvm.memslots(0).generation();

        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(slot(0)).isEqualTo(before);
        assertThat(kvm.memslots(0).generation()).isEqualTo(generation);
    }

    @Test
    void move_toFreeRange_isOk_andKeepsIdHvaAndSize() {
        twoSlots();

        assertThat(set(1, 0, 8 * MIB, MIB, HVA1)).isEqualTo(0);

        MemorySlot moved = slot(1);
        assertThat(moved.baseGfn()).isEqualTo(8 * MIB / PAGE);
        assertThat(moved.npages()).isEqualTo(MIB / PAGE);
        assertThat(moved.userspaceAddr()).isEqualTo(HVA1);
        assertThat(kvm.memslots(0).searchMemslots(2 * MIB / PAGE)).isNull();
        assertThat(kvm.memslots(0).searchMemslots(8 * MIB / PAGE)).isEqualTo(moved);
    }

    @Test
    void move_withFlagChange_isOk_andAppliesBoth() {
        twoSlots();

        assertThat(set(1, KVM_MEM_LOG_DIRTY_PAGES, 8 * MIB, MIB, HVA1)).isEqualTo(0);

        assertThat(slot(1).baseGfn()).isEqualTo(8 * MIB / PAGE);
        assertThat(slot(1).logsDirtyPages()).isTrue();
    }

    // ---- Delete (size 0) ----

    @Test
    void delete_missingSlot_isEinval() {
        assertThat(set(0, 0, 0, 0, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void delete_existingSlot_isOk_andEmptiesItsEntry() {
        twoSlots();

        assertThat(set(1, 0, 2 * MIB, 0, HVA1)).isEqualTo(0);

        assertThat(slot(1).isEmpty()).isTrue();
        assertThat(kvm.memslots(0).usedSlots()).isEqualTo(1);
        assertThat(kvm.memslots(0).searchMemslots(2 * MIB / PAGE)).isNull();
    }

    @Test
    void delete_twice_secondIsEinval() {
        twoSlots();
        assertThat(set(1, 0, 2 * MIB, 0, HVA1)).isEqualTo(0);

        assertThat(set(1, 0, 2 * MIB, 0, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void delete_withReadonlyFlagOnWritableSlot_isOk() {
        twoSlots();

        assertThat(set(0, KVM_MEM_READONLY, 0, 0, HVA)).isEqualTo(0);

        assertThat(slot(0).isEmpty()).isTrue();
    }

    @Test
    void delete_withLogDirtyAndSmramFlags_isOk() {
        twoSlots();

        assertThat(set(0, KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_X86_SMRAM, 0, 0, HVA)).isEqualTo(0);

        assertThat(slot(0).isEmpty()).isTrue();
    }

    @Test
    void delete_ignoresTheRequestsGpaAndHva() {
        twoSlots();

        assertThat(set(0, 0, 64 * MIB, 0, 0)).isEqualTo(0);

        assertThat(slot(0).isEmpty()).isTrue();
    }

    @Test
    void delete_thenCreateSameId_isOk() {
        twoSlots();
        assertThat(set(0, 0, 0, 0, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 16 * MIB, 2 * MIB, HVA1 + 16 * MIB)).isEqualTo(0);

        assertThat(slot(0).baseGfn()).isEqualTo(16 * MIB / PAGE);
        assertThat(slot(0).npages()).isEqualTo(2 * MIB / PAGE);
    }

    // ---- 10. Overlap (EEXIST), for CREATE and MOVE, within one address space ----

    @Test
    void create_overlappingSlot_isEexist() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1, 0, 0xff000, 0x2000, HVA1)).isEqualTo(-EEXIST);
        assertThat(slot(1).isEmpty()).isTrue();
    }

    @Test
    void create_insideAnotherSlot_isEexist() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1, 0, 0x10000, PAGE, HVA1)).isEqualTo(-EEXIST);
    }

    @Test
    void create_containingAnotherSlot_isEexist() {
        assertThat(set(0, 0, MIB, PAGE, HVA)).isEqualTo(0);

        assertThat(set(1, 0, 0, 4 * MIB, HVA1)).isEqualTo(-EEXIST);
    }

    @Test
    void create_overlappingLastPageOfAnotherSlot_isEexist() {
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1, 0, MIB - PAGE, MIB, HVA1)).isEqualTo(-EEXIST);
    }

    @Test
    void create_overlappingFirstPageOfAnotherSlot_isEexist() {
        assertThat(set(0, 0, MIB, MIB, HVA)).isEqualTo(0);

        assertThat(set(1, 0, 0, MIB + PAGE, HVA1)).isEqualTo(-EEXIST);
    }

    @Test
    void create_adjacentAboveAndBelow_isOk() {
        assertThat(set(0, 0, MIB, MIB, HVA)).isEqualTo(0);

        assertThat(set(1, 0, 2 * MIB, MIB, HVA1)).isEqualTo(0);
        assertThat(set(2, 0, 0, MIB, HVA1 + 8 * MIB)).isEqualTo(0);
        assertThat(kvm.memslots(0).usedSlots()).isEqualTo(3);
    }

    @Test
    void create_smramSlotOverlappingNormalSlot_isEexist() {
        // 4.1 forbids any overlap, so the flag cannot overlay SMRAM on VRAM (DESIGN.md section 1).
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1, KVM_MEM_X86_SMRAM, 0xa0000, 0x20000, HVA1)).isEqualTo(-EEXIST);
    }

    @Test
    void create_sharingHostRangeWithAnotherSlot_isOk() {
        // Only guest frames may not overlap; two slots may alias the same host memory.
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1, 0, 4 * MIB, MIB, HVA)).isEqualTo(0);
    }

    @Test
    void move_ontoAnotherSlot_isEexist() {
        twoSlots();

        assertThat(set(1, 0, MIB / 2, MIB, HVA1)).isEqualTo(-EEXIST);
        assertThat(slot(1).baseGfn()).isEqualTo(2 * MIB / PAGE);
    }

    @Test
    void move_adjacentToAnotherSlot_isOk() {
        twoSlots();

        assertThat(set(1, 0, MIB, MIB, HVA1)).isEqualTo(0);

        assertThat(slot(1).baseGfn()).isEqualTo(MIB / PAGE);
    }

    @Test
    void move_ontoRangeOverlappingOnlyItsOwnOldRange_isOk() {
        twoSlots();

        assertThat(set(1, 0, 2 * MIB + PAGE, MIB, HVA1)).isEqualTo(0);
        assertThat(set(1, 0, 2 * MIB - 8 * PAGE, MIB, HVA1)).isEqualTo(0);

        assertThat(slot(1).baseGfn()).isEqualTo((2 * MIB - 8 * PAGE) / PAGE);
    }

    @Test
    void create_sameGfnsInTheOtherAddressSpace_isOk() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1 << 16, 0, 0, MIB, HVA1)).isEqualTo(0);
        assertThat(set(1 << 16 | 5, 0, 2 * MIB, MIB, HVA1)).isEqualTo(0);
        assertThat(set(5, 0, 2 * MIB - PAGE, 2 * PAGE, HVA)).isEqualTo(0);
    }

    @Test
    void create_overlappingWithinAddressSpaceOne_isEexist() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(set(1 << 16, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(1 << 16 | 1, 0, 0, PAGE, HVA1)).isEqualTo(-EEXIST);
    }

    @Test
    void move_inSpaceZero_ontoRangeUsedOnlyInSpaceOne_isOk() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);
        assertThat(set(1 << 16 | 1, 0, 4 * MIB, MIB, HVA1)).isEqualTo(0);

        assertThat(set(0, 0, 4 * MIB, MIB, HVA)).isEqualTo(0);
    }

    // ---- Check order where two errnos compete. 4.1 classifies the request (rejecting a resize, an
    // hva change or a readonly toggle with EINVAL) before it looks for overlaps, and every earlier
    // check is EINVAL too; so any EINVAL cause wins over an overlap. ----

    @Test
    void move_withReadonlyToggleOntoOverlappingRange_isEinvalNotEexist() {
        twoSlots();

        assertThat(set(1, KVM_MEM_READONLY, 0, MIB, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void move_withResizeOntoOverlappingRange_isEinvalNotEexist() {
        twoSlots();

        assertThat(set(1, 0, 0, 2 * MIB, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void move_withChangedHvaOntoOverlappingRange_isEinvalNotEexist() {
        twoSlots();

        assertThat(set(1, 0, 0, MIB, HVA)).isEqualTo(-EINVAL);
    }

    @Test
    void create_overlapping_withUnknownFlag_isEinvalNotEexist() {
        twoSlots();

        assertThat(set(2, 1 << 2, 0, MIB, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void create_overlapping_withUnalignedHva_isEinvalNotEexist() {
        twoSlots();

        assertThat(set(2, 0, 0, MIB, HVA1 + 1)).isEqualTo(-EINVAL);
    }

    @Test
    void create_overlapping_withHostRangeAboveTaskSize_isEinvalNotEexist() {
        twoSlots();

        assertThat(set(2, 0, 0, MIB, TASK_SIZE)).isEqualTo(-EINVAL);
    }

    @Test
    void create_overlapping_withIdAtUserSlots_isEinvalNotEexist() {
        twoSlots();

        assertThat(set(509, 0, 0, MIB, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void create_overlapping_withAsIdOutOfRange_isEinvalNotEexist() {
        twoSlots();

        assertThat(set(1 << 16 | 2, 0, 0, MIB, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void create_overlapping_withSmramFlagInAddressSpaceConfig_isEinvalNotEexist() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        twoSlots();

        assertThat(set(2, KVM_MEM_X86_SMRAM, 0, MIB, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void delete_ofMissingSlot_overlappingAnotherSlot_isEinval() {
        twoSlots();

        assertThat(set(2, 0, 0, 0, HVA1)).isEqualTo(-EINVAL);
    }

    @Test
    void modify_identicalRepeat_withUnalignedHva_isEinvalNotNoop() {
        // The host-address check comes before classification: a would-be no-op still fails it.
        assertThat(set(0, 0, 0, MIB, HVA)).isEqualTo(0);

        assertThat(set(0, 0, 0, MIB, HVA + 1)).isEqualTo(-EINVAL);
    }

    // ---- A failed call changes nothing: each failing request, applied to slots 0 and 1 (and slot 2,
    // which logs), leaves the VM as it was ----

    static Stream<Arguments> failingRequests() {
        return Stream.of(
                Arguments.of("unknown flag", -EINVAL, new UserspaceMemoryRegion(3, 1 << 5, 8 * MIB, MIB, HVA)),
                Arguments.of("unaligned size", -EINVAL, new UserspaceMemoryRegion(3, 0, 8 * MIB, 0x1001, HVA)),
                Arguments.of("unaligned gpa", -EINVAL, new UserspaceMemoryRegion(3, 0, 8 * MIB + 1, MIB, HVA)),
                Arguments.of("unaligned hva", -EINVAL, new UserspaceMemoryRegion(3, 0, 8 * MIB, MIB, HVA + 1)),
                Arguments.of("hva past TASK_SIZE", -EINVAL, new UserspaceMemoryRegion(3, 0, 8 * MIB, MIB, TASK_SIZE)),
                Arguments.of("delete, hva past TASK_SIZE", -EINVAL, new UserspaceMemoryRegion(0, 0, 0, 0, TASK_SIZE + PAGE)),
                Arguments.of("id 509", -EINVAL, new UserspaceMemoryRegion(509, 0, 8 * MIB, MIB, HVA)),
                Arguments.of("as_id 1", -EINVAL, new UserspaceMemoryRegion(1 << 16 | 3, 0, 8 * MIB, MIB, HVA)),
                Arguments.of("gpa wraps", -EINVAL, new UserspaceMemoryRegion(3, 0, -PAGE, 2 * PAGE, HVA)),
                Arguments.of("2^31 pages", -EINVAL, new UserspaceMemoryRegion(3, 0, 8 * MIB, (1L << 31) * PAGE, 0)),
                Arguments.of("resize", -EINVAL, new UserspaceMemoryRegion(0, 0, 0, 2 * MIB, HVA)),
                Arguments.of("hva change", -EINVAL, new UserspaceMemoryRegion(0, 0, 0, MIB, HVA1)),
                Arguments.of("readonly toggle", -EINVAL, new UserspaceMemoryRegion(0, KVM_MEM_READONLY, 0, MIB, HVA)),
                Arguments.of("readonly toggle on logging slot", -EINVAL, new UserspaceMemoryRegion(2,
                        KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY, 16 * MIB, MIB, HVA + 16 * MIB)),
                Arguments.of("delete missing", -EINVAL, new UserspaceMemoryRegion(3, 0, 0, 0, HVA)),
                Arguments.of("create overlapping", -EEXIST, new UserspaceMemoryRegion(3, 0, MIB / 2, MIB, HVA)),
                Arguments.of("move overlapping", -EEXIST, new UserspaceMemoryRegion(1, 0, MIB / 2, MIB, HVA1)),
                Arguments.of("move logging slot overlapping", -EEXIST, new UserspaceMemoryRegion(2,
                        KVM_MEM_LOG_DIRTY_PAGES, 2 * MIB, MIB, HVA + 16 * MIB)));
    }

    private void threeSlots() {
        twoSlots();
        assertThat(set(2, KVM_MEM_LOG_DIRTY_PAGES, 16 * MIB, MIB, HVA + 16 * MIB)).isEqualTo(0);
        slot(2).dirtyBitmap().setBit(7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingRequests")
    void failedCall_leavesGenerationAndSlotsUnchanged(String what, int errno, UserspaceMemoryRegion request) {
        threeSlots();
        List<Object> before = state(kvm);

        assertThat(kvm.setUserMemoryRegion(request)).isEqualTo(errno);

        assertThat(state(kvm)).containsExactlyElementsIn(before).inOrder();
        assertThat(slot(2).dirtyBitmap().testBit(7)).isTrue();
        assertThat(MemslotsInvariants.violations(kvm.memslots(0))).isEmpty();
    }

    @Test
    void failedCall_inAddressSpaceConfig_leavesBothSpacesUnchanged() {
        kvm = new Kvm(KvmConfig.addressSpaces());
        twoSlots();
        assertThat(set(1 << 16, 0, 0, MIB, HVA)).isEqualTo(0);
        List<Object> before = state(kvm);

        assertThat(set(1 << 16 | 1, 0, MIB / 2, MIB, HVA1)).isEqualTo(-EEXIST);
        assertThat(set(2 << 16, 0, 8 * MIB, MIB, HVA1)).isEqualTo(-EINVAL);

        assertThat(state(kvm)).containsExactlyElementsIn(before).inOrder();
    }

    @Test
    void failedCall_installsNothing() {
        List<Memslots> installs = new ArrayList<>();
        kvm = new Kvm(KvmConfig.smramFlag(), new HostMemory(), installs::add);
        threeSlots();
        installs.clear();

        List<Integer> results = failingRequests()
                .map(args -> kvm.setUserMemoryRegion((UserspaceMemoryRegion) args.get()[2]))
                .toList();

        assertThat(results).doesNotContain(0);
        assertThat(installs).isEmpty();
    }
}
