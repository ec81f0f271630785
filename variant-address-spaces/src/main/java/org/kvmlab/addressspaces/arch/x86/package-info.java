/**
 * The x86 side of the address-space design: the hook {@code kvm_arch_vcpu_memslots_id}
 * ({@link org.kvmlab.addressspaces.arch.x86.X86KvmArch}), which names the address space a vCPU
 * uses (1 in SMM, else 0) and is the only thing the generic package asks of x86, and the
 * emulator's guest-virtual accessors, built on the generic {@code kvm_vcpu_*} accessors.
 */
package org.kvmlab.addressspaces.arch.x86;
