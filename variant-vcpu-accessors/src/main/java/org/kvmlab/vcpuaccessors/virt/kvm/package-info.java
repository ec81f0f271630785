/**
 * The generic accessors of {@code virt/kvm/kvm_main.c}, extended for the vCPU: the VM-level
 * {@code kvm_*} accessors of Linux 4.1 keep their names and behaviour, {@code kvm_vcpu_*} twins sit
 * beside them, and both share private operations that take the VM and an optional vCPU. Which
 * slots a vCPU may see is asked of x86 through one static hook, never decided here.
 */
package org.kvmlab.vcpuaccessors.virt.kvm;
