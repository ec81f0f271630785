package org.kvmlab.core.memslot;

/**
 * {@code struct kvm_userspace_memory_region}, the argument of {@code KVM_SET_USER_MEMORY_REGION}.
 * All fields are unsigned in the kernel; Java's ints and longs carry the same bits.
 *
 * @param slot          {@code as_id << 16 | id} (a u32)
 * @param flags         {@link MemslotFlags} bits (a u32)
 * @param guestPhysAddr where the region starts in guest physical memory
 * @param memorySize    its size in bytes; 0 deletes the slot
 * @param userspaceAddr the host virtual address backing it
 */
public record UserspaceMemoryRegion(int slot, int flags, long guestPhysAddr, long memorySize, long userspaceAddr) {
}
