/**
 * The conformance kit's contract with a design: {@link org.kvmlab.conformance.GuestVm}, every
 * accessor of {@code virt/kvm/kvm_main.c} that DESIGN.md section 4 lists, at VM and at vCPU level,
 * plus the set-up ioctls; {@link org.kvmlab.conformance.VariantAdapter}, how a design makes a
 * fresh VM; the designs found with {@link java.util.ServiceLoader}; and how a scenario maps onto
 * Linux 4.2's two address spaces the way QEMU lays out SMM.
 */
package org.kvmlab.conformance;
