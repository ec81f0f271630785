/**
 * The small shared definitions of {@code include/linux/kvm_host.h} and its neighbours: page
 * arithmetic ({@code PAGE_SHIFT}, {@code offset_in_page}, {@code next_segment}, gfn and gpa
 * conversions), the error hvas and {@code kvm_is_error_hva}, errno values, the VM parameters
 * {@code KVM_USER_MEM_SLOTS} and {@code KVM_ADDRESS_SPACE_NUM}, and the checks that turn a host
 * programming error into an {@link IllegalArgumentException} where the kernel would
 * {@code BUG_ON} (DESIGN.md rule 4).
 */
package org.kvmlab.core.base;
