/**
 * The harness guest: a long-mode guest assembled as bytes (page tables, GDT, IDT, TSS, a copy
 * loop and single moves) whose loads and stores make the kernel run its own accessors
 * ({@code kvm_vcpu_read_guest}, {@code kvm_vcpu_write_guest}) and page walker
 * ({@code paging_tmpl.h}) on the addresses a scenario names; MMIO exits are the accessors'
 * {@code -EFAULT}, faults come back through its IDT.
 */
package org.kvmlab.livekvm.guest;
