package org.kvmlab.core.memslot;

/** Memslot flag bits: the userspace ones of {@code include/uapi/linux/kvm.h} and KVM's internal one. */
public final class MemslotFlags {
    /** {@code KVM_MEM_LOG_DIRTY_PAGES}: writes set bits in the slot's dirty bitmap. */
    public static final int KVM_MEM_LOG_DIRTY_PAGES = 1;
    /** {@code KVM_MEM_READONLY}: guest writes fault; the hva lookup with write intent fails. */
    public static final int KVM_MEM_READONLY = 1 << 1;
    /**
     * {@code KVM_MEM_X86_SMRAM} of the 2015 series (patch 12): the slot is System Management RAM,
     * seen only by vCPUs in SMM. The value is this project's choice; the series never merged.
     */
    public static final int KVM_MEM_X86_SMRAM = 1 << 24;
    /** {@code KVM_MEMSLOT_INVALID}: set on a slot while it is being deleted or moved. */
    public static final int KVM_MEMSLOT_INVALID = 1 << 16;

    private MemslotFlags() {}
}
