/**
 * The memslot half of {@code virt/kvm/kvm_main.c}: {@code struct kvm_memory_slot} and
 * {@code struct kvm_memslots} with {@code search_memslots} and its {@code lru_slot} hint,
 * {@code __kvm_set_memory_region} with Linux 4.1's checks, generations and
 * {@code KVM_MEMSLOT_INVALID}, up to two address spaces as in 4.2, the dirty bitmap and
 * {@code KVM_GET_DIRTY_LOG}, and the SRCU grace period of {@code kvm->srcu}. Sets are immutable
 * and share structure, so an install copies what it changes, not every slot. Only this package
 * builds memslot sets, and no lookup here takes a vCPU, so every design decides SMRAM itself.
 */
package org.kvmlab.core.memslot;
