/**
 * The generic accessors of {@code virt/kvm/kvm_main.c} as Linux 4.2 left them: the VM-level
 * {@code kvm_*} family looks in address space 0, the {@code kvm_vcpu_*} family in the memslot set
 * the vCPU uses now, and both share slot-based page bodies. Which set a vCPU uses is asked of x86
 * through one static hook; nothing here knows SMM or SMRAM. The vCPU-level cache type, which
 * remembers its address space, lives here too.
 */
package org.kvmlab.addressspaces.virt.kvm;
