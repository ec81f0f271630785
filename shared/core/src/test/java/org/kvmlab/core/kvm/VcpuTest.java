package org.kvmlab.core.kvm;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.base.Errno.EINVAL;

import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.KvmConfig;

/**
 * Pins the vCPU rules of DESIGN.md section 3: a vCPU has an id, its VM, an SMM state and a CR3;
 * {@code KVM_CREATE_VCPU} takes ids 0 to 254 once each; CR3 takes page-aligned roots below 2^52
 * and is left unchanged otherwise; the vCPU type is open, so a design can make a vCPU the VM does
 * not list (the fake vCPU), and a vCPU without a VM is a host error.
 */
class VcpuTest {

    private final Kvm kvm = new Kvm(KvmConfig.smramFlag());

    /** A vCPU made by a design, not by KVM_CREATE_VCPU (the thread's fake vCPU). */
    private static final class FakeVcpu extends Vcpu {
        FakeVcpu(Kvm kvm, int id) {
            super(kvm, id);
        }
    }

    @Test
    void createVcpu_newId_returnsZeroAndListsTheVcpu() {
        assertThat(kvm.createVcpu(0)).isEqualTo(0);

        Vcpu vcpu = kvm.vcpu(0);
        assertThat(vcpu).isNotNull();
        assertThat(vcpu.vcpuId()).isEqualTo(0);
        assertThat(vcpu.kvm()).isSameInstanceAs(kvm);
        assertThat(kvm.vcpus()).containsExactly(vcpu);
    }

    @Test
    void createVcpu_highestId254_isOk() {
        assertThat(kvm.createVcpu(Kvm.KVM_MAX_VCPUS - 1)).isEqualTo(0);
        assertThat(kvm.vcpu(254).vcpuId()).isEqualTo(254);
    }

    @Test
    void createVcpu_negativeId_isEinval() {
        assertThat(kvm.createVcpu(-1)).isEqualTo(-EINVAL);
        assertThat(kvm.vcpus()).isEmpty();
    }

    @Test
    void createVcpu_id255_isEinval() {
        assertThat(Kvm.KVM_MAX_VCPUS).isEqualTo(255);
        assertThat(kvm.createVcpu(255)).isEqualTo(-EINVAL);
        assertThat(kvm.vcpus()).isEmpty();
    }

    @Test
    void createVcpu_sameIdTwice_isEexistAndKeepsTheFirst() {
        kvm.createVcpu(3);
        Vcpu first = kvm.vcpu(3);

        assertThat(kvm.createVcpu(3)).isEqualTo(-EEXIST);

        assertThat(kvm.vcpu(3)).isSameInstanceAs(first);
        assertThat(kvm.vcpus()).hasSize(1);
    }

    @Test
    void vcpus_listsEveryCreatedVcpuById() {
        kvm.createVcpu(7);
        kvm.createVcpu(2);

        assertThat(kvm.vcpus()).containsExactly(kvm.vcpu(2), kvm.vcpu(7)).inOrder();
    }

    @Test
    void vcpu_unknownOrOutOfRangeId_isNull() {
        kvm.createVcpu(0);

        assertThat(kvm.vcpu(1)).isNull();
        assertThat(kvm.vcpu(-1)).isNull();
        assertThat(kvm.vcpu(255)).isNull();
    }

    @Test
    void newVcpu_isNotInSmmAndHasCr3Zero() {
        kvm.createVcpu(0);
        Vcpu vcpu = kvm.vcpu(0);

        assertThat(vcpu.isSmm()).isFalse();
        assertThat(vcpu.cr3()).isEqualTo(0L);
    }

    @Test
    void setSmm_togglesIsSmm() {
        kvm.createVcpu(0);
        Vcpu vcpu = kvm.vcpu(0);

        vcpu.setSmm(true);
        assertThat(vcpu.isSmm()).isTrue();
        vcpu.setSmm(true);
        assertThat(vcpu.isSmm()).isTrue();
        vcpu.setSmm(false);
        assertThat(vcpu.isSmm()).isFalse();
    }

    @Test
    void setSmm_onOneVcpu_leavesTheOthersAlone() {
        kvm.createVcpu(0);
        kvm.createVcpu(1);

        kvm.vcpu(0).setSmm(true);

        assertThat(kvm.vcpu(1).isSmm()).isFalse();
    }

    @Test
    void setCr3_alignedRootBelow2To52_isOk() {
        kvm.createVcpu(0);
        Vcpu vcpu = kvm.vcpu(0);

        assertThat(vcpu.setCr3(0x1000)).isEqualTo(0);
        assertThat(vcpu.cr3()).isEqualTo(0x1000L);
        assertThat(vcpu.setCr3((1L << 52) - 0x1000)).isEqualTo(0);
        assertThat(vcpu.cr3()).isEqualTo((1L << 52) - 0x1000);
    }

    @Test
    void setCr3_unalignedRoot_isEinvalAndLeavesCr3Unchanged() {
        kvm.createVcpu(0);
        Vcpu vcpu = kvm.vcpu(0);
        vcpu.setCr3(0x5000);

        assertThat(vcpu.setCr3(0x6008)).isEqualTo(-EINVAL);

        assertThat(vcpu.cr3()).isEqualTo(0x5000L);
    }

    @Test
    void setCr3_rootAt2To52_isEinvalAndLeavesCr3Unchanged() {
        kvm.createVcpu(0);
        Vcpu vcpu = kvm.vcpu(0);
        vcpu.setCr3(0x5000);

        assertThat(vcpu.setCr3(1L << 52)).isEqualTo(-EINVAL);

        assertThat(vcpu.cr3()).isEqualTo(0x5000L);
    }

    @Test
    void setCr3_rootWithTopBitSet_isEinval() {
        kvm.createVcpu(0);
        Vcpu vcpu = kvm.vcpu(0);

        assertThat(vcpu.setCr3(0x8000_0000_0000_1000L)).isEqualTo(-EINVAL);

        assertThat(vcpu.cr3()).isEqualTo(0L);
    }

    @Test
    void vcpuSubclass_madeDirectly_isNotListedByTheVm() {
        kvm.createVcpu(0);

        Vcpu fake = new FakeVcpu(kvm, 1);

        assertThat(fake.kvm()).isSameInstanceAs(kvm);
        assertThat(kvm.vcpus()).doesNotContain(fake);
        assertThat(kvm.vcpus()).containsExactly(kvm.vcpu(0));
        assertThat(kvm.vcpu(1)).isNull();
    }

    @Test
    void vcpuSubclass_madeDirectly_hasTheVcpuState() {
        Vcpu fake = new FakeVcpu(kvm, 5);

        assertThat(fake.vcpuId()).isEqualTo(5);
        assertThat(fake.isSmm()).isFalse();
        assertThat(fake.cr3()).isEqualTo(0L);
        fake.setSmm(true);
        assertThat(fake.isSmm()).isTrue();
    }

    @Test
    void vcpuConstructor_nullKvm_throwsIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FakeVcpu(null, 9));
        assertThat(e).hasMessageThat().contains("null");
    }

    @Test
    void toString_namesTheVcpu_andSaysWhenItIsInSmm() {
        assertThat(kvm.createVcpu(3)).isEqualTo(0);
        Vcpu vcpu = kvm.vcpu(3);

        assertThat(vcpu.toString()).isEqualTo("vcpu3");
        vcpu.setSmm(true);
        assertThat(vcpu.toString()).isEqualTo("vcpu3 (SMM)");
    }
}
