/**
 * The reference model: the accessor semantics of Linux 4.1's {@code virt/kvm/kvm_main.c}, written
 * to be obviously right rather than fast, in two modes: the 2015 flag contract, where
 * {@code KVM_MEM_X86_SMRAM} hides a slot from a vCPU outside SMM (DESIGN.md rule 2), and Linux
 * 4.2's address spaces (DESIGN.md rule 5).
 */
package org.kvmlab.conformance.reference;
