/**
 * The generic accessors of {@code virt/kvm/kvm_main.c} in the fake-vCPU design: one
 * {@code kvm_*} family whose every member takes the vCPU an access is made for. VM-level callers
 * hand in their VM's fake vCPU; which slots a vCPU may see is decided by the arch hook
 * {@code kvm_arch_vcpu_can_access_slot}, never here.
 */
package org.kvmlab.fakevcpu.virt.kvm;
