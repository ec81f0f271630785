/**
 * The x86 side of the vCPU-accessors design: the arch hook {@code kvm_arch_vcpu_can_access_slot}
 * ({@link org.kvmlab.vcpuaccessors.arch.x86.X86KvmArch}), the only thing the generic package asks
 * of x86, and the emulator's guest-virtual accessors, built on the generic {@code kvm_vcpu_*}
 * accessors. No physical accessor is copied here.
 */
package org.kvmlab.vcpuaccessors.arch.x86;
