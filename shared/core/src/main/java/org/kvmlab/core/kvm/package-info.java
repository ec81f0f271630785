/**
 * {@code struct kvm}, {@code struct kvm_vcpu} and {@code struct gfn_to_hva_cache} of
 * {@code include/linux/kvm_host.h} and {@code include/linux/kvm_types.h}, reduced to what
 * guest-memory access needs. Nothing here decides SMRAM visibility; the vCPU type is open so
 * that a design can make a vCPU its VM does not list (the fake vCPU of the 2015 thread).
 */
package org.kvmlab.core.kvm;
