package org.kvmlab.livekvm.kvm;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** The ioctl requests, built from struct sizes, are the numbers of {@code include/uapi/linux/kvm.h} on x86-64. */
class KvmApiTest {
    @Test
    void systemAndVmRequests() {
        assertThat(KvmApi.KVM_GET_API_VERSION).isEqualTo(0xAE00L);
        assertThat(KvmApi.KVM_CREATE_VM).isEqualTo(0xAE01L);
        assertThat(KvmApi.KVM_CHECK_EXTENSION).isEqualTo(0xAE03L);
        assertThat(KvmApi.KVM_GET_VCPU_MMAP_SIZE).isEqualTo(0xAE04L);
        assertThat(KvmApi.KVM_GET_SUPPORTED_CPUID).isEqualTo(0xC008AE05L);
        assertThat(KvmApi.KVM_CREATE_VCPU).isEqualTo(0xAE41L);
        assertThat(KvmApi.KVM_GET_DIRTY_LOG).isEqualTo(0x4010AE42L);
        assertThat(KvmApi.KVM_SET_USER_MEMORY_REGION).isEqualTo(0x4020AE46L);
        assertThat(KvmApi.KVM_CREATE_IRQCHIP).isEqualTo(0xAE60L);
    }

    @Test
    void vcpuRequests() {
        assertThat(KvmApi.KVM_RUN).isEqualTo(0xAE80L);
        assertThat(KvmApi.KVM_GET_REGS).isEqualTo(0x8090AE81L);
        assertThat(KvmApi.KVM_SET_REGS).isEqualTo(0x4090AE82L);
        assertThat(KvmApi.KVM_GET_SREGS).isEqualTo(0x8138AE83L);
        assertThat(KvmApi.KVM_SET_SREGS).isEqualTo(0x4138AE84L);
        assertThat(KvmApi.KVM_TRANSLATE).isEqualTo(0xC018AE85L);
        assertThat(KvmApi.KVM_SET_MSRS).isEqualTo(0x4008AE89L);
        assertThat(KvmApi.KVM_SET_CPUID2).isEqualTo(0x4008AE90L);
        assertThat(KvmApi.KVM_SET_VAPIC_ADDR).isEqualTo(0x4008AE93L);
        assertThat(KvmApi.KVM_SET_MP_STATE).isEqualTo(0x4004AE99L);
    }
}
