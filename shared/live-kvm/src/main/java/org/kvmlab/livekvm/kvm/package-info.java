/**
 * Linux's KVM API as userspace sees it ({@code include/uapi/linux/kvm.h}, x86-64): the system,
 * VM and vCPU file descriptors, {@code struct kvm_run}, {@code kvm_regs} and {@code kvm_sregs},
 * the CPUID the kernel supports, and the facts of the running kernel (capabilities, release,
 * physical-address width, where slots must end) from which the declared differences are decided.
 */
package org.kvmlab.livekvm.kvm;
