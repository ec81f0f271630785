package org.kvmlab.core.base;

/**
 * Host virtual addresses as KVM hands them out, with the error values of Linux 4.1's
 * {@code include/linux/kvm_host.h}: both errors lie at or above {@code PAGE_OFFSET}, where no
 * user mapping can be, so one unsigned compare tells a good hva from a bad one.
 */
public final class Hva {
    /** x86-64 {@code PAGE_OFFSET} in Linux 4.1: the start of the kernel's direct map. */
    public static final long PAGE_OFFSET = 0xffff880000000000L;
    /** {@code KVM_HVA_ERR_BAD}: no usable slot (none, invalid, or hidden). */
    public static final long KVM_HVA_ERR_BAD = PAGE_OFFSET;
    /** {@code KVM_HVA_ERR_RO_BAD}: a write was asked of a read-only slot. */
    public static final long KVM_HVA_ERR_RO_BAD = PAGE_OFFSET + Page.PAGE_SIZE;

    private Hva() {}

    /** {@code kvm_is_error_hva(addr)}: an unsigned compare with {@code PAGE_OFFSET}. */
    public static boolean kvmIsErrorHva(long hva) {
        return Long.compareUnsigned(hva, PAGE_OFFSET) >= 0;
    }
}
