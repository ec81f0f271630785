/**
 * The guest-virtual accessors of Linux 4.1's {@code arch/x86/kvm/x86.c} before the SMM series
 * ({@code kvm_read_guest_virt}, {@code kvm_write_guest_virt_system}): they need the vCPU for its
 * page tables and nothing else, and reach guest memory through the VM-level accessors of
 * {@code virt.kvm}.
 */
package org.kvmlab.baseline.arch.x86;
