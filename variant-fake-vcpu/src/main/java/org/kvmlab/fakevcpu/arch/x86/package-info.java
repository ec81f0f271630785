/**
 * The x86 side of the fake-vCPU design: the access check {@code kvm_arch_vcpu_can_access_slot}
 * that the generic accessors ask (SMRAM only in SMM, every slot for a fake vCPU), the factory
 * {@code kvm_arch_fake_vcpu} for VM-level callers, and the emulator's guest-virtual accessors,
 * which need a real vCPU's page tables and refuse the fake one.
 */
package org.kvmlab.fakevcpu.arch.x86;
