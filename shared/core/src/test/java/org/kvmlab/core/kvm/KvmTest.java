package org.kvmlab.core.kvm;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.base.Errno.EINVAL;

import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.core.memslot.Memslots;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;

/**
 * {@code struct kvm} as the core models it: its parameters, its host address space, one memslot
 * set per address space, and the vCPUs it lists ({@code KVM_CREATE_VCPU}). Its memslot ioctls are
 * covered by the tests of package {@code memslot}, which go through this class.
 */
class KvmTest {
    private final Kvm kvm = new Kvm(KvmConfig.smramFlag());

    @Test
    void newVm_keepsItsConfigAndHostMemory() {
        HostMemory mm = new HostMemory();
        KvmConfig config = KvmConfig.addressSpaces();

        Kvm vm = new Kvm(config, mm, InstallHook.NONE);

        assertThat(vm.config()).isEqualTo(config);
        assertThat(vm.mm()).isSameInstanceAs(mm);
    }

    @Test
    void newVm_hasOneEmptySetPerAddressSpace() {
        Kvm vm = new Kvm(KvmConfig.addressSpaces());

        for (int as = 0; as < 2; as++) {
            Memslots set = vm.memslots(as);
            assertThat(set.asId()).isEqualTo(as);
            assertThat(set.usedSlots()).isEqualTo(0);
            assertThat(set.slotsNum()).isEqualTo(KvmConfig.KVM_USER_MEM_SLOTS_4_1);
        }
    }

    @Test
    void newVm_slotArrayHasUserMemSlotsEntries() {
        Kvm vm = new Kvm(KvmConfig.smramFlag().withUserMemSlots(7));

        assertThat(vm.memslots(0).slotsNum()).isEqualTo(7);
    }

    @Test
    void memslots_ofAddressSpaceOutOfRange_throwsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kvm.memslots(1));

        assertThat(e).hasMessageThat().contains("address space 1 ");
        assertThrows(IllegalArgumentException.class, () -> kvm.memslots(-1));
    }

    @Test
    void memslots_isTheSetTheLastUpdatePublished() {
        Memslots before = kvm.memslots(0);

        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0, 4096, 0x7f0000000000L))).isEqualTo(0);

        assertThat(kvm.memslots(0)).isNotSameInstanceAs(before);
        assertThat(kvm.memslots(0).searchMemslots(0).id()).isEqualTo(0);
    }

    @Test
    void newVm_withNullHostMemoryConfigOrHook_throws() {
        assertThrows(IllegalArgumentException.class, () -> new Kvm(KvmConfig.smramFlag(), null, InstallHook.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Kvm(null, new HostMemory(), InstallHook.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Kvm(KvmConfig.smramFlag(), new HostMemory(), null));
    }

    @Test
    void setUserMemoryRegion_null_throws() {
        assertThrows(IllegalArgumentException.class, () -> kvm.setUserMemoryRegion(null));
    }

    @Test
    void createVcpu_makesAListedVcpuOfThisVm() {
        assertThat(kvm.createVcpu(3)).isEqualTo(0);

        Vcpu vcpu = kvm.vcpu(3);
        assertThat(vcpu).isNotNull();
        assertThat(vcpu.kvm()).isSameInstanceAs(kvm);
        assertThat(vcpu.vcpuId()).isEqualTo(3);
        assertThat(kvm.vcpus()).containsExactly(vcpu);
    }

    @Test
    void createVcpu_twice_isEexist_andKeepsTheFirst() {
        assertThat(kvm.createVcpu(3)).isEqualTo(0);
        Vcpu first = kvm.vcpu(3);

        assertThat(kvm.createVcpu(3)).isEqualTo(-EEXIST);

        assertThat(kvm.vcpu(3)).isSameInstanceAs(first);
    }

    @Test
    void createVcpu_idOutOfRange_isEinval() {
        assertThat(kvm.createVcpu(-1)).isEqualTo(-EINVAL);
        assertThat(kvm.createVcpu(Kvm.KVM_MAX_VCPUS)).isEqualTo(-EINVAL);
        assertThat(kvm.createVcpu(Kvm.KVM_MAX_VCPUS - 1)).isEqualTo(0);
        assertThat(kvm.vcpus()).hasSize(1);
    }

    @Test
    void vcpu_missingOrOutOfRange_isNull() {
        assertThat(kvm.vcpu(0)).isNull();
        assertThat(kvm.vcpu(-1)).isNull();
        assertThat(kvm.vcpu(Kvm.KVM_MAX_VCPUS)).isNull();
    }

    @Test
    void vcpus_listsEveryVcpuByIdAscending() {
        assertThat(kvm.createVcpu(9)).isEqualTo(0);
        assertThat(kvm.createVcpu(0)).isEqualTo(0);
        assertThat(kvm.createVcpu(4)).isEqualTo(0);

        assertThat(kvm.vcpus().stream().map(Vcpu::vcpuId).toList()).containsExactly(0, 4, 9).inOrder();
    }

    @Test
    void vcpus_isACopy() {
        assertThat(kvm.createVcpu(1)).isEqualTo(0);

        kvm.vcpus().clear();

        assertThat(kvm.vcpus()).hasSize(1);
    }

    @Test
    void vcpusOfTwoVms_belongToTheirOwnVm() {
        Kvm other = new Kvm(KvmConfig.addressSpaces());
        assertThat(kvm.createVcpu(0)).isEqualTo(0);
        assertThat(other.createVcpu(0)).isEqualTo(0);

        assertThat(kvm.vcpu(0)).isNotSameInstanceAs(other.vcpu(0));
        assertThat(other.vcpu(0).kvm()).isSameInstanceAs(other);
    }
}
