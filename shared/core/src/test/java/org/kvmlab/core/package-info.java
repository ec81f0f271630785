/**
 * The core's tests. Every rule of DESIGN.md section 3 has a test that fails when the rule is
 * broken (each was checked by breaking the main code by hand and watching the test go red):
 *
 * <table>
 * <caption>DESIGN.md section 3, rule by rule</caption>
 * <tr><th>rule</th><th>tests that fail if it is broken</th></tr>
 * <tr><td>host memory: mmap/munmap/mprotect of page-aligned ranges, results in Linux's order</td>
 *     <td>{@code host.HostMemoryTest} (mmap_*, munmap_*, mprotect_*)</td></tr>
 * <tr><td>protection tracked per page in Java, never with the OS</td>
 *     <td>{@code HostMemoryTest.mprotect_oneMiddlePage_isTrackedPerPage},
 *     {@code mmap_overMappedPages_replacesTheirProtection},
 *     {@code mprotect_rangeWithAHole_changesThePagesBeforeTheHoleThenIsEnomem}</td></tr>
 * <tr><td>sparse backing: a 64 GiB mapping costs what is touched</td>
 *     <td>{@code HostMemoryTest.mmap64GiB_writesAtStartMiddleAndEnd_costOnlyTheChunksTouched},
 *     {@code mmap_hugeRange_costsNothingUntilTouched}, {@code copyFromUser_ofUntouchedMemory_allocatesNoBacking}</td></tr>
 * <tr><td>copy_to_user/copy_from_user/clear_user return the bytes not copied, up to the first
 *     faulting host page</td>
 *     <td>{@code HostMemoryTest.copyFromUser_acrossUnmappedPage_stopsAtIt},
 *     {@code copyFromUser_acrossProtNonePage_stopsAtIt}, {@code copyToUser_acrossReadOnlyPage_stopsAtIt},
 *     {@code clearUser_acrossReadOnlyPage_stopsAtIt}</td></tr>
 * <tr><td>nothing mapped at or above TASK_SIZE; a region's host range need not be mapped
 *     (access_ok only, deletes included)</td>
 *     <td>{@code HostMemoryTest.copies_atOrAboveTaskSize_copyNothing}, {@code mmap_rangeEndingAboveTaskSize_isEnomem};
 *     {@code memslot.SetUserMemoryRegionTest.create_withUnmappedHostRange_isOk},
 *     {@code delete_withHvaAboveTaskSize_isEinval}</td></tr>
 * <tr><td>memslots: the array sorted by base_gfn descending, empty entries last, id_to_memslot
 *     consistent</td>
 *     <td>{@code memslot.MemslotsSearchTest.array_isSortedByBaseGfnDescending_withEmptyEntriesAtTheTail},
 *     {@code idToMemslot_findsEveryId_andIndexOfAgreesWithTheArray},
 *     {@code randomOperations_keepInvariants_andAgreeWithAModel}</td></tr>
 * <tr><td>search_memslots with the lru_slot hint: a stale hint costs time, never a wrong answer</td>
 *     <td>{@code MemslotsSearchTest.search_hit_pointsLruSlotAtTheFoundIndex},
 *     {@code search_staleHintPointingAtAnotherSlot_stillFindsTheRightSlot}, and lookups at 1, 509 and
 *     32764 slots ({@code lookup_findsEverySlotsFirstAndLastGfn_andMissesEveryHole})</td></tr>
 * <tr><td>KVM_SET_USER_MEMORY_REGION: Linux 4.1's checks in order, with EINVAL/EEXIST</td>
 *     <td>{@code SetUserMemoryRegionTest} (create_with*, delete_with*, modify_*, the CheckOrder group,
 *     failedCall_leavesGenerationAndSlotsUnchanged)</td></tr>
 * <tr><td>no overlap within an address space (EEXIST), overlap across address spaces allowed</td>
 *     <td>{@code SetUserMemoryRegionTest.create_overlappingSlot_isEexist},
 *     {@code move_ontoAnotherSlot_isEexist}, {@code create_sameGfnsInTheOtherAddressSpace_isOk}</td></tr>
 * <tr><td>readonly toggle EINVAL; log_dirty and smram toggles flags-only; SMRAM flag valid only
 *     with one address space</td>
 *     <td>{@code SetUserMemoryRegionTest.modify_addReadonly_isEinval},
 *     {@code modify_addSmram_isFlagsOnlyChange}, {@code create_withSmramFlag_inAddressSpaceConfig_isEinval}</td></tr>
 * <tr><td>generation: first 2^64-150, +2 per install, delete and move +4, per address space</td>
 *     <td>{@code memslot.GenerationTest} (newVm_generationIs2Pow64Minus150, delete_advancesGenerationBy4,
 *     manyInstalls_wrapPast2Pow64_andStayEven, installInSpaceOne_leavesSpaceZerosGeneration)</td></tr>
 * <tr><td>KVM_MEMSLOT_INVALID during delete and move</td>
 *     <td>{@code GenerationTest.delete_installsSetWithSlotInvalid_thenSetWithoutIt},
 *     {@code move_installsSetWithSlotInvalidAtOldPlace_thenSetWithItAtNewPlace}</td></tr>
 * <tr><td>readers see immutable snapshots; an update waits for the readers of the old set
 *     (SRCU)</td>
 *     <td>{@code MemslotsSearchTest.snapshot_heldAcrossCreateMoveFlagsAndDelete_neverChanges},
 *     {@code readerDuringUpdates_alwaysSeesSoundSnapshots}; {@code memslot.SrcuTest}</td></tr>
 * <tr><td>dirty logging: bits set atomically from many threads; KVM_GET_DIRTY_LOG copy-and-clear,
 *     EINVAL and ENOENT; a move keeps the bits</td>
 *     <td>{@code memslot.DirtyLogTest} (setBit_fromTwoThreadsConcurrently_losesNone,
 *     getDirtyLog_twice_secondIsEmpty, getDirtyLog_idAtOrAboveUserSlots_isEinval,
 *     getDirtyLog_slotWithoutLogDirty_isEnoent, move_keepingLogDirty_keepsTheBits_indexedByPageWithinTheSlot)</td></tr>
 * <tr><td>vCPUs: id, VM, SMM state, CR3; an open type for a vCPU the VM does not list</td>
 *     <td>{@code kvm.VcpuTest} (vcpuSubclass_madeDirectly_isNotListedByTheVm, setCr3_*, setSmm_*),
 *     {@code kvm.KvmTest}</td></tr>
 * <tr><td>x86-64 4-level page walk: 4 KiB, 2 MiB and 1 GiB pages, P/RW/PS, permissions after the
 *     walk, exact error codes, canonical check</td>
 *     <td>{@code paging.X86PageWalkTest} (walk_*, read_notPresentAtLevel_faultsWithErrorCode0,
 *     write_notPresentBelowReadOnlyEntry_faultsAsNotPresent, write_throughReadOnlyEntryAtLevel_faultsWithErrorCode3,
 *     isNoncanonical_*)</td></tr>
 * <tr><td>error hvas and kvmIsErrorHva; offset_in_page, next_segment, gfn/gpa helpers</td>
 *     <td>{@code base.HvaTest}, {@code base.PageTest}</td></tr>
 * <tr><td>host programming errors throw IllegalArgumentException naming the value</td>
 *     <td>{@code base.HostChecksTest}, {@code base.KvmConfigTest}, {@code DirtyLogTest.setBit_pastTheSlot_throwsNamingTheIndex},
 *     {@code KvmTest.memslots_ofAddressSpaceOutOfRange_throwsNamingIt}</td></tr>
 * <tr><td>architecture: no package cycles; only the memslot package builds memslot sets; no
 *     memslot lookup takes a vCPU; only the vCPU type reads SMM state</td>
 *     <td>{@code CoreArchitectureTest} (each rule also shown to fail on a wrong class)</td></tr>
 * </table>
 */
package org.kvmlab.core;
